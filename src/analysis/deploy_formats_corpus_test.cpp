// Kibana exports, Elastic API JSON and SecOps API JSON / rule configs over the
// shared deployment samples (../shared/corpus-deploy): every file reads, rules
// parse clean but for the few listed here with the reason, and a rule found
// both there and in the content-repo corpus (Elastic by rule_id, Chronicle by
// YARA-L rule name) is analysed the same both ways.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>
#include <set>

#include "analysis/analyzer.h"
#include "base/source_text.h"
#include "model/predicate_text.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = fs::path(RULEDEX_SHARED_DIR);
const fs::path kDeploy = kShared / "corpus-deploy";

#define SKIP_WITHOUT(folder) \
  if (!fs::is_directory(folder)) GTEST_SKIP() << "no samples at " << (folder) << " (RULEDEX_SHARED_DIR)"

// Rules that are not clean for a reason of their own, by file name and rule name.
const std::map<std::string, std::string> kNotClean = {
    {"rules_digital_twin.ndjson/ITH - Uncharacteristic Login (High Profile Deviation)",
     "a Kibana .es-query alerting rule: its query is Elasticsearch query DSL, which has no front end"},
    {"rule_ndjson_examples.ndjson/CDE - PowerShell Encoded Command",
     "invalid kuery: `*\"-enc\"*` puts wildcards around a quoted phrase (Kibana's grammar has no such value)"},
};

// A YARA-L rule's own name (after `rule`): its meta may give another as rule_name.
std::string yaral_name(const Rule& rule) {
  for (const auto& [key, value] : rule.metadata)
    if (key == "rule") return value;
  return rule.name;
}

bool is_licence(const fs::path& path) { return path.filename().string().find("LICENSE") != std::string::npos ||
                                               path.filename().string().find("License") != std::string::npos; }

std::vector<FileAnalysis> analyse_folder(const fs::path& folder) {
  std::vector<FileAnalysis> out;
  for (const fs::path& file : collect_files({folder}))
    if (!is_licence(file)) out.push_back(analyze_file(file));
  return out;
}

// An error, or a query that no front end reads.
bool has_problem(const Rule& rule) {
  return std::any_of(rule.diagnostics.begin(), rule.diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Severity::error || d.message.starts_with("no front end");
  });
}

std::string where(const FileAnalysis& file) { return fs::relative(file.path, kDeploy).generic_string(); }

TEST(DeployFormatsCorpus, EveryKibanaAndElasticJsonFileReads) {
  SKIP_WITHOUT(kDeploy / "kibana-ndjson");
  std::map<std::string, std::pair<int, int>> per_folder;  // rules, clean
  for (const FileAnalysis& file : analyse_folder(kDeploy / "kibana-ndjson")) {
    EXPECT_TRUE(file.recognised) << where(file) << " read as " << file.format;
    EXPECT_FALSE(file.rules.empty()) << where(file);
    for (const Diagnostic& d : file.diagnostics) ADD_FAILURE() << where(file) << ":" << d.line << ": " << d.message;
    std::string folder = where(file).substr(0, where(file).find('/', where(file).find('/') + 1));
    for (const Rule& rule : file.rules) {
      EXPECT_EQ(rule.platform, "elastic");
      EXPECT_FALSE(rule.name.empty()) << where(file);
      per_folder[folder].first++;
      std::string key = file.path.filename().string() + "/" + rule.name;
      if (!has_problem(rule)) {
        per_folder[folder].second++;
        EXPECT_FALSE(kNotClean.contains(key)) << key << " is clean now";
        continue;
      }
      EXPECT_TRUE(kNotClean.contains(key)) << key << ": " << rule.diagnostics.at(0).message;
    }
  }
  for (const auto& [folder, counts] : per_folder)
    std::cout << "[ figures  ] " << folder << ": " << counts.first << " rules, " << counts.second << " clean\n";
}

