#include "render/render.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "model/logic_builder.h"
#include "render/logic_outline.h"

namespace ruledex {
namespace {

using nlohmann::json;

constexpr std::string_view kQuery =
    "AWSCloudTrail\n"
    "| where EventName =~ \"GetCallerIdentity\" and UserIdentityType !in (\"Root\", \"IAMUser\")\n"
    "| extend UserName = tostring(split(UserIdentityArn, '/')[-1])\n"
    "| extend AccountName = UserName\n"
    "| summarize StartTime = min(TimeGenerated) by SourceIpAddress, AccountName\n";

// The range of the first occurrence of `from` up to (not including) `to` (or the end).
SourceRange range_of(std::string_view query, std::string_view from, std::string_view to = {}) {
  size_t begin = query.find(from);
  size_t end = to.empty() ? query.size() : query.find(to, begin);
  return {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
}

Predicate predicate(std::string field, Op op, std::vector<std::string> values, bool negated, bool case_sensitive,
                    bool indicator, uint32_t stage) {
  Predicate p;
  p.field = std::move(field);
  p.op = op;
  p.values = std::move(values);
  p.negated = negated;
  p.case_sensitive = case_sensitive;
  p.indicator = indicator;
  p.stage = stage;
  return p;
}

// A Sentinel rule as the analysis would hand it over, built by hand.
Rule sample_rule() {
  Rule rule;
  rule.id = "0f6a3c5e-1111-4222-8333-944455556666";
  rule.name = "Caller identity checks by assumed roles";
  rule.description = "Finds GetCallerIdentity calls.\nSecond line.";
  rule.platform = "sentinel";
  rule.language = "kql";
  rule.severity = "Low";
  rule.status = "Available";
  rule.kind = "Scheduled";
  rule.tactics = {"Discovery"};
  rule.techniques = {{"T1580", "Cloud Infrastructure Discovery"}, {"T1087.004", ""}};
  rule.data_sources = {"AWSCloudTrail"};
  rule.metadata = {{"queryFrequency", "1d"}, {"version", "1.0.0"}};
  rule.entity_mappings = {{"Account", {{"Name", "AccountName"}}}, {"IP", {{"Address", "ClientIP"}}}};
  rule.custom_details = {{"Started", "StartTime"}};
  rule.alert_details = {{"alertDisplayNameFormat", "Caller {{AccountName}} from {{ SourceIpAddress }}"}};
  rule.file = "rules/caller.yaml";
  rule.query = std::string(kQuery);
  rule.raw = "id: 0f6a3c5e\nquery: |\n  AWSCloudTrail\n";
  rule.query_line = 12;

  const std::string_view q = kQuery;
  rule.stages = {
      {"source", 1, range_of(q, "AWSCloudTrail", "\n| where"), 12},
      {"where", 1, range_of(q, "| where", "\n| extend"), 13},
      {"extend", 2, range_of(q, "| extend", "\n| summarize"), 14},
      {"summarize", 1, range_of(q, "| summarize"), 16},
  };
  rule.predicates = {predicate("EventName", Op::eq, {"GetCallerIdentity"}, false, false, true, 1),
                     predicate("UserIdentityType", Op::in, {"Root", "IAMUser"}, true, true, true, 1),
                     predicate("UserName", Op::gt, {"3"}, false, true, false, 2)};
  rule.output_fields = {{"StartTime", "summarize", 3, ""},
                        {"SourceIpAddress", "summarize", 3, ""},
                        {"AccountName", "summarize", 3, ""}};
  rule.diagnostics = {{Severity::warning, "technique T1087.004 not in ATT&CK", "", 20, 5}};
  return rule;
}

json as_json(const Rule& rule) { return json::parse(render_rules({rule}, Format::json)); }

bool contains(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

TEST(RuleJsonTest, HoldsTheContractKeysWithTheirValues) {
  json out = as_json(sample_rule());
  EXPECT_EQ(out["schema_version"], 1);
  EXPECT_EQ(out["id"], "0f6a3c5e-1111-4222-8333-944455556666");
  EXPECT_EQ(out["name"], "Caller identity checks by assumed roles");
  EXPECT_EQ(out["platform"], "sentinel");
  EXPECT_EQ(out["language"], "kql");
  EXPECT_EQ(out["severity"], "Low");
  EXPECT_EQ(out["status"], "Available");
  EXPECT_EQ(out["kind"], "Scheduled");
  EXPECT_EQ(out["file"], "rules/caller.yaml");
  EXPECT_EQ(out["line"], 12);
  EXPECT_EQ(out["tactics"], json::array({"Discovery"}));
  EXPECT_EQ(out["techniques"][0], (json{{"id", "T1580"}, {"name", "Cloud Infrastructure Discovery"}}));
  EXPECT_EQ(out["techniques"][1], (json{{"id", "T1087.004"}, {"name", ""}}));
  EXPECT_EQ(out["data_sources"], json::array({"AWSCloudTrail"}));
  EXPECT_EQ(out["metadata"]["queryFrequency"], "1d");
  EXPECT_EQ(out["query"], std::string(kQuery));
  EXPECT_EQ(out["raw"], "id: 0f6a3c5e\nquery: |\n  AWSCloudTrail\n");
}

TEST(RuleJsonTest, FieldlessIndicatorHasFieldNull) {
  Rule rule = sample_rule();
  Predicate keyword;
  keyword.op = Op::contains;
  keyword.values = {"mimikatz"};
  keyword.indicator = true;
  keyword.stage = 1;
  rule.predicates.push_back(keyword);
  json out = as_json(rule);
  EXPECT_TRUE(out["predicates"].back()["field"].is_null());
  EXPECT_TRUE(out["indicators"].back()["field"].is_null());
  EXPECT_EQ(out["indicators"].back()["values"], json::array({"mimikatz"}));
  EXPECT_NE(render_rules({rule}, Format::text).find("(any field)"), std::string::npos);
}

TEST(RuleJsonTest, StagesCarryKindStepsLineAndTheirText) {
  json stages = as_json(sample_rule())["stages"];
  ASSERT_EQ(stages.size(), 4u);
  EXPECT_EQ(stages[0]["kind"], "source");
  EXPECT_EQ(stages[0]["text"], "AWSCloudTrail");
  EXPECT_EQ(stages[2]["kind"], "extend");
  EXPECT_EQ(stages[2]["steps"], 2);
  EXPECT_EQ(stages[2]["line"], 14);
  EXPECT_EQ(stages[2]["text"],
            "| extend UserName = tostring(split(UserIdentityArn, '/')[-1])\n| extend AccountName = UserName");
}

TEST(RuleJsonTest, IndicatorsArePredicatesMarkedAsSuch) {
  json out = as_json(sample_rule());
  ASSERT_EQ(out["predicates"].size(), 3u);
  EXPECT_EQ(out["predicates"][2]["indicator"], false);
  EXPECT_EQ(out["predicates"][2]["field"], "UserName");
  ASSERT_EQ(out["indicators"].size(), 2u);
  EXPECT_EQ(out["indicators"][0], (json{{"field", "EventName"},
                                        {"op", "eq"},
                                        {"negated", false},
                                        {"case_sensitive", false},
                                        {"values", {"GetCallerIdentity"}},
                                        {"modifiers", json::array()},
                                        {"stage", 1},
                                        {"corpus", json::array()}}));
  EXPECT_EQ(out["indicators"][1]["op"], "in");
  EXPECT_EQ(out["indicators"][1]["negated"], true);
  EXPECT_EQ(out["indicators"][1]["case_sensitive"], true);
  EXPECT_EQ(out["indicators"][1]["values"], json::array({"Root", "IAMUser"}));
}

TEST(RuleJsonTest, TiesAlertShapingToOutputFields) {
  json out = as_json(sample_rule());
  EXPECT_EQ(out["output_fields"][0], (json{{"name", "StartTime"}, {"stage", "summarize"}, {"stage_index", 3},
                                           {"all_columns_of", ""}, {"role", ""}}));
  EXPECT_EQ(out["entity_mappings"][0]["entity_type"], "Account");
  EXPECT_EQ(out["entity_mappings"][0]["fields"][0],
            (json{{"identifier", "Name"}, {"column", "AccountName"}, {"in_output", true}}));
  EXPECT_EQ(out["entity_mappings"][1]["fields"][0]["in_output"], false);  // ClientIP is not emitted
  EXPECT_EQ(out["custom_details"][0], (json{{"key", "Started"}, {"column", "StartTime"}, {"in_output", true}}));
  EXPECT_EQ(out["alert_details"][0]["columns"], json::array({"AccountName", "SourceIpAddress"}));
  EXPECT_EQ(out["diagnostics"][0], (json{{"severity", "warning"},
                                         {"message", "technique T1087.004 not in ATT&CK"},
                                         {"file", "rules/caller.yaml"},
                                         {"line", 20},
                                         {"column", 5}}));
}

TEST(RuleJsonTest, KeysArePresentEvenForAnEmptyRule) {
  json out = as_json(Rule{});
  for (const char* key : {"schema_version", "id", "name", "description", "platform", "language", "severity",
                          "status", "kind", "file", "line", "query_index", "query_count", "tactics", "techniques",
                          "data_sources", "metadata", "raw", "query", "stages", "predicates", "indicators",
                          "logic", "output_fields", "entity_mappings", "custom_details", "alert_details", "same_action",
                          "items", "diagnostics"})
    EXPECT_TRUE(out.contains(key)) << key;
  EXPECT_TRUE(out["stages"].is_array());
  EXPECT_TRUE(out["metadata"].is_object());
  EXPECT_EQ(out["logic"]["shape"], "filter");
  EXPECT_TRUE(out["logic"]["selections"].empty());
  EXPECT_TRUE(out["logic"]["condition"].is_null());
  EXPECT_EQ(out["name"], "");
}

TEST(RuleJsonTest, ItemsNameTheStoriesMacrosAndLookupsOfTheRule) {
  Rule rule = sample_rule();
  rule.items = {{"story", "AWS Identity and Access Management Account Takeover"}, {"macro", "cloudtrail"}};
  json out = as_json(rule);
  ASSERT_EQ(out["items"].size(), 2u);
  EXPECT_EQ(out["items"][0], (json{{"kind", "story"}, {"name", "AWS Identity and Access Management Account Takeover"}}));
  EXPECT_EQ(out["items"][1], (json{{"kind", "macro"}, {"name", "cloudtrail"}}));
  std::string text = render_rules({rule}, Format::text);
  EXPECT_NE(text.find("Stories, macros and lookups"), std::string::npos);
  EXPECT_NE(text.find("cloudtrail"), std::string::npos);
}

TEST(RuleJsonTest, SeveralRulesGiveAnArrayOneGivesAnObject) {
  Rule second = sample_rule();
  second.name = "second";
  json several = json::parse(render_rules({sample_rule(), second}, Format::json));
  ASSERT_TRUE(several.is_array());
  ASSERT_EQ(several.size(), 2u);
  EXPECT_EQ(several[1]["name"], "second");
  EXPECT_TRUE(as_json(sample_rule()).is_object());
  EXPECT_TRUE(json::parse(render_rules({}, Format::json)).is_array());
}

TEST(RuleJsonTest, StageRangesOutsideTheQueryGiveEmptyText) {
  Rule rule = sample_rule();
  rule.stages[1].range = {5, 100000};
  EXPECT_EQ(as_json(rule)["stages"][1]["text"], "");
}

TEST(RuleJsonTest, InvalidUtf8DoesNotAbortTheOutput) {
  Rule rule = sample_rule();
  rule.name = "bad \xFF byte";
  json out = as_json(rule);
  EXPECT_EQ(out["name"], "bad \xEF\xBF\xBD byte");
}

TEST(TextPageTest, ShowsTheQueryAsWrittenAndExpanded) {
  Rule rule = sample_rule();
  rule.language = "spl";
  rule.query = "`cloudtrail` eventName=GetCallerIdentity";
  rule.metadata.emplace_back(kExpandedQueryKey, "sourcetype=aws:cloudtrail eventName=GetCallerIdentity");
  std::string page = render_rules({rule}, Format::text);
  size_t written = page.find("Query as written\n");
  size_t expanded = page.find("Expanded query\n");
  ASSERT_NE(written, std::string::npos) << page;
  ASSERT_NE(expanded, std::string::npos) << page;
  EXPECT_LT(written, expanded);
  EXPECT_NE(page.find("    `cloudtrail` eventName=GetCallerIdentity", written), std::string::npos);
  EXPECT_NE(page.find("    sourcetype=aws:cloudtrail eventName=GetCallerIdentity", expanded), std::string::npos);
  EXPECT_EQ(page.find(std::string(kExpandedQueryKey) + ":"), std::string::npos);  // not repeated as metadata
  EXPECT_EQ(as_json(rule)["metadata"][std::string(kExpandedQueryKey)],
            "sourcetype=aws:cloudtrail eventName=GetCallerIdentity");
  EXPECT_EQ(render_rules({sample_rule()}, Format::text).find("Expanded query"), std::string::npos);
}

TEST(TextPageTest, ShowsEverySection) {
  std::string page = render_rules({sample_rule()}, Format::text);
  for (const char* needle :
       {"Caller identity checks by assumed roles\n=======", "Finds GetCallerIdentity calls.\nSecond line.",
        "Metadata", "Platform:", "sentinel", "rules/caller.yaml:12", "queryFrequency: 1d", "MITRE ATT&CK coverage",
        "Tactics: Discovery", "T1580      Cloud Infrastructure Discovery", "Rule body", "    id: 0f6a3c5e",
        "Stages and predicates", "Stage 1: source", "Stage 3: extend (2 consecutive steps)",
        "    | extend AccountName = UserName", "Indicators", "Output fields", "Entity mappings", "Custom details",
        "Alert details override", "Diagnostics", "warning   rules/caller.yaml:20:5  technique T1087.004"})
    EXPECT_TRUE(contains(page, needle)) << "missing: " << needle << "\n" << page;
  EXPECT_FALSE(contains(page, "Stage 2: where (")) << "a single step has no step count";
}

TEST(TextPageTest, IndicatorRowsShowOperatorNegationCaseAndValues) {
  std::string page = render_rules({sample_rule()}, Format::text);
  EXPECT_TRUE(contains(page, "EventName         eq        no       case-insensitive  \"GetCallerIdentity\"\n")) << page;
  EXPECT_TRUE(contains(page, "UserIdentityType  in        yes      case-sensitive    \"Root\", \"IAMUser\"\n")) << page;
  // Case means nothing for gt: the cell stays empty.
  EXPECT_TRUE(contains(page, "UserName  gt        no             \"3\"     no\n")) << page;
}

TEST(TextPageTest, OutputFieldsAreSortedAndShowTheirUsers) {
  std::string page = render_rules({sample_rule()}, Format::text);
  size_t account = page.find("AccountName      summarize  entity Account.Name, alertDisplayNameFormat");
  size_t source = page.find("SourceIpAddress  summarize  alertDisplayNameFormat");
  size_t start = page.find("StartTime        summarize  custom detail Started");
  ASSERT_NE(account, std::string::npos) << page;
  ASSERT_NE(source, std::string::npos) << page;
  ASSERT_NE(start, std::string::npos) << page;
  EXPECT_LT(account, source);
  EXPECT_LT(source, start);
}

TEST(TextPageTest, NotesMappingsOfColumnsTheQueryDoesNotEmit) {
  std::string page = render_rules({sample_rule()}, Format::text);
  EXPECT_TRUE(contains(page, "Note: Column ClientIP (entity IP.Address) is not an output field of the query.")) << page;
  EXPECT_FALSE(contains(page, "Column AccountName (")) << page;
}

TEST(TextPageTest, AllColumnsOfATableAreShownAsSuchAndSoftenTheNote) {
  Rule rule = sample_rule();
  rule.output_fields.push_back({"", "source", 0, "AWSCloudTrail"});
  std::string page = render_rules({rule}, Format::text);
  EXPECT_TRUE(contains(page, "all columns of AWSCloudTrail  source")) << page;
  EXPECT_TRUE(contains(page, "ClientIP     maybe (all columns of AWSCloudTrail)")) << page;
  EXPECT_FALSE(contains(page, "Note: Column ClientIP")) << page;
}

TEST(TextPageTest, SeveralRulesShowEachRule) {
  Rule first = sample_rule(), second = sample_rule();
  first.query_count = second.query_count = 2;
  second.query_index = 1;
  second.name = "Another query";
  std::string page = render_rules({first, second}, Format::text);
  EXPECT_TRUE(contains(page, "rules/caller.yaml\n=================\n\n2 queries.")) << page;
  EXPECT_TRUE(contains(page, "Caller identity checks by assumed roles\n-------")) << page;
  EXPECT_TRUE(contains(page, "Another query\n-------")) << page;
  EXPECT_TRUE(contains(page, "Query:          2 of 2")) << page;
}

TEST(TextPageTest, UnnamedQueriesAreTitledByPosition) {
  Rule rule;
  rule.file = "hunting/queries.md";
  rule.query_index = 2;
  rule.query_count = 3;
  EXPECT_TRUE(contains(render_rules({rule}, Format::text), "Query 3 of queries.md\n")) ;
}

TEST(TextPageTest, ControlCharactersCannotReachTheTerminal) {
  Rule rule = sample_rule();
  rule.name = "evil\x1b[31m name\u202e";
  rule.description = "two\nlines \x1b]0;title\x07";
  std::string page = render_rules({rule}, Format::text);
  EXPECT_FALSE(contains(page, "\x1b")) << page;
  EXPECT_FALSE(contains(page, "\u202e")) << page;
  EXPECT_TRUE(contains(page, "evil\\x1b[31m name\\u202e")) << page;
  EXPECT_TRUE(contains(page, "two\nlines \\x1b]0;title\\x07")) << page;  // a paragraph keeps its lines
}

Rule hostile_rule() {
  Rule rule = sample_rule();
  rule.name = "<script>alert(1)</script> \"quoted\" 'single'";
  rule.description = "a & b <b>bold</b>";
  rule.query = "T | where Name == \"<script>alert(1)</script>\"";
  rule.raw = rule.query;
  rule.stages = {{"source", 1, {0, 1}, 1}, {"where", 1, {2, static_cast<uint32_t>(rule.query.size())}, 1}};
  rule.predicates = {predicate("Name", Op::eq, {"<script>alert(1)</script>", "a|b", "x\"y"}, false, true, true, 1)};
  rule.metadata = {{"<key>", "<value>"}};
  return rule;
}

TEST(HtmlPageTest, IsOneSelfContainedPage) {
  std::string page = render_rules({sample_rule()}, Format::html);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(contains(page, "<style>"));
  EXPECT_TRUE(contains(page, "<title>Caller identity checks by assumed roles</title>"));
  EXPECT_FALSE(contains(page, "<script"));
  EXPECT_FALSE(contains(page, "<link"));
  EXPECT_FALSE(contains(page, "http://"));
  EXPECT_FALSE(contains(page, "https://"));
  EXPECT_TRUE(contains(page, "<h2>Indicators</h2>"));
  EXPECT_TRUE(contains(page, "<td>EventName</td><td>eq</td><td>no</td><td>case-insensitive</td>"
                             "<td>&quot;GetCallerIdentity&quot;</td>")) << page;
  EXPECT_TRUE(contains(page, "<p class=\"note\">Column ClientIP")) << page;
}

TEST(HtmlPageTest, EscapesEverythingFromTheRule) {
  std::string page = render_rules({hostile_rule()}, Format::html);
  EXPECT_FALSE(contains(page, "<script>")) << page;
  EXPECT_FALSE(contains(page, "<b>bold")) << page;
  EXPECT_FALSE(contains(page, "<key>")) << page;
  EXPECT_TRUE(contains(page, "<title>&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39;</title>"))
      << page;
  EXPECT_TRUE(contains(page, "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;")) << page;
  EXPECT_TRUE(contains(page, "a &amp; b &lt;b&gt;bold&lt;/b&gt;")) << page;
  EXPECT_TRUE(contains(page, "where Name == &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;")) << page;
  EXPECT_TRUE(contains(page, "&quot;x\\&quot;y&quot;")) << page;  // the value x"y, quoted
  EXPECT_TRUE(contains(page, "<dt>&lt;key&gt;</dt><dd>&lt;value&gt;</dd>")) << page;
}

TEST(MarkdownPageTest, WritesHeadingsTablesAndFences) {
  std::string page = render_rules({sample_rule()}, Format::markdown);
  EXPECT_EQ(page.rfind("# Caller identity checks by assumed roles\n", 0), 0u) << page;
  EXPECT_TRUE(contains(page, "## MITRE ATT\\&CK coverage")) << page;
  EXPECT_TRUE(contains(page, "| Field | Operator | Negated | Case | Values |\n|---|---|---|---|---|\n")) << page;
  EXPECT_TRUE(contains(page, "| EventName | eq | no | case\\-insensitive |") ||
              contains(page, "| EventName | eq | no | case-insensitive |")) << page;
  EXPECT_TRUE(contains(page, "```yaml\nid: 0f6a3c5e\nquery: |\n  AWSCloudTrail\n```\n")) << page;
  EXPECT_TRUE(contains(page, "### Stage 3: extend (2 consecutive steps)\n")) << page;
  EXPECT_TRUE(contains(page, "> **Note:** Column ClientIP")) << page;
}

// The page without its fenced code blocks, where text is literal anyway.
std::string outside_fences(std::string_view page) {
  std::string out;
  bool in_fence = false;
  size_t start = 0;
  while (start < page.size()) {
    size_t end = std::min(page.find('\n', start), page.size());
    std::string_view line = page.substr(start, end - start);
    if (line.rfind("```", 0) == 0) in_fence = !in_fence;
    else if (!in_fence) out.append(line) += '\n';
    start = end + 1;
  }
  return out;
}

TEST(MarkdownPageTest, EscapesPipesAndMarkupInValues) {
  std::string full_page = render_rules({hostile_rule()}, Format::markdown);
  EXPECT_TRUE(contains(full_page, "```kusto\n| where Name == \"<script>alert(1)</script>\"\n```")) << full_page;
  std::string page = outside_fences(full_page);
  EXPECT_TRUE(contains(page, "\"a\\|b\"")) << page;
  EXPECT_FALSE(contains(page, "<script>")) << page;
  EXPECT_TRUE(contains(page, "\\<script\\>alert(1)\\</script\\>")) << page;
  // Every table row has as many cell separators as the header.
  size_t header = page.find("| Field | Operator | Negated | Case | Values | Indicator |");
  ASSERT_NE(header, std::string::npos) << page;
  size_t row_start = page.find("| Name |", header);
  ASSERT_NE(row_start, std::string::npos) << page;
  std::string row = page.substr(row_start, page.find('\n', row_start) - row_start);
  size_t unescaped_pipes = 0;
  for (size_t i = 0; i < row.size(); ++i)
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++unescaped_pipes;
  EXPECT_EQ(unescaped_pipes, 7u) << row;
}

TEST(MarkdownPageTest, CodeFencesOutgrowBackticksInTheCode) {
  Rule rule = sample_rule();
  rule.raw = "a ```` b";
  std::string page = render_rules({rule}, Format::markdown);
  EXPECT_TRUE(contains(page, "`````yaml\na ```` b\n`````\n")) << page;
}

TEST(MarkdownPageTest, LeavesUnderscoresInsideWordsAlone) {
  Rule rule = sample_rule();
  rule.description = "uses allowed_role_names, not _emphasis_";
  std::string page = render_rules({rule}, Format::markdown);
  EXPECT_TRUE(contains(page, "uses allowed_role_names, not \\_emphasis\\_\n")) << page;
}

TEST(CatalogSectionsTest, ShowRulesOfTheSameActionAndCorpusCounts) {
  Rule rule = sample_rule();
  rule.predicates[0].corpus = {41};
  rule.same_action = {{"a1b2", "Other GetCallerIdentity rule", "sentinel", "GetCallerIdentity"}};
  std::string page = render_rules({rule}, Format::text);
  EXPECT_TRUE(contains(page, "Rules detecting the same action\n")) << page;
  EXPECT_TRUE(contains(page, "Other GetCallerIdentity rule  a1b2  sentinel  GetCallerIdentity")) << page;
  EXPECT_TRUE(contains(page, "Values               Other rules\n")) << page;
  EXPECT_TRUE(contains(page, "\"GetCallerIdentity\"  41\n")) << page;

  json out = as_json(rule);
  EXPECT_EQ(out["indicators"][0]["corpus"], json::array({41}));
  EXPECT_EQ(out["same_action"][0], (json{{"id", "a1b2"}, {"name", "Other GetCallerIdentity rule"},
                                         {"platform", "sentinel"}, {"action", "GetCallerIdentity"}}));
  EXPECT_FALSE(contains(render_rules({sample_rule()}, Format::text), "Rules detecting the same action"));
}

TEST(FormatTest, NamesParse) {
  EXPECT_EQ(format_from_string("markdown"), Format::markdown);
  EXPECT_EQ(format_from_string("html"), Format::html);
  EXPECT_EQ(format_from_string("xml"), std::nullopt);
}

}  // namespace

TEST(RuleLogicTest, JsonAndOutlineShowTheTree) {
  Rule rule;
  rule.stages.push_back({"detection", 1, {}, 3});
  uint32_t a = add_predicate(rule, predicate("Image", Op::endswith, {"\\cmd.exe"}, false, false, true, 0));
  uint32_t b = add_predicate(rule, predicate("CommandLine", Op::contains, {"/c"}, false, false, true, 0));
  uint32_t c = add_predicate(rule, predicate("User", Op::eq, {"SYSTEM"}, false, false, true, 0));
  uint32_t root = add_all(rule.logic, {a, add_any(rule.logic, {b, add_not(rule.logic, c)})});
  add_selection(rule.logic, {.name = "detection", .stage = 0, .root = root});
  json out = as_json(rule)["logic"];
  EXPECT_EQ(out["shape"], "filter");
  EXPECT_EQ(out["selections"][0]["condition"].dump(),
            R"({"all":[{"predicate":0},{"any":[{"predicate":1},{"not":{"predicate":2}}]}]})");
  EXPECT_EQ(render::logic_outline(rule),
            "filter\n"
            "  selection 1 \"detection\" (stage 1: detection)\n"
            "    all\n"
            "      Image endswith \"\\\\cmd.exe\"\n"
            "      any\n"
            "        CommandLine contains \"/c\"\n"
            "        not\n"
            "          User eq \"SYSTEM\"\n");
}

TEST(RuleLogicTest, CountConditionsReadAsComparisons) {
  Rule rule;
  add_selection(rule.logic, {.name = "base", .rule_ref = "failed_logon"});
  rule.logic.shape = LogicShape::correlation;
  rule.logic.subtype = "event_count";
  rule.logic.group_by = {"TargetUserName"};
  rule.logic.window = "5m";
  rule.logic.condition = add_count(rule.logic, "count", kNoNode, "gte", 10);
  EXPECT_EQ(render::logic_outline(rule),
            "correlation event_count by TargetUserName within 5m\n"
            "  selection 1 \"base\" = matches of rule \"failed_logon\"\n"
            "  condition\n"
            "    count >= 10\n");
  json out = as_json(rule)["logic"]["condition"];
  EXPECT_EQ(out["op"], "ge");
  EXPECT_EQ(out["threshold"], 10.0);
}

}  // namespace ruledex
