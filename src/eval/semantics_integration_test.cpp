// Real query text through the front ends, evaluated over hand-made events:
// each language's trees with its own operators.

#include <gtest/gtest.h>

#include "analysis/analyzer.h"
#include "eval/eval_test_support.h"

namespace ruledex::eval {
namespace {

using testing::event_of;
using testing::verdict;

Rule only_rule(const std::string& path, const std::string& text) {
  FileAnalysis analysis = analyze_text(path, text);
  EXPECT_EQ(analysis.rules.size(), 1u) << text;
  return analysis.rules.empty() ? Rule{} : analysis.rules.front();
}

TEST(SemanticsIntegration, KqlWhereWithHasAndNotStartswith) {
  Rule rule = only_rule("q.kql", "T\n| where A =~ \"x\" and (B has \"y\" or not(C startswith \"z\"))\n");
  ASSERT_FALSE(rule.logic.selections.empty());
  EXPECT_EQ(verdict(rule, event_of({{"A", "X"}, {"B", "a y b"}, {"C", "zed"}})), Truth::yes);
  EXPECT_EQ(verdict(rule, event_of({{"A", "X"}, {"B", "ay b"}, {"C", "Zed"}})), Truth::no);  // startswith folds case
  EXPECT_EQ(verdict(rule, event_of({{"A", "X"}, {"B", "ay b"}, {"C", "ed"}})), Truth::yes);
  EXPECT_EQ(verdict(rule, event_of({{"A", "xx"}, {"B", "y"}})), Truth::no);
}

TEST(SemanticsIntegration, KqlCaseSensitiveEqualsAndHasprefix) {
  Rule rule = only_rule("q.kql", "T\n| where Name == \"Admin\" and Url hasprefix \"pay\"\n");
  EXPECT_EQ(verdict(rule, event_of({{"Name", "Admin"}, {"Url", "x/payload"}})), Truth::yes);
  EXPECT_EQ(verdict(rule, event_of({{"Name", "admin"}, {"Url", "x/payload"}})), Truth::no);
  EXPECT_EQ(verdict(rule, event_of({{"Name", "Admin"}, {"Url", "x/repay"}})), Truth::no);
}

TEST(SemanticsIntegration, SplSearchAndWhere) {
  Rule rule = only_rule("r.yml",
                        "name: T\nid: 1\nsearch: 'index=main process=*\\cmd.exe user!=SYSTEM | where like(parent, \"%explorer%\")'\n"
                        "how_to_implement: x\n");
  ASSERT_FALSE(rule.logic.selections.empty());
  auto event = [](std::string process, std::string parent, bool with_user) {
    events::Event e = event_of({{"index", "main"}, {"process", process}, {"parent", parent}});
    if (with_user) e.add("user", "bob");
    return e;
  };
  EXPECT_EQ(verdict(rule, event("C:\\Windows\\CMD.EXE", "c:\\explorer.exe", true)), Truth::yes);
  EXPECT_EQ(verdict(rule, event("C:\\Windows\\CMD.EXE", "c:\\Explorer.exe", true)), Truth::no);  // like() keeps case
  EXPECT_EQ(verdict(rule, event("C:\\Windows\\CMD.EXE", "c:\\explorer.exe", false)), Truth::no);  // user!= needs user
}

TEST(SemanticsIntegration, EqlColonAndDoubleEquals) {
  Rule rule = only_rule("r.json",
                        R"j({"name":"E","rule_id":"r2","type":"eql","language":"eql",)j"
                        R"j("query":"process where process.name : \"CMD.*\" and process.parent.name == \"explorer.exe\""})j");
  ASSERT_FALSE(rule.logic.selections.empty());
  auto e = [](std::string name, std::string parent) {
    return event_of({{"event.category", "process"}, {"process.name", name}, {"process.parent.name", parent}});
  };
  EXPECT_EQ(verdict(rule, e("cmd.exe", "explorer.exe")), Truth::yes);
  EXPECT_EQ(verdict(rule, e("cmd.exe", "Explorer.exe")), Truth::no);
  EXPECT_EQ(verdict(rule, e("pwsh.exe", "explorer.exe")), Truth::no);
}

TEST(SemanticsIntegration, KueryExactValuesAndWildcards) {
  Rule rule = only_rule("r.json",
                        R"j({"name":"K","rule_id":"r1","type":"query","language":"kuery",)j"
                        R"j("query":"host.name: WS* and not user.name: (admin or root)"})j");
  ASSERT_FALSE(rule.logic.selections.empty());
  EXPECT_EQ(verdict(rule, event_of({{"host.name", "WS-1"}, {"user.name", "bob"}})), Truth::yes);
  EXPECT_EQ(verdict(rule, event_of({{"host.name", "ws-1"}, {"user.name", "bob"}})), Truth::no);  // case-sensitive
  EXPECT_EQ(verdict(rule, event_of({{"host.name", "WS-1"}, {"user.name", "root"}})), Truth::no);
  EXPECT_EQ(verdict(rule, event_of({{"host.name", "WS-1"}})), Truth::yes);  // not: a missing field matches
}

}  // namespace
}  // namespace ruledex::eval
