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

// m0 .. m{levels-1}, each calling the next `calls` times; the last is `leaf`.
MacroTable chain(int levels, int calls, std::string leaf = "index=main") {
  MacroTable macros;
  for (int i = 0; i + 1 < levels; ++i) {
    std::string body;
    for (int c = 0; c < calls; ++c) body += "`m" + std::to_string(i + 1) + "` ";
    macros["m" + std::to_string(i)] = {body, {}};
  }
  macros["m" + std::to_string(levels - 1)] = {std::move(leaf), {}};
  return macros;
}

TEST(SplMacros, ADoublingBombStopsAtTheCallWithOneError) {
  Expansion e = expand_macros("a=1 | `m0` | `sysmon`", chain(40, 2));
  ASSERT_EQ(e.problems.size(), 1u);
  EXPECT_EQ(e.problems[0].offset, 6u);
  EXPECT_FALSE(e.problems[0].unknown);
  EXPECT_NE(e.problems[0].message.find("`m0` not expanded"), std::string::npos) << e.problems[0].message;
  EXPECT_EQ(e.text, "a=1 | `m0` | `sysmon`");  // the rest is left as written
  EXPECT_TRUE(e.expanded.empty());
}

TEST(SplMacros, ExpansionIsCappedBySize) {
  // Few calls, large text: 8 levels of 8 calls of a 1000-byte leaf is 2 GB.
  Expansion e = expand_macros("`m0`", chain(8, 8, std::string(1000, 'x')));
  ASSERT_EQ(e.problems.size(), 1u);
  EXPECT_NE(e.problems[0].message.find("more than 4 MiB"), std::string::npos) << e.problems[0].message;
  EXPECT_EQ(e.text, "`m0`");
  // Arguments too: a definition repeating its argument.
  MacroTable repeat = {{"r(1)", {"", {"v"}}}};
  for (int i = 0; i < 2000; ++i) repeat["r(1)"].definition += "$v$";
  EXPECT_EQ(expand_macros("`r(" + std::string(4000, 'y') + ")`", repeat).problems.size(), 1u);
  // Below the limit a large expansion is fine.
  EXPECT_TRUE(expand_macros("`m0`", chain(3, 8, std::string(1000, 'x'))).problems.empty());
}

TEST(SplMacros, ExpansionIsCappedByDepth) {
  Expansion deep = expand_macros("`m0` x", chain(kMaxMacroDepth + 5, 1));
  ASSERT_EQ(deep.problems.size(), 1u);
  EXPECT_NE(deep.problems[0].message.find("nest more than 32 deep"), std::string::npos) << deep.problems[0].message;
  EXPECT_EQ(deep.text, "`m0` x");
  Expansion fits = expand_macros("`m0` x", chain(kMaxMacroDepth, 1));
  EXPECT_TRUE(fits.problems.empty());
  EXPECT_TRUE(fits.text.starts_with("index=main ")) << fits.text;
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
