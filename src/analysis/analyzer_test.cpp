#include "analysis/analyzer.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <future>
#include <random>

#include "analysis/frontend.h"
#include "attack/attack_catalog.h"
#include "base/source_text.h"

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


constexpr std::string_view kSigmaHead =
    "title: T\nid: 1\nlogsource:\n  product: windows\ndetection:\n  condition: sel\n";

// Issue 11: the Sigma YAML is parsed by the reader and again by the front end;
// both see the same checks, and each problem is said once.
TEST(Analyzer, SigmaDuplicateKeysWarnOnceAndTheSecondWins) {
  std::string text = std::string(kSigmaHead) + "  sel:\n    Image: a.exe\n    Image: b.exe\ntitle: Second\n";
  FileAnalysis analysis = analyze_text("rules/dup.yml", text);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  EXPECT_EQ(rule.name, "Second");
  EXPECT_TRUE(with_severity(rule.diagnostics, Severity::error).empty());
  auto warnings = with_severity(rule.diagnostics, Severity::warning);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0]->message, "duplicate key `Image`: the second value wins (the first is on line 8)");
  EXPECT_EQ(warnings[0]->line, 9u);
  EXPECT_EQ(warnings[0]->column, 5u);
  EXPECT_EQ(warnings[1]->line, 10u);
  ASSERT_EQ(rule.predicates.size(), 1u);
  EXPECT_EQ(rule.predicates[0].values, (std::vector<std::string>{"b.exe"}));
}

TEST(Analyzer, SigmaDeepNestingAndAliasBombsAreErrors) {
  std::string deep = std::string(kSigmaHead) + "  sel:\n    Image: " + std::string(100000, '[') + "\n";
  // 30 identifiers x 30 fields x 30 values from a few hundred bytes.
  std::string bomb = "x: &v [";
  for (int i = 0; i < 30; ++i) bomb += (i ? ", v" : "v") + std::to_string(i);
  bomb += "]\ny: &m {";
  for (int i = 0; i < 30; ++i) bomb += (i ? ", f" : "f") + std::to_string(i) + ": *v";
  bomb += "}\n" + std::string(kSigmaHead) + "  sel: [" ;
  for (int i = 0; i < 30; ++i) bomb += i ? ", *m" : "*m";
  bomb += "]\n";
  for (const auto& [text, message] : {std::pair{deep, "invalid YAML: nesting deeper than 128 levels"},
                                      std::pair{bomb, "invalid YAML: aliases repeat this collection into more than"}}) {
    FileAnalysis analysis = analyze_text("rules/hostile.yml", text);
    ASSERT_EQ(analysis.rules.size(), 1u);
    auto errors = with_severity(analysis.rules[0].diagnostics, Severity::error);
    ASSERT_EQ(errors.size(), 1u) << message;
    EXPECT_TRUE(errors[0]->message.starts_with(message)) << errors[0]->message;
    EXPECT_GT(errors[0]->line, 0u);
  }
}


