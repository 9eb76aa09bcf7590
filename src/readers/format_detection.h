#pragma once
// Which kind of rule file a file is, from its content first and its location
// second (extension; a Sentinel "Parsers" folder), never from a list of
// repository folder names.

#include <string>
#include <string_view>

namespace ruledex::readers {

enum class FileFormat {
  sentinel_yaml,    // analytic rule or hunting query: YAML with `query:` and Sentinel keys
  sentinel_parser,  // a KQL function body in a Sentinel Parsers folder
  kql_markdown,     // Markdown with fenced KQL (Defender advanced hunting)
  kql_text,         // bare KQL text, possibly several queries (Defender advanced hunting)
  sigma_yaml,
  elastic_toml,
  splunk_yaml,
  splunk_conf,      // a Splunk app's savedsearches / macros / transforms / collections .conf
  chronicle_yaral,
  kibana_ndjson,     // a Kibana rule export: one JSON object a line
  elastic_json,      // detection-engine API JSON: a rule, an array of rules, saved objects
  secops_json,       // SecOps / Chronicle Rules API JSON (YARA-L in `text`)
  chronicle_rule_config,  // a SecOps pipeline's rule config (YAML keyed by rule name)
  sentinel_arm,        // ARM template, REST body or solution package with alert-rule resources (JSON)
  sentinel_bicep,      // Bicep declaring alert-rule resources
  defender_detection,  // Graph detectionRule body (JSON or YAML)
  repository_item,  // holds no rule but an item rules name: a Splunk story, macro or lookup
  support_file,     // belongs to a rule repository but holds no rule
  empty,
};

struct DetectedFormat {
  FileFormat format = FileFormat::support_file;
  std::string name;      // ReadResult::format: "sentinel-yaml", "splunk-macro", "license", ...
  std::string platform;  // empty when unknown
};

DetectedFormat detect_format(std::string_view path, std::string_view text);

// Evidence that a text is KQL: a `|` followed by a tabular operator, or a
// leading `let` statement. Uses the KQL lexer, so strings and comments never count.
bool looks_like_kql(std::string_view text);

}  // namespace ruledex::readers
