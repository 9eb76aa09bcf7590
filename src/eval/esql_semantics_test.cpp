// ES|QL's operators.

#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace ruledex::eval {
namespace {

using testing::event_of;
using testing::predicate;

Truth esql(Predicate p, const events::Event& event, std::string query = "") {
  return testing::predicate_verdict("esql", std::move(p), event, std::move(query), "where");
}

TEST(EsqlSemantics, EqualityAndTildeEquality) {
  auto e = event_of({{"user.name", "Administrator"}});
  EXPECT_EQ(esql(predicate("user.name", Op::eq, {"administrator"}, false, true), e), Truth::no);   // ==
  EXPECT_EQ(esql(predicate("user.name", Op::eq, {"administrator"}, false, false), e), Truth::yes); // =~
  EXPECT_EQ(esql(predicate("user.name", Op::eq, {"x"}, true, true), e), Truth::yes);               // !=
  EXPECT_EQ(esql(predicate("user.name", Op::in, {"a", "Administrator"}, false, true), e), Truth::yes);
}

TEST(EsqlSemantics, NullComparisonsAreFalseEvenNegated) {
  auto e = event_of({{"a", "1"}});
  EXPECT_EQ(esql(predicate("missing", Op::eq, {"x"}, true, true), e), Truth::no);   // missing != "x"
  EXPECT_EQ(esql(predicate("missing", Op::eq, {"x"}, false, true), e), Truth::no);
  EXPECT_EQ(esql(predicate("missing", Op::exists, {}, true, true), e), Truth::yes);  // IS NULL
  EXPECT_EQ(esql(predicate("a", Op::exists, {}, false, true), e), Truth::yes);       // IS NOT NULL
}

TEST(EsqlSemantics, LikeAndRlike) {
  auto e = event_of({{"process.name", "cmd.exe"}, {"star", "a*b"}});
  EXPECT_EQ(esql(predicate("process.name", Op::wildcard, {"c?d.*"}, false, true), e), Truth::yes);
  EXPECT_EQ(esql(predicate("process.name", Op::wildcard, {"C*"}, false, true), e), Truth::no);
  EXPECT_EQ(esql(predicate("star", Op::wildcard, {"a\\*b"}, false, true), e), Truth::yes);
  EXPECT_EQ(esql(predicate("process.name", Op::regex, {"cmd"}, false, true), e), Truth::no);  // RLIKE: whole value
  EXPECT_EQ(esql(predicate("process.name", Op::regex, {"cmd\\..*"}, false, true), e), Truth::yes);
}

TEST(EsqlSemantics, FunctionsAndNumbers) {
  events::Event e;
  e.add("ip", "10.2.3.4");
  e.add("cmd", "Whoami /all");
  e.add("bytes", "100", events::ValueType::number);
  EXPECT_EQ(esql(predicate("ip", Op::cidr, {"10.0.0.0/8"}), e), Truth::yes);
  EXPECT_EQ(esql(predicate("cmd", Op::startswith, {"whoami"}, false, true), e), Truth::no);
  EXPECT_EQ(esql(predicate("cmd", Op::startswith, {"whoami"}, false, false), e), Truth::yes);  // TO_LOWER
  EXPECT_EQ(esql(predicate("bytes", Op::eq, {"100.0"}, false, true), e), Truth::yes);
  EXPECT_EQ(esql(predicate("bytes", Op::gt, {"50"}, false, true), e), Truth::yes);
  EXPECT_EQ(esql(predicate("cmd", Op::has, {"all nothing"}), e), Truth::yes);  // MATCH: any word
}

TEST(EsqlSemantics, KqlCallsHaveKueryRules) {
  auto e = event_of({{"host.name", "ws-1"}});
  // KQL("host.name: ws*"): only `*` is a wildcard, as in kuery.
  EXPECT_EQ(esql(predicate("host.name", Op::wildcard, {"ws?1*"}, false, true), e, "KQL(\"host.name: ws?1*\")"),
            Truth::no);
  EXPECT_EQ(esql(predicate("host.name", Op::wildcard, {"ws?1*"}, false, true), e), Truth::yes);
}

}  // namespace
}  // namespace ruledex::eval