fs::path temp_folder(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("ruledex_analyzer_" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string random_bytes(size_t size) {
  std::mt19937 random(7);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  return bytes;
}

size_t diagnostic_count(const FileAnalysis& analysis) {
  size_t count = analysis.diagnostics.size();
  for (const Rule& rule : analysis.rules) count += rule.diagnostics.size();
  return count;
}

TEST(Analyzer, BinaryFileIsOneDiagnostic) {
  FileAnalysis analysis = analyze_text("rules/random.yml", random_bytes(1 << 20));
  EXPECT_FALSE(analysis.recognised);
  EXPECT_EQ(analysis.format, "binary");
  EXPECT_TRUE(analysis.rules.empty());
  ASSERT_EQ(analysis.diagnostics.size(), 1u);
  EXPECT_EQ(analysis.diagnostics[0].severity, Severity::warning);
  EXPECT_EQ(analysis.diagnostics[0].message.find("not text: "), 0u) << analysis.diagnostics[0].message;
}

TEST(Analyzer, DiagnosticsPerFileAreCappedAndCounted) {
  // 2,000 repaired bytes in a text: warnings beyond the cap are only counted.
  std::string description(100000, 'a');
  for (size_t i = 0; i < description.size(); i += 50) description[i] = '\x96';
  std::string text = "id: 1\nname: Many\ndescription: " + description + "\ntactics: []\nquery: |\n  T | take 1\n";
  FileAnalysis analysis = analyze_text("Hunting Queries/many.yaml", text);
  ASSERT_EQ(analysis.rules.size(), 1u);
  EXPECT_EQ(diagnostic_count(analysis), kMaxDiagnosticsPerFile + 1);
  ASSERT_FALSE(analysis.diagnostics.empty());
  EXPECT_EQ(analysis.diagnostics.back().message, "... and 1900 more diagnostics (at most 100 are kept per file)");
}

TEST(Analyzer, CapKeepsErrorsFirstAndOneErrorPerRule) {
  // 150 broken queries, each with a repaired byte: every rule keeps its error.
  std::string text;
  for (int i = 0; i < 150; ++i) text += "```kusto\nT | wher \x96 x\n```\n\n";
  FileAnalysis analysis = analyze_text("queries/bad.md", text);
  ASSERT_EQ(analysis.rules.size(), 150u);
  for (const Rule& rule : analysis.rules) {
    EXPECT_EQ(with_severity(rule.diagnostics, Severity::error).size(), 1u);
    EXPECT_TRUE(with_severity(rule.diagnostics, Severity::warning).empty());
  }
  ASSERT_FALSE(analysis.diagnostics.empty());
  EXPECT_NE(analysis.diagnostics.back().message.find("more diagnostics"), std::string::npos);
}

TEST(Analyzer, Utf16FileIsConverted) {
  std::string utf8 = "id: 1\r\nname: Wide \xE2\x80\x93 rule\r\ntactics: []\r\nquery: |\r\n  SecurityEvent\r\n"
                     "  | where EventID == 4688\r\n";
  std::u16string wide;
  for (size_t i = 0; i < utf8.size();) {  // the text is ASCII but for the en dash
    if (utf8.compare(i, 3, "\xE2\x80\x93") == 0) {
      wide += u'\u2013';
      i += 3;
    } else {
      wide += static_cast<char16_t>(utf8[i++]);
    }
  }
  for (bool big_endian : {false, true}) {
    std::string bytes = big_endian ? "\xFE\xFF" : "\xFF\xFE";
    for (char16_t u : wide) {
      char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
      bytes += big_endian ? hi : lo;
      bytes += big_endian ? lo : hi;
    }
    FileAnalysis analysis = analyze_text("Hunting Queries/wide.yaml", bytes);
    ASSERT_TRUE(analysis.recognised);
    ASSERT_EQ(analysis.rules.size(), 1u);
    EXPECT_EQ(analysis.rules[0].name, "Wide \xE2\x80\x93 rule");
    EXPECT_EQ(analysis.rules[0].query, "SecurityEvent\n| where EventID == 4688\n");
    EXPECT_TRUE(with_severity(analysis.rules[0].diagnostics, Severity::error).empty());
    ASSERT_EQ(analysis.diagnostics.size(), 1u);
    EXPECT_EQ(analysis.diagnostics[0].message,
              std::string("text converted from UTF-16 ") + (big_endian ? "BE" : "LE"));
  }
}

TEST(Analyzer, RepairColumnsAreColumnsOfTheFile) {
  std::string bytes = "id: 1\nname: R\ndescription: a \x96\x96 b\ntactics: []\nquery: |\n  T | take 1\n";
  FileAnalysis analysis = analyze_text("Hunting Queries/r.yaml", bytes);
  ASSERT_EQ(analysis.rules.size(), 1u);
  auto warnings = with_severity(analysis.rules[0].diagnostics, Severity::warning);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0]->column, 16u);
  EXPECT_EQ(warnings[1]->column, 17u);  // the byte after, in the file
}

TEST(Analyzer, NulByteInAQueryIsOneClearWarning) {
  std::string bytes("id: 1\nname: N\ntactics: []\nquery: |\n  T | where A == \"x\0y\" and B == \"\0\"\n", 71);
  FileAnalysis analysis = analyze_text("Hunting Queries/nul.yaml", bytes);
  ASSERT_EQ(analysis.rules.size(), 1u);
  const Rule& rule = analysis.rules[0];
  EXPECT_TRUE(with_severity(rule.diagnostics, Severity::error).empty()) << rule.diagnostics[0].message;
  auto warnings = with_severity(rule.diagnostics, Severity::warning);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0]->message, "NUL byte in the file, read as U+FFFD (2 in all)");
  EXPECT_EQ(warnings[0]->line, 5u);
  EXPECT_EQ(warnings[0]->column, 20u);
}

