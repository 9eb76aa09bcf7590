#include "spl/macros.h"

#include <gtest/gtest.h>

namespace ruledex::spl {
namespace {

MacroTable table() {
  return {
      {"sysmon", {"index=main sourcetype=sysmon", {}}},
      {"ctime(1)", {"convert ctime($field$)", {"field"}}},
      {"outer", {"`sysmon` | `ctime(firstTime)`", {}}},
      {"loop", {"`loop`", {}}},
  };
}

TEST(SplMacros, ArgumentsNestingAndFilters) {
  Expansion e = expand_macros("`outer` | `my_rule_filter`", table());
  EXPECT_EQ(e.text, "index=main sourcetype=sysmon | convert ctime(firstTime) ");
  EXPECT_TRUE(e.problems.empty());
  EXPECT_EQ(e.expanded, (std::vector<std::string>{"outer", "sysmon", "ctime(1)"}));
}

TEST(SplMacros, TripleBacktickCommentsAreDropped) {
  EXPECT_EQ(expand_macros("a ```note `sysmon` ``` | b", table()).text, "a  | b");
}

TEST(SplMacros, BackticksInStringsAreText) {
  Expansion e = expand_macros("eval n=split(x, \"`\") | `sysmon`", table());
  EXPECT_TRUE(e.problems.empty());
  EXPECT_EQ(e.text, "eval n=split(x, \"`\") | index=main sourcetype=sysmon");
}

TEST(SplMacros, BuiltInDropDmObjectName) {
  Expansion e = expand_macros("| `drop_dm_object_name(\"Processes\")`", {});
  EXPECT_EQ(e.text, "| rename Processes.* as *");
  EXPECT_EQ(expand_macros("| `drop_dm_object_name('Registry')`", {}).text, "| rename Registry.* as *");
}

TEST(SplMacros, CyclesUnknownAndUnterminated) {
  Expansion cycle = expand_macros("`loop`", table());
  ASSERT_EQ(cycle.problems.size(), 1u);
  EXPECT_NE(cycle.problems[0].message.find("calls itself"), std::string::npos);
  Expansion unknown = expand_macros("x | `nope(1,2)`", table());
  ASSERT_EQ(unknown.problems.size(), 1u);
  EXPECT_TRUE(unknown.problems[0].unknown);
  EXPECT_EQ(unknown.problems[0].offset, 4u);
  EXPECT_EQ(unknown.text, "x | `nope(1,2)`");
  EXPECT_EQ(expand_macros("a `b", table()).problems.size(), 1u);
}

TEST(SplMacros, OffsetsMapBackToTheSearchAsWritten) {
  Expansion e = expand_macros("`sysmon` a=1", table());
  uint32_t a = static_cast<uint32_t>(e.text.find("a=1"));
  EXPECT_EQ(e.source_offset(a), 9u);
  EXPECT_EQ(e.source_offset(3), 0u);  // inside the replacement: the call
}

TEST(SplMacros, LoadsCorpusMacros) {
  std::filesystem::path folder = std::filesystem::path(RULEDEX_SHARED_DIR) / "corpus/splunk/macros";
  if (!std::filesystem::is_directory(folder)) GTEST_SKIP() << "no corpus at " << folder;
  MacroTable macros = load_macro_folder(folder);
  EXPECT_GT(macros.size(), 150u);
  ASSERT_TRUE(macros.contains("security_content_ctime(1)"));
  EXPECT_EQ(macros["security_content_ctime(1)"].arguments, std::vector<std::string>{"field"});
}

}  // namespace
}  // namespace ruledex::spl
