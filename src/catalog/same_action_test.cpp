#include "catalog/same_action.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/wildcard.h"
#include "catalog/test_rules.h"

namespace ruledex {
namespace {

using testing::indicator;
using testing::rule;

std::vector<std::string> peer_ids(const Rule& r) {
  std::vector<std::string> ids;
  for (const SameAction& s : r.same_action) ids.push_back(s.id + "/" + s.action);
  return ids;
}

TEST(ActionFamilies, BuiltinFileLoadsWithTheMainFamilies) {
  const ActionFamilies& families = ActionFamilies::builtin();
  std::vector<std::string> ids;
  for (const ActionFamily& f : families.families()) ids.push_back(f.id);
  for (const char* expected : {"aws-cloudtrail", "windows-security", "microsoft-365-audit", "okta"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), expected), ids.end()) << expected;
}

TEST(ActionFamilies, MalformedFileNamesTheFile) {
  try {
    ActionFamilies::parse(R"({"families": [{"id": "x", "name": "X", "sources": [{"platforms": []}]}]})", "f.json");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("f.json"), std::string::npos);
  }
}

// nlohmann-json parses deep arrays iteratively but copies them recursively
// (`value()` copies): a deep option file overflowed the stack (issue 11).
TEST(ActionFamilies, DeepNestingIsAnErrorWithItsPosition) {
  std::string text = R"({"families": [{"id": "x", "name": "X", "sources": [{"platforms": )" +
                     std::string(1000000, '[') + std::string(1000000, ']') + "}]}]}";
  try {
    ActionFamilies::parse(text, "f.json");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "f.json:1:189: nesting deeper than 128 levels");
  }
}

TEST(ActionFamilies, WildcardMatching) {
  EXPECT_TRUE(wildcard_match("logs-aws.cloudtrail*", "logs-AWS.cloudtrail-*", LetterCase::ignored));
  EXPECT_TRUE(wildcard_match("Device*", "DeviceProcessEvents", LetterCase::ignored));
  EXPECT_TRUE(wildcard_match("*a*b", "xxaxxab", LetterCase::ignored));
  EXPECT_FALSE(wildcard_match("Device*", "IdentityLogonEvents", LetterCase::ignored));
  EXPECT_FALSE(wildcard_match("SecurityEvent", "SecurityEvents", LetterCase::ignored));
}

TEST(SameAction, SeedRuleFindsCloudTrailRulesOfEveryPlatform) {
  std::vector<Rule> rules = {
      rule("seed", "sentinel", {"AWSCloudTrail"},
           {indicator("EventName", Op::eq, {"GetCallerIdentity"}),
            indicator("UserIdentityType", Op::eq, {"AssumedRole"})}),
      rule("elastic", "elastic", {"filebeat-*", "logs-aws.cloudtrail-*"},
           {indicator("event.dataset", Op::eq, {"aws.cloudtrail"}),
            indicator("event.action", Op::eq, {"GetCallerIdentity"})}),
      rule("sigma", "sigma", {"aws/cloudtrail"}, {indicator("eventName", Op::eq, {"getcalleridentity"})}),
      rule("chronicle", "chronicle", {},
           {indicator("$e.metadata.product_name", Op::eq, {"AWS CloudTrail"}),
            indicator("$e.metadata.product_event_type", Op::in, {"GetCallerIdentity", "GetSessionToken"})}),
      rule("excluder", "elastic", {"logs-aws.cloudtrail-*"},
           {indicator("event.action", Op::in, {"GetCallerIdentity", "GetSessionToken"}, true)}),
      rule("other-action", "sentinel", {"AWSCloudTrail"}, {indicator("EventName", Op::eq, {"ListBuckets"})}),
      rule("contains", "sentinel", {"AWSCloudTrail"}, {indicator("EventName", Op::contains, {"GetCallerIdentity"})}),
      rule("other-family", "sentinel", {"OfficeActivity"}, {indicator("Operation", Op::eq, {"GetCallerIdentity"})}),
      rule("sentinel-peer", "sentinel", {"AWSCloudTrail"}, {indicator("EventName", Op::in, {"GetCallerIdentity"})}),
  };
  auto peers = fill_same_action(rules, ActionFamilies::builtin());
  EXPECT_EQ(peer_ids(rules[0]), (std::vector<std::string>{"sentinel-peer/GetCallerIdentity",
                                                          "chronicle/GetCallerIdentity",
                                                          "elastic/GetCallerIdentity",
                                                          "sigma/GetCallerIdentity"}));
  ASSERT_EQ(peers[0].size(), 4u);
  EXPECT_EQ(peers[0][0].rule, 8u);
  EXPECT_EQ(rules[0].same_action[1].platform, "chronicle");
  EXPECT_EQ(peer_ids(rules[3]), (std::vector<std::string>{"elastic/GetCallerIdentity", "seed/GetCallerIdentity",
                                                          "sentinel-peer/GetCallerIdentity",
                                                          "sigma/GetCallerIdentity"}));
  EXPECT_TRUE(rules[4].same_action.empty());
  EXPECT_TRUE(rules[5].same_action.empty());
  EXPECT_TRUE(rules[6].same_action.empty());
  EXPECT_TRUE(rules[7].same_action.empty());
}

TEST(SameAction, FamilyNeedsDataSourceAndIndicatorWhenBothAreGiven) {
  // Sysmon through the Sentinel Event table needs Source == Microsoft-Windows-Sysmon.
  std::vector<Rule> rules = {
      rule("sysmon", "sentinel", {"Event"},
           {indicator("Source", Op::eq, {"Microsoft-Windows-Sysmon"}), indicator("EventID", Op::eq, {"1"})}),
      rule("plain-event", "sentinel", {"Event"}, {indicator("EventID", Op::eq, {"1"})}),
      rule("sigma-sysmon", "sigma", {"windows/sysmon"}, {indicator("EventID", Op::eq, {"1"})}),
  };
  fill_same_action(rules, ActionFamilies::builtin());
  EXPECT_EQ(peer_ids(rules[0]), (std::vector<std::string>{"sigma-sysmon/1"}));
  EXPECT_TRUE(rules[1].same_action.empty());
}

TEST(SameAction, CustomFamiliesFromAFile) {
  ActionFamilies families = ActionFamilies::parse(R"({"families": [{"id": "t", "name": "T", "sources": [
      {"platforms": ["splunk"], "data_sources": ["Thing*"], "action_fields": ["verb"]}]}]})",
                                                  "t.json");
  std::vector<Rule> rules = {
      rule("a", "splunk", {"Thing Log"}, {indicator("verb", Op::eq, {"Open"})}),
      rule("b", "splunk", {"thing"}, {indicator("verb", Op::eq, {"OPEN"})}),
      rule("c", "sigma", {"Thing Log"}, {indicator("verb", Op::eq, {"Open"})}),
  };
  fill_same_action(rules, families);
  EXPECT_EQ(peer_ids(rules[0]), (std::vector<std::string>{"b/Open"}));
  EXPECT_EQ(peer_ids(rules[1]), (std::vector<std::string>{"a/OPEN"}));
  EXPECT_TRUE(rules[2].same_action.empty());
}

}  // namespace
}  // namespace ruledex
