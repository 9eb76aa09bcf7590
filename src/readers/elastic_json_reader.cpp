// Elastic rules as Kibana and its API write them: the NDJSON of a rule export
// (one object a line: rules, then exception lists and their items, action
// connectors and an export summary) and detection-engine API JSON (one rule,
// an array of rules, or a find response's `data`). Rules come as they are or
// as saved objects ({"type": "security-rule", "attributes": {rule}}); Kibana
// alerting rules keep their query in `params`. The rule fields are those of
// the TOML reader (elastic_rule_fields.h).
#include <map>

#include "readers/elastic_rule_fields.h"
#include "readers/format_readers.h"
#include "readers/json_document.h"
#include "readers/reader_support.h"

namespace ruledex::readers {
namespace {

using nlohmann::json;

bool has(const json& object, std::string_view key) { return member(object, key) != nullptr; }

// Kibana's elasticsearch-query rule keeps one of three query kinds.
struct AlertingQuery {
  const json* holder = nullptr;  // the object whose `key` member is the query
  std::string key;
  std::string language;
};

AlertingQuery alerting_query(const json& params) {
  if (has(params, "query")) return {&params, "query", string_member(params, "language")};
  if (const json* esql = member(params, "esqlQuery"); esql && has(*esql, "esql")) return {esql, "esql", "esql"};
  if (has(params, "esQuery")) return {&params, "esQuery", "elasticsearch-query-dsl"};
  if (const json* search = member(params, "searchConfiguration"))
    if (const json* query = member(*search, "query"); query && has(*query, "query"))
      return {query, "query", string_member(*query, "language")};
  return {};
}

// "host.name is one of a, b" for an exception item's entry.
std::string entry_text(const json& entry) {
  std::string field = string_member(entry, "field");
  std::string type = string_member(entry, "type");
  bool excluded = string_member(entry, "operator") == "excluded";
  std::string text = field + (excluded ? " is not " : " is ");
  if (type == "exists") return field + (excluded ? " does not exist" : " exists");
  if (type == "nested") {
    std::string inner;
    if (const json* entries = member(entry, "entries"); entries && entries->is_array())
      for (const json& nested : *entries) inner += (inner.empty() ? "" : " and ") + entry_text(nested);
    return field + " { " + inner + " }";
  }
  if (type == "list") {
    const json* list = member(entry, "list");
    return text + "in list " + (list ? string_member(*list, "id") : std::string());
  }
  if (type == "match_any") text += "one of ";
  if (type == "wildcard") text += "like ";
  const json* value = member(entry, "value");
  if (value && value->is_array()) {
    std::string values;
    for (const json& v : *value)
      if (v.is_string()) values += (values.empty() ? "" : ", ") + v.get<std::string>();
    return text + values;
  }
  return text + (value && value->is_string() ? value->get<std::string>() : "");
}

class ExportReader {
 public:
  ExportReader(std::string_view path, std::string_view format) : path_(path) {
    result_ = {.recognised = true, .format = std::string(format), .platform = "elastic"};
  }

  // One object of the file; `raw` is its text as written.
  void read_object(const JsonDocument& document, const json& object, std::string_view raw) {
    uint32_t line = document.line_of(object);
    if (!object.is_object()) return problem(Severity::warning, "not a JSON object: no rule", line);
    if (has(object, "exported_count") || has(object, "exported_rules_count")) return;  // the export summary
    if (has(object, "list_id")) return read_exception(object);
    const json* attributes = member(object, "attributes");
    std::string type = string_member(object, "type");
    if (attributes && attributes->is_object()) {
      if (type == "security-rule") return add_rule(document, *attributes, *attributes, "query", "", raw);
      if (const json* params = member(*attributes, "params"); params && params->is_object()) {
        AlertingQuery query = alerting_query(*params);
        json fields = *attributes;
        for (const auto& [key, value] : params->items()) fields[key] = value;
        static const json none = json::object();
        return add_rule(document, fields, query.holder ? *query.holder : none, query.key, query.language, raw,
                        line);
      }
      if (type == "action") return;  // an action connector
      return problem(Severity::warning, "a Kibana '" + type + "' saved object holds no rule", line);
    }
    if (has(object, "rule_id") || has(object, "query") || has(object, "type"))
      return add_rule(document, object, object, "query", "", raw);
    problem(Severity::warning, "not a detection rule (no rule_id, type or query)", line);
  }

  void problem(Severity severity, std::string message, uint32_t line, uint32_t column = 1) {
    result_.diagnostics.push_back({severity, std::move(message), std::string(path_), line, line ? column : 0});
  }

