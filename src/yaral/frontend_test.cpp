// The YARA-L reader and front end together, through the analysis pipeline,
// on rules written here and on the shared Chronicle corpus.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "model/logic_check.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

const fs::path kChronicle = fs::path(RULEDEX_SHARED_DIR) / "corpus" / "chronicle";

Rule analyze_one(std::string_view text) {
  FileAnalysis analysis = analyze_text("rules/example.yaral", text);
  EXPECT_EQ(analysis.rules.size(), 1u);
  return analysis.rules.empty() ? Rule{} : analysis.rules[0];
}

std::vector<std::string> technique_ids(const Rule& rule) {
  std::vector<std::string> ids;
  for (const Technique& technique : rule.techniques) ids.push_back(technique.id);
  return ids;
}

TEST(YaralFrontEnd, MetadataFromTheMetaSection) {
  Rule rule = analyze_one(R"(/* licence */
rule suspicious_thing {
  meta:
    author = "someone"
    description = "Finds \"things\"."
    rule_id = "mr_1"
    rule_name = "Suspicious Thing"
    severity = "High"
    type = "Alert"
    data_source = "Sysmon"
    mitre_attack_tactic = "Defense Evasion"
    mitre_attack_url = "https://attack.mitre.org/versions/v14/techniques/T1562/001/"
    tactic = "TA0006"
    technique = "T1003.001"
    mitre = "execution, t1204, t1059"
    // commented = "not read"
  events:
    $e.metadata.event_type = "PROCESS_LAUNCH"
  outcome:
    $mitre_attack_technique_id = "T1105"
  condition:
    $e
})");
  EXPECT_EQ(rule.name, "Suspicious Thing");
  EXPECT_EQ(rule.id, "mr_1");
  EXPECT_EQ(rule.description, "Finds \"things\".");
  EXPECT_EQ(rule.severity, "High");
  EXPECT_EQ(rule.kind, "Alert");
  EXPECT_EQ(rule.platform, "chronicle");
  EXPECT_EQ(rule.language, "yara-l");
  EXPECT_EQ(rule.query_line, 1u);
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Defense Evasion", "Credential Access", "Execution"}));
  EXPECT_EQ(technique_ids(rule), (std::vector<std::string>{"T1562.001", "T1003.001", "T1204", "T1059", "T1105"}));
  EXPECT_EQ(rule.data_sources, (std::vector<std::string>{"Sysmon"}));
  for (const auto& [key, value] : rule.metadata) EXPECT_NE(key, "commented");
  EXPECT_TRUE(rule.diagnostics.empty());
}

TEST(YaralFrontEnd, ParseErrorsAtFilePositions) {
  Rule rule = analyze_one("rule r {\n  events:\n    $e.a = \"x\" and\n  condition:\n    $e\n}\n");
  ASSERT_EQ(rule.diagnostics.size(), 1u);
  EXPECT_EQ(rule.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(rule.diagnostics[0].line, 4u);
  EXPECT_EQ(rule.diagnostics[0].column, 3u);
  EXPECT_EQ(rule.diagnostics[0].message, "expected an expression, found 'condition'");
  EXPECT_EQ(rule.name, "r");  // the reader still names the rule
}

TEST(YaralFrontEnd, ExampleRuleFromTheIssue) {
  fs::path file = kChronicle / "rules/community/aws/cloudtrail/aws_account_leaving_or_removed_from_organization.yaral";
  if (!fs::exists(file)) GTEST_SKIP() << "no Chronicle corpus at " << kChronicle << " (RULEDEX_SHARED_DIR)";
  FileAnalysis analysis = analyze_file(file);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  EXPECT_EQ(rule.name, "AWS Account Leaving Or Removed From The Organization");
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Defense Evasion"}));
  EXPECT_EQ(technique_ids(rule), (std::vector<std::string>{"T1562"}));
  EXPECT_EQ(rule.data_sources, (std::vector<std::string>{"AWS CloudTrail", "AMAZON/AWS CloudTrail"}));
  std::vector<std::string> actions;
  for (const Predicate& p : rule.predicates) {
    EXPECT_TRUE(p.indicator);
    if (p.field == "metadata.product_event_type") actions.insert(actions.end(), p.values.begin(), p.values.end());
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"LeaveOrganization", "RemoveAccountFromOrganization"}));
  ASSERT_EQ(rule.output_fields.size(), 14u);
  EXPECT_EQ(rule.output_fields[0].name, "$risk_score");
  EXPECT_EQ(rule.output_fields[0].role, "alerting score");
  for (const OutputField& field : rule.output_fields) EXPECT_EQ(field.stage, "outcome");
}

