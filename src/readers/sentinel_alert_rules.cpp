#include "readers/sentinel_alert_rules.h"

#include "readers/reader_support.h"
#include "readers/sentinel_fields.h"

namespace ruledex::readers {

bool is_alert_rule_type(std::string_view type) {
  std::string name = lower(type.substr(0, type.find('@')));
  return name.ends_with("/alertrules") || name.ends_with("/alertruletemplates");
}

std::string rule_id_from_name(std::string_view name) {
  std::string_view last = name.substr(name.find_last_of('/') + 1);
  if (last.empty() || last.find_first_of("()[]${}' ") != std::string_view::npos) return {};
  return std::string(last);
}

namespace {

bool runs_a_query(std::string_view kind) { return kind.empty() || iequals(kind, "Scheduled") || iequals(kind, "NRT"); }

}  // namespace

Rule alert_rule_from_resource(std::string_view path, const Json& resource, std::string_view deployed_query) {
  Rule rule = new_rule(path, "sentinel", "kql");
  if (const Json* kind = find_member(resource, "kind"); kind && kind->is_string()) rule.kind = kind->get<std::string>();
  if (const Json* name = find_member(resource, "name"); name && name->is_string())
    if (std::string id = rule_id_from_name(name->get<std::string>()); !id.empty()) rule.id = id;
  const Json* properties = find_member(resource, "properties");
  if (properties && properties->is_object()) {
    for (const auto& [key, value] : properties->items()) {
      if (key == "query") {
        if (deployed_query.empty()) rule.query = json_text(value);
        continue;
      }
      try {
        map_sentinel_field(key, yaml_from_json(value), rule);
      } catch (const YAML::Exception& e) {
        rule.diagnostics.push_back({Severity::warning, "unexpected value for `" + key + "`: " + e.msg, rule.file, 0, 0});
      }
    }
  }
  if (rule.kind.empty()) rule.kind = "Scheduled";
  if (!deployed_query.empty()) {
    rule.diagnostics.push_back({Severity::note,
                                "the query is given at deployment (`" + std::string(deployed_query) + "`): nothing to analyse",
                                rule.file, 0, 0});
  } else if (rule.query.empty()) {
    if (runs_a_query(rule.kind)) {
      rule.diagnostics.push_back({Severity::error, "the rule has no query", rule.file, 0, 0});
    } else {
      std::string template_name;
      for (const auto& [key, value] : rule.metadata)
        if (key == "alertRuleTemplateName" && !value.empty()) template_name = " (template " + value + ")";
      rule.diagnostics.push_back({Severity::note,
                                  "a " + rule.kind + " rule runs Sentinel's built-in logic" + template_name +
                                      ": it has no query to analyse",
                                  rule.file, 0, 0});
    }
  }
  return rule;
}

}  // namespace ruledex::readers
