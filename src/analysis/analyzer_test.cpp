#include "analysis/analyzer.h"

#include <gtest/gtest.h>

#include <fstream>

#include "analysis/frontend.h"
#include "attack/attack_catalog.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

std::vector<const Diagnostic*> with_severity(const std::vector<Diagnostic>& diagnostics, Severity severity) {
  std::vector<const Diagnostic*> out;
  for (const Diagnostic& d : diagnostics)
    if (d.severity == severity) out.push_back(&d);
  return out;
}

TEST(Analyzer, RepairsEncodingEndToEnd) {
  // BOM, CRLF line ends and a Windows-1252 en dash (0x96) in the description.
  std::string bytes =
      "\xEF\xBB\xBFid: 1\r\nname: Encoded\r\ndescription: a \x96 b\r\ntactics: []\r\nquery: |\r\n  SecurityEvent\r\n"
      "  | where EventID == 4688\r\n";
  FileAnalysis analysis = analyze_text("Hunting Queries/enc.yaml", bytes);
  ASSERT_TRUE(analysis.recognised);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  EXPECT_EQ(rule.description, "a \xE2\x80\x93 b");
  EXPECT_EQ(rule.query, "SecurityEvent\n| where EventID == 4688\n");
  EXPECT_TRUE(with_severity(rule.diagnostics, Severity::error).empty());
  auto warnings = with_severity(rule.diagnostics, Severity::warning);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0]->line, 3u);
  EXPECT_EQ(warnings[0]->column, 16u);
  EXPECT_NE(warnings[0]->message.find("0x96"), std::string::npos);
  EXPECT_EQ(warnings[0]->file, "Hunting Queries/enc.yaml");
}

TEST(Analyzer, RepairGoesToTheQueryHoldingIt) {
  // Several queries: each rule's text is its query, so a repair in the title
  // belongs to no rule, and one inside the second query to that query.
  std::string bytes = "# Title \x96 x\n\n```kusto\nT | take 1\n\nU | where A == '\x96'\n```\n";
  FileAnalysis analysis = analyze_text("q.md", bytes);
  ASSERT_EQ(analysis.rules.size(), 2u);
  EXPECT_TRUE(with_severity(analysis.rules[0].diagnostics, Severity::warning).empty());
  auto warnings = with_severity(analysis.rules[1].diagnostics, Severity::warning);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0]->line, 6u);
  ASSERT_EQ(analysis.diagnostics.size(), 1u);
  EXPECT_EQ(analysis.diagnostics[0].line, 1u);
}

TEST(Analyzer, ParseErrorsPointIntoTheFile) {
  std::string text = "id: 1\nname: Bad\ntactics: []\nquery: |\n    SecurityEvent\n    | where EventID == 1\n"
                     "    | bogusoperator x\n";
  FileAnalysis analysis = analyze_text("r.yaml", text);
  ASSERT_EQ(analysis.rules.size(), 1u);
  auto errors = with_severity(analysis.rules[0].diagnostics, Severity::error);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0]->file, "r.yaml");
  EXPECT_EQ(errors[0]->line, 7u);
  EXPECT_EQ(errors[0]->column, 7u);  // `bogusoperator` after 4 columns of indentation and "| "
}

TEST(Analyzer, ParseErrorsOfLaterQueriesInOneFile) {
  std::string text = "T | take 1\n\n// second\nU\n| bogusoperator\n";
  FileAnalysis analysis = analyze_text("q.txt", text);
  ASSERT_EQ(analysis.rules.size(), 2u);
  EXPECT_TRUE(with_severity(analysis.rules[0].diagnostics, Severity::error).empty());
  auto errors = with_severity(analysis.rules[1].diagnostics, Severity::error);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0]->line, 5u);
  EXPECT_EQ(errors[0]->column, 3u);
}

TEST(Analyzer, LowersCleanQueries) {
  FileAnalysis analysis = analyze_text("q.kql", "SecurityEvent\n| where EventID == 4688\n| project Account\n");
  ASSERT_EQ(analysis.rules.size(), 1u);
  EXPECT_TRUE(with_severity(analysis.rules[0].diagnostics, Severity::error).empty());
  EXPECT_FALSE(analysis.rules[0].stages.empty());
}

TEST(Analyzer, FrontEndsByLanguage) {
  for (const char* language : {"kql", "sigma", "yara-l", "spl", "eql", "kuery", "esql", "lucene", "sql"})
    EXPECT_NE(find_front_end(language), nullptr) << language;
  EXPECT_EQ(find_front_end("pascal"), nullptr);
  FileAnalysis analysis =
      analyze_text("x.yml", "name: T\nid: 1\nsearch: '| tstats count from datamodel=Endpoint.Processes'\nhow_to_implement: x\n");
  ASSERT_EQ(analysis.rules.size(), 1u);
  for (const Diagnostic& d : analysis.rules[0].diagnostics) ADD_FAILURE() << d.message;
  ASSERT_EQ(analysis.rules[0].stages.size(), 2u);
  EXPECT_EQ(analysis.rules[0].stages[0].kind, "source");  // from datamodel=...
  EXPECT_EQ(analysis.rules[0].stages[1].kind, "tstats");
}

