#include "kuery/lowering.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kuery/parser.h"
#include "render/logic_outline.h"

namespace ruledex::kuery {
namespace {

std::vector<std::string> lower_text(const std::string& query, std::vector<std::string> indexes = {}) {
  Rule rule;
  rule.query = query;
  rule.query_line = 10;
  rule.data_sources = std::move(indexes);
  lower(parse(rule.query), rule);
  std::vector<std::string> out;
  for (const Predicate& p : rule.predicates) {
    std::string line = p.field + " " + std::string(to_string(p.op));
    if (p.negated) line += " not";
    for (const std::string& value : p.values) line += " '" + value + "'";
    if (p.indicator) line += " indicator";
    line += " @" + rule.stages[p.stage].kind;
    out.push_back(line);
  }
  return out;
}

TEST(KueryLowering, GetCallerIdentityRule) {
  std::vector<std::string> got = lower_text(
      "\ndata_stream.dataset: \"aws.cloudtrail\"\n  and event.action: \"GetCallerIdentity\"\n"
      "  and not aws.cloudtrail.user_identity.type: \"AssumedRole\"\n",
      {"logs-aws.cloudtrail-*"});
  std::vector<std::string> want = {
      "data_stream.dataset eq 'aws.cloudtrail' indicator @query",
      "event.action eq 'GetCallerIdentity' indicator @query",
      "aws.cloudtrail.user_identity.type eq not 'AssumedRole' indicator @query",
  };
  EXPECT_EQ(got, want);
}

TEST(KueryLowering, OperatorsAndNegation) {
  std::vector<std::string> want = {
      "a wildcard not '*.exe' indicator @query", "b ge '3' indicator @query", "c exists not indicator @query",
      "p.q eq 'x' indicator @query",           " eq 'free' @query",        "f.* eq 'v' @query",
  };
  EXPECT_EQ(lower_text("not (a:*.exe or not not c:*) and b >= 3 and p:{q:x} and free and f.*:v"),
            (std::vector<std::string>{want[0], want[2], want[1], want[3], want[4], want[5]}));
}

TEST(KueryLowering, StagesSourceThenQueryAtTheQueryLine) {
  Rule rule;
  rule.query = "\n\nevent.category:process";
  rule.query_line = 5;
  rule.data_sources = {"logs-endpoint.events.*"};
  lower(parse(rule.query), rule);
  ASSERT_EQ(rule.stages.size(), 2u);
  EXPECT_EQ(rule.stages[0].kind, "source");
  EXPECT_EQ(rule.stages[1].kind, "query");
  EXPECT_EQ(rule.stages[1].line, 7u);
  EXPECT_TRUE(rule.predicates.at(0).case_sensitive);
  EXPECT_EQ(rule.predicates.at(0).range.begin, 2u);
}

std::string outline(const std::string& query) {
  Rule rule;
  rule.query = query;
  lower(parse(rule.query), rule);
  return render::logic_outline(rule);
}

TEST(KueryLogic, AndBindsTighterThanOr) {
  EXPECT_EQ(outline("a:1 or b:2 and c:3"),
            "filter\n"
            "  selection 1 \"query\" (stage 1: query)\n"
            "    any\n"
            "      a eq (case-sensitive) \"1\"\n"
            "      all\n"
            "        b eq (case-sensitive) \"2\"\n"
            "        c eq (case-sensitive) \"3\"\n");
}

TEST(KueryLogic, ParenthesesAndNotByDeMorgan) {
  // not (a or (b and not c)) = not a and (not b or c)
  EXPECT_EQ(outline("not (a:1 or (b:2 and not c:3)) and d >= 4 and e:*"),
            "filter\n"
            "  selection 1 \"query\" (stage 1: query)\n"
            "    all\n"
            "      a not eq (case-sensitive) \"1\"\n"
            "      any\n"
            "        b not eq (case-sensitive) \"2\"\n"
            "        c eq (case-sensitive) \"3\"\n"
            "      d ge (case-sensitive) \"4\"\n"
            "      e exists (case-sensitive)\n");
}

TEST(KueryLogic, ValueListsAndFreeText) {
  EXPECT_EQ(outline("process.name: (a.exe or b*) and not malware"),
            "filter\n"
            "  selection 1 \"query\" (stage 1: query)\n"
            "    all\n"
            "      any\n"
            "        process.name eq (case-sensitive) \"a.exe\"\n"
            "        process.name wildcard (case-sensitive) \"b*\"\n"
            "      (any field) not eq (case-sensitive) \"malware\"\n");
}

TEST(KueryLogic, NestedQueryOfOneConditionIsItsLeaf) {
  EXPECT_EQ(outline("p:{ q:x }"),
            "filter\n"
            "  selection 1 \"query\" (stage 1: query)\n"
            "    p.q eq (case-sensitive) \"x\"\n");
}

TEST(KueryLogic, NestedQueryOfSeveralConditionsNeedsOneObject) {
  EXPECT_EQ(outline("not p:{ q:x and r:y }"),
            "filter\n"
            "  selection 1 \"query\" (stage 1: query)\n"
            "    any\n"
            "      p.q not eq (case-sensitive) \"x\"\n"
            "      p.r not eq (case-sensitive) \"y\"\n"
            "      not\n"
            "        opaque \"p:{ q:x and r:y }\" (nested query: one object matches all)\n");
}

TEST(KueryLogic, EmptyQueryHasNoSelection) { EXPECT_EQ(outline("  "), ""); }

}  // namespace
}  // namespace ruledex::kuery
