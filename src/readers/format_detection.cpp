#include "readers/format_detection.h"

#include <algorithm>
#include <array>

#include "kql/lexer.h"
#include "readers/chronicle_rules.h"
#include "readers/markdown_document.h"
#include "readers/reader_support.h"

namespace ruledex::readers {
namespace {

bool has_any_key(const std::vector<TopLevelKey>& keys, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names)
    if (find_key(keys, name)) return true;
  return false;
}

// The text after leading `//`, `/* */` and `#` comment lines and blank space.
std::string_view skip_leading_comments(std::string_view text) {
  while (true) {
    text = trim(text);
    if (text.starts_with("//") || text.starts_with('#')) {
      size_t eol = text.find('\n');
      text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    } else if (text.starts_with("/*")) {
      size_t close = text.find("*/");
      text = close == std::string_view::npos ? std::string_view() : text.substr(close + 2);
    } else {
      return text;
    }
  }
}

// YARA-L: `rule <name> {` with a `meta:` section.
bool looks_like_yara_l(std::string_view text) {
  std::string_view body = skip_leading_comments(text);
  if (!body.starts_with("rule ")) return false;
  size_t brace = body.find('{');
  return brace != std::string_view::npos && body.find("meta:", brace) != std::string_view::npos;
}

bool has_toml_table(std::string_view text, std::string_view table) {
  for (TextLine line : split_lines(text))
    if (trim(text.substr(line.begin, line.end - line.begin)) == table) return true;
  return false;
}

DetectedFormat yaml_format(const std::vector<TopLevelKey>& keys) {
  if (find_key(keys, "queryCondition") && has_any_key(keys, {"detectionAction", "schedule", "displayName"}))
    return {FileFormat::defender_detection, "defender-detection-yaml", "defender"};
  if (find_key(keys, "query") &&
      has_any_key(keys, {"requiredDataConnectors", "queryFrequency", "queryPeriod", "triggerOperator", "tactics",
                         "relevantTechniques", "entityMappings"}))
    return {FileFormat::sentinel_yaml, "sentinel-yaml", "sentinel"};
  // A titled detection without a logsource is still a (broken) Sigma rule: the reader says so.
  if (find_key(keys, "detection") && (find_key(keys, "logsource") || find_key(keys, "title")))
    return {FileFormat::sigma_yaml, "sigma-yaml", "sigma"};
  // Sigma correlation rules and filters (Sigma 2).
  if (find_key(keys, "title") && (find_key(keys, "correlation") || (find_key(keys, "filter") && find_key(keys, "logsource"))))
    return {FileFormat::sigma_yaml, "sigma-yaml", "sigma"};
  if (find_key(keys, "search") && has_any_key(keys, {"how_to_implement", "known_false_positives", "tags"}))
    return {FileFormat::splunk_yaml, "splunk-yaml", "splunk"};
  // The older ESCU layout (detection spec v2): the search under detect.splunk.
  if (find_key(keys, "detect") && has_any_key(keys, {"how_to_implement", "known_false_positives", "mappings"}))
    return {FileFormat::splunk_yaml, "splunk-yaml", "splunk"};
  // Splunk security_content support files.
  if (find_key(keys, "definition") && find_key(keys, "name"))
    return {FileFormat::repository_item, "splunk-macro", "splunk"};
  if (has_any_key(keys, {"filename", "collection"}) && find_key(keys, "name"))
    return {FileFormat::repository_item, "splunk-lookup", "splunk"};
  if (find_key(keys, "narrative")) return {FileFormat::repository_item, "splunk-story", "splunk"};
  return {FileFormat::support_file, "yaml", ""};
}

DetectedFormat yaml_file_format(std::string_view text) {
  DetectedFormat format = yaml_format(scan_top_level_keys(text));
  if (format.format == FileFormat::support_file && looks_like_rule_config(text))
    return {FileFormat::chronicle_rule_config, "chronicle-rule-config", "chronicle"};
  return format;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// Two or more lines, each one JSON object: NDJSON whatever the file is called.
bool is_ndjson(std::string_view text) {
  size_t objects = 0;
  for (TextLine line : split_lines(text)) {
    std::string_view s = trim(text.substr(line.begin, line.end - line.begin));
    if (s.empty()) continue;
    if (!s.starts_with('{') || !s.ends_with('}')) return false;
    ++objects;
  }
  return objects >= 2;
}

// JSON rule files by the members their rules carry: a YARA-L rule in `text`,
// or the fields of Kibana rules, exports and saved objects.
DetectedFormat elastic_or_secops_json_format(std::string_view path, std::string_view text) {
  if ((contains(text, "\"text\"") || contains(text, "\"ruleText\"")) && contains(text, "meta:") &&
      contains(text, "events:"))
    return {FileFormat::secops_json, "secops-json", "chronicle"};
  bool kibana = contains(text, "\"rule_id\"") || contains(text, "\"exported_count\"") ||
                contains(text, "\"security-rule\"") || contains(text, "\"alertTypeId\"") ||
                (contains(text, "\"attributes\"") && contains(text, "\"risk_score\""));
  if (!kibana) return {FileFormat::support_file, "data", ""};
  if (file_extension(path) == ".ndjson" || is_ndjson(text)) return {FileFormat::kibana_ndjson, "kibana-ndjson", "elastic"};
  return {FileFormat::elastic_json, "elastic-json", "elastic"};
}

// JSON: Sentinel alert rules by their resource type (or, in a REST body, by
// rule properties), Defender detections by their query condition.
DetectedFormat json_format(std::string_view path, std::string_view text) {
  std::string folded = lower(text);
  auto has = [&](std::string_view needle) { return folded.find(needle) != std::string::npos; };
  if (has("\"querycondition\"") && has("\"querytext\""))
    return {FileFormat::defender_detection, "defender-detection-json", "defender"};
  if (has("deploymentparameters.json")) return {FileFormat::support_file, "arm-parameters", "sentinel"};
  if (has("/alertrules\"") || has("/alertruletemplates\"") ||
      (has("\"kind\"") && has("\"properties\"") &&
       (has("\"query\"") || has("\"alertruletemplatename\"") || has("\"productfilter\""))))
    return {FileFormat::sentinel_arm, "sentinel-arm", "sentinel"};
  return elastic_or_secops_json_format(path, text);
}

DetectedFormat bicep_format(std::string_view path, std::string_view text) {
  if (file_extension(path) == ".bicepparam") return {FileFormat::support_file, "bicep-parameters", ""};
  std::string folded = lower(text);
  if (folded.find("/alertrules@") != std::string::npos || folded.find("/alertruletemplates@") != std::string::npos)
    return {FileFormat::sentinel_bicep, "sentinel-bicep", "sentinel"};
  return {FileFormat::support_file, "bicep", ""};
}

DetectedFormat markdown_format(std::string_view text) {
  for (const FencedBlock& block : parse_markdown(text).blocks)
    if (is_kql_block(text, block)) return {FileFormat::kql_markdown, "kql-markdown", "defender"};
  return {FileFormat::support_file, "markdown", ""};
}

DetectedFormat kql_text_format(std::string_view path) {
  // Sentinel keeps its KQL functions in Parsers folders; bare KQL elsewhere is
  // advanced hunting as the Defender repositories publish it.
  if (has_folder(path, "Parsers")) return {FileFormat::sentinel_parser, "sentinel-parser", "sentinel"};
  return {FileFormat::kql_text, "kql-text", "defender"};
}

// Splunk gives an app's .conf files their meaning by name; the content must
// still be stanzas.
bool is_splunk_app_conf(std::string_view path, std::string_view text) {
  static constexpr std::string_view kNames[] = {"savedsearches", "macros", "transforms", "collections"};
  std::string stem = lower(file_stem(path));
  if (std::find(std::begin(kNames), std::end(kNames), stem) == std::end(kNames)) return false;
  for (TextLine line : split_lines(text))
    if (trim(text.substr(line.begin, line.end - line.begin)).starts_with('[')) return true;
  return false;
}

bool is_licence_name(std::string_view path) {
  std::string stem = lower(file_stem(path));
  return stem.find("license") != std::string::npos || stem.find("licence") != std::string::npos ||
         stem.find("notice") != std::string::npos || stem == "copying";
}

}  // namespace

bool looks_like_kql(std::string_view text) {
  static constexpr std::array<std::string_view, 24> kOperators = {
      "where",    "extend",   "project", "project-away", "project-rename", "project-reorder",
      "summarize", "join",    "union",   "lookup",       "take",           "limit",
      "top",      "sort",     "order",   "distinct",     "count",          "mv-expand",
      "parse",    "evaluate", "invoke",  "render",       "make-series",    "filter"};
  std::vector<kql::Token> tokens = kql::tokenize(text);
  if (tokens.size() > 3 && kql::is_word(text, tokens[0], "let") && tokens[1].kind == kql::TokenKind::Identifier &&
      tokens[2].kind == kql::TokenKind::Assign)
    return true;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].kind != kql::TokenKind::Pipe) continue;
    for (std::string_view op : kOperators)
      if (kql::is_word(text, tokens[i + 1], op)) return true;
  }
  return false;
}