TEST(Analyzer, UnreadableFileIsADiagnostic) {
  FileAnalysis analysis = analyze_file("/nonexistent/ruledex/rule.yaml");
  EXPECT_FALSE(analysis.recognised);
  EXPECT_EQ(analysis.format, "unreadable");
  ASSERT_EQ(analysis.diagnostics.size(), 1u);
  EXPECT_EQ(analysis.diagnostics[0].severity, Severity::error);
}

TEST(Analyzer, AttackNamesAndWarnings) {
  AttackCatalog catalog = AttackCatalog::parse(R"({"type": "bundle", "id": "bundle--1", "objects": [
    {"type": "x-mitre-tactic", "id": "x-mitre-tactic--1", "name": "Credential Access",
     "x_mitre_shortname": "credential-access",
     "external_references": [{"source_name": "mitre-attack", "external_id": "TA0006"}]},
    {"type": "attack-pattern", "id": "attack-pattern--1", "name": "Valid Accounts",
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1078"}]},
    {"type": "attack-pattern", "id": "attack-pattern--2", "name": "Cloud Accounts", "x_mitre_is_subtechnique": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1078.004"}]},
    {"type": "attack-pattern", "id": "attack-pattern--3", "name": "Old", "revoked": true,
     "external_references": [{"source_name": "mitre-attack", "external_id": "T1066"}]}]})",
                                               "inline.json");
  std::string text = "name: R\ntactics:\n  - credential-access\nrelevantTechniques:\n  - T1078.004\n  - T1066\n"
                     "  - T9999\nquery: T\n";
  AnalysisOptions options;
  options.attack = &catalog;
  FileAnalysis analysis = analyze_text("r.yaml", text, options);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Credential Access"}));
  ASSERT_EQ(rule.techniques.size(), 3u);
  EXPECT_EQ(rule.techniques[0].name, "Valid Accounts: Cloud Accounts");
  auto warnings = with_severity(rule.diagnostics, Severity::warning);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0]->message.find("T1066 is revoked"), std::string::npos);
  EXPECT_NE(warnings[1]->message.find("T9999"), std::string::npos);
}

// 10,000 unclosed parentheses in each query language: one clear error about
// the depth (not one per enclosing level), and no crash.
struct DeepQuery {
  const char* language;
  std::string before, after;  // around the parentheses
};

class FrontEndDepth : public ::testing::TestWithParam<DeepQuery> {};

TEST_P(FrontEndDepth, OneErrorForTooDeepNesting) {
  const DeepQuery& deep = GetParam();
  Rule rule;
  rule.language = deep.language;
  rule.file = "deep.txt";
  rule.query = deep.before + std::string(10000, '(') + deep.after;
  rule.raw = rule.query;
  rule.query_line = 1;
  find_front_end(deep.language)(rule, {});
  auto errors = with_severity(rule.diagnostics, Severity::error);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors.size(), 1u) << errors.back()->message;
  EXPECT_NE(errors[0]->message.find("deep"), std::string::npos) << errors[0]->message;
  EXPECT_LE(rule.diagnostics.size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(
    Languages, FrontEndDepth,
    ::testing::Values(DeepQuery{"kql", "T | where ", "A == 1"}, DeepQuery{"spl", "search ", "a=1"},
                      DeepQuery{"spl", "| where ", "a=1"}, DeepQuery{"eql", "process where ", "true"},
                      DeepQuery{"esql", "FROM logs | WHERE ", "a == 1"}, DeepQuery{"kuery", "", "a:1"},
                      DeepQuery{"lucene", "", "a:1"}, DeepQuery{"sql", "SELECT * FROM t WHERE ", "a = 1"},
                      DeepQuery{"yara-l", "rule r {\n events:\n ", "$e.metadata.event_type = \"X\"\n condition:\n $e\n}\n"},
                      DeepQuery{"sigma", "title: t\nlogsource:\n product: windows\ndetection:\n sel:\n  a: 1\n condition: ",
                                "sel\n"}),
    [](const ::testing::TestParamInfo<DeepQuery>& info) {
      std::string name = std::string(info.param.language) + std::to_string(info.index);
      std::erase(name, '-');
      return name;
    });

TEST(CollectFiles, SortedRegularFilesSkippingHiddenOnes) {
  fs::path root = fs::temp_directory_path() / ("ruledex_collect_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(root);
  fs::create_directories(root / "b" / "c");
  fs::create_directories(root / ".git");
  for (fs::path p : {root / "b" / "c" / "z.yaml", root / "b" / "a.md", root / "top.txt", root / ".git" / "HEAD",
                     root / ".hidden.yaml"})
    std::ofstream(p) << "x";
  std::vector<fs::path> files = collect_files({root, root / "top.txt", root / "missing.yaml"});
  std::vector<fs::path> expected = {root / "b" / "a.md", root / "b" / "c" / "z.yaml", root / "missing.yaml",
                                    root / "top.txt"};
  EXPECT_EQ(files, expected);
  fs::remove_all(root);
}

}  // namespace
}  // namespace ruledex
