// SQLite's operators (osquery).

#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace ruledex::eval {
namespace {

using testing::event_of;
using testing::predicate;

Truth sql(Predicate p, const events::Event& event, std::string query = "") {
  return testing::predicate_verdict("sql", std::move(p), event, std::move(query), "where");
}

TEST(SqlSemantics, EqualsIsBinaryUnlessNocase) {
  auto e = event_of({{"name", "Bash"}, {"uid", "0"}});
  EXPECT_EQ(sql(predicate("name", Op::eq, {"bash"}, false, true), e), Truth::no);
  EXPECT_EQ(sql(predicate("name", Op::eq, {"bash"}, false, false), e), Truth::yes);  // COLLATE NOCASE
  EXPECT_EQ(sql(predicate("uid", Op::eq, {"0.0"}, false, true), e), Truth::yes);      // numbers as numbers
  EXPECT_EQ(sql(predicate("name", Op::in, {"sh", "Bash"}, false, true), e), Truth::yes);
}

TEST(SqlSemantics, LikeFoldsCaseWithPercentAndUnderscore) {
  auto e = event_of({{"path", "/tmp/a*b.sh"}});
  EXPECT_EQ(sql(predicate("path", Op::wildcard, {"/TMP/%"}), e, "path LIKE '/TMP/%'"), Truth::yes);
  EXPECT_EQ(sql(predicate("path", Op::wildcard, {"/tmp/_*b.sh"}), e, "path LIKE '/tmp/_*b.sh'"), Truth::yes);
  EXPECT_EQ(sql(predicate("path", Op::wildcard, {"/tmp/*"}), e, "path LIKE '/tmp/*'"), Truth::no);  // * is literal
  EXPECT_EQ(sql(predicate("path", Op::wildcard, {"/tmp/%"}), e, "path LIKE '/tmp/%' ESCAPE '!'"), Truth::unknown);
}

TEST(SqlSemantics, GlobIsCaseSensitive) {
  auto e = event_of({{"path", "/tmp/x.sh"}});
  EXPECT_EQ(sql(predicate("path", Op::wildcard, {"/tmp/*.sh"}, false, true), e, "path GLOB '/tmp/*.sh'"), Truth::yes);
  EXPECT_EQ(sql(predicate("path", Op::wildcard, {"/TMP/*"}, false, true), e, "path GLOB '/TMP/*'"), Truth::no);
  EXPECT_EQ(sql(predicate("path", Op::wildcard, {"/tmp/[xy].sh"}, false, true), e, "path GLOB '/tmp/[xy].sh'"),
            Truth::unknown);
}

TEST(SqlSemantics, RegexpComparisonsBetween) {
  auto e = event_of({{"cmdline", "curl http://x | sh"}, {"port", "4444"}});
  EXPECT_EQ(sql(predicate("cmdline", Op::regex, {"curl.*\\| *sh"}, false, true), e), Truth::yes);
  EXPECT_EQ(sql(predicate("port", Op::gt, {"1024"}, false, true), e), Truth::yes);
  EXPECT_EQ(sql(predicate("port", Op::between, {"4000", "5000"}, false, true), e), Truth::yes);
  EXPECT_EQ(sql(predicate("port", Op::between, {"4000", "5000"}, true, true), e), Truth::no);  // NOT BETWEEN
}

TEST(SqlSemantics, NullColumns) {
  auto e = event_of({{"a", "1"}});
  EXPECT_EQ(sql(predicate("b", Op::eq, {"1"}, true, true), e), Truth::no);  // b != 1 with b NULL
  EXPECT_EQ(sql(predicate("b", Op::exists, {}, true), e), Truth::yes);      // b IS NULL
  EXPECT_EQ(sql(predicate("a", Op::exists, {}), e), Truth::yes);            // a IS NOT NULL
}

}  // namespace
}  // namespace ruledex::eval
