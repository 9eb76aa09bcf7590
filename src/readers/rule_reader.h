#pragma once
// Rule readers: a rule file's text -> rule documents (metadata, query text and
// where it sits in the file). No query parsing here.

#include <string>
#include <string_view>
#include <vector>

#include "model/rule.h"

namespace ruledex {

struct ReadResult {
  bool recognised = false;               // false: not a rule file this project reads
  // What the file was recognised as: "sentinel-yaml", "kql-markdown", "kql-text",
  // "sentinel-parser", "sigma-yaml", "elastic-toml", "kibana-ndjson",
  // "elastic-json", "splunk-yaml", "chronicle-yara-l", "secops-json", or for
  // files that are not rules "splunk-macro", "splunk-lookup", "splunk-story",
  // "chronicle-rule-config", "markdown", "text", "yaml", "data", "empty", ...
  std::string format;
  std::string platform;                  // when known, also for files that are not rules
  std::vector<Rule> rules = {};          // one per query; metadata filled, analysis empty
  std::vector<RepositoryItem> items = {};  // what a file holding no rule defines (a story, macro, lookup)
  std::vector<Diagnostic> diagnostics = {};  // file-level problems (bad YAML, repaired bytes)
};

// Reads one file whose decoded text is `text` (see base/source_text.h);
// `path` is used for format detection by content and location and for
// diagnostics. Never throws on bad input.
ReadResult read_rule_file(std::string_view path, std::string_view text);

}  // namespace ruledex
