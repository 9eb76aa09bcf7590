#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "readers/format_readers.h"
#include "readers/reader_support.h"
#include "readers/sentinel_fields.h"
#include "readers/yaml_values.h"

namespace ruledex::readers {
namespace {

class SentinelYamlReader {
 public:
  SentinelYamlReader(std::string_view path, std::string_view text)
      : path_(path), text_(text), lines_(split_lines(text)) {}

  ReadResult read() {
    ReadResult result{.recognised = true, .format = "sentinel-yaml", .platform = "sentinel"};
    Rule rule = new_rule(path_, "sentinel", "kql");
    rule.raw = std::string(text_);
    try {
      LoadedYaml loaded = load_yaml(text_);
      add_yaml_warnings(rule.diagnostics, loaded.warnings, path_);
      const YAML::Node& doc = loaded.root;
      if (doc.IsMap()) {
        for (const auto& entry : doc) read_entry(entry.first.Scalar(), entry.second, rule);
      } else {
        diagnostic(rule, Severity::error, "not a YAML mapping of rule fields", 1, 1);
      }
    } catch (const YAML::Exception& e) {
      diagnostic(rule, Severity::error, "invalid YAML: " + e.msg, e.mark.line + 1, e.mark.column + 1);
      salvage(rule);
    }
    if (rule.kind.empty()) rule.kind = is_scheduled_ ? "Scheduled" : "hunting";
    if (rule.query.empty() && !has_error(rule.diagnostics))
      diagnostic(rule, Severity::error, "the rule has no query", 0, 0);
    result.rules.push_back(std::move(rule));
    return result;
  }

 private:
  void diagnostic(Rule& rule, Severity severity, std::string message, int line, int column) {
    rule.diagnostics.push_back({severity, std::move(message), std::string(path_), static_cast<uint32_t>(std::max(line, 0)),
                                static_cast<uint32_t>(std::max(column, 0))});
  }

  void read_entry(const std::string& key, const YAML::Node& value, Rule& rule) {
    try {
      read_field(key, value, rule);
    } catch (const YAML::Exception& e) {
      diagnostic(rule, Severity::warning, "unexpected value for `" + key + "`: " + e.msg, value.Mark().line + 1,
                 value.Mark().column + 1);
    }
  }

  void read_field(const std::string& key, const YAML::Node& value, Rule& rule) {
    if (key == "query") return read_query(value, rule);
    if (is_schedule_key(key)) is_scheduled_ = true;
    map_sentinel_field(key, value, rule);
  }

  void read_query(const YAML::Node& value, Rule& rule) {
    rule.query = node_text(value);
    ValuePlacement placement = place_value(text_, lines_, value.Mark());
    rule.query_line = placement.line;
    rule.query_indent = placement.indent;
  }

  // Broken YAML: keep what plain `key: value` lines and the `query: |` block
  // still say, so the rule is listed and its query can be analysed.
  void salvage(Rule& rule) {
    std::vector<TopLevelKey> keys = scan_top_level_keys(text_);
    auto assign = [&](std::string_view key, std::string& field) {
      if (const TopLevelKey* k = find_key(keys, key); k && !k->value.empty() && k->value[0] != '|' && k->value[0] != '>')
        field = k->value;
    };
    assign("id", rule.id);
    assign("name", rule.name);
    assign("description", rule.description);
    assign("severity", rule.severity);
    assign("status", rule.status);
    assign("kind", rule.kind);
    is_scheduled_ = find_key(keys, "queryFrequency") || find_key(keys, "triggerOperator");
    const TopLevelKey* query = find_key(keys, "query");
    if (!query) return;
    if (!query->value.starts_with('|') && !query->value.starts_with('>')) {
      rule.query = query->value;
      rule.query_line = query->line;
      size_t column = text_.substr(lines_[query->line - 1].begin).find(query->value);
      rule.query_indent = column == std::string_view::npos ? 0 : static_cast<uint32_t>(column);
      return;
    }
    ValuePlacement placement = block_placement(text_, lines_, query->line, query->value);
    rule.query_line = placement.line;
    rule.query_indent = placement.indent;
    for (size_t i = placement.line - 1; i < lines_.size(); ++i) {
      std::string_view line = text_.substr(lines_[i].begin, lines_[i].end - lines_[i].begin);
      if (!is_blank(line) && leading_spaces(line) < placement.indent) break;
      rule.query += std::string(line.size() > placement.indent ? line.substr(placement.indent) : "") + "\n";
    }
  }

  std::string_view path_;
  std::string_view text_;
  std::vector<TextLine> lines_;
  bool is_scheduled_ = false;
};

}  // namespace

ReadResult read_sentinel_yaml(std::string_view path, std::string_view text) {
  return SentinelYamlReader(path, text).read();
}

}  // namespace ruledex::readers
