// KQL's operators, one test per operator and case rule.

#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace ruledex::eval {
namespace {

using testing::event_of;
using testing::predicate;

Truth kql(Predicate p, const events::Event& event, std::string query = "") {
  return testing::predicate_verdict("kql", std::move(p), event, std::move(query));
}

TEST(KqlSemantics, EqualsIsCaseSensitiveTildeFoldsUnicode) {
  auto e = event_of({{"Account", "ÉRIC"}, {"Name", "Admin"}});
  EXPECT_EQ(kql(predicate("Name", Op::eq, {"Admin"}, false, true), e), Truth::yes);
  EXPECT_EQ(kql(predicate("Name", Op::eq, {"admin"}, false, true), e), Truth::no);         // ==
  EXPECT_EQ(kql(predicate("Name", Op::eq, {"admin"}, true, true), e), Truth::yes);         // !=
  EXPECT_EQ(kql(predicate("Account", Op::eq, {"éric"}, false, false), e), Truth::yes);     // =~ folds É
  EXPECT_EQ(kql(predicate("Account", Op::eq, {"éric"}, true, false), e), Truth::no);       // !~
}

TEST(KqlSemantics, HasMatchesWholeTerms) {
  auto e = event_of({{"CommandLine", "North America\\cmd.EXE /c"}});
  EXPECT_EQ(kql(predicate("CommandLine", Op::has, {"america"}), e), Truth::yes);
  EXPECT_EQ(kql(predicate("CommandLine", Op::has, {"amer"}), e), Truth::no);
  EXPECT_EQ(kql(predicate("CommandLine", Op::has, {"cmd.exe"}, false, true), e), Truth::no);  // has_cs
  EXPECT_EQ(kql(predicate("CommandLine", Op::has, {"amer"}, true), e), Truth::yes);           // !has
  EXPECT_EQ(kql(predicate("CommandLine", Op::has_any, {"x", "north"}), e), Truth::yes);
  EXPECT_EQ(kql(predicate("CommandLine", Op::has_all, {"north", "x"}), e), Truth::no);
  EXPECT_EQ(kql(predicate("CommandLine", Op::has_all, {"north", "exe"}), e), Truth::yes);
}

TEST(KqlSemantics, HasprefixAndHassuffixFromTheSpelling) {
  auto e = event_of({{"Url", "https://evil.example/payload"}});
  // The front end lowers both to contains; the source text tells them apart.
  EXPECT_EQ(kql(predicate("Url", Op::contains, {"pay"}), e, "Url hasprefix \"pay\""), Truth::yes);
  EXPECT_EQ(kql(predicate("Url", Op::contains, {"ayl"}), e, "Url hasprefix \"ayl\""), Truth::no);
  EXPECT_EQ(kql(predicate("Url", Op::contains, {"load"}), e, "Url hassuffix \"load\""), Truth::yes);
  EXPECT_EQ(kql(predicate("Url", Op::contains, {"pay"}), e, "Url hassuffix \"pay\""), Truth::no);
  EXPECT_EQ(kql(predicate("Url", Op::contains, {"ayl"}), e, "Url contains \"hasprefix\""), Truth::yes);
}

TEST(KqlSemantics, SubstringsFoldAsciiUnlessCs) {
  auto e = event_of({{"Path", "C:\\Windows\\Temp\\x.ps1"}});
  EXPECT_EQ(kql(predicate("Path", Op::contains, {"\\temp\\"}), e), Truth::yes);
  EXPECT_EQ(kql(predicate("Path", Op::contains, {"\\temp\\"}, false, true), e), Truth::no);
  EXPECT_EQ(kql(predicate("Path", Op::startswith, {"c:\\"}), e), Truth::yes);
  EXPECT_EQ(kql(predicate("Path", Op::endswith, {".PS1"}), e), Truth::yes);
  EXPECT_EQ(kql(predicate("Path", Op::endswith, {".PS1"}, true, true), e), Truth::yes);  // !endswith_cs
}

TEST(KqlSemantics, InAndInTilde) {
  auto e = event_of({{"Process", "PowerShell.exe"}});
  EXPECT_EQ(kql(predicate("Process", Op::in, {"cmd.exe", "powershell.exe"}, false, true), e), Truth::no);
  EXPECT_EQ(kql(predicate("Process", Op::in, {"cmd.exe", "powershell.exe"}, false, false), e), Truth::yes);
  EXPECT_EQ(kql(predicate("Process", Op::in, {"cmd.exe"}, true, true), e), Truth::yes);  // !in
}

TEST(KqlSemantics, NumbersAndBetween) {
  events::Event e;
  e.add("EventID", "4688", events::ValueType::number);
  e.add("Port", "443.0", events::ValueType::number);
  e.add("Text", "443.0");
  EXPECT_EQ(kql(predicate("EventID", Op::eq, {"4688"}, false, true), e), Truth::yes);
  EXPECT_EQ(kql(predicate("Port", Op::eq, {"443"}, false, true), e), Truth::yes);  // a number column
  EXPECT_EQ(kql(predicate("Text", Op::eq, {"443"}, false, true), e), Truth::no);   // a string column
  EXPECT_EQ(kql(predicate("EventID", Op::gt, {"4000"}, false, true), e), Truth::yes);
  EXPECT_EQ(kql(predicate("EventID", Op::between, {"4600", "4700"}, false, true), e), Truth::yes);
  EXPECT_EQ(kql(predicate("EventID", Op::between, {"4600", "4700"}, true, true), e), Truth::no);  // !between
  EXPECT_EQ(kql(predicate("EventID", Op::gt, {"ago(1h)"}, false, true), e), Truth::unknown);
}

TEST(KqlSemantics, RegexIsCaseSensitiveSearch) {
  auto e = event_of({{"CommandLine", "powershell -EncodedCommand AAA"}});
  EXPECT_EQ(kql(predicate("CommandLine", Op::regex, {"-enc[a-z]*"}, false, true), e), Truth::no);
  EXPECT_EQ(kql(predicate("CommandLine", Op::regex, {"-Enc[a-z]+"}, false, true), e), Truth::yes);
  EXPECT_EQ(kql(predicate("CommandLine", Op::regex, {"(unclosed"}, false, true), e), Truth::unknown);
}

TEST(KqlSemantics, IpRanges) {
  auto e = event_of({{"RemoteIP", "10.1.2.3"}});
  EXPECT_EQ(kql(predicate("RemoteIP", Op::cidr, {"10.0.0.0/8"}), e), Truth::yes);
  EXPECT_EQ(kql(predicate("RemoteIP", Op::cidr, {"192.168.0.0/16"}), e), Truth::no);
}

TEST(KqlSemantics, EmptinessAndAbsentColumns) {
  auto e = event_of({{"Empty", ""}, {"Full", "x"}});
  EXPECT_EQ(kql(predicate("Full", Op::exists, {}), e), Truth::yes);         // isnotempty
  EXPECT_EQ(kql(predicate("Empty", Op::exists, {}, true), e), Truth::yes);  // isempty
  EXPECT_EQ(kql(predicate("Missing", Op::exists, {}, true), e), Truth::yes);
  // A column the event lacks reads as an empty string.
  EXPECT_EQ(kql(predicate("Missing", Op::eq, {""}, false, true), e), Truth::yes);
  EXPECT_EQ(kql(predicate("Missing", Op::eq, {"x"}, true, true), e), Truth::yes);
  EXPECT_EQ(kql(predicate("Missing", Op::has, {"x"}), e), Truth::no);
}

TEST(KqlSemantics, SearchTermsReadEveryColumn) {
  auto e = event_of({{"A", "nothing"}, {"B", "mimikatz.exe ran"}});
  EXPECT_EQ(kql(predicate("*", Op::has, {"mimikatz"}), e), Truth::yes);
  EXPECT_EQ(kql(predicate("*", Op::has, {"mimi"}), e), Truth::no);
}

}  // namespace
}  // namespace ruledex::eval
