// The Splunk apps of the shared deployment corpus (corpus-deploy/splunk-conf)
// through the .conf reader and the SPL front end, and the ESCU app's searches
// against the same detections in the security_content YAML of the shared corpus.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include "analysis/analyzer.h"
#include "base/source_text.h"
#include "spl/conf_file.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

const fs::path kApps = fs::path(RULEDEX_SHARED_DIR) / "corpus-deploy/splunk-conf";

bool has_error(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics)
    if (d.severity == Severity::error) return true;
  return false;
}

// Every app folder (the folder holding default/savedsearches.conf).
std::vector<fs::path> app_folders() {
  std::vector<fs::path> apps;
  for (const auto& entry : fs::recursive_directory_iterator(kApps))
    if (entry.path().filename() == "savedsearches.conf" && entry.path().parent_path().filename() == "default")
      apps.push_back(entry.path().parent_path().parent_path());
  std::sort(apps.begin(), apps.end());
  return apps;
}

TEST(SplunkAppCorpus, EveryAppReads) {
  if (!fs::is_directory(kApps)) GTEST_SKIP() << "no corpus at " << kApps;
  size_t total_rules = 0, total_clean = 0;
  for (const fs::path& app : app_folders()) {
    const fs::path file = app / "default" / "savedsearches.conf";
    spl::ConfFile conf = spl::parse_conf(decode_text(read_file_bytes(file)).text);
    size_t stanzas = 0, searches = 0;
    for (const spl::ConfStanza& stanza : conf.stanzas) {
      stanzas += stanza.name != "default";
      searches += stanza.name != "default" && stanza.find("search");
    }
    EXPECT_TRUE(conf.problems.empty()) << file << ": " << conf.problems.size() << " problems";
    FileAnalysis analysis = analyze_file(file);
    // Only the per-file cap may speak for the file (seynur calls 184 ESCU macros it does not define).
    for (const Diagnostic& d : analysis.diagnostics)
      EXPECT_TRUE(d.message.starts_with("... and ")) << file << ": " << d.message;
    EXPECT_EQ(analysis.rules.size(), searches) << file;
    size_t clean = 0;
    for (const Rule& rule : analysis.rules) {
      if (!has_error(rule.diagnostics)) {
        ++clean;
        continue;
      }
      for (const Diagnostic& d : rule.diagnostics)
        if (d.severity == Severity::error)
          std::cout << "    invalid: [" << rule.name << "] " << d.line << ":" << d.column << " " << d.message << "\n";
    }
    std::cout << app.lexically_relative(kApps).generic_string() << ": stanzas " << stanzas << ", rules "
              << analysis.rules.size() << ", clean " << clean << "\n";
    total_rules += analysis.rules.size();
    total_clean += clean;
    // The app's other .conf files read without a problem (a collections.conf
    // whose collections all have a transforms.conf lookup adds no item).
    for (const char* name : {"macros.conf", "transforms.conf", "collections.conf"})
      if (fs::exists(app / "default" / name)) {
        FileAnalysis other = analyze_file(app / "default" / name);
        EXPECT_TRUE(other.diagnostics.empty()) << app / "default" / name;
        EXPECT_TRUE(name == std::string_view("collections.conf") || !other.items.empty()) << app / "default" / name;
      }
  }
  std::cout << "splunk apps: rules " << total_rules << ", clean " << total_clean << "\n";
  EXPECT_GE(total_rules, 1100u);
  EXPECT_GE(total_clean * 100, total_rules * 97);
}

std::string squeezed(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool blank = c == ' ' || c == '\t' || c == '\n';
    if (blank && (out.empty() || out.back() == ' ')) continue;
    out += blank ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string expanded(const Rule& rule) {
  for (const auto& [key, value] : rule.metadata)
    if (key == kExpandedQueryKey) return squeezed(value);
  return squeezed(rule.query);
}

std::vector<std::string> stage_kinds(const Rule& rule) {
  std::vector<std::string> kinds;
  for (const Stage& stage : rule.stages) kinds.push_back(stage.kind + "x" + std::to_string(stage.steps));
  return kinds;
}

using Indicator = std::tuple<std::string, int, std::vector<std::string>, bool>;
std::set<Indicator> indicators(const Rule& rule) {
  std::set<Indicator> out;
  for (const Predicate& p : rule.predicates)
    if (p.indicator) out.insert({p.field, static_cast<int>(p.op), p.values, p.negated});
  return out;
}

// ESCU's app is generated from security_content (an older commit than the
// shared corpus): a search that is the same text, macros expanded, on both
// sides must give the same stages and indicators.
TEST(SplunkAppCorpus, EscuSearchesEqualTheirYamlDetections) {
  const fs::path escu = kApps / "splunk__security_content/dist/escu/default/savedsearches.conf";
  const fs::path yaml = fs::path(RULEDEX_SHARED_DIR) / "corpus/splunk/detections";
  if (!fs::exists(escu) || !fs::is_directory(yaml)) GTEST_SKIP() << "no corpus at " << escu << " or " << yaml;
  std::map<std::string, Rule> by_name;
  for (const fs::path& file : collect_files({yaml}))
    for (Rule& rule : analyze_file(file).rules) by_name.emplace(rule.name, std::move(rule));
  size_t pairs = 0, same_search = 0, equal = 0;
  for (const Rule& app_rule : analyze_file(escu).rules) {
    std::string name = app_rule.name;
    if (name.starts_with("ESCU - ")) name.erase(0, 7);
    if (name.ends_with(" - Rule")) name.resize(name.size() - 7);
    auto it = by_name.find(name);
    if (it == by_name.end()) continue;
    ++pairs;
    const Rule& yaml_rule = it->second;
    if (expanded(app_rule) != expanded(yaml_rule)) continue;  // changed upstream since the app was generated
    ++same_search;
    bool same = stage_kinds(app_rule) == stage_kinds(yaml_rule) && indicators(app_rule) == indicators(yaml_rule) &&
                has_error(app_rule.diagnostics) == has_error(yaml_rule.diagnostics);
    equal += same;
    EXPECT_TRUE(same) << name;
  }
  std::cout << "escu pairs: " << pairs << ", same search: " << same_search << ", equal analysis: " << equal << "\n";
  EXPECT_GE(pairs, 100u);
  EXPECT_GE(same_search, 10u);
}

}  // namespace
}  // namespace ruledex
