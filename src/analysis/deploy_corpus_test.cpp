// The deployment-format readers over ../shared/corpus-deploy: every file of
// the Sentinel ARM, Bicep and Defender folders reads and its rules parse
// clean, and a rule the shared corpus also has in its content-repo format
// (solution packages repeat the Solutions YAML) gets the same analysis.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "analysis/analyzer.h"
#include "base/source_text.h"
#include "kql/lexer.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = fs::path(RULEDEX_SHARED_DIR);
const fs::path kDeploy = kShared / "corpus-deploy";

#define SKIP_WITHOUT_DEPLOY_CORPUS() \
  if (!fs::is_directory(kDeploy)) GTEST_SKIP() << "no corpus at " << kDeploy << " (RULEDEX_SHARED_DIR)"

std::vector<FileAnalysis> analyse_folder(const fs::path& folder) {
  std::vector<FileAnalysis> out;
  if (!fs::is_directory(folder)) return out;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().filename() != "LICENSE.txt") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) out.push_back(analyze_text(path, read_file_bytes(path)));
  return out;
}

const std::vector<FileAnalysis>& deploy_folder(std::string_view name) {
  static std::map<std::string, std::vector<FileAnalysis>, std::less<>> folders;
  auto found = folders.find(name);
  if (found == folders.end()) found = folders.emplace(std::string(name), analyse_folder(kDeploy / name)).first;
  return found->second;
}

// Files here that are no rules.
bool is_support_file(const fs::path& path) {
  std::string name = path.filename().string();
  return name.ends_with(".parameters.json") || name.ends_with(".bicepparam");
}

TEST(DeployCorpus, EveryFileReadsAndItsRulesParseClean) {
  SKIP_WITHOUT_DEPLOY_CORPUS();
  for (std::string_view folder : {"sentinel-arm", "sentinel-bicep", "defender-json"}) {
    size_t files = 0, rules = 0, without_query = 0;
    for (const FileAnalysis& file : deploy_folder(folder)) {
      ++files;
      if (is_support_file(file.path)) {
        EXPECT_FALSE(file.recognised) << file.path << " read as " << file.format;
        continue;
      }
      EXPECT_TRUE(file.recognised) << file.path << " read as " << file.format;
      EXPECT_FALSE(file.rules.empty()) << file.path;
      for (const Diagnostic& d : file.diagnostics)
        EXPECT_NE(d.severity, Severity::error) << file.path << ":" << d.line << ": " << d.message;
      for (const Rule& rule : file.rules) {
        ++rules;
        if (rule.query.empty()) ++without_query;
        for (const Diagnostic& d : rule.diagnostics)
          EXPECT_NE(d.severity, Severity::error) << file.path << ":" << d.line << ":" << d.column << ": " << rule.name << ": " << d.message;
      }
    }
    std::cout << folder << ": " << files << " files, " << rules << " rules (" << without_query << " of a kind without query)\n";
  }
}

// The analysis that must not depend on the file format.
struct Analysis {
  std::vector<std::string> stages, indicators, outputs;
  bool operator==(const Analysis&) const = default;
};

Analysis analysis_of(const Rule& rule) {
  Analysis out;
  for (const Stage& stage : rule.stages) out.stages.push_back(stage.kind + " x" + std::to_string(stage.steps));
  for (const Predicate& p : rule.predicates) {
    if (!p.indicator) continue;
    std::string text = p.field + " " + std::to_string(static_cast<int>(p.op)) + (p.negated ? " not" : "") +
                       (p.case_sensitive ? " cs" : "");
    for (const std::string& value : p.values) text += " " + value;
    out.indicators.push_back(text);
  }
  for (const OutputField& field : rule.output_fields) out.outputs.push_back(field.name + "@" + field.stage);
  return out;
}

// The query's KQL tokens: comments, blank lines and layout do not count.
std::string query_tokens(std::string_view query) {
  std::string out;
  for (const kql::Token& token : kql::tokenize(query)) out += std::string(query.substr(token.begin, token.end - token.begin)) + " ";
  return out;
}

TEST(DeployCorpus, TheSameRuleFromBothSidesGivesTheSameAnalysis) {
  SKIP_WITHOUT_DEPLOY_CORPUS();
  if (!fs::is_directory(kShared / "corpus")) GTEST_SKIP() << "no content-repo corpus";
  std::map<std::string, std::vector<Rule>> by_id, by_name;
  for (std::string_view folder : {"sentinel", "sentinel-modern"}) {
    for (FileAnalysis& file : analyse_folder(kShared / "corpus" / folder)) {
      for (Rule& rule : file.rules) {
        by_name[rule.name].push_back(rule);
        by_id[rule.id].push_back(std::move(rule));
      }
    }
  }
  size_t pairs = 0, compared = 0;
  for (std::string_view folder : {"sentinel-arm", "sentinel-bicep"}) {
    for (const FileAnalysis& file : deploy_folder(folder)) {
      for (const Rule& rule : file.rules) {
        if (rule.query.empty()) continue;
        const std::vector<Rule>* matches = nullptr;
        if (auto id = by_id.find(rule.id.substr(0, rule.id.find('#'))); id != by_id.end()) matches = &id->second;
        else if (auto name = by_name.find(rule.name.substr(0, rule.name.find(" (query "))); name != by_name.end())
          matches = &name->second;
        if (!matches) continue;
        ++pairs;
        for (const Rule& other : *matches) {
          // The two sides may come from different upstream versions; the
          // same query (up to comments and layout) must give the same analysis.
          if (query_tokens(other.query) != query_tokens(rule.query)) continue;
          ++compared;
          EXPECT_EQ(analysis_of(rule), analysis_of(other)) << rule.file << " " << rule.name << " vs " << other.file;
        }
      }
    }
  }
  std::cout << pairs << " deployed rules also in the content-repo corpus; " << compared
            << " pairs with the same query compared\n";
  // The shared samples' pairs all come from other upstream versions than the
  // corpus YAML (the query changed); Analyzer.TheSameRuleInYamlArmAndBicep...
  // checks the mechanism on one rule written three ways.
}

}  // namespace
}  // namespace ruledex
