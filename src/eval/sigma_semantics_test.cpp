// Sigma's value semantics, one test per operator and modifier.

#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace ruledex::eval {
namespace {

using testing::event_of;
using testing::predicate;
using testing::rule_of;
using testing::verdict;

Truth sigma(Predicate p, const events::Event& event) {
  Rule rule = rule_of("sigma", [&](Rule& r) { return add_predicate(r, p); });
  return verdict(rule, event);
}

TEST(SigmaSemantics, PlainValuesIgnoreCaseUnlessCased) {
  auto e = event_of({{"Image", "C:\\Windows\\System32\\CMD.exe"}});
  EXPECT_EQ(sigma(predicate("Image", Op::endswith, {"\\cmd.exe"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("Image", Op::endswith, {"\\cmd.exe"}, false, true, {"endswith", "cased"}), e), Truth::no);
  EXPECT_EQ(sigma(predicate("Image", Op::eq, {"c:\\windows\\system32\\cmd.exe"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("Image", Op::contains, {"system32"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("Image", Op::startswith, {"D:\\"}), e), Truth::no);
}

TEST(SigmaSemantics, WildcardsAndEscapes) {
  auto e = event_of({{"CommandLine", "powershell -enc AAAA"}, {"Star", "a*b"}});
  EXPECT_EQ(sigma(predicate("CommandLine", Op::wildcard, {"power*-enc*"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("CommandLine", Op::wildcard, {"power?hell*"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("CommandLine", Op::wildcard, {"*-enc"}), e), Truth::no);
  EXPECT_EQ(sigma(predicate("Star", Op::wildcard, {"a\\*b"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("Star", Op::wildcard, {"a\\*c"}), e), Truth::no);
  // contains with a wildcard inside the value (kept as written by the lowering)
  EXPECT_EQ(sigma(predicate("CommandLine", Op::contains, {"shell*AA"}), e), Truth::yes);
}

TEST(SigmaSemantics, AbsentFieldsAndNull) {
  auto e = event_of({{"Image", "x.exe"}, {"Empty", ""}});
  EXPECT_EQ(sigma(predicate("Missing", Op::eq, {"x"}), e), Truth::no);
  EXPECT_EQ(sigma(predicate("Missing", Op::eq, {"x"}, true), e), Truth::yes);  // not selection
  // `Field: null` is a negated exists: absent or empty.
  EXPECT_EQ(sigma(predicate("Missing", Op::exists, {}, true), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("Empty", Op::exists, {}, true), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("Image", Op::exists, {}, true), e), Truth::no);
  EXPECT_EQ(sigma(predicate("Image", Op::exists, {}, false, false, {"exists"}), e), Truth::yes);
}

TEST(SigmaSemantics, RegexFlags) {
  auto e = event_of({{"CommandLine", "Invoke-Mimikatz\nsecond line"}});
  EXPECT_EQ(sigma(predicate("CommandLine", Op::regex, {"invoke-mimi"}, false, true, {"re"}), e), Truth::no);
  EXPECT_EQ(sigma(predicate("CommandLine", Op::regex, {"invoke-mimi"}, false, false, {"re", "i"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("CommandLine", Op::regex, {"^second"}, false, true, {"re"}), e), Truth::no);
  EXPECT_EQ(sigma(predicate("CommandLine", Op::regex, {"^second"}, false, true, {"re", "m"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("CommandLine", Op::regex, {"Mimikatz.second"}, false, true, {"re", "s"}), e), Truth::yes);
  // A lookahead goes to PCRE2.
  EXPECT_EQ(sigma(predicate("CommandLine", Op::regex, {"Invoke-(?=Mimi)"}, false, true, {"re"}), e), Truth::yes);
}

TEST(SigmaSemantics, CidrBothFamilies) {
  auto e4 = event_of({{"DestinationIp", "10.1.2.3"}});
  auto e6 = event_of({{"DestinationIp", "fe80::1"}});
  Predicate p = predicate("DestinationIp", Op::cidr, {"10.0.0.0/8", "fe80::/10"}, false, false, {"cidr"});
  EXPECT_EQ(sigma(p, e4), Truth::yes);
  EXPECT_EQ(sigma(p, e6), Truth::yes);
  EXPECT_EQ(sigma(p, event_of({{"DestinationIp", "192.168.1.1"}})), Truth::no);
  EXPECT_EQ(sigma(predicate("DestinationIp", Op::cidr, {"not-a-prefix"}, false, false, {"cidr"}), e4), Truth::unknown);
}

TEST(SigmaSemantics, Windash) {
  Predicate p = predicate("CommandLine", Op::contains, {" -enc "}, false, false, {"windash", "contains"});
  EXPECT_EQ(sigma(p, event_of({{"CommandLine", "powershell /enc AAA"}})), Truth::yes);
  EXPECT_EQ(sigma(p, event_of({{"CommandLine", "powershell \xE2\x80\x93" "enc AAA"}})), Truth::yes);
  EXPECT_EQ(sigma(p, event_of({{"CommandLine", "powershell enc AAA"}})), Truth::no);
}

TEST(SigmaSemantics, Base64AndOffsets) {
  // base64offset|contains: "http://" inside a longer base64 text at any offset.
  Predicate p = predicate("CommandLine", Op::contains, {"http://"}, false, false, {"base64offset", "contains"});
  EXPECT_EQ(sigma(p, event_of({{"CommandLine", "-e aHR0cDovL2V4YW1wbGU="}})), Truth::yes);   // "http://example"
  EXPECT_EQ(sigma(p, event_of({{"CommandLine", "-e IGh0dHA6Ly9leGFtcGxl"}})), Truth::yes);   // " http://example"
  EXPECT_EQ(sigma(p, event_of({{"CommandLine", "-e ICBodHRwOi8vZXhhbXBsZQ=="}})), Truth::yes);  // "  http://example"
  EXPECT_EQ(sigma(p, event_of({{"CommandLine", "-e ZnRwOi8v"}})), Truth::no);  // "ftp://"
  Predicate whole = predicate("Data", Op::eq, {"abc"}, false, false, {"base64"});
  EXPECT_EQ(sigma(whole, event_of({{"Data", "YWJj"}})), Truth::yes);
}

TEST(SigmaSemantics, WideThenBase64) {
  // wide|base64offset: UTF-16LE bytes, then base64 at each offset (PowerShell -enc).
  Predicate p = predicate("CommandLine", Op::contains, {"IEX"}, false, false, {"wide", "base64offset", "contains"});
  // base64 of UTF-16LE "IEX (" = SQBFAFgAIAAoAA==
  EXPECT_EQ(sigma(p, event_of({{"CommandLine", "powershell -enc SQBFAFgAIAAoAA=="}})), Truth::yes);
}

TEST(SigmaSemantics, NumericComparisons) {
  auto e = event_of({{"LogonType", "10"}, {"Hex", "0x1F"}});
  EXPECT_EQ(sigma(predicate("LogonType", Op::gt, {"9"}, false, false, {"gt"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("LogonType", Op::lt, {"9"}, false, false, {"lt"}), e), Truth::no);
  EXPECT_EQ(sigma(predicate("Hex", Op::ge, {"31"}, false, false, {"gte"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("LogonType", Op::gt, {"abc"}, false, false, {"gt"}), e), Truth::unknown);
}

TEST(SigmaSemantics, FieldrefAndExpand) {
  auto e = event_of({{"SourceUser", "bob"}, {"TargetUser", "bob"}, {"Other", "alice"}});
  EXPECT_EQ(sigma(predicate("SourceUser", Op::eq, {"TargetUser"}, false, false, {"fieldref"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("SourceUser", Op::eq, {"Other"}, false, false, {"fieldref"}), e), Truth::no);
  EXPECT_EQ(sigma(predicate("SourceUser", Op::eq, {"%admins%"}, false, false, {"expand"}), e), Truth::unknown);
  EXPECT_EQ(sigma(predicate("SourceUser", Op::eq, {"bob"}, false, false, {"nosuchmodifier"}), e), Truth::unknown);
}

TEST(SigmaSemantics, KeywordsSearchEveryField) {
  auto e = event_of({{"A", "nothing"}, {"B", "mimikatz was here"}});
  EXPECT_EQ(sigma(predicate("", Op::contains, {"MIMIKATZ"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("", Op::contains, {"rubeus"}), e), Truth::no);
}

TEST(SigmaSemantics, ArraysMatchAnyElement) {
  events::Event e;
  e.add("Tags", "one");
  e.add("Tags", "two");
  EXPECT_EQ(sigma(predicate("Tags", Op::eq, {"two"}), e), Truth::yes);
  EXPECT_EQ(sigma(predicate("Tags", Op::eq, {"three"}), e), Truth::no);
}

}  // namespace
}  // namespace ruledex::eval
