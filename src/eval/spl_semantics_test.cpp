// SPL's operators: the search language and the eval language (where).

#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace ruledex::eval {
namespace {

using testing::event_of;
using testing::predicate;

Truth search(Predicate p, const events::Event& event, std::string query = "") {
  return testing::predicate_verdict("spl", std::move(p), event, std::move(query), "search");
}
Truth where(Predicate p, const events::Event& event, std::string query = "") {
  return testing::predicate_verdict("spl", std::move(p), event, std::move(query), "where");
}

TEST(SplSemantics, SearchFoldsCaseWithStarWildcards) {
  auto e = event_of({{"process", "C:\\Windows\\CMD.exe"}, {"q", "a?c"}});
  EXPECT_EQ(search(predicate("process", Op::eq, {"c:\\windows\\cmd.exe"}), e), Truth::yes);
  EXPECT_EQ(search(predicate("process", Op::wildcard, {"*\\cmd.exe"}), e), Truth::yes);
  EXPECT_EQ(search(predicate("process", Op::wildcard, {"*\\cm?.exe"}), e), Truth::no);  // ? is no wildcard
  EXPECT_EQ(search(predicate("q", Op::wildcard, {"a?*"}), e), Truth::yes);
  EXPECT_EQ(search(predicate("process", Op::in, {"x", "C:\\WINDOWS\\cmd.exe"}), e), Truth::yes);
  EXPECT_EQ(search(predicate("Process", Op::eq, {"c:\\windows\\cmd.exe"}), e), Truth::no);  // field names keep case
}

TEST(SplSemantics, NotEqualsNeedsTheFieldNotDoesNot) {
  auto without = event_of({{"other", "1"}});
  auto with = event_of({{"user", "bob"}});
  Predicate p = predicate("user", Op::eq, {"alice"}, true);
  EXPECT_EQ(search(p, without, "user!=alice"), Truth::no);
  EXPECT_EQ(search(p, with, "user!=alice"), Truth::yes);
  EXPECT_EQ(search(p, without, "NOT user=alice"), Truth::yes);
  // NOT user!=alice: the field is absent or alice.
  EXPECT_EQ(search(predicate("user", Op::eq, {"alice"}), without, "NOT user!=alice"), Truth::yes);
  EXPECT_EQ(search(predicate("user", Op::eq, {"alice"}), with, "NOT user!=alice"), Truth::no);
}

TEST(SplSemantics, WhereIsCaseSensitiveAndNullIsFalse) {
  auto e = event_of({{"user", "Admin"}, {"count", "10"}});
  EXPECT_EQ(where(predicate("user", Op::eq, {"admin"}, false, true), e), Truth::no);
  EXPECT_EQ(where(predicate("user", Op::eq, {"admin"}, false, false), e), Truth::yes);  // lower(user)
  EXPECT_EQ(where(predicate("count", Op::eq, {"10.0"}, false, true), e), Truth::yes);   // numbers as numbers
  EXPECT_EQ(where(predicate("missing", Op::eq, {"x"}, true, true), e), Truth::no);      // null != "x"
  EXPECT_EQ(where(predicate("missing", Op::eq, {"x"}, false, true), e), Truth::no);
}

TEST(SplSemantics, LikeMatchCidrIn) {
  auto e = event_of({{"cmd", "net user /add"}, {"ip", "10.0.0.5"}});
  EXPECT_EQ(where(predicate("cmd", Op::wildcard, {"net user*"}, false, true), e), Truth::yes);  // like(cmd, "net user%")
  EXPECT_EQ(where(predicate("cmd", Op::wildcard, {"ne? user*"}, false, true), e), Truth::yes);  // _
  EXPECT_EQ(where(predicate("cmd", Op::wildcard, {"NET*"}, false, true), e), Truth::no);
  EXPECT_EQ(where(predicate("cmd", Op::regex, {"user\\s+/add"}, false, true), e), Truth::yes);  // match()
  EXPECT_EQ(where(predicate("ip", Op::cidr, {"10.0.0.0/24"}), e), Truth::yes);
  EXPECT_EQ(where(predicate("cmd", Op::in, {"a", "net user /add"}, false, true), e), Truth::yes);
  EXPECT_EQ(where(predicate("ip", Op::exists, {}, true), e), Truth::no);  // isnull(ip)
}

TEST(SplSemantics, KeywordsMatchTermsOfAnyField) {
  auto e = event_of({{"_raw", "Failed password for root from 10.1.1.1"}});
  EXPECT_EQ(search(predicate("", Op::eq, {"PASSWORD"}), e), Truth::yes);
  EXPECT_EQ(search(predicate("", Op::eq, {"pass"}), e), Truth::no);
  EXPECT_EQ(search(predicate("", Op::eq, {"pass*"}), e), Truth::yes);
  EXPECT_EQ(search(predicate("", Op::eq, {"*word"}), e), Truth::yes);
  EXPECT_EQ(search(predicate("", Op::eq, {"failed password"}), e), Truth::yes);
}

TEST(SplSemantics, Comparisons) {
  auto e = event_of({{"bytes", "2048"}});
  EXPECT_EQ(search(predicate("bytes", Op::gt, {"1024"}), e), Truth::yes);
  EXPECT_EQ(where(predicate("bytes", Op::le, {"1024"}, false, true), e), Truth::no);
}

}  // namespace
}  // namespace ruledex::eval
