// EQL's operators (Elastic 8).

#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace ruledex::eval {
namespace {

using testing::event_of;
using testing::predicate;

Truth eql(Predicate p, const events::Event& event, std::string query = "") {
  return testing::predicate_verdict("eql", std::move(p), event, std::move(query), "where");
}

TEST(EqlSemantics, DoubleEqualsIsCaseSensitiveColonIsNot) {
  auto e = event_of({{"process.name", "CMD.exe"}});
  EXPECT_EQ(eql(predicate("process.name", Op::eq, {"cmd.exe"}, false, true), e), Truth::no);   // ==
  EXPECT_EQ(eql(predicate("process.name", Op::eq, {"cmd.exe"}, true, true), e), Truth::yes);   // !=
  EXPECT_EQ(eql(predicate("process.name", Op::eq, {"cmd.exe"}, false, false), e), Truth::yes); // :
}

TEST(EqlSemantics, ColonReadsBothWildcards) {
  auto e = event_of({{"process.name", "cmd.exe"}});
  EXPECT_EQ(eql(predicate("process.name", Op::wildcard, {"C*.EXE"}), e), Truth::yes);
  EXPECT_EQ(eql(predicate("process.name", Op::eq, {"c?d.exe"}), e), Truth::yes);  // `:` with only `?`
  EXPECT_EQ(eql(predicate("process.name", Op::in, {"x", "c?d.exe"}), e, "process.name : (\"x\", \"c?d.exe\")"),
            Truth::yes);
  EXPECT_EQ(eql(predicate("process.name", Op::in, {"x", "c?d.exe"}), e, "process.name in~ (\"x\", \"c?d.exe\")"),
            Truth::no);  // in~ has no wildcards
  EXPECT_EQ(eql(predicate("process.name", Op::in, {"x", "CMD.EXE"}), e, "process.name in~ (\"x\", \"CMD.EXE\")"),
            Truth::yes);
}

TEST(EqlSemantics, LikeAndLikeTilde) {
  auto e = event_of({{"file.path", "C:\\Temp\\a.dll"}});
  EXPECT_EQ(eql(predicate("file.path", Op::wildcard, {"c:\\temp\\*"}, false, true), e), Truth::no);  // like
  EXPECT_EQ(eql(predicate("file.path", Op::wildcard, {"c:\\temp\\*"}, false, false), e), Truth::yes);  // like~
  EXPECT_EQ(eql(predicate("file.path", Op::wildcard, {"C:\\Temp\\?.dll"}, false, true), e), Truth::yes);
}

TEST(EqlSemantics, RegexMatchesTheWholeValue) {
  auto e = event_of({{"process.name", "rundll32.exe"}});
  EXPECT_EQ(eql(predicate("process.name", Op::regex, {"rundll32"}, false, true), e), Truth::no);
  EXPECT_EQ(eql(predicate("process.name", Op::regex, {"rundll[0-9]+\\.exe"}, false, true), e), Truth::yes);
  EXPECT_EQ(eql(predicate("process.name", Op::regex, {"RUNDLL.*"}, false, true), e), Truth::no);   // regex
  EXPECT_EQ(eql(predicate("process.name", Op::regex, {"RUNDLL.*"}, false, false), e), Truth::yes); // regex~
}

TEST(EqlSemantics, FunctionsAreCaseSensitiveUnlessTilde) {
  auto e = event_of({{"cmd", "Powershell -Enc"}, {"ip", "192.168.1.9"}});
  EXPECT_EQ(eql(predicate("cmd", Op::startswith, {"power"}, false, true), e), Truth::no);   // startsWith
  EXPECT_EQ(eql(predicate("cmd", Op::startswith, {"power"}, false, false), e), Truth::yes); // startsWith~
  EXPECT_EQ(eql(predicate("cmd", Op::endswith, {"-Enc"}, false, true), e), Truth::yes);
  EXPECT_EQ(eql(predicate("cmd", Op::contains, {"-enc"}, false, false), e), Truth::yes);    // stringContains~
  EXPECT_EQ(eql(predicate("ip", Op::cidr, {"192.168.0.0/16"}), e), Truth::yes);
}

TEST(EqlSemantics, InNullAndAbsentFields) {
  events::Event e;
  e.add("process.pid", "4", events::ValueType::number);
  e.add("user.name", "SYSTEM");
  EXPECT_EQ(eql(predicate("user.name", Op::in, {"system", "root"}, false, true), e), Truth::no);
  EXPECT_EQ(eql(predicate("process.pid", Op::eq, {"4.0"}, false, true), e), Truth::yes);
  EXPECT_EQ(eql(predicate("process.pid", Op::ge, {"4"}, false, true), e), Truth::yes);
  EXPECT_EQ(eql(predicate("parent.name", Op::exists, {}, true), e), Truth::yes);  // == null
  EXPECT_EQ(eql(predicate("parent.name", Op::eq, {"x"}, true, true), e), Truth::yes);  // != on a missing field
}

}  // namespace
}  // namespace ruledex::eval
