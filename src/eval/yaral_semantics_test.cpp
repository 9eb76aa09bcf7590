// YARA-L 2.0's operators.

#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace ruledex::eval {
namespace {

using testing::event_of;
using testing::predicate;

Predicate literal(std::string field, Op op, std::vector<std::string> values, bool negated = false,
                  bool case_sensitive = true) {
  Predicate p = predicate(std::move(field), op, std::move(values), negated, case_sensitive);
  p.indicator = true;  // a UDM field compared with literals
  return p;
}

Truth yaral(Predicate p, const events::Event& event) {
  return testing::predicate_verdict("yara-l", std::move(p), event, "", "events");
}

TEST(YaralSemantics, EqualsIsExactNocaseFolds) {
  auto e = event_of({{"principal.process.file.full_path", "C:\\Windows\\CMD.exe"}});
  const std::string f = "principal.process.file.full_path";
  EXPECT_EQ(yaral(literal(f, Op::eq, {"c:\\windows\\cmd.exe"}), e), Truth::no);
  EXPECT_EQ(yaral(literal(f, Op::eq, {"c:\\windows\\cmd.exe"}, false, false), e), Truth::yes);  // nocase
  EXPECT_EQ(yaral(literal(f, Op::eq, {"x"}, true), e), Truth::yes);                            // !=
}

TEST(YaralSemantics, RegexSearchesWithNocase) {
  auto e = event_of({{"target.process.command_line", "powershell -EncodedCommand"}});
  const std::string f = "target.process.command_line";
  EXPECT_EQ(yaral(literal(f, Op::regex, {"-enc"}), e), Truth::no);
  EXPECT_EQ(yaral(literal(f, Op::regex, {"-enc"}, false, false), e), Truth::yes);  // /-enc/ nocase
  EXPECT_EQ(yaral(literal(f, Op::regex, {"-Enc"}), e), Truth::yes);               // partial match
}

TEST(YaralSemantics, CidrStringsNumbers) {
  events::Event e;
  e.add("target.ip", "172.16.5.4");
  e.add("target.port", "3389", events::ValueType::number);
  e.add("target.hostname", "DC01.corp");
  EXPECT_EQ(yaral(literal("target.ip", Op::cidr, {"172.16.0.0/12"}), e), Truth::yes);
  EXPECT_EQ(yaral(literal("target.port", Op::eq, {"3389"}), e), Truth::yes);
  EXPECT_EQ(yaral(literal("target.port", Op::ge, {"1024"}), e), Truth::yes);
  EXPECT_EQ(yaral(literal("target.hostname", Op::endswith, {".corp"}), e), Truth::yes);
  EXPECT_EQ(yaral(literal("target.hostname", Op::startswith, {"dc"}), e), Truth::no);
}

TEST(YaralSemantics, MissingFieldsHoldTheirDefault) {
  auto e = event_of({{"a", "1"}});
  EXPECT_EQ(yaral(literal("principal.hostname", Op::eq, {""}, true), e), Truth::no);  // != "": needs a value
  EXPECT_EQ(yaral(literal("principal.hostname", Op::eq, {""}), e), Truth::yes);
  EXPECT_EQ(yaral(literal("principal.hostname", Op::eq, {"x"}, true), e), Truth::yes);
}

TEST(YaralSemantics, ListsPlaceholdersAndJoinsAreUnknown) {
  auto e = event_of({{"principal.user.userid", "bob"}});
  EXPECT_EQ(yaral(predicate("principal.user.userid", Op::in, {"%admins"}), e), Truth::unknown);
  EXPECT_EQ(yaral(predicate("principal.user.userid", Op::eq, {"$user"}), e), Truth::unknown);
  // A list the repository holds carries its values.
  EXPECT_EQ(yaral(literal("principal.user.userid", Op::in, {"alice", "bob"}), e), Truth::yes);
}

}  // namespace
}  // namespace ruledex::eval