TEST(DeployFormatsCorpus, EverySecopsFileReads) {
  SKIP_WITHOUT(kDeploy / "secops-json");
  std::map<std::string, int> formats;
  int rules = 0;
  for (const FileAnalysis& file : analyse_folder(kDeploy / "secops-json")) {
    formats[file.format]++;
    std::string name = file.path.filename().string();
    if (file.format == "chronicle-rule-config") {
      // The content manager's test configs hold a repeated key and an entry without its rule file.
      bool expected = name.find("duplicate") != std::string::npos || name.find("missing") != std::string::npos;
      EXPECT_EQ(!file.diagnostics.empty(), expected) << where(file);
      continue;
    }
    for (const Diagnostic& d : file.diagnostics) ADD_FAILURE() << where(file) << ":" << d.line << ": " << d.message;
    if (file.path.extension() == ".yaral" || file.format == "secops-json") {
      EXPECT_FALSE(file.rules.empty()) << where(file);
    }
    for (const Rule& rule : file.rules) {
      ++rules;
      EXPECT_EQ(rule.language, "yara-l");
      EXPECT_FALSE(has_problem(rule)) << where(file) << " " << rule.name << ": " << rule.diagnostics.at(0).message;
    }
  }
  EXPECT_EQ(formats["secops-json"], 1);
  EXPECT_GE(formats["chronicle-rule-config"], 5);
  std::cout << "[ figures  ] secops-json: " << rules << " rules;";
  for (const auto& [format, count] : formats) std::cout << " " << format << " " << count;
  std::cout << "\n";
}

TEST(DeployFormatsCorpus, RuleConfigsApplyToTheRulesBesideThem) {
  SKIP_WITHOUT(kDeploy / "secops-json");
  FileAnalysis file = analyze_file(kDeploy / "secops-json/GoogleCloudPlatform__secops-toolkit/pipelines/"
                                             "detection-as-code/rules/network_traffic_to_specific_country.yaral");
  ASSERT_EQ(file.rules.size(), 1u);
  std::map<std::string, std::string> metadata(file.rules[0].metadata.begin(), file.rules[0].metadata.end());
  EXPECT_EQ(metadata["run_frequency"], "DAILY");
  EXPECT_EQ(metadata["enabled"], "true");
}

// The analysis without file positions: a rule's query sits elsewhere in each format.
struct Analysis {
  std::vector<std::string> stages, predicates, outputs;
  bool operator==(const Analysis&) const = default;
};

Analysis analysis_of(const Rule& rule) {
  Analysis out;
  for (const Stage& s : rule.stages) out.stages.push_back(s.kind + "x" + std::to_string(s.steps));
  for (const Predicate& p : rule.predicates) out.predicates.push_back(predicate_text(p));
  for (const OutputField& f : rule.output_fields)
    out.outputs.push_back(f.name + "@" + f.stage + "#" + std::to_string(f.stage_index) + ":" + f.all_columns_of + ":" +
                          f.role);
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += "\n  " + line;
  return out;
}

// YARA-L without comments, blank space and its meta section: two copies of a
// rule that only differ there are one revision of it.
std::string yaral_logic(const std::string& text) {
  static const std::regex comments(R"(/\*[\s\S]*?\*/|//[^\n]*)");
  static const std::regex meta(R"(meta:[\s\S]*?(events:))");
  static const std::regex blanks(R"(\s+)");
  std::string logic = std::regex_replace(text, comments, "");
  logic = std::regex_replace(logic, meta, "$1");
  return std::regex_replace(logic, blanks, "");
}

struct Pair {
  const Rule* deployed;
  const Rule* content;
};

