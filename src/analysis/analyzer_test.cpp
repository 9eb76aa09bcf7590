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

// A query written as one escaped JSON string: its stages and errors sit on
// the line of the "query" value, whichever query line they are on.
TEST(Analyzer, AnEscapedOneLineQueryReportsOnItsFileLine) {
  std::string bytes = R"({"resources": [{
  "type": "Microsoft.SecurityInsights/alertRules", "kind": "Scheduled",
  "properties": {"displayName": "R",
    "query": "SecurityEvent\n| where EventID == 4688\n| where (Account"}}]})";
  FileAnalysis analysis = analyze_text("t.json", bytes);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  ASSERT_FALSE(rule.stages.empty());
  for (const Stage& stage : rule.stages) EXPECT_EQ(stage.line, 4u) << stage.kind;
  auto errors = with_severity(rule.diagnostics, Severity::error);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0]->line, 4u) << errors[0]->message;
}

// One rule as the content repositories write it, as an ARM template and as
// Bicep: the same analysis and the same Sentinel fields.
TEST(Analyzer, TheSameRuleInYamlArmAndBicepGivesTheSameAnalysis) {
  FileAnalysis yaml = analyze_text("r.yaml", "id: 1\nname: R\nseverity: High\nqueryFrequency: 1h\ntactics:\n  - Discovery\n"
                                             "query: |\n  SigninLogs\n  | where ResultType == \"50126\"\n"
                                             "  | summarize n = count() by IPAddress\n");
  FileAnalysis arm = analyze_text("r.json", R"({"resources": [{"type": "Microsoft.SecurityInsights/alertRules",
    "name": "1", "kind": "Scheduled", "properties": {"displayName": "R", "severity": "High", "queryFrequency": "PT1H",
    "tactics": ["Discovery"], "query": "SigninLogs\n| where ResultType == \"50126\"\n| summarize n = count() by IPAddress\n"}}]})");
  FileAnalysis bicep = analyze_text("r.bicep", "resource r 'Microsoft.SecurityInsights/alertRules@2023-02-01' = {\n"
                                               "  name: '1'\n  kind: 'Scheduled'\n  properties: {\n    displayName: 'R'\n"
                                               "    severity: 'High'\n    tactics: [ 'Discovery' ]\n    query: '''\nSigninLogs\n"
                                               "| where ResultType == \"50126\"\n| summarize n = count() by IPAddress\n'''\n  }\n}\n");
  ASSERT_EQ(yaml.rules.size(), 1u);
  const Rule& a = yaml.rules[0];
  ASSERT_FALSE(a.predicates.empty());
  for (const FileAnalysis* other : {&arm, &bicep}) {
    ASSERT_EQ(other->rules.size(), 1u) << other->path;
    const Rule& b = other->rules[0];
    EXPECT_EQ(b.id, a.id);
    EXPECT_EQ(b.name, a.name);
    EXPECT_EQ(b.severity, a.severity);
    EXPECT_EQ(b.tactics, a.tactics);
    EXPECT_EQ(b.query, a.query);
    ASSERT_EQ(b.stages.size(), a.stages.size());
    for (size_t i = 0; i < a.stages.size(); ++i) EXPECT_EQ(b.stages[i].kind, a.stages[i].kind);
    ASSERT_EQ(b.predicates.size(), a.predicates.size());
    for (size_t i = 0; i < a.predicates.size(); ++i) {
      EXPECT_EQ(b.predicates[i].field, a.predicates[i].field);
      EXPECT_EQ(b.predicates[i].values, a.predicates[i].values);
      EXPECT_EQ(b.predicates[i].indicator, a.predicates[i].indicator);
    }
    ASSERT_EQ(b.output_fields.size(), a.output_fields.size());
    for (size_t i = 0; i < a.output_fields.size(); ++i) EXPECT_EQ(b.output_fields[i].name, a.output_fields[i].name);
  }
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