DetectedFormat detect_format(std::string_view path, std::string_view text) {
  if (is_blank(text)) return {FileFormat::empty, "empty", ""};
  std::string extension = file_extension(path);
  if (extension == ".toml") {
    if (has_toml_table(text, "[rule]") || has_toml_table(text, "[hunt]"))
      return {FileFormat::elastic_toml, "elastic-toml", "elastic"};
    return {FileFormat::support_file, "toml", ""};
  }
  if (extension == ".yaml" || extension == ".yml") return yaml_file_format(text);
  if (extension == ".conf" && is_splunk_app_conf(path, text)) return {FileFormat::splunk_conf, "splunk-conf", "splunk"};
  if (extension == ".yaral" || looks_like_yara_l(text))
    return {FileFormat::chronicle_yaral, "chronicle-yara-l", "chronicle"};
  if (extension == ".md" || extension == ".markdown") return markdown_format(text);
  if (extension == ".kql" || extension == ".csl") return kql_text_format(path);
  if (extension == ".json" || extension == ".ndjson") return json_format(path, text);
  if (extension == ".bicep" || extension == ".bicepparam") return bicep_format(path, text);
  if (extension == ".csv" || extension == ".tsv") return {FileFormat::support_file, "data", ""};
  if (is_licence_name(path)) return {FileFormat::support_file, "license", ""};
  // Query pages saved without an extension: Markdown with a heading or a fence holding KQL.
  if (extension.empty() && (text.starts_with("# ") || text.find("\n# ") != std::string_view::npos ||
                            text.find("```") != std::string_view::npos)) {
    DetectedFormat markdown = markdown_format(text);
    if (markdown.format == FileFormat::kql_markdown) return markdown;
  }
  if (looks_like_kql(text)) return kql_text_format(path);
  // Extensionless YAML rules exist in some repositories.
  DetectedFormat yaml = yaml_format(scan_top_level_keys(text));
  if (yaml.format != FileFormat::support_file) return yaml;
  return {FileFormat::support_file, "text", ""};
}

}  // namespace ruledex::readers
