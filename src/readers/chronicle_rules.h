#pragma once
// Chronicle / Google SecOps rules beyond the .yaral file: the rule model of a
// YARA-L text wherever it is written (a file, the `text` of a Rules API
// object), and the deployment settings of the rule configs that pipelines keep
// beside their rules folder (`rule_config.yaml` of the content manager,
// `secops_rules.yaml` of secops-toolkit), keyed by rule name.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/rule.h"
#include "readers/rule_reader.h"

namespace ruledex::readers {

// A rule from YARA-L text that starts at file line `query_line`: name, id and
// metadata from its meta section, then the settings of its rule config.
Rule read_yaral_rule(std::string_view path, std::string query, uint32_t query_line);

struct RuleConfigEntry {
  std::string rule_name;
  uint32_t line = 0;
  std::vector<std::pair<std::string, std::string>> settings;  // enabled, alerting, archived, run_frequency
};

struct RuleConfig {
  std::vector<RuleConfigEntry> entries;  // the first of repeated keys only
  std::vector<Diagnostic> diagnostics;   // bad YAML, repeated keys
};

RuleConfig parse_rule_config(std::string_view path, std::string_view text);

// A YAML mapping of names to deployment settings (enabled, alerting,
// run_frequency), with no query: a rule config of any file name.
bool looks_like_rule_config(std::string_view text);

// The config file itself: no rule, its problems, and a warning for each entry
// whose rule file (rules/<name>.yaral beside the config) is missing.
ReadResult read_chronicle_rule_config(std::string_view path, std::string_view text);

// Adds the settings of the rule's entry in the rule config beside it: the
// first rule_config.yaml or secops_rules.yaml in the rule file's folder or the
// one above (where pipelines keep it next to rules/). Reads the file system;
// configs are cached for the life of the process, safe from several threads.
void apply_rule_config(Rule& rule);

}  // namespace ruledex::readers
