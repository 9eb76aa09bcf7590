// Elastic detection rules and hunting queries (TOML). A detection rule is one
// Rule; a hunting file gives one Rule per entry of its `query` list. The query
// text keeps its file position (the line after an opening ''' or """).
#include <toml++/toml.h>

#include "base/text_structure.h"
#include "readers/format_readers.h"
#include "readers/reader_support.h"
#include "readers/tactic_names.h"

namespace ruledex::readers {
namespace {

using NodeView = toml::node_view<const toml::node>;

std::string string_at(NodeView node) {
  if (auto value = node.value<std::string>()) return *value;
  if (const toml::array* list = node.as_array(); list && !list->empty())
    if (auto first = list->front().value<std::string>()) return *first;
  return {};
}

// Strings, numbers and booleans as text; arrays of them joined with ", ".
std::string text_of(const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  if (auto i = node.value<int64_t>()) return std::to_string(*i);
  if (auto d = node.value<double>()) return std::to_string(*d);
  if (auto b = node.value<bool>()) return *b ? "true" : "false";
  if (const toml::array* list = node.as_array()) {
    std::string joined;
    for (const toml::node& item : *list) {
      std::string part = text_of(item);
      if (part.empty()) continue;
      if (!joined.empty()) joined += ", ";
      joined += part;
    }
    return joined;
  }
  return {};
}

std::vector<std::string> strings_at(NodeView node) {
  std::vector<std::string> out;
  if (auto single = node.value<std::string>()) out.push_back(*single);
  if (const toml::array* list = node.as_array())
    for (const toml::node& item : *list)
      if (auto s = item.value<std::string>()) out.push_back(*s);
  return out;
}

// "ES|QL" and "esql" are one language; so are "EQL" and "eql".
std::string language_name(std::string written) {
  written = lower(written);
  return written == "es|ql" ? "esql" : written;
}

// Some hunting queries open with a code-fence tag line (`'''sql`), no part of the query.
void drop_language_tag(Rule& rule) {
  size_t newline = rule.query.find('\n');
  if (newline == std::string::npos) return;
  std::string tag = lower(trim(std::string_view(rule.query).substr(0, newline)));
  if (tag != "sql" && tag != "esql") return;
  rule.query.erase(0, newline + 1);
  ++rule.query_line;
}

// A hunting file listing several languages holds queries of each: ES|QL
// starts with FROM, osquery SQL with SELECT or WITH.
std::string language_by_first_keyword(std::string_view query, const std::string& listed) {
  std::string_view text = trim(query);
  std::string word = lower(text.substr(0, text.find_first_of(" \t\r\n(")));
  if (word == "from") return "esql";
  if (word == "select" || word == "with") return "sql";
  return listed;
}

void add_metadata(Rule& rule, std::string key, NodeView node) {
  if (!node) return;
  std::string value = text_of(*node.node());
  if (!value.empty()) rule.metadata.emplace_back(std::move(key), std::move(value));
}

// The 1-based line where a string node's value starts: a multi-line string
// whose opening delimiter ends its line starts on the next line.
uint32_t value_line(const toml::node& node, std::string_view text, const std::vector<TextLine>& lines) {
  uint32_t line = node.source().begin.line;
  uint32_t column = node.source().begin.column;
  if (line == 0 || line > lines.size()) return line;
  const TextLine& at = lines[line - 1];
  std::string_view rest = text.substr(at.begin, at.end - at.begin);
  if (column == 0 || column > rest.size() + 1) return line;
  rest = rest.substr(column - 1);
  for (std::string_view delimiter : {"'''", "\"\"\""})
    if (rest.substr(0, 3) == delimiter && trim(rest.substr(3)).empty()) return line + 1;
  return line;
}

void add_output_fields(Rule& rule, std::string_view stage, const std::vector<std::string>& names) {
  for (const std::string& name : names) rule.output_fields.push_back({name, std::string(stage), 0, "", ""});
}

void read_threats(NodeView threats_node, Rule& rule) {
  const toml::array* threats = threats_node.as_array();
  if (!threats) return;
  for (const toml::node& threat : *threats) {
    NodeView entry(threat);
    std::string tactic = string_at(entry["tactic"]["name"]);
    if (!tactic.empty()) rule.tactics.push_back(canonical_tactic(tactic).value_or(tactic));
    const toml::array* techniques = entry["technique"].as_array();
    if (!techniques) continue;
    for (const toml::node& technique : *techniques) {
      NodeView t(technique);
      rule.techniques.push_back({string_at(t["id"]), string_at(t["name"])});
      if (const toml::array* subs = t["subtechnique"].as_array())
        for (const toml::node& sub : *subs)
          rule.techniques.push_back({string_at(NodeView(sub)["id"]), string_at(NodeView(sub)["name"])});
    }
  }
}

// Type-specific parts: thresholds, new terms, indicator matches, ML jobs.
void read_rule_type_parts(NodeView table, Rule& rule) {
  NodeView threshold = table["threshold"];
  if (threshold) {
    add_output_fields(rule, "threshold", strings_at(threshold["field"]));
    add_metadata(rule, "threshold.value", threshold["value"]);
    if (const toml::array* cardinality = threshold["cardinality"].as_array())
      for (const toml::node& entry : *cardinality) {
        add_metadata(rule, "threshold.cardinality.field", NodeView(entry)["field"]);
        add_metadata(rule, "threshold.cardinality.value", NodeView(entry)["value"]);
      }
  }
  NodeView new_terms = table["new_terms"];
  if (new_terms) {
    add_output_fields(rule, "new_terms", strings_at(new_terms["value"]));
    if (const toml::array* window = new_terms["history_window_start"].as_array())
      for (const toml::node& entry : *window) add_metadata(rule, "new_terms.history_window_start", NodeView(entry)["value"]);
  }
  add_metadata(rule, "threat_query", table["threat_query"]);
  add_metadata(rule, "threat_index", table["threat_index"]);
  if (const toml::array* mappings = table["threat_mapping"].as_array())
    for (const toml::node& mapping : *mappings)
      if (const toml::array* entries = NodeView(mapping)["entries"].as_array())
        for (const toml::node& entry : *entries)
          rule.metadata.emplace_back("threat_mapping", string_at(NodeView(entry)["field"]) + " = " +
                                                           string_at(NodeView(entry)["value"]));
  add_metadata(rule, "machine_learning_job_id", table["machine_learning_job_id"]);
  add_metadata(rule, "anomaly_threshold", table["anomaly_threshold"]);
  // An ES|QL query names the columns it emits itself (its front end lists
  // them); for it the fields to investigate are metadata only.
  if (rule.language == "esql")
    add_metadata(rule, "investigation_fields", table["investigation_fields"]["field_names"]);
  else
    add_output_fields(rule, "investigation", strings_at(table["investigation_fields"]["field_names"]));
}

void read_rule_table(const toml::table& doc, std::string_view text, Rule& rule) {
  NodeView table = doc["rule"];
  rule.name = string_at(table["name"]);
  rule.id = string_at(table["rule_id"]);
  rule.description = string_at(table["description"]);
  rule.severity = string_at(table["severity"]);
  rule.kind = string_at(table["type"]);
  rule.language = language_name(string_at(table["language"]));
  NodeView meta = doc["metadata"];
  rule.status = string_at(meta["maturity"]);
  for (const char* key : {"creation_date", "updated_date", "integration", "min_stack_version"})
    add_metadata(rule, key, meta[key]);
  for (const char* key : {"risk_score", "from", "interval", "max_signals", "tags", "references", "false_positives",
                          "building_block_type", "timestamp_override", "author", "license", "version"})
    add_metadata(rule, key, table[key]);
  if (const toml::array* fields = table["required_fields"].as_array())
    for (const toml::node& field : *fields) add_metadata(rule, "required_fields", NodeView(field)["name"]);
  rule.data_sources = strings_at(table["index"]);
  // Integrations are data sources too: the only ones of machine-learning rules,
  // which name no index. "integration:aws.cloudtrail" (package.integration).
  if (const toml::array* integrations = table["related_integrations"].as_array())
    for (const toml::node& entry : *integrations) {
      add_metadata(rule, "related_integrations", NodeView(entry)["package"]);
      std::string source = "integration:" + string_at(NodeView(entry)["package"]);
      if (std::string integration = string_at(NodeView(entry)["integration"]); !integration.empty())
        source += "." + integration;
      if (source != "integration:") add_unique(rule.data_sources, source);
    }
  read_threats(table["threat"], rule);
  read_rule_type_parts(table, rule);
  if (const toml::node* query = table["query"].node()) {
    rule.query = string_at(NodeView(*query));
    rule.query_line = value_line(*query, text, split_lines(text));
  }
}

// One rule per query of the hunting file's `query` list.
std::vector<Rule> read_hunt_table(const toml::table& doc, std::string_view text, Rule base) {
  NodeView table = doc["hunt"];
  base.name = string_at(table["name"]);
  base.id = string_at(table["uuid"]);
  base.description = string_at(table["description"]);
  base.kind = "hunting";
  base.language = language_name(string_at(table["language"]));
  for (const char* key : {"integration", "notes", "references", "author", "license"})
    add_metadata(base, key, table[key]);
  add_metadata(base, "language", table["language"]);
  for (const std::string& id : strings_at(table["mitre"])) base.techniques.push_back({id, ""});
  std::vector<Rule> rules;
  std::vector<TextLine> lines = split_lines(text);
  bool several_languages = strings_at(table["language"]).size() > 1;
  auto add_query = [&](const toml::node& node) {
    Rule rule = base;
    rule.query = node.value<std::string>().value_or("");
    rule.query_line = value_line(node, text, lines);
    drop_language_tag(rule);
    if (several_languages) rule.language = language_by_first_keyword(rule.query, base.language);
    rules.push_back(std::move(rule));
  };
  if (const toml::array* queries = table["query"].as_array()) {
    for (const toml::node& query : *queries) add_query(query);
  } else if (const toml::node* query = table["query"].node()) {
    add_query(*query);
  }
  if (rules.empty()) rules.push_back(std::move(base));
  number_queries(rules);
  return rules;
}

// toml++ recurses once per key segment and nesting level: deep input is
// rejected before it gets there.
toml::table parse_toml(std::string_view text, std::string_view path) {
  if (std::optional<TextProblem> problem = check_structure(text, Notation::toml))
    throw toml::parse_error(problem->message.c_str(), toml::source_position{problem->line, problem->column});
  return toml::parse(text, path);
}

void name_from_file(Rule& rule, std::string_view path) {
  if (rule.name.empty()) rule.name = file_stem(path);
  if (rule.id.empty()) rule.id = file_stem(path);
}

}  // namespace

ReadResult read_elastic_toml(std::string_view path, std::string_view text) {
  ReadResult result{.recognised = true, .format = "elastic-toml", .platform = "elastic"};
  Rule rule = new_rule(path, "elastic", "");
  rule.raw = std::string(text);
  try {
    toml::table doc = parse_toml(text, path);
    if (doc.contains("hunt")) {
      result.rules = read_hunt_table(doc, text, std::move(rule));
    } else {
      read_rule_table(doc, text, rule);
      result.rules.push_back(std::move(rule));
    }
  } catch (const toml::parse_error& e) {
    rule.diagnostics.push_back({Severity::error, "invalid TOML: " + std::string(e.description()), std::string(path),
                                e.source().begin.line, e.source().begin.column});
    result.rules.push_back(std::move(rule));
  }
  for (Rule& read : result.rules) {
    name_from_file(read, path);
    if (read.query.empty() && read.diagnostics.empty())
      read.diagnostics.push_back({Severity::note, "no query to analyse: a " + (read.kind.empty() ? "rule" : read.kind) +
                                                      " rule has none", std::string(path), 0, 0});
  }
  return result;
}

}  // namespace ruledex::readers
