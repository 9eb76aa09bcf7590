#include "kuery/lowering.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kuery/parser.h"

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

}  // namespace
}  // namespace ruledex::kuery
