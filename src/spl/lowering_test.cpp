#include "spl/lowering.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "analysis/analyzer.h"
#include "analysis/frontend.h"
#include "readers/rule_reader.h"
#include "render/logic_outline.h"
#include "spl/macros.h"
#include "spl/parser.h"

namespace ruledex::spl {
namespace {

Rule lowered(std::string_view text) {
  Rule rule;
  rule.query = std::string(text);
  lower(parse(text), rule, [](uint32_t offset) { return offset; });
  return rule;
}

const Predicate* find(const Rule& rule, std::string_view field) {
  for (const Predicate& p : rule.predicates)
    if (p.field == field) return &p;
  return nullptr;
}

TEST(SplLowering, TstatsPredicatesAndOutputs) {
  Rule rule = lowered(
      "| tstats count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process_name=CMD.exe "
      "Processes.user!=SYSTEM by Processes.dest Processes.user | rename Processes.* as * | where firstTime > 5 "
      "| where match(dest, \"^ws\")");
  ASSERT_EQ(rule.stages.size(), 4u);
  EXPECT_EQ(rule.stages[0].kind, "source");
  EXPECT_EQ(rule.query.substr(rule.stages[0].range.begin, rule.stages[0].range.end - rule.stages[0].range.begin),
            "from datamodel=Endpoint.Processes");
  EXPECT_EQ(rule.data_sources, std::vector<std::string>{"datamodel:Endpoint.Processes"});
  EXPECT_EQ(rule.stages[1].kind, "tstats");
  EXPECT_EQ(rule.stages[3].kind, "where");
  EXPECT_EQ(rule.stages[3].steps, 2u);
  EXPECT_EQ(rule.stages[1].line, 1u);
  const Predicate* name = find(rule, "Processes.process_name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->op, Op::eq);
  EXPECT_FALSE(name->case_sensitive);
  EXPECT_TRUE(name->indicator);
  const Predicate* user = find(rule, "Processes.user");
  ASSERT_NE(user, nullptr);
  EXPECT_TRUE(user->negated);
  const Predicate* first = find(rule, "firstTime");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->op, Op::gt);
  EXPECT_FALSE(first->indicator);  // an aggregate, not a source field
  const Predicate* dest = find(rule, "Processes.dest");  // `dest` is Processes.dest renamed
  ASSERT_NE(dest, nullptr);
  EXPECT_EQ(dest->op, Op::regex);
  ASSERT_EQ(rule.output_fields.size(), 4u);  // count, firstTime, dest, user
  EXPECT_EQ(rule.output_fields[2].name, "dest");
  EXPECT_EQ(rule.output_fields[2].stage, "rename");
  EXPECT_EQ(rule.output_fields[0].name, "count");
}

TEST(SplLowering, StageLinesFollowTheQuery) {
  Rule rule;
  rule.query = "index=a\n| where x=1\n| table x";
  rule.query_line = 10;
  lower(parse(rule.query), rule, [](uint32_t offset) { return offset; });
  ASSERT_EQ(rule.stages.size(), 4u);  // source, search, where, table
  EXPECT_EQ(rule.stages[1].line, 10u);
  EXPECT_EQ(rule.stages[2].line, 11u);
  EXPECT_EQ(rule.stages[3].line, 12u);
}

TEST(SplLowering, DataSourcesFromTheSearch) {
  Rule rule;
  rule.data_sources = {"AWS CloudTrail"};
  rule.query = "index=aws (sourcetype=aws:cloudtrail OR sourcetype IN (a, \"b\")) NOT source=x eventName=Get* "
               "| append [| tstats count from datamodel:Web.Proxy] | append [search index=other]";
  lower(parse(rule.query), rule, [](uint32_t offset) { return offset; });
  EXPECT_EQ(rule.data_sources, (std::vector<std::string>{"AWS CloudTrail", "index:aws", "sourcetype:aws:cloudtrail",
                                                          "sourcetype:a", "sourcetype:b", "datamodel:Web.Proxy",
                                                          "index:other"}));
  ASSERT_FALSE(rule.stages.empty());
  EXPECT_EQ(rule.stages[0].kind, "source");
  EXPECT_EQ(rule.stages[0].range.begin, 0u);
  const Predicate* index = find(rule, "index");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->stage, 0u);
  EXPECT_FALSE(index->indicator);  // where the events come from, not what they say
  const Predicate* event = find(rule, "eventName");
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(event->stage, 1u);
  EXPECT_TRUE(event->indicator);
  EXPECT_TRUE(find(rule, "source")->negated);
}

TEST(SplLowering, FieldsOtherCommandsMakeAreNotIndicators) {
  Rule rule = lowered("index=a | addtotals fieldname=Score a b | where Score > 2 | iplocation src | search Country=X "
                      "| stats count by src | apply model | rename \"IsOutlier(count)\" as out, src as source_ip "
                      "| where out=1 AND source_ip=\"10.0.0.1\"");
  EXPECT_FALSE(find(rule, "Score")->indicator);
  EXPECT_FALSE(find(rule, "Country")->indicator);
  EXPECT_FALSE(find(rule, "out")->indicator);
  const Predicate* source_ip = find(rule, "src");  // source_ip is the by-field src renamed: still the source's
  ASSERT_NE(source_ip, nullptr);
  EXPECT_TRUE(source_ip->indicator);
}

TEST(SplLowering, EvalLanguagePredicates) {
  Rule rule = lowered(
      "| where lower(process_name)==\"cmd.exe\" AND user=\"Admin\" AND NOT like(lower(cmd), \"%enc%\") "
      "AND 5 < count_src AND in(action, \"a\", \"b\") AND isnotnull(pid) AND x LIKE \"a_\" AND y=other_field "
      "AND if(match(z, \"q\"), 1, 0)=1 AND len(url) > 100"
      "| eval e=if(match(w, \"x\"), 1, 0)");
  const Predicate* name = find(rule, "process_name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->op, Op::eq);
  EXPECT_FALSE(name->case_sensitive);  // lower(f)=="x"
  EXPECT_EQ(name->values, std::vector<std::string>{"cmd.exe"});
  EXPECT_TRUE(name->indicator);
  EXPECT_TRUE(find(rule, "user")->case_sensitive);  // where's = compares exactly
  const Predicate* cmd = find(rule, "cmd");
  ASSERT_NE(cmd, nullptr);
  EXPECT_EQ(cmd->op, Op::wildcard);
  EXPECT_TRUE(cmd->negated);
  EXPECT_FALSE(cmd->case_sensitive);
  EXPECT_EQ(cmd->values, std::vector<std::string>{"*enc*"});
  EXPECT_EQ(find(rule, "count_src")->op, Op::gt);  // 5 < f is f > 5
  EXPECT_EQ(find(rule, "action")->op, Op::in);
  EXPECT_EQ(find(rule, "pid")->op, Op::exists);
  EXPECT_EQ(find(rule, "x")->values, std::vector<std::string>{"a?"});
  EXPECT_FALSE(find(rule, "y")->indicator);  // compares two fields
  EXPECT_EQ(find(rule, "z"), nullptr);         // inside if(): computes a value, does not filter
  EXPECT_EQ(find(rule, "url"), nullptr);       // len(url) is not the field
  EXPECT_EQ(find(rule, "w"), nullptr);         // eval computes, never filters
  ASSERT_EQ(rule.output_fields.size(), 1u);
  EXPECT_EQ(rule.output_fields[0].name, "e");
}

TEST(SplLowering, SearchOperators) {
  Rule rule = lowered("eventName IN (A, B*) c=*x* NOT d=1 | where like(e, \"a%\") OR cidrmatch(\"10.0.0.0/8\", ip)"
                      " | eval f=1 | search f=1 | table f c");
  EXPECT_EQ(find(rule, "eventName")->op, Op::wildcard);
  EXPECT_EQ(find(rule, "c")->op, Op::wildcard);
  EXPECT_TRUE(find(rule, "d")->negated);
  EXPECT_EQ(find(rule, "e")->values, std::vector<std::string>{"a*"});
  EXPECT_EQ(find(rule, "ip")->op, Op::cidr);
  EXPECT_FALSE(find(rule, "f")->indicator);
  EXPECT_EQ(find(rule, "c")->range.begin, 21u);
  ASSERT_EQ(rule.output_fields.size(), 2u);
  EXPECT_EQ(rule.output_fields[0].stage, "table");
}

TEST(SplFrontEnd, ReaderAndFrontEndOnADetection) {
  constexpr std::string_view kDetection = R"(name: Example Detection
id: 11111111-2222-3333-4444-555555555555
version: 2
type: TTP
status: production
data_source:
- Sysmon EventID 1
description: Finds things.
search: '| tstats `summaries` count from datamodel=Endpoint.Processes where
  Processes.process_name=evil.exe by Processes.dest | `drop_dm_object_name(Processes)`
  | `unknown_macro` | `example_detection_filter`'
how_to_implement: Ingest things.
known_false_positives: None.
tags:
  analytic_story:
  - Story A
  mitre_attack_id:
  - T1059.001
  risk_score: 25
  security_domain: endpoint
)";
  ReadResult read = read_rule_file("detections/endpoint/example.yml", kDetection);
  ASSERT_EQ(read.rules.size(), 1u);
  Rule rule = read.rules[0];
  EXPECT_EQ(rule.name, "Example Detection");
  EXPECT_EQ(rule.kind, "TTP");
  EXPECT_EQ(rule.status, "production");
  EXPECT_EQ(rule.language, "spl");
  EXPECT_EQ(rule.query_line, 9u);
  EXPECT_EQ(rule.query_indent, 9u);
  EXPECT_EQ(rule.data_sources, std::vector<std::string>{"Sysmon EventID 1"});
  ASSERT_EQ(rule.techniques.size(), 1u);
  EXPECT_EQ(rule.techniques[0].id, "T1059.001");
  auto has = [&](std::string_view key, std::string_view value) {
    for (const auto& [k, v] : rule.metadata)
      if (k == key) return v == value;
    return false;
  };
  EXPECT_TRUE(has("tags.analytic_story", "Story A"));
  EXPECT_TRUE(has("tags.security_domain", "endpoint"));
  EXPECT_TRUE(has("known_false_positives", "None."));
  analyze_spl_rule(rule, {});
  int unknown = 0;
  for (const Diagnostic& d : rule.diagnostics) unknown += d.message.find("unknown macro") != std::string::npos;
  EXPECT_EQ(unknown, 2);  // `summaries` and `unknown_macro`; the _filter macro is empty
  // The search is a folded (quoted) scalar: lines and columns are the file's.
  const Diagnostic& last = rule.diagnostics.back();
  EXPECT_NE(last.message.find("unknown_macro"), std::string::npos);
  EXPECT_EQ(last.line, 11u);
  EXPECT_EQ(last.column, 5u);
  ASSERT_EQ(rule.stages.size(), 4u);  // source, tstats, rename, the unknown macro as an opaque stage
  EXPECT_EQ(rule.stages[0].line, 9u);
  EXPECT_EQ(rule.stages[2].kind, "rename");
  EXPECT_EQ(rule.stages[2].line, 10u);
  EXPECT_EQ(rule.stages[3].kind, "`unknown_macro`");
  EXPECT_EQ(rule.stages[3].line, 11u);
  EXPECT_EQ(rule.data_sources, (std::vector<std::string>{"Sysmon EventID 1", "datamodel:Endpoint.Processes"}));
  ASSERT_FALSE(rule.output_fields.empty());
  EXPECT_EQ(rule.output_fields.back().name, "dest");
  const Predicate* name = find(rule, "Processes.process_name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(rule.query.substr(name->range.begin, name->range.end - name->range.begin), "Processes.process_name=evil.exe");
}

TEST(SplLowering, TstatsNodenameIsNoIndicator) {
  Rule rule = lowered("| tstats count from datamodel=Network_Resolution where nodename=DNS DNS.message_type=QUERY by DNS.src");
  ASSERT_NE(find(rule, "nodename"), nullptr);
  EXPECT_FALSE(find(rule, "nodename")->indicator);
  ASSERT_NE(find(rule, "DNS.message_type"), nullptr);
  EXPECT_TRUE(find(rule, "DNS.message_type")->indicator);
}

TEST(SplLowering, LookupsTheSearchReadsOrWritesAreItems) {
  Rule rule = lowered("index=main [| inputlookup append=t seen_hosts.csv | fields host] | lookup update=true "
                      "ioc_domains domain OUTPUT is_bad | outputlookup seen_hosts.csv | lookup ioc_domains d");
  EXPECT_EQ(rule.items, (std::vector<ItemRef>{{"lookup", "seen_hosts.csv"}, {"lookup", "ioc_domains"}}));
}

TEST(SplLowering, RenamedSourceFieldsStandForTheSourceField) {
  Rule rule = lowered(
      "| tstats count from datamodel=Endpoint.Processes by Processes.process Processes.dest Processes.user "
      "| rename Processes.process as process | search process=\"*evil*\" | rename Processes.* as * "
      "| rename process as cmd | where cmd=\"x\" AND dest=\"ws1\" | eval user=lower(user) | search user=admin");
  const Predicate* process = find(rule, "Processes.process");
  ASSERT_NE(process, nullptr);
  EXPECT_TRUE(process->indicator);
  EXPECT_EQ(find(rule, "process"), nullptr);
  EXPECT_EQ(find(rule, "cmd"), nullptr);  // renamed twice: still Processes.process
  EXPECT_EQ(std::count_if(rule.predicates.begin(), rule.predicates.end(),
                          [](const Predicate& p) { return p.field == "Processes.process"; }),
            2);
  ASSERT_NE(find(rule, "Processes.dest"), nullptr);
  const Predicate* user = find(rule, "user");  // eval made a new user: no longer Processes.user
  ASSERT_NE(user, nullptr);
  EXPECT_FALSE(user->indicator);
}

TEST(SplLowering, DropDmObjectNameMakesTheShortNamesStandForTheDataModelFields) {
  Expansion expansion = expand_macros(
      "| tstats count from datamodel=Endpoint.Processes by Processes.process_name | `drop_dm_object_name(Processes)` "
      "| search process_name=cmd.exe", {});
  Rule rule = lowered(expansion.text);
  const Predicate* name = find(rule, "Processes.process_name");
  ASSERT_NE(name, nullptr);
  EXPECT_TRUE(name->indicator);
}

TEST(SplLowering, RenameOfAFunctionNamedField) {
  Query query = parse("| stats values(x) as v, dc(y) by z | rename values(x) as vals, IsOutlier(x) as o, dc(y) as n");
  EXPECT_TRUE(query.errors.empty());
  ASSERT_EQ(query.pipeline.commands.size(), 2u);
  EXPECT_EQ(query.pipeline.commands[1].renames,
            (std::vector<std::pair<std::string, std::string>>{{"values(x)", "vals"}, {"IsOutlier(x)", "o"},
                                                              {"dc(y)", "n"}}));
  Rule rule = lowered("| stats dc(y) by z | rename dc(y) as n | where n > 3");
  ASSERT_FALSE(rule.output_fields.empty());
  EXPECT_EQ(rule.output_fields[0].name, "n");
  ASSERT_NE(find(rule, "n"), nullptr);
  EXPECT_FALSE(find(rule, "n")->indicator);  // an aggregate under its new name
}

TEST(SplLowering, CommasSeparateSearchTerms) {
  Query query = parse("index=a | search a=1, b=2 ,c=3");
  EXPECT_TRUE(query.errors.empty());
  Rule rule = lowered("index=a | search a=1, b=2 ,c=3");
  EXPECT_NE(find(rule, "a"), nullptr);
  EXPECT_NE(find(rule, "b"), nullptr);
  EXPECT_NE(find(rule, "c"), nullptr);
}

TEST(SplFrontEnd, TheRepositorysMacrosAreItemsOfTheRule) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("ruledex-spl-items-" + std::to_string(::getpid()));
  fs::create_directories(root / "macros");
  fs::create_directories(root / "detections");
  std::ofstream(root / "macros" / "cloudtrail.yml") << "definition: sourcetype=aws:cloudtrail\nname: cloudtrail\n";
  std::ofstream(root / "macros" / "ctime.yml") << "arguments:\n- field\ndefinition: convert ctime($field$)\n"
                                                  "name: security_content_ctime\n";
  std::ofstream(root / "detections" / "d.yml")
      << "name: D\nid: 1\nsearch: '`cloudtrail` eventName=ConsoleLogin | stats min(_time) as firstTime by user"
         " | `security_content_ctime(firstTime)` | `drop_dm_object_name(\"x\")` | `d_filter`'\nhow_to_implement: x\n";
  FileAnalysis analysis = analyze_file(root / "detections" / "d.yml");
  fs::remove_all(root);
  ASSERT_EQ(analysis.rules.size(), 1u);
  // Built-in and generated filter macros are not the repository's.
  EXPECT_EQ(analysis.rules[0].items,
            (std::vector<ItemRef>{{"macro", "cloudtrail"}, {"macro", "security_content_ctime(1)"}}));
}

// A Splunk app: its searches expand its own macros (local/ over default/),
// and problems point at the .conf file's lines and columns.
TEST(SplFrontEnd, AnAppsSearchesExpandTheAppsMacros) {
  namespace fs = std::filesystem;
  const fs::path app = fs::temp_directory_path() / ("ruledex-spl-app-" + std::to_string(::getpid()));
  fs::create_directories(app / "default");
  fs::create_directories(app / "local");
  std::ofstream(app / "default" / "macros.conf") << "[default]\n[sysmon]\ndefinition = index=old\n"
                                                    "[ctime(1)]\nargs = field\ndefinition = convert ctime($field$)\n"
                                                    "[r_filter]\ndefinition = search *\n";
  std::ofstream(app / "local" / "macros.conf") << "[sysmon]\ndefinition = index=sysmon\n";
  std::ofstream(app / "default" / "savedsearches.conf")
      << "# searches\n[r]\nsearch = `sysmon` EventCode=1 \\\n| stats min(_time) as t by host \\\n"
         "  | `ctime(t)` | `r_filter`\n\n[bad]\nsearch = index=a \\\n| where (x=1\n";
  FileAnalysis analysis = analyze_file(app / "default" / "savedsearches.conf");
  fs::remove_all(app);
  ASSERT_EQ(analysis.rules.size(), 2u);
  const Rule& rule = analysis.rules[0];
  EXPECT_FALSE(std::any_of(rule.diagnostics.begin(), rule.diagnostics.end(),
                           [](const Diagnostic& d) { return d.severity == Severity::error; }));
  std::string expanded;
  for (const auto& [key, value] : rule.metadata)
    if (key == kExpandedQueryKey) expanded = value;
  // The generated empty filter (`search *`) goes, as an undefined one does.
  EXPECT_EQ(expanded, "index=sysmon EventCode=1 \n| stats min(_time) as t by host \n  | convert ctime(t)");
  EXPECT_EQ(rule.items, (std::vector<ItemRef>{{"macro", "sysmon"}, {"macro", "ctime(1)"}}));
  ASSERT_NE(find(rule, "EventCode"), nullptr);
  EXPECT_EQ(rule.stages[0].line, 3u);  // the source stage, on the search's first line
  const Rule& bad = analysis.rules[1];
  ASSERT_FALSE(bad.diagnostics.empty());
  EXPECT_EQ(bad.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(bad.diagnostics[0].line, 9u);  // the continuation line holding the unclosed `(`
}

// --- logic ---------------------------------------------------------------------------

std::string outline(std::string_view text) { return render::logic_outline(lowered(text)); }

// The search language evaluates NOT, then OR, then AND (implicit or written):
// `a b OR c` is a AND (b OR c).
TEST(SplLogic, SearchPrecedenceImplicitAndOrNot) {
  EXPECT_EQ(outline("a=1 b=2 OR c=3 NOT d=4"),
            "filter\n"
            "  selection 1 \"search\" (stage 1: search)\n"
            "    all\n"
            "      a eq \"1\"\n"
            "      any\n"
            "        b eq \"2\"\n"
            "        c eq \"3\"\n"
            "      d not eq \"4\"\n");
  EXPECT_EQ(outline("a=1 OR b=2 AND c=3"),
            "filter\n"
            "  selection 1 \"search\" (stage 1: search)\n"
            "    all\n"
            "      any\n"
            "        a eq \"1\"\n"
            "        b eq \"2\"\n"
            "      c eq \"3\"\n");
}

// NOT applies to the next term only; over parentheses it is pushed into
// the leaves (NOT (a OR b) is not a and not b).
TEST(SplLogic, ParenthesesAndNegation) {
  EXPECT_EQ(outline("NOT (a=1 OR b=2) (c=3 d=4) OR e=5"),
            "filter\n"
            "  selection 1 \"search\" (stage 1: search)\n"
            "    all\n"
            "      a not eq \"1\"\n"
            "      b not eq \"2\"\n"
            "      any\n"
            "        all\n"
            "          c eq \"3\"\n"
            "          d eq \"4\"\n"
            "        e eq \"5\"\n");
  EXPECT_EQ(outline("NOT (a=1 b=2)"),
            "filter\n"
            "  selection 1 \"search\" (stage 1: search)\n"
            "    any\n"
            "      a not eq \"1\"\n"
            "      b not eq \"2\"\n");
}

// Bare words and phrases search the raw event: opaque keyword leaves (no
// predicate is made for them); `*` is every event.
TEST(SplLogic, KeywordTerms) {
  Rule rule = lowered("index=main \"failed password\" NOT sshd *");
  EXPECT_EQ(rule.predicates.size(), 1u);
  EXPECT_EQ(render::logic_outline(rule),
            "filter\n"
            "  selection 1 \"search\" (stage 2: search)\n"
            "    all\n"
            "      index eq \"main\"\n"
            "      opaque \"\\\"failed password\\\"\" (keyword)\n"
            "      not\n"
            "        opaque \"sshd\" (keyword)\n");
}

// where: AND before OR; the filtering functions are leaves, others opaque;
// a where on an eval'd field is opaque; two filtering commands are two
// selections (both must hold).
TEST(SplLogic, WhereFunctionsAndTwoSelections) {
  EXPECT_EQ(outline("index=a user=x | eval n=len(cmd) | where like(cmd, \"%enc%\") OR match(cmd, \"-e\") AND "
                    "cidrmatch(\"10.0.0.0/8\", ip) AND isnotnull(pid) AND NOT in(action, \"a\", \"b\") OR n > 100 "
                    "OR len(url) > 5 OR tolower(x)==\"y\" OR a==b"),
            "filter\n"
            "  selection 1 \"search\" (stage 2: search)\n"
            "    all\n"
            "      index eq \"a\"\n"
            "      user eq \"x\"\n"
            "  selection 2 \"where\" (stage 4: where)\n"
            "    any\n"
            "      cmd wildcard (case-sensitive) \"*enc*\"\n"
            "      all\n"
            "        cmd regex (case-sensitive) \"-e\"\n"
            "        ip cidr \"10.0.0.0/8\"\n"
            "        pid exists\n"
            "        action not in (case-sensitive) \"a\", \"b\"\n"
            "      opaque \"n > 100\" (computed field)\n"
            "      opaque \"len(url) > 5\" (function len())\n"
            "      opaque \"tolower(x)==\\\"y\\\"\" (function tolower())\n"
            "      opaque \"a==b\" (field comparison)\n");
}

TEST(SplLogic, StatsThenWhereIsAnAggregateWithACountCondition) {
  EXPECT_EQ(outline("index=a action=failure | bin _time span=5m | stats count dc(user) as users by src _time "
                    "| where count > 10 AND users >= 3 AND src!=\"10.0.0.1\""),
            "aggregate by src within 5m\n"
            "  selection 1 \"search\" (stage 2: search)\n"
            "    all\n"
            "      index eq \"a\"\n"
            "      action eq \"failure\"\n"
            "  selection 2 \"where\" (stage 5: where)\n"
            "    src not eq (case-sensitive) \"10.0.0.1\"\n"
            "  condition\n"
            "    all\n"
            "      count > 10\n"
            "      distinct user >= 3\n");
  Rule rule = lowered("index=a | stats count by user | rename count as n | search NOT n<5");
  EXPECT_EQ(rule.logic.window_seconds, 0u);
  EXPECT_EQ(render::logic_outline(rule),
            "aggregate by user\n"
            "  selection 1 \"search\" (stage 2: search)\n"
            "    index eq \"a\"\n"
            "  condition\n"
            "    not\n"
            "      count < 5\n");
}

TEST(SplLogic, TstatsWithAndWithoutAThreshold) {
  Rule rule = lowered("| tstats count min(_time) as firstTime from datamodel=Endpoint.Processes "
                      "where Processes.process_name=cmd.exe by _time span=1h Processes.dest | where count > 5 "
                      "| where firstTime > 0");
  EXPECT_EQ(rule.logic.shape, LogicShape::aggregate);
  EXPECT_EQ(rule.logic.window_seconds, 3600u);
  EXPECT_EQ(render::logic_outline(rule),
            "aggregate by Processes.dest within 1h\n"
            "  selection 1 \"tstats\" (stage 2: tstats)\n"
            "    Processes.process_name eq \"cmd.exe\"\n"
            "  condition\n"
            "    all\n"
            "      count > 5\n"
            "      opaque \"firstTime > 0\" (aggregate)\n");
  // No threshold: every group alerts, the condition is kNoNode.
  Rule plain = lowered("| tstats count from datamodel=Endpoint.Processes by Processes.dest");
  EXPECT_EQ(plain.logic.condition, kNoNode);
  EXPECT_EQ(render::logic_outline(plain),
            "aggregate by Processes.dest\n"
            "  selection 1 \"tstats\" (stage 2: tstats)\n"
            "    true\n");
}

TEST(SplLogic, UnexpandedMacroSubsearchAndLookupAreOpaque) {
  Expansion expansion = expand_macros("`unknown_source` EventCode=1 [| inputlookup bad.csv | fields host] "
                                      "| lookup ioc domain OUTPUT bad | where isnotnull(bad) | `unknown_tail`", {});
  Rule rule;
  rule.query = expansion.text;
  lower(parse(rule.query), rule, [](uint32_t offset) { return offset; });
  EXPECT_EQ(render::logic_outline(rule),
            "filter\n"
            "  selection 1 \"search\" (stage 1: search)\n"
            "    all\n"
            "      opaque \"`unknown_source`\" (macro)\n"
            "      EventCode eq \"1\"\n"
            "      opaque \"[| inputlookup bad.csv | fields host]\" (subsearch)\n"
            "  selection 2 \"where\" (stage 5: where)\n"  // the subsearch's stages come first
            "    opaque \"isnotnull(bad)\" (lookup)\n"
            "  selection 3 \"`unknown_tail`\" (stage 6: `unknown_tail`)\n"
            "    opaque \"`unknown_tail`\" (macro)\n");
}

TEST(SplLogic, RowsThatAreNoEventsAndCommandsTheModelCannotFollow) {
  EXPECT_EQ(outline("| inputlookup users.csv | where admin=1"),
            "filter\n"
            "  selection 1 \"inputlookup\" (stage 1: inputlookup)\n"
            "    opaque \"inputlookup users.csv\" (inputlookup)\n"
            "  selection 2 \"where\" (stage 2: where)\n"
            "    admin eq (case-sensitive) \"1\"\n");
  EXPECT_EQ(outline("index=a | append [search index=b] | regex cmd=\"x\""),
            "filter\n"
            "  selection 1 \"search\" (stage 2: search)\n"
            "    index eq \"a\"\n"
            "  selection 2 \"append\" (stage 3: append)\n"
            "    opaque \"append [search index=b]\" (append)\n"
            "  selection 3 \"regex\" (stage 5: regex)\n"
            "    opaque \"regex cmd=\\\"x\\\"\" (regex)\n");
  EXPECT_EQ(outline("index=a | eventstats count as total by host | where total > 5"),
            "filter\n"
            "  selection 1 \"search\" (stage 2: search)\n"
            "    index eq \"a\"\n"
            "  selection 2 \"where\" (stage 4: where)\n"
            "    opaque \"total > 5\" (eventstats)\n");
  EXPECT_EQ(outline("index=a | transaction user maxspan=10m | where eventcount > 3"),
            "aggregate by user within 10m\n"
            "  selection 1 \"search\" (stage 2: search)\n"
            "    index eq \"a\"\n"
            "  condition\n"
            "    opaque \"eventcount > 3\" (transaction)\n");
  EXPECT_EQ(outline("| datamodel Endpoint Processes search | search Processes.user=root"),
            "filter\n"
            "  selection 1 \"datamodel\" (stage 2: datamodel)\n"
            "    true\n"
            "  selection 2 \"search\" (stage 3: search)\n"
            "    Processes.user eq \"root\"\n");
}

}  // namespace
}  // namespace ruledex::spl
