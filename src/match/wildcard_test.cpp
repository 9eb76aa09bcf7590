#include "match/wildcard.h"

#include <gtest/gtest.h>

#include <string>

namespace ruledex::match {
namespace {

bool sigma(std::string_view pattern, std::string_view text, Case c = Case::ascii_insensitive) {
  return Wildcard(pattern, c).matches(text);
}

TEST(Wildcard, StarAndQuestionMark) {
  EXPECT_TRUE(sigma("*\\cmd.exe", "C:\\Windows\\System32\\CMD.EXE"));
  EXPECT_FALSE(sigma("*\\cmd.exe", "C:\\Windows\\System32\\xcmd.exe.bak"));
  EXPECT_TRUE(sigma("powershell*", "PowerShell.exe -enc"));
  EXPECT_TRUE(sigma("*mimikatz*", "run Invoke-Mimikatz now"));
  EXPECT_TRUE(sigma("a?c", "abc"));
  EXPECT_FALSE(sigma("a?c", "ac"));
  EXPECT_FALSE(sigma("a?c", "abbc"));
  EXPECT_TRUE(sigma("a*b?d*", "aXXbcdYY"));
  EXPECT_TRUE(sigma("*", ""));
  EXPECT_TRUE(sigma("**", "x"));
  EXPECT_FALSE(sigma("?", ""));
  EXPECT_TRUE(sigma("", ""));
  EXPECT_FALSE(sigma("", "x"));
  EXPECT_TRUE(sigma("*a*b*c*", "xxaxxbxxcxx"));
  EXPECT_FALSE(sigma("*a*b*c*", "xxcxxbxxaxx"));
  EXPECT_TRUE(sigma("ab*ab", "abab"));
  EXPECT_FALSE(sigma("ab*ab", "aba"));
}

TEST(Wildcard, QuestionMarkIsOneCodePoint) {
  EXPECT_TRUE(sigma("caf?", "café"));
  EXPECT_FALSE(sigma("caf??", "café"));
  EXPECT_TRUE(sigma("?*?", "éé"));
}

TEST(Wildcard, CaseModes) {
  EXPECT_FALSE(sigma("Admin*", "admin1", Case::sensitive));
  EXPECT_TRUE(sigma("Admin*", "Admin1", Case::sensitive));
  EXPECT_TRUE(sigma("ÉCOLE*", "école normale", Case::unicode_insensitive));
  EXPECT_FALSE(sigma("ÉCOLE*", "école normale", Case::ascii_insensitive));
  EXPECT_TRUE(sigma("*Σ?Σ", "xσaς", Case::unicode_insensitive));
}

TEST(Wildcard, SigmaEscapes) {
  // \* \? \\ are literals; a backslash before anything else is a literal backslash.
  EXPECT_TRUE(sigma("a\\*b", "a*b"));
  EXPECT_FALSE(sigma("a\\*b", "aXb"));
  EXPECT_TRUE(sigma("a\\?b", "a?b"));
  EXPECT_FALSE(sigma("a\\?b", "aXb"));
  EXPECT_TRUE(sigma("a\\\\b", "a\\b"));
  EXPECT_FALSE(sigma("a\\\\b", "a\\\\b"));
  EXPECT_TRUE(sigma("C:\\Windows\\\\*", "c:\\windows\\system32"));
  // The classic trap: `\*` after a folder name is a literal star, not a wildcard.
  EXPECT_FALSE(sigma("C:\\Windows\\*", "c:\\windows\\system32"));
  EXPECT_TRUE(sigma("C:\\Windows\\*", "c:\\windows*"));
  EXPECT_TRUE(sigma("\\\\*", "\\server"));    // \\ then a star
  EXPECT_TRUE(sigma("a\\", "a\\"));           // a trailing backslash is itself
  EXPECT_TRUE(sigma("\\\\\\*", "\\*"));       // \\ \* : backslash, star
  EXPECT_EQ(Wildcard("C:\\Windows\\*\\a\\*b?", Case::sensitive).literal_pieces(),
            (std::vector<std::string>{"C:\\Windows*\\a*b"}));
  EXPECT_EQ(Wildcard("C:\\Windows\\\\*\\a?b", Case::sensitive).literal_pieces(),
            (std::vector<std::string>{"C:\\Windows\\", "\\a", "b"}));
}

TEST(Wildcard, OtherSyntaxes) {
  // kuery/Lucene: `*` only, the escape makes any character literal and is dropped.
  const WildcardSyntax kuery{.escape = '\\', .single_char = false, .keep_unknown_escape = false};
  EXPECT_TRUE(Wildcard("a?c*", Case::sensitive, kuery).matches("a?cde"));
  EXPECT_FALSE(Wildcard("a?c*", Case::sensitive, kuery).matches("abcde"));
  EXPECT_TRUE(Wildcard("a\\:b", Case::sensitive, kuery).matches("a:b"));
  EXPECT_FALSE(Wildcard("a\\:b", Case::sensitive, kuery).matches("a\\:b"));
  // SPL: `*` only, no escape at all.
  const WildcardSyntax spl{.escape = std::nullopt, .single_char = false};
  EXPECT_TRUE(Wildcard("C:\\*", Case::ascii_insensitive, spl).matches("c:\\\\x"));
  EXPECT_FALSE(Wildcard("a\\*", Case::sensitive, spl).matches("a*"));
  EXPECT_TRUE(Wildcard("a\\*", Case::sensitive, spl).matches("a\\anything"));
}

TEST(Wildcard, LiteralPiecesAndShape) {
  const Wildcard w("*\\powershell*-enc*", Case::ascii_insensitive);
  EXPECT_EQ(w.literal_pieces(), (std::vector<std::string>{"\\powershell", "-enc"}));
  EXPECT_TRUE(w.has_wildcards());
  EXPECT_FALSE(Wildcard("plain", Case::sensitive).has_wildcards());
  EXPECT_TRUE(Wildcard("*", Case::sensitive).literal_pieces().empty());
}

TEST(Wildcard, HostilePatternsStayFast) {
  const std::string text(20000, 'a');
  EXPECT_FALSE(sigma(std::string(30, '*') + "b", text));
  std::string pattern;
  for (int i = 0; i < 40; ++i) pattern += "*a?";
  EXPECT_FALSE(sigma(pattern + "b", text));
  EXPECT_TRUE(sigma(pattern, text));
}

}  // namespace
}  // namespace ruledex::match
