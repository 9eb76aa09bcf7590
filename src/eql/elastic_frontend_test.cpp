// The Elastic reader with the kuery and EQL front ends, through the analysis
// pipeline: error positions in the rule file, and the shared Elastic corpus.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>

#include "analysis/analyzer.h"
#include "render/logic_outline.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

const fs::path kElastic = fs::path(RULEDEX_SHARED_DIR) / "corpus" / "elastic";

TEST(ElasticFrontEnds, ParseErrorsPointIntoTheTomlFile) {
  // The second query line (file line 8) opens a string it never closes.
  const std::pair<const char*, const char*> cases[] = {{"kuery", "a:x and\n  b:\"open"},
                                                       {"eql", "process where a == 1 and\n  b == \"open"}};
  for (const auto& [language, query] : cases) {
    SCOPED_TRACE(language);
    std::string text = "[rule]\nname = \"x\"\nrule_id = \"1\"\ntype = \"query\"\nlanguage = \"" + std::string(language) +
                       "\"\nquery = '''\n" + query + "\n'''\n";
    FileAnalysis analysis = analyze_text("rules/x.toml", text);
    ASSERT_EQ(analysis.rules.size(), 1u);
    const Rule& rule = analysis.rules[0];
    ASSERT_FALSE(rule.diagnostics.empty());
    EXPECT_EQ(rule.diagnostics[0].severity, Severity::error);
    EXPECT_EQ(rule.diagnostics[0].line, 8u);
    EXPECT_GT(rule.diagnostics[0].column, 3u);
  }
}

TEST(ElasticFrontEnds, GetCallerIdentityIndicators) {
  fs::path file = kElastic / "rules/integrations/aws/discovery_new_terms_sts_getcalleridentity.toml";
  if (!fs::exists(file)) GTEST_SKIP() << "no Elastic corpus at " << kElastic;
  FileAnalysis analysis = analyze_file(file);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  EXPECT_TRUE(rule.diagnostics.empty());
  bool action = false, not_assumed_role = false;
  for (const Predicate& p : rule.predicates) {
    action |= p.field == "event.action" && p.values == std::vector<std::string>{"GetCallerIdentity"} && p.indicator &&
              !p.negated;
    not_assumed_role |= p.field == "aws.cloudtrail.user_identity.type" && p.negated && p.indicator;
  }
  EXPECT_TRUE(action);
  EXPECT_TRUE(not_assumed_role);
}

Rule analyze_toml(const std::string& body) {
  std::string text = "[rule]\nname = \"x\"\nrule_id = \"1\"\nlanguage = \"kuery\"\nfrom = \"now-9m\"\n" + body;
  FileAnalysis analysis = analyze_text("rules/x.toml", text);
  EXPECT_EQ(analysis.rules.size(), 1u);
  return analysis.rules.empty() ? Rule{} : analysis.rules[0];
}

TEST(ElasticRuleTypes, ThresholdCountsPerGroupOverTheLookBack) {
  Rule rule = analyze_toml(
      "type = \"threshold\"\nquery = '''\nevent.category:authentication\n'''\n"
      "[rule.threshold]\nfield = [\"source.ip\", \"user.name\"]\nvalue = 25\n"
      "[[rule.threshold.cardinality]]\nfield = \"host.id\"\nvalue = 3\n");
  EXPECT_EQ(render::logic_outline(rule),
            "threshold by source.ip, user.name within 9m\n"
            "  selection 1 \"query\" (stage 1: query)\n"
            "    event.category eq (case-sensitive) \"authentication\"\n"
            "  condition\n"
            "    all\n"
            "      count >= 25\n"
            "      distinct host.id >= 3\n");
  EXPECT_EQ(rule.logic.window_seconds, 540u);
}

TEST(ElasticRuleTypes, NewTermsGroupByTheTermsOverTheHistoryWindow) {
  Rule rule = analyze_toml(
      "type = \"new_terms\"\nquery = '''\nevent.action:GetCallerIdentity\n'''\n"
      "[rule.new_terms]\nfield = \"new_terms_fields\"\nvalue = [\"user.id\"]\n"
      "[[rule.new_terms.history_window_start]]\nfield = \"history_window_start\"\nvalue = \"now-14d\"\n");
  EXPECT_EQ(render::logic_outline(rule),
            "new_terms by user.id within 14d\n"
            "  selection 1 \"query\" (stage 1: query)\n"
            "    event.action eq (case-sensitive) \"GetCallerIdentity\"\n");
  EXPECT_EQ(rule.logic.window_seconds, 14u * 86400);
}

// Measured when written: 1704 kuery and EQL queries, all parsed without error.
TEST(ElasticFrontEnds, EveryKueryAndEqlQueryOfTheCorpusParses) {
  if (!fs::exists(kElastic)) GTEST_SKIP() << "no Elastic corpus at " << kElastic;
  size_t analysed = 0;
  for (const fs::path& file : collect_files({kElastic})) {
    for (const Rule& rule : analyze_file(file).rules) {
      if (rule.language != "kuery" && rule.language != "eql") continue;
      ++analysed;
      for (const Diagnostic& d : rule.diagnostics)
        EXPECT_NE(d.severity, Severity::error) << d.file << ":" << d.line << ":" << d.column << ": " << d.message;
    }
  }
  EXPECT_GE(analysed, 1700u);
}

}  // namespace
}  // namespace ruledex
