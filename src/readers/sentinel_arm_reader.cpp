// Sentinel alert rules as deployed: ARM templates (JSONC), REST request bodies
// and Content-Hub solution packages, whose rules sit in template specs'
// and content templates' `mainTemplate`.
#include <map>

#include "readers/arm_expressions.h"
#include "readers/format_readers.h"
#include "readers/reader_support.h"
#include "readers/sentinel_alert_rules.h"

namespace ruledex::readers {
namespace {

class SentinelArmReader {
 public:
  SentinelArmReader(std::string_view path, std::string_view text) : path_(path), text_(text) {}

  ReadResult read() {
    ReadResult result{.recognised = true, .format = "sentinel-arm", .platform = "sentinel"};
    JsonParse parsed = parse_jsonc(text_);
    if (!parsed.value) {
      Rule rule = new_rule(path_, "sentinel", "kql");
      rule.raw = std::string(text_);
      rule.diagnostics.push_back({Severity::error, parsed.error, std::string(path_), parsed.line, parsed.column});
      result.rules.push_back(std::move(rule));
      return result;
    }
    const Json& root = *parsed.value;
    if (root.is_array()) {
      for (const Json& body : root) visit_body(body);  // a REST payload: [{kind, properties}, ...]
    } else if (find_member(root, "resources")) {
      walk_template(root, nullptr);
    } else {
      visit_body(root);  // one REST body or GET response
    }
    number_rules(rules_);
    if (rules_.size() == 1) rules_[0].raw = std::string(text_);
    result.rules = std::move(rules_);
    return result;
  }

 private:
  void visit_body(const Json& body) {
    if (find_member(body, "kind") && find_member(body, "properties")) add_rule(body, nullptr);
  }

  void walk_template(const Json& template_json, const ArmScope* outer) {
    ArmScope scope(template_json, outer);
    const Json* resources = find_member(template_json, "resources");
    if (!resources) return;
    // languageVersion 2.0 templates name their resources: an object, not an array.
    for (const auto& [symbolic_name, resource] : resources->items()) visit_resource(resource, scope);
  }

  void visit_resource(const Json& resource, const ArmScope& scope) {
    if (!resource.is_object()) return;
    const Json* type = find_member(resource, "type");
    std::string type_text = type && type->is_string() ? json_text(scope.evaluate_string(type->get<std::string>()).value) : "";
    if (is_alert_rule_type(type_text)) return add_rule(resource, &scope);
    // Template specs' versions and content templates carry a template; so do
    // nested deployments.
    if (const Json* properties = find_member(resource, "properties"); properties && properties->is_object()) {
      for (std::string_view key : {"mainTemplate", "template"})
        if (const Json* nested = find_member(*properties, key); nested && nested->is_object()) walk_template(*nested, &scope);
    }
    if (const Json* children = find_member(resource, "resources"); children && children->is_array())
      for (const Json& child : *children) visit_resource(child, scope);
  }

  void add_rule(const Json& resource, const ArmScope* scope) {
    std::vector<ArmScope::Kept> kept;
    Json evaluated = scope ? scope->evaluate_deep(resource, kept) : resource;
    Rule rule = alert_rule_from_resource(path_, evaluated, deployed_query(resource, kept));
    // A name only partly known at deployment still ends with the rule id.
    if (const Json* name = find_member(resource, "name"); scope && name && name->is_string())
      if (std::string id = rule_id_from_name(json_text(scope->evaluate_string(name->get<std::string>()).value)); !id.empty())
        rule.id = id;
    for (const ArmScope::Kept& k : kept) expression_diagnostic(rule, k);
    place_query(resource, rule);
    rule.raw = resource.dump(2);
    rules_.push_back(std::move(rule));
  }

  // The query as written when it is an expression only a deployment knows.
  static std::string deployed_query(const Json& resource, const std::vector<ArmScope::Kept>& kept) {
    const Json* properties = find_member(resource, "properties");
    const Json* query = properties ? find_member(*properties, "query") : nullptr;
    if (!query || !query->is_string()) return {};
    for (const ArmScope::Kept& k : kept)
      if (k.text == query->get_ref<const std::string&>()) return k.text;
    return {};
  }

  void expression_diagnostic(Rule& rule, const ArmScope::Kept& kept) {
    std::optional<JsonStringPlace> place = find_json_string(text_, "", kept.text);
    std::string message = "ARM expression `" + kept.text + "` " +
                          (kept.error.empty() ? "is only known at deployment: kept as written" : "is invalid: " + kept.error);
    rule.diagnostics.push_back({kept.error.empty() ? Severity::note : Severity::warning, std::move(message),
                                std::string(path_), place ? place->line : 0, place ? place->column + 1 : 0});
  }

  // The query's line: the `"query"` string as written, the n-th time when the
  // file holds the same query for several rules. The string's escapes keep the
  // whole query on that line.
  void place_query(const Json& resource, Rule& rule) {
    const Json* properties = find_member(resource, "properties");
    const Json* query = properties ? find_member(*properties, "query") : nullptr;
    if (!query || !query->is_string()) return;
    const std::string& written = query->get_ref<const std::string&>();
    uint32_t earlier = seen_queries_[written]++;
    if (std::optional<JsonStringPlace> place = find_json_string(text_, "query", written, earlier)) {
      rule.query_line = place->line;
      rule.query_indent = place->column;
      rule.query_on_one_line = true;
    }
  }

  std::string_view path_;
  std::string_view text_;
  std::vector<Rule> rules_;
  std::map<std::string, uint32_t> seen_queries_;
};

}  // namespace

ReadResult read_sentinel_arm(std::string_view path, std::string_view text) { return SentinelArmReader(path, text).read(); }

}  // namespace ruledex::readers
