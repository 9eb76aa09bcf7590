#include "readers/elastic_rule_fields.h"

#include "readers/json_document.h"
#include "readers/reader_support.h"
#include "readers/tactic_names.h"

namespace ruledex::readers {

using nlohmann::json;

namespace {

const json& at(const json& object, std::string_view key) {
  static const json absent;
  const json* value = member(object, key);
  return value ? *value : absent;
}

// A string, or the first string of a list.
std::string string_at(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array() && !value.empty() && value.front().is_string()) return value.front().get<std::string>();
  return {};
}

std::vector<std::string> strings_at(const json& value) {
  std::vector<std::string> out;
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_array())
    for (const json& item : value)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

// Strings, numbers and booleans as text; arrays of them joined with ", ".
std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number_float()) return std::to_string(value.get<double>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (!value.is_array()) return {};
  std::string joined;
  for (const json& item : value) {
    std::string part = text_of(item);
    if (part.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined += part;
  }
  return joined;
}

void add_metadata(Rule& rule, std::string key, const json& value) {
  std::string text = text_of(value);
  if (!text.empty()) rule.metadata.emplace_back(std::move(key), std::move(text));
}

void add_output_fields(Rule& rule, std::string_view stage, const std::vector<std::string>& names) {
  for (const std::string& name : names) rule.output_fields.push_back({name, std::string(stage), 0, "", ""});
}

void read_threats(const json& threats, Rule& rule) {
  if (!threats.is_array()) return;
  for (const json& threat : threats) {
    std::string tactic = string_at(at(at(threat, "tactic"), "name"));
    if (!tactic.empty()) rule.tactics.push_back(canonical_tactic(tactic).value_or(tactic));
    const json& techniques = at(threat, "technique");
    if (!techniques.is_array()) continue;
    for (const json& technique : techniques) {
      rule.techniques.push_back({string_at(at(technique, "id")), string_at(at(technique, "name"))});
      const json& subs = at(technique, "subtechnique");
      if (subs.is_array())
        for (const json& sub : subs) rule.techniques.push_back({string_at(at(sub, "id")), string_at(at(sub, "name"))});
    }
  }
}

// Type-specific parts: thresholds, new terms, indicator matches, ML jobs.
void read_rule_type_parts(const json& fields, Rule& rule) {
  if (const json& threshold = at(fields, "threshold"); threshold.is_object()) {
    add_output_fields(rule, "threshold", strings_at(at(threshold, "field")));
    add_metadata(rule, "threshold.value", at(threshold, "value"));
    if (const json& cardinality = at(threshold, "cardinality"); cardinality.is_array())
      for (const json& entry : cardinality) {
        add_metadata(rule, "threshold.cardinality.field", at(entry, "field"));
        add_metadata(rule, "threshold.cardinality.value", at(entry, "value"));
      }
  }
  add_output_fields(rule, "new_terms", strings_at(at(fields, "new_terms_fields")));
  add_metadata(rule, "new_terms.history_window_start", at(fields, "history_window_start"));
  add_metadata(rule, "threat_query", at(fields, "threat_query"));
  add_metadata(rule, "threat_index", at(fields, "threat_index"));
  if (const json& mappings = at(fields, "threat_mapping"); mappings.is_array())
    for (const json& mapping : mappings)
      if (const json& entries = at(mapping, "entries"); entries.is_array())
        for (const json& entry : entries)
          rule.metadata.emplace_back("threat_mapping",
                                     string_at(at(entry, "field")) + " = " + string_at(at(entry, "value")));
  add_metadata(rule, "machine_learning_job_id", at(fields, "machine_learning_job_id"));
  add_metadata(rule, "anomaly_threshold", at(fields, "anomaly_threshold"));
  // An ES|QL query names the columns it emits itself (its front end lists
  // them); for it the fields to investigate are metadata only.
  const json& investigation = at(at(fields, "investigation_fields"), "field_names");
  if (rule.language == "esql")
    add_metadata(rule, "investigation_fields", investigation);
  else
    add_output_fields(rule, "investigation", strings_at(investigation));
}

// Integrations are data sources too: the only ones of machine-learning rules,
// which name no index. "integration:aws.cloudtrail" (package.integration).
void read_integrations(const json& integrations, Rule& rule) {
  if (!integrations.is_array()) return;
  for (const json& entry : integrations) {
    add_metadata(rule, "related_integrations", at(entry, "package"));
    std::string source = "integration:" + string_at(at(entry, "package"));
    if (std::string integration = string_at(at(entry, "integration")); !integration.empty())
      source += "." + integration;
    if (source != "integration:") add_unique(rule.data_sources, source);
  }
}

// The API's default language: kuery, except for the types named after theirs.
std::string default_language(std::string_view type) {
  if (type == "eql" || type == "esql") return std::string(type);
  if (type == "machine_learning") return {};
  return "kuery";
}

}  // namespace

std::string elastic_language_name(std::string written) {
  written = lower(written);
  return written == "es|ql" ? "esql" : written;
}

void read_elastic_rule_fields(const json& fields, Rule& rule) {
  rule.name = string_at(at(fields, "name"));
  rule.id = string_at(at(fields, "rule_id"));
  rule.description = string_at(at(fields, "description"));
  rule.severity = string_at(at(fields, "severity"));
  rule.kind = string_at(at(fields, "type"));
  rule.language = elastic_language_name(string_at(at(fields, "language")));
  if (rule.language.empty() && member(fields, "query")) rule.language = default_language(rule.kind);
  for (const char* key : {"risk_score", "from", "interval", "max_signals", "tags", "references", "false_positives",
                          "building_block_type", "timestamp_override", "author", "license", "version", "enabled"})
    add_metadata(rule, key, at(fields, key));
  // Exception lists are other saved objects; the rule names them by list_id.
  if (const json& lists = at(fields, "exceptions_list"); lists.is_array())
    for (const json& list : lists) add_metadata(rule, "exceptions_list", at(list, "list_id"));
  if (const json& required = at(fields, "required_fields"); required.is_array())
    for (const json& field : required) add_metadata(rule, "required_fields", at(field, "name"));
  rule.data_sources = strings_at(at(fields, "index"));
  read_integrations(at(fields, "related_integrations"), rule);
  read_threats(at(fields, "threat"), rule);
  read_rule_type_parts(fields, rule);
}

}  // namespace ruledex::readers