TEST(Analyzer, TooLargeFileIsRefusedUnread) {
  fs::path path = temp_folder("large") / "huge.kql";
  { std::ofstream(path) << "T | take 1\n"; }
  fs::resize_file(path, kMaxRuleFileBytes + 1);  // sparse: no disk used
  FileAnalysis analysis = analyze_file(path);
  EXPECT_EQ(analysis.format, "unreadable");
  ASSERT_EQ(analysis.diagnostics.size(), 1u);
  EXPECT_EQ(analysis.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(analysis.diagnostics[0].message,
            "cannot read the file: too large: 67108865 bytes, more than the 64 MiB read from one file");
}

TEST(Analyzer, FifoIsRefusedWithoutBlocking) {
  fs::path fifo = temp_folder("fifo") / "rule.kql";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  auto analysing = std::async(std::launch::async, [&] { return analyze_file(fifo); });
  if (analysing.wait_for(std::chrono::seconds(10)) == std::future_status::timeout) {
    ADD_FAILURE() << "reading a FIFO blocks";
    ::close(::open(fifo.c_str(), O_WRONLY));  // a writer, so that the reader ends
    return;
  }
  FileAnalysis analysis = analysing.get();
  EXPECT_EQ(analysis.format, "unreadable");
  ASSERT_EQ(analysis.diagnostics.size(), 1u);
  EXPECT_EQ(analysis.diagnostics[0].message, "cannot read the file: not a regular file");
}

TEST(CollectFiles, SkipsWhatIsNoRegularFileAndKeepsWalking) {
  fs::path root = temp_folder("special");
  fs::create_directories(root / "sub");
  std::ofstream(root / "b.kql") << "x";
  std::ofstream(root / "sub" / "c.kql") << "x";
  ASSERT_EQ(mkfifo((root / "fifo.kql").c_str(), 0600), 0);
  fs::create_symlink(root / "nowhere", root / "a-dangling.kql");
  fs::create_symlink(root / "a-loop.kql", root / "a-loop.kql");
  fs::create_symlink(root, root / "sub" / "back-to-root");  // a folder link is not followed
  fs::create_symlink(root / "b.kql", root / "sub" / "link.kql");
  std::vector<fs::path> files = collect_files({root});
  std::vector<fs::path> expected = {root / "b.kql", root / "sub" / "c.kql", root / "sub" / "link.kql"};
  EXPECT_EQ(files, expected);
}

TEST(CollectFiles, FolderThatCannotBeListedIsReported) {
  fs::path root = temp_folder("locked");
  fs::create_directories(root / "locked");
  std::ofstream(root / "a.kql") << "T | take 1\n";
  fs::permissions(root / "locked", fs::perms::none);
  std::error_code error;
  fs::directory_iterator probe(root / "locked", error);
  bool enforced = static_cast<bool>(error);
  if (enforced) {
    EXPECT_EQ(collect_files({root}), (std::vector<fs::path>{root / "a.kql", root / "locked"}));
    FileAnalysis analysis = analyze_file(root / "locked");
    EXPECT_EQ(analysis.format, "unreadable");
    ASSERT_EQ(analysis.diagnostics.size(), 1u);
    EXPECT_EQ(analysis.diagnostics[0].message, "cannot list the folder: Permission denied");
  }
  fs::permissions(root / "locked", fs::perms::owner_all);
  if (!enforced) GTEST_SKIP() << "this process may list a folder of mode 000 (root): permissions not tested";
}

TEST(CollectFiles, FolderThatCannotBeOpenedIsReportedAlsoForRoot) {
  // Out of file descriptors: a listing failure that root meets as well.
  fs::path root = temp_folder("no-fds");
  std::ofstream(root / "a.kql") << "T | take 1\n";
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  int lowest_free = ::dup(0);
  ASSERT_GE(lowest_free, 0);
  ::close(lowest_free);
  rlimit none_left = saved;
  none_left.rlim_cur = static_cast<rlim_t>(lowest_free);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &none_left), 0);
  std::vector<fs::path> files = collect_files({root});
  FileAnalysis analysis = analyze_file(root);
  setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_EQ(files, std::vector<fs::path>{root});
  EXPECT_EQ(analysis.format, "unreadable");
  ASSERT_EQ(analysis.diagnostics.size(), 1u);
  EXPECT_EQ(analysis.diagnostics[0].message, "cannot list the folder: Too many open files");
}

}  // namespace
}  // namespace ruledex
