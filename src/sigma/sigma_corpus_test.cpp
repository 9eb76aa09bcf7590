// The whole Sigma path over the shared corpus: every rule reads and parses,
// except the few that are not Sigma at all (pseudo-code conditions kept in
// the corpus's `unsupported` folder).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "analysis/analyzer.h"
#include "model/logic_check.h"

namespace ruledex {
namespace {

const std::filesystem::path kSigma = std::filesystem::path(RULEDEX_SHARED_DIR) / "corpus/sigma";

// Conditions written as pseudo-code (`write X from ... -> alert`,
// `count(x) per y per z > 200`): no Sigma parser accepts them.
const std::set<std::string> kInvalidSigma = {
    "net_dns_high_subdomain_rate.yml",
    "sysmon_always_install_elevated_parent_child_correlated.yml",
    "win_dumping_ntdsdit_via_dcsync.yml",
    "win_dumping_ntdsdit_via_netsync.yml",
};

TEST(SigmaCorpus, EveryRuleParsesExceptInvalidSigma) {
  if (!std::filesystem::is_directory(kSigma)) GTEST_SKIP() << "the shared Sigma corpus is absent: " << kSigma;
  size_t files = 0, rules = 0;
  std::set<std::string> failed;
  for (const std::filesystem::path& path : collect_files({kSigma})) {
    FileAnalysis analysis = analyze_file(path);
    ++files;
    EXPECT_EQ(analysis.format, "sigma-yaml") << path;
    for (const Rule& rule : analysis.rules) {
      ++rules;
      for (const Predicate& predicate : rule.predicates)
        EXPECT_LE(predicate.range.end, rule.query.size()) << path;
      for (const Diagnostic& diagnostic : rule.diagnostics)
        if (diagnostic.severity == Severity::error) failed.insert(path.filename().string());
    }
  }
  EXPECT_GT(files, 3000u);
  EXPECT_GE(rules, files);
  EXPECT_EQ(failed, kInvalidSigma);
}

// Every rule that parses has a logic over every predicate it has: the only
// predicates no tree reaches are the thresholds of legacy aggregations and of
// correlations (stage `condition` / `correlation`), which the condition's
// count leaves express.
TEST(SigmaCorpus, EveryParsedRuleHasLogicOverItsPredicates) {
  if (!std::filesystem::is_directory(kSigma)) GTEST_SKIP() << "the shared Sigma corpus is absent: " << kSigma;
  size_t rules = 0, with_logic = 0, selections = 0, predicates = 0, thresholds = 0;
  std::map<std::string, size_t> shapes, opaque;
  for (const std::filesystem::path& path : collect_files({kSigma})) {
    for (const Rule& rule : analyze_file(path).rules) {
      bool failed = std::any_of(rule.diagnostics.begin(), rule.diagnostics.end(),
                                [](const Diagnostic& d) { return d.severity == Severity::error; });
      if (failed) continue;
      ++rules;
      const RuleLogic& logic = rule.logic;
      EXPECT_FALSE(logic.selections.empty()) << path;
      if (logic.selections.empty()) continue;
      ++with_logic;
      selections += logic.selections.size();
      ++shapes[std::string(to_string(logic.shape))];
      LogicCheck check = check_logic(rule);
      EXPECT_EQ(check.problem, "") << path;
      for (const LogicNode& node : logic.nodes)
        if (node.kind == LogicKind::opaque) ++opaque[node.reason];
      for (size_t i = 0; i < rule.predicates.size(); ++i) {
        ++predicates;
        if (check.reached[i]) continue;
        const std::string& stage = rule.stages.at(rule.predicates[i].stage).kind;
        EXPECT_TRUE(stage == "condition" || stage == "correlation") << path << ": predicate " << i << " unreached";
        ++thresholds;
      }
    }
  }
  std::cout << "Sigma logic: " << rules << " rules parsed, " << with_logic << " with logic, " << selections
            << " selections, " << predicates << " predicates (" << thresholds << " thresholds in count leaves)\n";
  for (const auto& [shape, n] : shapes) std::cout << "  shape " << shape << ": " << n << "\n";
  for (const auto& [reason, n] : opaque) std::cout << "  opaque (" << reason << "): " << n << "\n";
  EXPECT_EQ(with_logic, rules);
}

TEST(SigmaCorpus, TruffleHogRuleHasTheEventNameIndicator) {
  std::filesystem::path path = kSigma / "rules/cloud/aws/cloudtrail/aws_sts_getcalleridentity_trufflehog.yml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "the shared Sigma corpus is absent: " << path;
  FileAnalysis analysis = analyze_file(path);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  bool found = false;
  for (const Predicate& p : rule.predicates)
    found |= p.indicator && p.field == "eventName" && p.op == Op::eq && !p.negated &&
             p.values == std::vector<std::string>{"GetCallerIdentity"};
  EXPECT_TRUE(found);
  EXPECT_EQ(rule.data_sources, std::vector<std::string>{"aws/cloudtrail"});
  ASSERT_EQ(rule.stages.size(), 3u);
  EXPECT_EQ(rule.stages[1].kind, "detection");
  EXPECT_EQ(rule.stages[1].line, 20u);
}

}  // namespace
}  // namespace ruledex
