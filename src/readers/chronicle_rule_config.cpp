// Rule configs of SecOps pipelines: `<rule name>: {enabled, alerting,
// archived, run_frequency, ...}`, one entry per rule of the rules/ folder
// beside the config.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "base/source_text.h"
#include "base/text_structure.h"
#include "readers/chronicle_rules.h"
#include "readers/reader_support.h"
#include "readers/yaml_values.h"

namespace ruledex::readers {
namespace {

namespace fs = std::filesystem;

// What an entry says about the rule's deployment; the rest (ids, resource
// names, timestamps) is the pipeline's own bookkeeping.
constexpr std::string_view kSettings[] = {"enabled", "alerting", "archived", "run_frequency"};
constexpr std::string_view kConfigNames[] = {"rule_config.yaml", "secops_rules.yaml"};

uint32_t line_of(const YAML::Node& node) { return static_cast<uint32_t>(std::max(node.Mark().line, 0) + 1); }

// The keys of the lines indented under top-level keys.
std::vector<std::string> second_level_keys(std::string_view text) {
  std::vector<std::string> keys;
  for (TextLine line : split_lines(text)) {
    std::string_view s = text.substr(line.begin, line.end - line.begin);
    if (s.empty() || (s[0] != ' ' && s[0] != '\t')) continue;
    s = trim(s);
    size_t colon = s.find(':');
    if (colon == std::string_view::npos || s.starts_with('#') || s.starts_with('-')) continue;
    keys.emplace_back(s.substr(0, colon));
  }
  return keys;
}

class ConfigCache {
 public:
  std::shared_ptr<const RuleConfig> for_rule_file(const fs::path& rule_file) {
    fs::path folder = rule_file.parent_path();
    for (int level = 0; level < 2 && !folder.empty(); ++level, folder = folder.parent_path()) {
      for (std::string_view name : kConfigNames) {
        std::error_code error;
        fs::path config = folder / name;
        if (fs::is_regular_file(config, error)) return load(config);
      }
      if (folder == folder.parent_path()) break;
    }
    return nullptr;
  }

 private:
  std::shared_ptr<const RuleConfig> load(const fs::path& config) {
    std::lock_guard lock(mutex_);
    std::shared_ptr<const RuleConfig>& cached = cache_[config];
    if (!cached) {
      RuleConfig parsed;
      try {
        parsed = parse_rule_config(config.generic_string(), decode_text(read_file_bytes(config)).text);
      } catch (const std::exception&) {
        // An unreadable config configures nothing; reading it as a file reports why.
      }
      cached = std::make_shared<const RuleConfig>(std::move(parsed));
    }
    return cached;
  }

  std::mutex mutex_;
  std::map<fs::path, std::shared_ptr<const RuleConfig>> cache_;
};

}  // namespace

RuleConfig parse_rule_config(std::string_view path, std::string_view text) {
  RuleConfig config;
  // Duplicate rule names are this reader's own check (below), so the structure
  // check alone stands before yaml-cpp, not load_yaml's duplicate-key rule.
  if (std::optional<TextProblem> problem = check_structure(text, Notation::yaml)) {
    config.diagnostics.push_back({Severity::error, "invalid YAML: " + problem->message, std::string(path),
                                  problem->line, problem->column});
    return config;
  }
  try {
    YAML::Node doc = YAML::Load(std::string(text));
    if (!doc.IsMap()) return config;
    std::map<std::string, uint32_t> first_line;
    for (const auto& entry : doc) {
      RuleConfigEntry read{entry.first.Scalar(), line_of(entry.first), {}};
      auto [seen, added] = first_line.emplace(read.rule_name, read.line);
      if (!added) {
        config.diagnostics.push_back({Severity::error,
                                      "rule '" + read.rule_name + "' is configured twice (first at line " +
                                          std::to_string(seen->second) + "); the first entry applies",
                                      std::string(path), read.line, 1});
        continue;
      }
      if (entry.second.IsMap())
        for (std::string_view key : kSettings)
          if (std::string value = node_text(entry.second[std::string(key)]); !value.empty())
            read.settings.emplace_back(std::string(key), std::move(value));
      config.entries.push_back(std::move(read));
    }
  } catch (const YAML::Exception& e) {
    config.diagnostics.push_back({Severity::error, "invalid YAML: " + e.msg, std::string(path),
                                  static_cast<uint32_t>(std::max(e.mark.line, 0) + 1),
                                  static_cast<uint32_t>(std::max(e.mark.column, 0) + 1)});
  }
  return config;
}

bool looks_like_rule_config(std::string_view text) {
  std::vector<TopLevelKey> top = scan_top_level_keys(text);
  if (top.empty() || std::any_of(top.begin(), top.end(), [](const TopLevelKey& k) { return !k.value.empty(); }))
    return false;
  std::vector<std::string> keys = second_level_keys(text);
  auto has = [&](std::string_view key) { return std::find(keys.begin(), keys.end(), key) != keys.end(); };
  return !has("query") && !has("text") && (has("run_frequency") || (has("enabled") && has("alerting")));
}

ReadResult read_chronicle_rule_config(std::string_view path, std::string_view text) {
  ReadResult result{.format = "chronicle-rule-config", .platform = "chronicle"};
  RuleConfig config = parse_rule_config(path, text);
  result.diagnostics = std::move(config.diagnostics);
  std::error_code error;
  fs::path rules = fs::path(path).parent_path() / "rules";
  if (!fs::is_directory(rules, error)) return result;  // no rules folder to check against
  for (const RuleConfigEntry& entry : config.entries)
    if (!fs::exists(rules / (entry.rule_name + ".yaral"), error))
      result.diagnostics.push_back({Severity::warning,
                                    "rule '" + entry.rule_name + "' has no rule file rules/" + entry.rule_name + ".yaral",
                                    std::string(path), entry.line, 1});
  return result;
}

void apply_rule_config(Rule& rule) {
  if (rule.file.empty()) return;
  static ConfigCache cache;
  std::shared_ptr<const RuleConfig> config = cache.for_rule_file(rule.file);
  if (!config) return;
  for (const RuleConfigEntry& entry : config->entries)
    if (entry.rule_name == rule.name)
      for (const auto& [key, value] : entry.settings) rule.metadata.emplace_back(key, value);
}

}  // namespace ruledex::readers