  void add_diagnostic(Diagnostic diagnostic) { result_.diagnostics.push_back(std::move(diagnostic)); }

  ReadResult finish() {
    uint32_t count = static_cast<uint32_t>(result_.rules.size());
    for (uint32_t i = 0; i < count; ++i) {
      Rule& rule = result_.rules[i];
      rule.query_index = i;
      rule.query_count = count;
      add_exceptions(rule);
      if (rule.query.empty())
        rule.diagnostics.push_back({Severity::note,
                                    "no query to analyse: a " + (rule.kind.empty() ? "rule" : rule.kind) +
                                        " rule has none",
                                    rule.file, rule.query_line, 0});
    }
    return std::move(result_);
  }

 private:
  // `fields` holds the rule's fields; `holder[query_key]` is its query.
  void add_rule(const JsonDocument& document, const json& fields, const json& holder, const std::string& query_key,
                const std::string& language, std::string_view raw, uint32_t fallback_line = 0) {
    Rule rule = new_rule(path_, "elastic", "");
    rule.raw = std::string(raw);
    read_elastic_rule_fields(fields, rule);
    if (!language.empty()) rule.language = elastic_language_name(language);
    rule.query = query_key.empty() ? std::string() : string_member(holder, query_key);
    rule.query_line = document.line_of(holder, query_key);
    if (rule.query_line == 0) rule.query_line = fallback_line ? fallback_line : document.line_of(fields);
    if (rule.name.empty()) rule.name = file_stem(path_);
    // Import files written by hand may lack rule_id; the saved object id, or
    // the rule's place in the file, tells the rules of one file apart.
    if (rule.id.empty()) rule.id = string_member(fields, "id");
    if (rule.id.empty()) rule.id = file_stem(path_) + "#" + std::to_string(result_.rules.size() + 1);
    result_.rules.push_back(std::move(rule));
  }

  // Exception lists are exported after the rules: containers (list_id, name)
  // and items (list_id, entries). Items become metadata of the rules that
  // name their list.
  void read_exception(const json& object) {
    std::string list = string_member(object, "list_id");
    const json* entries = member(object, "entries");
    if (!entries || !entries->is_array()) {
      list_names_[list] = string_member(object, "name");
      return;
    }
    std::string text;
    for (const json& entry : *entries) text += (text.empty() ? "" : " and ") + entry_text(entry);
    std::string name = string_member(object, "name");
    exception_items_[list].push_back(name.empty() ? text : name + ": " + text);
  }

  void add_exceptions(Rule& rule) const {
    std::vector<std::pair<std::string, std::string>> added;
    for (const auto& [key, list] : rule.metadata) {
      if (key != "exceptions_list") continue;
      auto items = exception_items_.find(list);
      if (items == exception_items_.end()) continue;
      auto name = list_names_.find(list);
      std::string prefix = name == list_names_.end() || name->second.empty() ? list : name->second;
      for (const std::string& item : items->second) added.emplace_back("exception", prefix + " / " + item);
    }
    rule.metadata.insert(rule.metadata.end(), added.begin(), added.end());
  }

  std::string_view path_;
  ReadResult result_;
  std::map<std::string, std::string> list_names_;
  std::map<std::string, std::vector<std::string>> exception_items_;
};

}  // namespace

ReadResult read_kibana_ndjson(std::string_view path, std::string_view text) {
  ExportReader reader(path, "kibana-ndjson");
  uint32_t number = 0;
  for (TextLine line : split_lines(text)) {
    ++number;
    std::string_view object_text = text.substr(line.begin, line.end - line.begin);
    if (is_blank(object_text)) continue;
    // A bad line is reported at its line; the others still read.
    JsonDocument document(object_text, path, number);
    if (document.error()) {
      reader.add_diagnostic(*document.error());
      continue;
    }
    reader.read_object(document, document.value(), object_text);
  }
  return reader.finish();
}

ReadResult read_elastic_json(std::string_view path, std::string_view text) {
  ExportReader reader(path, "elastic-json");
  JsonDocument document(text, path);
  if (document.error()) {
    reader.add_diagnostic(*document.error());
    return reader.finish();
  }
  const json& root = document.value();
  const json* list = root.is_array() ? &root : nullptr;
  // A find response: {"page": 1, "perPage": 20, "total": 2, "data": [rules]}.
  if (const json* data = member(root, "data"); data && data->is_array() && has(root, "total")) list = data;
  if (!list) {
    reader.read_object(document, root, text);
  } else {
    for (const json& object : *list) reader.read_object(document, object, document.source_of(object));
  }
  return reader.finish();
}

}  // namespace ruledex::readers