int compare_pairs(const std::vector<Pair>& pairs, bool yara_l) {
  int compared = 0;
  for (const Pair& pair : pairs) {
    bool same_revision = yara_l ? yaral_logic(pair.deployed->query) == yaral_logic(pair.content->query)
                                : pair.deployed->query == pair.content->query;
    if (!same_revision) {
      std::cout << "[ revised  ] " << pair.deployed->file << " and " << pair.content->file << " differ in their query\n";
      continue;
    }
    ++compared;
    Analysis deployed = analysis_of(*pair.deployed), content = analysis_of(*pair.content);
    EXPECT_EQ(deployed.stages, content.stages) << pair.deployed->file << " vs " << pair.content->file;
    EXPECT_EQ(deployed.predicates, content.predicates)
        << pair.deployed->file << joined(deployed.predicates) << "\nvs " << pair.content->file << joined(content.predicates);
    EXPECT_EQ(deployed.outputs, content.outputs)
        << pair.deployed->file << joined(deployed.outputs) << "\nvs " << pair.content->file << joined(content.outputs);
  }
  return compared;
}

std::vector<FileAnalysis> analyse_matching(const fs::path& folder, const std::set<std::string>& needles) {
  std::vector<FileAnalysis> out;
  for (const fs::path& file : collect_files({folder})) {
    std::string ext = file.extension().string();
    if (ext != ".toml" && ext != ".yaral") continue;
    std::string bytes = read_file_bytes(file);
    if (std::none_of(needles.begin(), needles.end(), [&](const std::string& n) { return bytes.find(n) != std::string::npos; }))
      continue;  // cheaper than analysing every file of the corpus
    FileAnalysis analysis = analyze_text(file, bytes);
    for (const Rule& rule : analysis.rules)
      if (needles.contains(rule.id) || needles.contains(yaral_name(rule))) {
        out.push_back(std::move(analysis));
        break;
      }
  }
  return out;
}

TEST(DeployFormatsCorpus, SameElasticRuleInTomlAndJsonAnalysesTheSame) {
  SKIP_WITHOUT(kDeploy / "kibana-ndjson");
  SKIP_WITHOUT(kShared / "corpus/elastic");
  std::vector<FileAnalysis> deployed = analyse_folder(kDeploy / "kibana-ndjson");
  std::set<std::string> ids;
  for (const FileAnalysis& file : deployed)
    for (const Rule& rule : file.rules) ids.insert(rule.id);
  std::vector<FileAnalysis> content = analyse_matching(kShared / "corpus/elastic", ids);
  std::vector<Pair> pairs;
  for (const FileAnalysis& file : deployed)
    for (const Rule& rule : file.rules)
      for (const FileAnalysis& other : content)
        for (const Rule& toml : other.rules)
          if (toml.id == rule.id) pairs.push_back({&rule, &toml});
  int compared = compare_pairs(pairs, false);
  std::cout << "[ figures  ] elastic pairs: " << pairs.size() << " found, " << compared << " compared\n";
  EXPECT_GT(compared, 0);
}

TEST(DeployFormatsCorpus, SameChronicleRuleInApiJsonAndYaralAnalysesTheSame) {
  SKIP_WITHOUT(kDeploy / "secops-json");
  SKIP_WITHOUT(kShared / "corpus/chronicle");
  std::vector<FileAnalysis> deployed = analyse_folder(kDeploy / "secops-json");
  std::set<std::string> names;
  for (const FileAnalysis& file : deployed)
    for (const Rule& rule : file.rules) names.insert(yaral_name(rule));
  std::vector<FileAnalysis> content = analyse_matching(kShared / "corpus/chronicle", names);
  std::vector<Pair> pairs;
  for (const FileAnalysis& file : deployed)
    for (const Rule& rule : file.rules)
      for (const FileAnalysis& other : content)
        for (const Rule& yaral : other.rules)
          if (yaral_name(yaral) == yaral_name(rule)) pairs.push_back({&rule, &yaral});
  int compared = compare_pairs(pairs, true);
  std::cout << "[ figures  ] chronicle pairs: " << pairs.size() << " found, " << compared << " compared\n";
  EXPECT_GT(compared, 0);
}

}  // namespace
}  // namespace ruledex
