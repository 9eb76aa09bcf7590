#pragma once
// Reading rule files as text: UTF-8 BOMs, CRLF line ends and stray non-UTF-8
// bytes are repaired once, here, so every reader and parser sees clean UTF-8
// with '\n' line ends.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex {

struct TextRepair {
  uint32_t line = 0;  // 1-based line of the repaired text
  uint32_t column = 0;
  std::string message;
};

struct DecodedText {
  std::string text;
  std::vector<TextRepair> repairs;  // one per invalid byte sequence replaced
};

// Strips a UTF-8 BOM, turns CRLF and lone CR into LF, and replaces each byte
// that is not valid UTF-8 by its Windows-1252 character (the usual origin of
// such bytes in rule repos), recording a repair for each.
DecodedText decode_text(std::string_view bytes);

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
size_t utf8_sequence_length(std::string_view s, size_t i);

// Appends the UTF-8 encoding of a code point (up to U+10FFFF).
void append_utf8(std::string& out, char32_t cp);

// Reads a whole file as bytes. Throws std::system_error on I/O failure.
std::string read_file_bytes(const std::filesystem::path& path);

// Maps byte offsets in a text to 1-based line and column (column in bytes).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  uint32_t line(uint32_t offset) const;
  uint32_t column(uint32_t offset) const;
  uint32_t line_start(uint32_t line) const;  // byte offset of a 1-based line
  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }

 private:
  std::vector<uint32_t> starts_;
};

}  // namespace ruledex
