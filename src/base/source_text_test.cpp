#include "base/source_text.h"

#include <gtest/gtest.h>

namespace ruledex {
namespace {

TEST(DecodeText, StripsBomAndNormalisesLineEnds) {
  auto decoded = decode_text("\xEF\xBB\xBF" "a\r\nb\rc\n");
  EXPECT_EQ(decoded.text, "a\nb\nc\n");
  EXPECT_TRUE(decoded.repairs.empty());
}

TEST(DecodeText, KeepsValidUtf8) {
  auto decoded = decode_text("caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80");
  EXPECT_EQ(decoded.text, "caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80");
  EXPECT_TRUE(decoded.repairs.empty());
}

TEST(DecodeText, RepairsCp1252ByteWithPosition) {
  auto decoded = decode_text("line one\nsome \x96 dash");
  EXPECT_EQ(decoded.text, "line one\nsome \xE2\x80\x93 dash");  // en dash
  ASSERT_EQ(decoded.repairs.size(), 1u);
  EXPECT_EQ(decoded.repairs[0].line, 2u);
  EXPECT_EQ(decoded.repairs[0].column, 6u);
  EXPECT_NE(decoded.repairs[0].message.find("0x96"), std::string::npos);
}

TEST(DecodeText, RejectsOverlongAndTruncatedSequences) {
  auto decoded = decode_text("\xC0\xAF|\xE2\x80");
  EXPECT_EQ(decoded.repairs.size(), 4u);
}

TEST(AppendUtf8, EncodesEveryLength) {
  std::string out;
  for (char32_t cp : {U'A', U'\u00E9', U'\u2013', U'\U0001F600'}) append_utf8(out, cp);
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x80\x93\xF0\x9F\x98\x80");
}

TEST(LineIndex, MapsOffsetsToLinesAndColumns) {
  LineIndex index("ab\ncd\n\nef");
  EXPECT_EQ(index.line(0), 1u);
  EXPECT_EQ(index.column(1), 2u);
  EXPECT_EQ(index.line(3), 2u);
  EXPECT_EQ(index.column(4), 2u);
  EXPECT_EQ(index.line(7), 4u);
  EXPECT_EQ(index.line_start(4), 7u);
  EXPECT_EQ(index.line_count(), 4u);
}

}  // namespace
}  // namespace ruledex
