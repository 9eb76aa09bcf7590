#include "match/case.h"

#include <gtest/gtest.h>

namespace ruledex::match {
namespace {

TEST(Case, SensitiveComparesBytes) {
  const Needle needle("Cmd.exe", Case::sensitive);
  EXPECT_TRUE(needle.equals("Cmd.exe"));
  EXPECT_FALSE(needle.equals("cmd.exe"));
  EXPECT_TRUE(needle.contains("C:\\Cmd.exe /c"));
  EXPECT_FALSE(needle.contains("C:\\cmd.EXE /c"));
  EXPECT_TRUE(needle.starts("Cmd.exe /c"));
  EXPECT_TRUE(needle.ends("C:\\Cmd.exe"));
  EXPECT_FALSE(needle.ends("C:\\cmd.exe"));
}

TEST(Case, AsciiInsensitiveFoldsOnlyAscii) {
  const Needle needle("CMD.exe", Case::ascii_insensitive);
  EXPECT_EQ(needle.folded(), "cmd.exe");
  EXPECT_TRUE(needle.equals("cmd.EXE"));
  EXPECT_FALSE(needle.equals("cmd.ex"));
  EXPECT_TRUE(needle.contains("c:\\windows\\CmD.ExE /c"));
  EXPECT_TRUE(needle.starts("Cmd.Exe /c whoami"));
  EXPECT_FALSE(needle.starts("xcmd.exe"));
  EXPECT_TRUE(needle.ends("C:\\CMD.EXE"));
  EXPECT_FALSE(needle.ends("C:\\CMD.EXEx"));
  // Non-ASCII letters compare exactly in this mode.
  EXPECT_FALSE(equals("ÄRGER", "ärger", Case::ascii_insensitive));
  EXPECT_TRUE(equals("ärger", "ÄRGER", Case::unicode_insensitive));
}

TEST(Case, UnicodeFoldingCoversLatinGreekCyrillic) {
  EXPECT_TRUE(equals("ÉCOLE", "école", Case::unicode_insensitive));         // Latin-1
  EXPECT_TRUE(equals("ŁÓDŹ", "łódź", Case::unicode_insensitive));            // Latin Extended-A
  EXPECT_TRUE(equals("ǅ", "ǆ", Case::unicode_insensitive));                 // title-case digraph
  EXPECT_TRUE(equals("ΑΘΗΝΑ", "αθηνα", Case::unicode_insensitive));          // Greek
  EXPECT_TRUE(equals("ΟΔΟΣ", "οδος", Case::unicode_insensitive));
  EXPECT_TRUE(equals("οδος", "οδος", Case::unicode_insensitive));
  EXPECT_TRUE(equals("οδοσ", "οδος", Case::unicode_insensitive));            // final sigma folds to sigma
  EXPECT_TRUE(equals("МОСКВА", "москва", Case::unicode_insensitive));        // Cyrillic
  EXPECT_TRUE(equals("ЁЖ", "ёж", Case::unicode_insensitive));
  EXPECT_TRUE(equals("Ÿ", "ÿ", Case::unicode_insensitive));
  EXPECT_FALSE(equals("İ", "i", Case::unicode_insensitive));                 // Turkic dotted I: not simple folding
  EXPECT_FALSE(equals("москва", "moskva", Case::unicode_insensitive));
  EXPECT_EQ(fold_code_point(U'Σ'), U'σ');
  EXPECT_EQ(fold_code_point(U'µ'), U'μ');
  EXPECT_EQ(fold_code_point(U'×'), U'×');
  EXPECT_EQ(fold_code_point(U'ā'), U'ā');
  EXPECT_EQ(fold_code_point(U'Ā'), U'ā');
}

TEST(Case, UnicodeNeedleSearchesFoldedValues) {
  const Needle needle("Привет", Case::unicode_insensitive);
  EXPECT_TRUE(needle.contains("скажи ПРИВЕТ миру"));
  EXPECT_TRUE(needle.starts("привет, мир"));
  EXPECT_TRUE(needle.ends("всем Привет"));
  EXPECT_FALSE(needle.contains("приве т"));
}

TEST(Case, InvalidUtf8StaysAsItIs) {
  const std::string broken = "a\xC3z\xFF";
  EXPECT_EQ(fold(broken, Case::unicode_insensitive), broken);
  EXPECT_TRUE(equals("A\xC3Z\xFF", broken, Case::unicode_insensitive));
  // A lone lead byte is not the letter it would start.
  EXPECT_FALSE(equals("\xC3", "\xC3\x83", Case::unicode_insensitive));
}

TEST(Case, EmptyNeedleAndValue) {
  const Needle empty("", Case::ascii_insensitive);
  EXPECT_TRUE(empty.equals(""));
  EXPECT_FALSE(empty.equals("x"));
  EXPECT_TRUE(empty.contains(""));
  EXPECT_TRUE(empty.contains("abc"));
  EXPECT_FALSE(Needle("a", Case::ascii_insensitive).contains(""));
  EXPECT_EQ(Needle("b", Case::ascii_insensitive).find("abab", 2), 3u);
}

}  // namespace
}  // namespace ruledex::match
