// Elastic detection rules and hunting queries (TOML). A detection rule is one
// Rule; a hunting file gives one Rule per entry of its `query` list. The query
// text keeps its file position (the line after an opening ''' or """).
#include <toml++/toml.h>

#include <sstream>

#include "base/text_structure.h"
#include "readers/elastic_rule_fields.h"
#include "readers/format_readers.h"
#include "readers/json_document.h"
#include "readers/reader_support.h"

namespace ruledex::readers {
namespace {

using NodeView = toml::node_view<const toml::node>;
using nlohmann::json;

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

// TOML values as JSON values; dates and times as TOML writes them.
json to_json(const toml::node& node) {
  if (const toml::table* table = node.as_table()) {
    json object = json::object();
    for (const auto& [key, value] : *table) object[std::string(key.str())] = to_json(value);
    return object;
  }
  if (const toml::array* list = node.as_array()) {
    json array = json::array();
    for (const toml::node& item : *list) array.push_back(to_json(item));
    return array;
  }
  if (auto s = node.value_exact<std::string>()) return *s;
  if (auto i = node.value_exact<int64_t>()) return *i;
  if (auto d = node.value_exact<double>()) return *d;
  if (auto b = node.value_exact<bool>()) return *b;
  std::ostringstream written;
  node.visit([&](const auto& value) { written << value; });
  return written.str();
}

// detection-rules keeps a new-terms rule's terms in a [rule.new_terms] table
// ({field = "new_terms_fields", value = [...], history_window_start = [{value}]});
// the API, and so the shared field reader, has them as two top-level fields.
void flatten_new_terms(json& fields) {
  auto table = fields.find("new_terms");
  if (table == fields.end() || !table->is_object()) return;
  if (const json* terms = member(*table, "value")) fields["new_terms_fields"] = *terms;
  if (const json* window = member(*table, "history_window_start"); window && window->is_array() && !window->empty())
    if (const json* start = member(window->front(), "value")) fields["history_window_start"] = *start;
  fields.erase(table);
}

void read_rule_table(const toml::table& doc, std::string_view text, Rule& rule) {
  NodeView table = doc["rule"];
  NodeView meta = doc["metadata"];
  rule.status = string_at(meta["maturity"]);
  for (const char* key : {"creation_date", "updated_date", "integration", "min_stack_version"})
    add_metadata(rule, key, meta[key]);
  json fields = table.as_table() ? to_json(*table.as_table()) : json::object();
  flatten_new_terms(fields);
  read_elastic_rule_fields(fields, rule);
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
  base.language = elastic_language_name(string_at(table["language"]));
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
