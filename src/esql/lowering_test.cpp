#include "esql/lowering.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "esql/parser.h"
#include "model/predicate_text.h"
#include "render/logic_outline.h"

namespace ruledex::esql {
namespace {

using Lines = std::vector<std::string>;

struct Lowered {
  Rule rule;
  Lines predicates;  // field op [not] [nocase] 'value'... [indicator] @stage
  Lines stages;      // kind[xsteps]:line
  Lines outputs;     // name@stage-kind, or all:<source>@stage-kind
};

Lowered lower_text(const std::string& query) {
  Lowered out;
  out.rule.query = query;
  out.rule.query_line = 10;
  QueryAst ast = parse(query);
  EXPECT_TRUE(ast.errors.empty()) << (ast.errors.empty() ? "" : ast.errors[0].message);
  lower(ast, out.rule);
  for (const Predicate& p : out.rule.predicates) out.predicates.push_back(predicate_text(p));
  for (const Stage& s : out.rule.stages)
    out.stages.push_back(s.kind + (s.steps > 1 ? "x" + std::to_string(s.steps) : "") + ":" + std::to_string(s.line));
  for (const OutputField& f : out.rule.output_fields)
    out.outputs.push_back((f.all_columns_of.empty() ? f.name : "all:" + f.all_columns_of) + "@" + f.stage);
  return out;
}

TEST(EsqlLowering, StagesMergeConsecutiveCommandsAndSourcesAreDataSources) {
  Lowered got = lower_text(
      "FROM logs-aws*, logs-gcp* METADATA _id\n"
      "| WHERE a == \"x\"\n"
      "| WHERE b == \"y\"\n"
      "| EVAL c = 1\n"
      "| WHERE c > 0\n"
      "| LOOKUP JOIN intel ON source.ip");
  EXPECT_EQ(got.stages, (Lines{"source:10", "wherex2:11", "eval:13", "where:14", "lookup join:15"}));
  EXPECT_EQ(got.rule.data_sources, (Lines{"logs-aws*", "logs-gcp*", "intel"}));
  EXPECT_EQ(got.rule.query.substr(got.rule.stages[1].range.begin, 7), "| WHERE");
  EXPECT_EQ(got.outputs, (Lines{"all:logs-aws*@source", "all:logs-gcp*@source", "_id@source", "c@eval",
                                "all:intel@lookup join"}));
}

TEST(EsqlLowering, SharedVocabulary) {
  Lowered got = lower_text(
      "FROM logs-*\n"
      "| EVAL computed = x\n"
      "| WHERE a == \"A\" and b != \"B\" and c =~ \"C\" and d < 1 and 5 <= e and f > 2.5 and g >= -3\n"
      "  and h LIKE \"*x*\" and i NOT RLIKE \"y.*\" and j LIKE (\"p*\", \"q*\") and k IN (\"u\", \"v\")\n"
      "  and l NOT IN (1, 2) and m IS NULL and n IS NOT NULL and o : \"word\" and NOT (p == \"P\" or q == \"Q\")\n"
      "  and starts_with(r, \"pre\") and ends_with(s, \"suf\") and cidr_match(t, \"10.0.0.0/8\", \"fe80::/10\")\n"
      "  and TO_LOWER(u) == \"low\" and to_upper(v) LIKE \"UP*\" and w::keyword == \"cast\" and computed == \"z\"\n"
      "  and x == y and \"lit\" == z and contains(aa, \"mid\") and match(bb, \"q\")\n"
      "  and true IN (starts_with(cc, \"A\"), dd == \"D\")");
  Lines want = {
      "a eq 'A' indicator @2",
      "b eq not 'B' indicator @2",
      "c eq nocase 'C' indicator @2",
      "d lt '1' indicator @2",
      "e ge '5' indicator @2",
      "f gt '2.5' indicator @2",
      "g ge '-3' indicator @2",
      "h wildcard '*x*' indicator @2",
      "i regex not 'y.*' indicator @2",
      "j wildcard 'p*' 'q*' indicator @2",
      "k in 'u' 'v' indicator @2",
      "l in not '1' '2' indicator @2",
      "m exists not @2",
      "n exists @2",
      "o has nocase 'word' indicator @2",
      "p eq not 'P' indicator @2",
      "q eq not 'Q' indicator @2",
      "r startswith 'pre' indicator @2",
      "s endswith 'suf' indicator @2",
      "t cidr nocase '10.0.0.0/8' 'fe80::/10' indicator @2",
      "u eq nocase 'low' indicator @2",
      "v wildcard nocase 'UP*' indicator @2",
      "w eq 'cast' indicator @2",
      "computed eq 'z' @2",
      "x eq 'y' @2",
      "z eq 'lit' indicator @2",
      "aa contains 'mid' indicator @2",
      "bb has nocase 'q' indicator @2",
      "cc startswith 'A' indicator @2",
      "dd eq 'D' indicator @2",
  };
  EXPECT_EQ(got.predicates, want);
}

TEST(EsqlLowering, KqlFunctionAndStatsFilters) {
  Lowered got = lower_text(
      "FROM .alerts-*\n"
      "| WHERE NOT KQL(\"\"\"kibana.alert.rule.tags : \"Higher-Order\" and event.kind: signal\"\"\")\n"
      "| STATS n = COUNT(*) WHERE event.action == \"x\" BY host.id\n"
      "| WHERE n > 3 and host.id == \"h1\"");
  EXPECT_EQ(got.predicates, (Lines{"kibana.alert.rule.tags eq not 'Higher-Order' indicator @1",
                                   "event.kind eq not 'signal' indicator @1", "event.action eq 'x' indicator @2",
                                   "n gt '3' @3", "host.id eq 'h1' indicator @3"}));
}

TEST(EsqlLowering, OutputFieldsThroughStats) {
  Lowered got = lower_text(
      "FROM logs-*\n"
      "| STATS count(*), Esql.max = MAX(x) WHERE y == 1, VALUES(user.name) BY host.name, day = BUCKET(@timestamp, 1 day)\n"
      "| EVAL ratio = Esql.max / `count(*)`\n"
      "| INLINE STATS total = SUM(Esql.max)");
  EXPECT_EQ(got.outputs, (Lines{"count(*)@stats", "Esql.max@stats", "VALUES(user.name)@stats", "host.name@stats",
                                "day@stats", "ratio@eval", "total@inline stats"}));
}

TEST(EsqlLowering, OutputFieldsThroughKeepDropRename) {
  Lowered got = lower_text(
      "FROM logs-*\n"
      "| EVAL Esql.a = 1, Esql.b = 2, other = 3\n"
      "| KEEP Esql.*, host.name, process.*, user.name\n"
      "| DROP Esql.b\n"
      "| RENAME host.name AS host, Esql.a AS a, owner = user.name");
  EXPECT_EQ(got.outputs, (Lines{"a@rename", "host@rename", "process.*@keep", "owner@rename"}));

  Lowered star = lower_text("FROM logs-* | EVAL x = 1 | KEEP *");
  EXPECT_EQ(star.outputs, (Lines{"all:logs-*@source", "x@eval"}));

  Lowered after_stats = lower_text("FROM logs-* | STATS c = count(*) BY a, b | KEEP b, c, missing | DROP c");
  EXPECT_EQ(after_stats.outputs, (Lines{"b@stats"}));
}

TEST(EsqlLowering, OutputFieldsOfDissectGrokEnrichChangePointCompletion) {
  Lowered got = lower_text(
      "FROM logs-*\n"
      "| DISSECT msg \"%{user} %{?skip} %{+user} %{action}\"\n"
      "| GROK line \"%{IP:client.ip} %{NUMBER:bytes:int}\"\n"
      "| ENRICH hosts ON host.name WITH os = host.os.name, owner\n"
      "| ENRICH geo\n"
      "| MV_EXPAND tags\n"
      "| CHANGE_POINT bytes\n"
      "| CHANGE_POINT other ON t AS kind, p\n"
      "| COMPLETION prompt WITH inference_x\n"
      "| COMPLETION answer = prompt WITH { \"inference_id\": \"x\" }");
  EXPECT_EQ(got.outputs, (Lines{"all:logs-*@source", "user@dissect", "action@dissect", "client.ip@grok", "bytes@grok",
                                "os@enrich", "owner@enrich", "all:geo@enrich", "tags@mv_expand", "type@change_point",
                                "pvalue@change_point", "kind@change_point", "p@change_point", "completion@completion",
                                "answer@completion"}));
  EXPECT_EQ(got.stages, (Lines{"source:10", "dissect:11", "grok:12", "enrichx2:13", "mv_expand:15", "change_pointx2:16",
                               "completionx2:18"}));
}

TEST(EsqlLowering, ForkBranchesAndRerank) {
  Lowered got = lower_text(
      "FROM logs-*\n"
      "| KEEP a, b\n"
      "| FORK (WHERE a == \"x\" | EVAL c = 1) (STATS n = count(*) BY b)\n"
      "| RERANK \"q\" ON a");
  EXPECT_EQ(got.stages, (Lines{"source:10", "keep:11", "fork:12", "rerank:13"}));
  EXPECT_EQ(got.predicates, (Lines{"a eq 'x' indicator @2"}));
  EXPECT_EQ(got.outputs, (Lines{"a@keep", "b@keep", "c@fork", "n@fork", "_fork@fork", "_score@rerank"}));
}

// The rows of FROM's subqueries join the rows of its index patterns: their
// sources, filters and columns are the FROM stage's.
TEST(EsqlLowering, FromSubqueriesAddTheirSourcesFiltersAndColumns) {
  Lowered got = lower_text(
      "FROM logs-a, (FROM logs-b | WHERE event.code == \"4625\" | STATS n = count(*) BY user.name)\n"
      "| WHERE n > 5");
  EXPECT_EQ(got.stages, (Lines{"source:10", "where:11"}));
  EXPECT_EQ(got.rule.data_sources, (Lines{"logs-a", "logs-b"}));
  EXPECT_EQ(got.predicates, (Lines{"event.code eq '4625' indicator @0", "n gt '5' @1"}));
  EXPECT_EQ(got.outputs, (Lines{"all:logs-a@source", "n@source", "user.name@source"}));
}

TEST(EsqlLowering, ComputedFieldsAreNotIndicators) {
  Lowered got = lower_text(
      "FROM logs-*\n"
      "| DISSECT msg \"%{d}\"\n"
      "| GROK msg \"%{WORD:g}\"\n"
      "| ENRICH p WITH e\n"
      "| RENAME src AS r\n"
      "| WHERE d == \"1\" and g == \"2\" and e == \"3\" and r == \"4\" and src2 == \"5\"");
  EXPECT_EQ(got.predicates, (Lines{"d eq '1' @5", "g eq '2' @5", "e eq '3' @5", "r eq '4' @5", "src2 eq '5' indicator @5"}));
}

TEST(EsqlLowering, RowStartsWithoutASource) {
  Lowered got = lower_text("ROW a = 1, \"x\" | WHERE a == 1");
  EXPECT_EQ(got.stages, (Lines{"row:10", "where:10"}));
  EXPECT_EQ(got.outputs, (Lines{"a@row", "\"x\"@row"}));
  EXPECT_EQ(got.predicates, (Lines{"a eq '1' @1"}));
  EXPECT_TRUE(got.rule.data_sources.empty());
}

std::string outline(const std::string& query) { return render::logic_outline(lower_text(query).rule); }

TEST(EsqlLogic, EachWhereIsASelection) {
  EXPECT_EQ(outline("FROM logs-* | WHERE a == \"x\" AND NOT (b LIKE \"y*\" OR c IS NULL) | WHERE d IN (1, 2)"),
            "filter\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    all\n"
            "      a eq (case-sensitive) \"x\"\n"
            "      b not wildcard (case-sensitive) \"y*\"\n"
            "      c exists (case-sensitive)\n"
            "  selection 2 \"where\" (stage 2: where)\n"
            "    d in (case-sensitive) \"1\", \"2\"\n");
}

TEST(EsqlLogic, ComputedColumnsAndFunctionsAreOpaque) {
  EXPECT_EQ(outline("FROM logs-* | EVAL n = LENGTH(a) | WHERE n > 3 AND STARTS_WITH(b, \"p\") AND "
                    "MV_COUNT(c) > 1 AND e == f AND @timestamp > NOW() - 1 day"),
            "filter\n"
            "  selection 1 \"where\" (stage 3: where)\n"
            "    all\n"
            "      opaque \"n > 3\" (computed column)\n"
            "      b startswith (case-sensitive) \"p\"\n"
            "      opaque \"MV_COUNT(c) > 1\" (function MV_COUNT())\n"
            "      opaque \"e == f\" (field compared with a field)\n"
            "      opaque \"@timestamp > NOW() - 1 day\" (time relative to now())\n");
}

TEST(EsqlLogic, KqlFunctionKeepsItsTree) {
  EXPECT_EQ(outline("FROM logs-* | WHERE NOT KQL(\"a:1 or b:2\")"),
            "filter\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    all\n"
            "      a not eq (case-sensitive) \"1\"\n"
            "      b not eq (case-sensitive) \"2\"\n");
}

TEST(EsqlLogic, StatsThenWhereIsAnAggregate) {
  Lowered got = lower_text(
      "FROM logs-* | WHERE event.action == \"login\"\n"
      "| STATS n = COUNT(*), users = COUNT_DISTINCT(user.name) BY source.ip, BUCKET(@timestamp, 5 minutes)\n"
      "| WHERE n > 5 AND NOT users <= 2 AND source.ip != \"10.0.0.1\"");
  EXPECT_EQ(render::logic_outline(got.rule),
            "aggregate by source.ip within 5 minutes\n"
            "  selection 1 \"where\" (stage 2: where)\n"
            "    event.action eq (case-sensitive) \"login\"\n"
            "  condition\n"
            "    all\n"
            "      count > 5\n"
            "      not\n"
            "        distinct user.name <= 2\n"
            "      source.ip not eq (case-sensitive) \"10.0.0.1\"\n");
  EXPECT_EQ(got.rule.logic.window_seconds, 300u);
}

TEST(EsqlLogic, NoWhereSelectsEverySourceEvent) {
  EXPECT_EQ(outline("FROM logs-* | STATS c = COUNT(*) BY host.name | WHERE c == 1"),
            "aggregate by host.name\n"
            "  selection 1 \"source\" (stage 1: source)\n"
            "    true\n"
            "  condition\n"
            "    count == 1\n");
}

TEST(EsqlLogic, ForkBranchesAreAlternatives) {
  EXPECT_EQ(outline("FROM logs-* | FORK (WHERE a == 1 | WHERE b == 2) (WHERE c == 3) (LIMIT 5)"),
            "filter\n"
            "  selection 1 \"fork\" (stage 2: fork)\n"
            "    any\n"
            "      all\n"
            "        a eq (case-sensitive) \"1\"\n"
            "        b eq (case-sensitive) \"2\"\n"
            "      c eq (case-sensitive) \"3\"\n"
            "      true\n");
}

}  // namespace
}  // namespace ruledex::esql
