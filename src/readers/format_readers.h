#pragma once
// One reader per rule file format, behind read_rule_file() (rule_reader.h),
// which picks one with detect_format() (format_detection.h).

#include <string_view>
#include <vector>

#include "base/source_text.h"
#include "readers/query_splitter.h"
#include "readers/rule_reader.h"

namespace ruledex::readers {

ReadResult read_sentinel_yaml(std::string_view path, std::string_view text);
ReadResult read_kql_markdown(std::string_view path, std::string_view text);
// Bare KQL: advanced hunting files are split into queries; a Sentinel parser
// is one function body.
ReadResult read_kql_text(std::string_view path, std::string_view text);
ReadResult read_sentinel_parser(std::string_view path, std::string_view text);
// Sigma YAML (sigma_yaml_reader.cpp): one rule per document; the query is the
// document's YAML text, which the Sigma front end parses.
ReadResult read_sigma_yaml(std::string_view path, std::string_view text);
// Splunk ESCU detection YAML (splunk_yaml_reader.cpp): the query is the `search`.
ReadResult read_splunk_yaml(std::string_view path, std::string_view text);
// Splunk app .conf files (splunk_conf_reader.cpp): savedsearches.conf searches
// are rules, macros.conf macros and transforms.conf / collections.conf lookups
// are items; a default/ file is read with its app's local/ settings over it.
ReadResult read_splunk_conf(std::string_view path, std::string_view text);
// Splunk security_content stories, macros and lookups (splunk_item_reader.cpp):
// one repository item; `format` is "splunk-story", "splunk-macro" or "splunk-lookup".
ReadResult read_splunk_item(std::string_view path, std::string_view text, std::string_view format);
// Sentinel alert rules in ARM templates (JSONC), REST bodies and solution
// packages (sentinel_arm_reader.cpp): one rule per alert-rule resource.
ReadResult read_sentinel_arm(std::string_view path, std::string_view text);
// Sentinel alert rules declared in Bicep (sentinel_bicep_reader.cpp): one rule
// per alert-rule resource declaration.
ReadResult read_sentinel_bicep(std::string_view path, std::string_view text);
// Defender XDR custom detections, the Graph `detectionRule` body in JSON or
// YAML (defender_detection_reader.cpp).
ReadResult read_defender_detection(std::string_view path, std::string_view text, bool json);
// Formats without a front end yet: one rule with what the file says cheaply.
ReadResult read_elastic_toml(std::string_view path, std::string_view text);
ReadResult read_chronicle_yaral(std::string_view path, std::string_view text);
// Kibana rule exports (NDJSON) and detection-engine API JSON (elastic_json_reader.cpp).
ReadResult read_kibana_ndjson(std::string_view path, std::string_view text);
ReadResult read_elastic_json(std::string_view path, std::string_view text);
// SecOps Rules API JSON (secops_json_reader.cpp); rule configs are in chronicle_rules.h.
ReadResult read_secops_json(std::string_view path, std::string_view text);

// Appends one rule per query of text[block.begin, block.end), each a copy of
// `base` with its query text, position and the comment lines heading it.
void append_queries(const Rule& base, std::string_view text, QuerySpan block, const LineIndex& lines,
                    std::vector<Rule>& rules);
// Numbers the queries of one file; a file with one query keeps the whole file
// as the rule's raw body, several queries keep their own text.
void finish_queries(std::vector<Rule>& rules, std::string_view text);

}  // namespace ruledex::readers
