#include "base/source_text.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>

namespace ruledex {
namespace {

TEST(DecodeText, StripsBomAndNormalisesLineEnds) {
  auto decoded = decode_text("\xEF\xBB\xBF" "a\r\nb\rc\n");
  EXPECT_EQ(decoded.text, "a\nb\nc\n");
  EXPECT_TRUE(decoded.problems.empty());
}

TEST(DecodeText, KeepsValidUtf8) {
  auto decoded = decode_text("caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80");
  EXPECT_EQ(decoded.text, "caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80");
  EXPECT_TRUE(decoded.problems.empty());
}

TEST(DecodeText, RepairsCp1252ByteWithPosition) {
  auto decoded = decode_text("line one\nsome \x96 dash");
  EXPECT_EQ(decoded.text, "line one\nsome \xE2\x80\x93 dash");  // en dash
  ASSERT_EQ(decoded.problems.size(), 1u);
  EXPECT_EQ(decoded.problems[0].line, 2u);
  EXPECT_EQ(decoded.problems[0].column, 6u);
  EXPECT_NE(decoded.problems[0].message.find("0x96"), std::string::npos);
}

TEST(DecodeText, RejectsOverlongAndTruncatedSequences) {
  auto decoded = decode_text("\xC0\xAF|\xE2\x80");
  EXPECT_EQ(decoded.problems.size(), 4u);
}

TEST(DecodeText, RepairColumnsAreColumnsOfTheFile) {
  // Each repaired byte becomes three bytes of UTF-8; the columns stay those of the file.
  auto decoded = decode_text("ab\x96\x96 \x93x\n\x96");
  ASSERT_EQ(decoded.problems.size(), 4u);
  EXPECT_EQ(decoded.problems[0].column, 3u);
  EXPECT_EQ(decoded.problems[1].column, 4u);
  EXPECT_EQ(decoded.problems[2].column, 6u);
  EXPECT_EQ(decoded.problems[3].line, 2u);
  EXPECT_EQ(decoded.problems[3].column, 1u);
}

TEST(DecodeText, RandomBytesAreOneNotTextProblem) {
  std::mt19937 random(11);
  std::string bytes(1 << 20, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  bytes.replace(0, 6, "key: \x96");
  auto decoded = decode_text(bytes);
  EXPECT_FALSE(decoded.is_text);
  EXPECT_TRUE(decoded.text.empty());
  ASSERT_EQ(decoded.problems.size(), 1u);
  EXPECT_EQ(decoded.problems[0].message.find("not text: "), 0u) << decoded.problems[0].message;
  EXPECT_NE(decoded.problems[0].message.find(" invalid bytes, first at 1:6"), std::string::npos)
      << decoded.problems[0].message;
}

TEST(DecodeText, AFewStrayBytesAreStillText) {
  std::string bytes = "title: caf\xE9\nquery: T | where A == '\x96'\n" + std::string(200, 'x');
  auto decoded = decode_text(bytes);
  EXPECT_TRUE(decoded.is_text);
  EXPECT_EQ(decoded.problems.size(), 2u);
}

TEST(DecodeText, ProblemsAreCappedAndCounted) {
  std::string bytes = std::string(10000, 'a');
  for (size_t i = 0; i < bytes.size(); i += 50) bytes[i] = '\x96';  // 2%: text with many repairs
  auto decoded = decode_text(bytes, 100);
  EXPECT_TRUE(decoded.is_text);
  EXPECT_EQ(decoded.problems.size(), 100u);
  EXPECT_EQ(decoded.problems_left_out, 100u);
}

TEST(DecodeText, NulBytesAreOneProblem) {
  auto decoded = decode_text(std::string("a\nbc\0d\0e", 8));
  EXPECT_TRUE(decoded.is_text);
  EXPECT_EQ(decoded.text, "a\nbc\xEF\xBF\xBD" "d\xEF\xBF\xBD" "e");
  ASSERT_EQ(decoded.problems.size(), 1u);
  EXPECT_EQ(decoded.problems[0].message, "NUL byte in the file, read as U+FFFD (2 in all)");
  EXPECT_EQ(decoded.problems[0].line, 2u);
  EXPECT_EQ(decoded.problems[0].column, 3u);
}

std::string utf16(std::u16string_view text, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char16_t u : text) {
    char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  }
  return out;
}

TEST(DecodeText, ConvertsUtf16WithBom) {
  for (bool big_endian : {false, true}) {
    auto decoded = decode_text(utf16(u"caf\u00E9\r\n\u2013 \U0001F600\n", big_endian));
    EXPECT_EQ(decoded.text, "caf\xC3\xA9\n\xE2\x80\x93 \xF0\x9F\x98\x80\n");
    ASSERT_EQ(decoded.problems.size(), 1u);
    EXPECT_EQ(decoded.problems[0].message, big_endian ? "text converted from UTF-16 BE" : "text converted from UTF-16 LE");
    EXPECT_EQ(decoded.problems[0].line, 0u);
  }
}

TEST(DecodeText, RepairsUnpairedSurrogatesInUtf16) {
  std::u16string text = u"a\nb";
  text += char16_t{0xD800};  // high surrogate without its low half
  text += u"c";
  text += char16_t{0xDC00};  // low surrogate alone
  auto decoded = decode_text(utf16(text, false) + "x");  // and an odd last byte
  EXPECT_EQ(decoded.text, "a\nb\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD");
  ASSERT_EQ(decoded.problems.size(), 4u);
  EXPECT_EQ(decoded.problems[1].message, "text repaired: unpaired UTF-16 surrogate 0xD800 replaced by U+FFFD");
  EXPECT_EQ(decoded.problems[1].line, 2u);
  EXPECT_EQ(decoded.problems[1].column, 2u);
  EXPECT_EQ(decoded.problems[2].column, 6u);  // bytes of the line in UTF-8
  EXPECT_NE(decoded.problems[3].message.find("odd last byte"), std::string::npos);
}

std::filesystem::path temp_path(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("ruledex-source-text-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

TEST(ReadFileBytes, ReadsRegularFiles) {
  auto path = temp_path("a.txt");
  std::ofstream(path, std::ios::binary) << std::string("x\0y", 3);
  EXPECT_EQ(read_file_bytes(path), std::string("x\0y", 3));
}

TEST(ReadFileBytes, RefusesFifosWithoutBlocking) {
  auto path = temp_path("fifo");
  std::filesystem::remove(path);
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  try {
    read_file_bytes(path);
    ADD_FAILURE() << "a FIFO was read";
  } catch (const FileReadError& e) {
    EXPECT_EQ(e.reason(), "not a regular file");
  }
}

TEST(ReadFileBytes, RefusesFoldersDevicesAndMissingFiles) {
  auto reason = [](const std::filesystem::path& path) {
    try {
      read_file_bytes(path);
    } catch (const FileReadError& e) {
      return e.reason();
    }
    return std::string("read");
  };
  EXPECT_EQ(reason(temp_path("")), "is a folder");
  EXPECT_EQ(reason("/dev/zero"), "not a regular file");
  EXPECT_EQ(reason(temp_path("missing")), "No such file or directory");
}

TEST(ReadFileBytes, RefusesFilesLargerThanTheLimit) {
  auto path = temp_path("big.txt");
  std::ofstream(path, std::ios::binary) << std::string(3000, 'x');
  EXPECT_EQ(read_file_bytes(path, 3000).size(), 3000u);
  try {
    read_file_bytes(path, 2999);
    ADD_FAILURE() << "the limit was ignored";
  } catch (const FileReadError& e) {
    EXPECT_EQ(e.reason(), "too large: 3000 bytes, more than the 2999 bytes read from one file");
  }
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
