// Kibana KQL (kuery) and Lucene over keyword fields.

#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace ruledex::eval {
namespace {

using testing::event_of;
using testing::predicate;

Truth kuery(Predicate p, const events::Event& event) {
  return testing::predicate_verdict("kuery", std::move(p), event, "");
}
Truth lucene(Predicate p, const events::Event& event, std::string query = "") {
  return testing::predicate_verdict("lucene", std::move(p), event, std::move(query));
}

TEST(KuerySemantics, KeywordValuesAreExactAndCaseSensitive) {
  auto e = event_of({{"host.name", "WS-01"}, {"msg", "user logged in"}});
  EXPECT_EQ(kuery(predicate("host.name", Op::eq, {"WS-01"}, false, true), e), Truth::yes);
  EXPECT_EQ(kuery(predicate("host.name", Op::eq, {"ws-01"}, false, true), e), Truth::no);
  EXPECT_EQ(kuery(predicate("msg", Op::eq, {"logged"}, false, true), e), Truth::no);  // no text analysis
  EXPECT_EQ(kuery(predicate("host.name", Op::eq, {"x"}, true, true), e), Truth::yes);
  EXPECT_EQ(kuery(predicate("missing", Op::eq, {"x"}, true, true), e), Truth::yes);  // not: missing matches
}

TEST(KuerySemantics, OnlyStarIsAWildcard) {
  auto e = event_of({{"file.name", "a?b.exe"}});
  EXPECT_EQ(kuery(predicate("file.name", Op::wildcard, {"a?b*"}, false, true), e), Truth::yes);
  EXPECT_EQ(kuery(predicate("file.name", Op::wildcard, {"a?x*"}, false, true), e), Truth::no);
  EXPECT_EQ(kuery(predicate("file.name", Op::wildcard, {"axb*"}, false, true), e), Truth::no);  // ? is literal
}

TEST(KuerySemantics, FreeTextRangesExists) {
  events::Event e;
  e.add("a", "one");
  e.add("b", "mimikatz");
  e.add("port", "443", events::ValueType::number);
  EXPECT_EQ(kuery(predicate("", Op::eq, {"mimikatz"}, false, true), e), Truth::yes);
  EXPECT_EQ(kuery(predicate("", Op::eq, {"mimi"}, false, true), e), Truth::no);
  EXPECT_EQ(kuery(predicate("port", Op::ge, {"400"}, false, true), e), Truth::yes);
  EXPECT_EQ(kuery(predicate("port", Op::lt, {"400"}, false, true), e), Truth::no);
  EXPECT_EQ(kuery(predicate("port", Op::eq, {"443.0"}, false, true), e), Truth::yes);
  EXPECT_EQ(kuery(predicate("port", Op::exists, {}, false, true), e), Truth::yes);
  EXPECT_EQ(kuery(predicate("process.*", Op::eq, {"x"}, false, true), e), Truth::unknown);
}

TEST(LuceneSemantics, WildcardsWithEscapes) {
  auto e = event_of({{"file.name", "a*b.exe"}, {"other", "axb.exe"}});
  EXPECT_EQ(lucene(predicate("file.name", Op::wildcard, {"a?b.*"}, false, true), e), Truth::yes);
  EXPECT_EQ(lucene(predicate("file.name", Op::wildcard, {"a\\*b.*"}, false, true), e), Truth::yes);
  EXPECT_EQ(lucene(predicate("other", Op::wildcard, {"a\\*b.*"}, false, true), e), Truth::no);
  EXPECT_EQ(lucene(predicate("file.name", Op::wildcard, {"A?B.*"}, false, true), e), Truth::no);
}

TEST(LuceneSemantics, RegexMatchesTheWholeValue) {
  auto e = event_of({{"process.name", "powershell.exe"}});
  EXPECT_EQ(lucene(predicate("process.name", Op::regex, {"power"}, false, true), e), Truth::no);
  EXPECT_EQ(lucene(predicate("process.name", Op::regex, {"power.*\\.exe"}, false, true), e), Truth::yes);
}

TEST(LuceneSemantics, RangesFuzzyPhrases) {
  events::Event e;
  e.add("code", "10", events::ValueType::number);
  e.add("msg", "access denied");
  EXPECT_EQ(lucene(predicate("code", Op::between, {"10", "20"}, false, true), e), Truth::yes);  // [10 TO 20]
  EXPECT_EQ(lucene(predicate("code", Op::gt, {"10"}, false, true), e), Truth::no);             // {10 TO *]
  EXPECT_EQ(lucene(predicate("msg", Op::eq, {"access denied"}, false, true), e, "msg:\"access denied\""), Truth::yes);
  EXPECT_EQ(lucene(predicate("msg", Op::eq, {"acess"}, false, true), e, "msg:acess~1"), Truth::unknown);
  EXPECT_EQ(lucene(predicate("code", Op::between, {"a", "z"}, false, true), e), Truth::unknown);
}

}  // namespace
}  // namespace ruledex::eval
