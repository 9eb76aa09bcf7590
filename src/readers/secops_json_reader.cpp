// Google SecOps (Chronicle) rules as the Rules API returns them: an object with
// the YARA-L source in `text` (`ruleText` in the older Detection Engine API),
// its display name, severity and deployment state; one object, an array, or a
// list response {"rules": [...]}. The YARA-L text is read as a .yaral file is.
#include "readers/chronicle_rules.h"
#include "readers/format_readers.h"
#include "readers/json_document.h"
#include "readers/reader_support.h"

namespace ruledex::readers {
namespace {

using nlohmann::json;

// The rule text's key: `text` (Rules API), `ruleText` (Detection Engine API v2).
std::string_view text_key(const json& object) {
  for (std::string_view key : {"text", "ruleText"})
    if (const json* text = member(object, key); text && text->is_string()) return key;
  return {};
}

void add_metadata(Rule& rule, std::string key, const json* value) {
  if (!value) return;
  std::string text = value->is_string() ? value->get<std::string>()
                     : value->is_boolean() ? std::string(value->get<bool>() ? "true" : "false")
                     : value->is_array() || value->is_object() ? std::string()
                                                                : value->dump();
  if (value->is_array())
    for (const json& item : *value)
      if (item.is_string()) text += (text.empty() ? "" : ", ") + item.get<std::string>();
  if (!text.empty()) rule.metadata.emplace_back(std::move(key), std::move(text));
}

// The API's own fields: what the YARA-L text does not say.
void read_api_fields(const json& object, Rule& rule) {
  std::string display_name = string_member(object, "displayName");
  if (display_name.empty()) display_name = string_member(object, "ruleName");
  if (!display_name.empty() && display_name != rule.name) rule.metadata.emplace_back("displayName", display_name);
  if (const json* severity = member(object, "severity"); severity && rule.severity.empty())
    rule.severity = severity->is_object() ? string_member(*severity, "displayName")
                    : severity->is_string() ? severity->get<std::string>()
                                            : std::string();
  if (rule.kind.empty()) rule.kind = string_member(object, "type");
  for (const char* key : {"name", "ruleId", "revisionId", "versionId", "compilationState", "allowedRunFrequencies",
                          "liveRuleEnabled", "alertingEnabled", "archivedTime"})
    add_metadata(rule, std::string(key) == "name" ? "resource_name" : key, member(object, key));
  // The content manager's copy of the rule's deployment.
  if (const json* deployment = member(object, "deployment_state"); deployment && deployment->is_object())
    for (const char* key : {"enabled", "alerting", "archived", "runFrequency"})
      add_metadata(rule, key, member(*deployment, key));
}

}  // namespace

ReadResult read_secops_json(std::string_view path, std::string_view text) {
  ReadResult result{.recognised = true, .format = "secops-json", .platform = "chronicle"};
  JsonDocument document(text, path);
  if (document.error()) {
    result.diagnostics.push_back(*document.error());
    return result;
  }
  const json& root = document.value();
  const json* list = root.is_array() ? &root : member(root, "rules");
  auto read_rule = [&](const json& object, std::string_view raw) {
    std::string_view key = text_key(object);
    if (key.empty()) {
      result.diagnostics.push_back({Severity::warning, "no rule text (`text`) in this object", std::string(path),
                                    document.line_of(object), 0});
      return;
    }
    Rule rule = read_yaral_rule(path, string_member(object, key), document.line_of(object, key));
    rule.raw = std::string(raw);
    read_api_fields(object, rule);
    result.rules.push_back(std::move(rule));
  };
  if (list && list->is_array()) {
    for (const json& object : *list) read_rule(object, document.source_of(object));
  } else {
    read_rule(root, text);
  }
  uint32_t count = static_cast<uint32_t>(result.rules.size());
  for (uint32_t i = 0; i < count; ++i) {
    result.rules[i].query_index = i;
    result.rules[i].query_count = count;
  }
  return result;
}

}  // namespace ruledex::readers
