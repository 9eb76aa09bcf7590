#include "base/terminal_text.h"

#include <gtest/gtest.h>

namespace ruledex {
namespace {

TEST(TerminalSafe, PrintableTextIsUnchanged) {
  EXPECT_EQ(terminal_safe("C:\\Windows\\System32 | where x == \"é ✓ 日本\""),
            "C:\\Windows\\System32 | where x == \"é ✓ 日本\"");
}

TEST(TerminalSafe, LineBreaksCannotForgeLines) {
  EXPECT_EQ(terminal_safe("a.yaml\nother.yaml:1:1: error: forged"), "a.yaml\\nother.yaml:1:1: error: forged");
  EXPECT_EQ(terminal_safe("a\r\tb"), "a\\r\\tb");
  EXPECT_EQ(terminal_safe("line 1\n\tline 2\r\n", LineBreaks::keep), "line 1\n\tline 2\\r\n");
}

TEST(TerminalSafe, ControlCharactersAreEscaped) {
  EXPECT_EQ(terminal_safe("evil\x1b[31m red\x07"), "evil\\x1b[31m red\\x07");
  EXPECT_EQ(terminal_safe(std::string("nul\0del\x7f", 8)), "nul\\x00del\\x7f");
  EXPECT_EQ(terminal_safe("\x1b]0;title\x07", LineBreaks::keep), "\\x1b]0;title\\x07");
  EXPECT_EQ(terminal_safe("c1 \u009b31m \u0085"), "c1 \\u009b31m \\u0085");  // C1 CSI and NEL
}

TEST(TerminalSafe, BidiOverridesAreEscaped) {
  EXPECT_EQ(terminal_safe("admin\u202Etxt.exe"), "admin\\u202etxt.exe");
  EXPECT_EQ(terminal_safe("\u2066x\u2069 \u202A\u202C"), "\\u2066x\\u2069 \\u202a\\u202c");
  EXPECT_EQ(terminal_safe("\u200F\u2067"), "\u200F\\u2067");  // marks stay, isolates do not
}

TEST(TerminalSafe, BytesThatAreNotUtf8AreEscaped) {
  EXPECT_EQ(terminal_safe("name\x9b" "31m\xff.yaml"), "name\\x9b31m\\xff.yaml");
  EXPECT_EQ(terminal_safe("cut \xe2\x80"), "cut \\xe2\\x80");
}

}  // namespace
}  // namespace ruledex