TEST(YaralFrontEnd, ReferenceListsOfTheRepository) {
  fs::path file = kChronicle / "rules/community/microsoft/windows/hacktool_generic_process_access.yaral";
  if (!fs::exists(file)) GTEST_SKIP() << "no Chronicle corpus at " << kChronicle << " (RULEDEX_SHARED_DIR)";
  Rule rule = analyze_file(file).rules.at(0);
  bool found = false;
  for (const Predicate& p : rule.predicates) {
    if (p.op != Op::regex || p.values.empty() || p.values[0] != "Akagi.exe") continue;
    found = true;
    EXPECT_TRUE(p.indicator);
    EXPECT_FALSE(p.case_sensitive);  // IN regex %hacktool_regex nocase
    EXPECT_EQ(p.field, "principal.process.file.full_path");
  }
  EXPECT_TRUE(found);
}

// Every rule of the corpus parses, except the one that is not valid YARA-L: a
// Sigma `\r` (Esl\readme.txt) became a line break inside a string.
TEST(YaralFrontEnd, WholeCorpusParses) {
  if (!fs::is_directory(kChronicle)) GTEST_SKIP() << "no Chronicle corpus at " << kChronicle << " (RULEDEX_SHARED_DIR)";
  size_t rules = 0, with_indicators = 0;
  std::vector<std::string> failed;
  for (const fs::path& file : collect_files({kChronicle})) {
    if (file.extension() != ".yaral") continue;
    for (const Rule& rule : analyze_file(file).rules) {
      ++rules;
      bool indicator = false;
      for (const Predicate& p : rule.predicates) indicator = indicator || p.indicator;
      with_indicators += indicator;
      for (const Diagnostic& d : rule.diagnostics) {
        if (d.severity != Severity::error) continue;
        failed.push_back(file.filename().string());
        break;
      }
    }
  }
  EXPECT_GT(rules, 800u);
  EXPECT_EQ(failed, (std::vector<std::string>{"paymen45_ransomware.yaral"}));
  EXPECT_GT(with_indicators, rules * 9 / 10);
}

// Every rule that parses has a selection per event variable and a logic over
// its predicates. Predicates no tree reaches: those of the condition section
// (count leaves and opaque leaves express them) and those an opaque leaf over
// the same text stands for (a function the model does not know).
TEST(YaralFrontEnd, EveryParsedRuleHasLogicOverItsPredicates) {
  if (!fs::is_directory(kChronicle)) GTEST_SKIP() << "no Chronicle corpus at " << kChronicle << " (RULEDEX_SHARED_DIR)";
  size_t rules = 0, with_logic = 0, selections = 0, predicates = 0, in_condition = 0, behind_opaque = 0;
  std::map<std::string, size_t> shapes, opaque;
  for (const fs::path& file : collect_files({kChronicle})) {
    if (file.extension() != ".yaral") continue;
    for (const Rule& rule : analyze_file(file).rules) {
      if (std::any_of(rule.diagnostics.begin(), rule.diagnostics.end(),
                      [](const Diagnostic& d) { return d.severity == Severity::error; }))
        continue;
      ++rules;
      const RuleLogic& logic = rule.logic;
      EXPECT_FALSE(logic.selections.empty()) << file;
      if (logic.selections.empty()) continue;
      ++with_logic;
      selections += logic.selections.size();
      ++shapes[std::string(to_string(logic.shape))];
      LogicCheck check = check_logic(rule);
      EXPECT_EQ(check.problem, "") << file;
      for (const LogicNode& node : logic.nodes)
        if (node.kind == LogicKind::opaque) ++opaque[node.reason];
      for (size_t i = 0; i < rule.predicates.size(); ++i) {
        ++predicates;
        if (check.reached[i]) continue;
        const Predicate& p = rule.predicates[i];
        if (rule.stages.at(p.stage).kind == "condition") {
          ++in_condition;
          continue;
        }
        bool covered = std::any_of(logic.nodes.begin(), logic.nodes.end(), [&](const LogicNode& node) {
          return node.kind == LogicKind::opaque && node.range.begin <= p.range.begin && p.range.end <= node.range.end;
        });
        EXPECT_TRUE(covered) << file << ": predicate " << i << " (" << p.field << ") unreached";
        ++behind_opaque;
      }
    }
  }
  std::cout << "YARA-L logic: " << rules << " rules parsed, " << with_logic << " with logic, " << selections
            << " selections, " << predicates << " predicates (" << in_condition << " in the condition, "
            << behind_opaque << " behind opaque leaves)\n";
  for (const auto& [shape, n] : shapes) std::cout << "  shape " << shape << ": " << n << "\n";
  for (const auto& [reason, n] : opaque) std::cout << "  opaque (" << reason << "): " << n << "\n";
  EXPECT_EQ(with_logic, rules);
}

}  // namespace
}  // namespace ruledex
