#pragma once
// Reading rule files as text: UTF-8 and UTF-16 BOMs, CRLF line ends and stray
// non-UTF-8 bytes are handled once, here, so every reader and parser sees
// clean UTF-8 with '\n' line ends.

#include <cstdint>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex {

// Something decode_text changed or noticed. Positions are in the file as the
// user sees it: the 1-based line and the byte column in that line of the file
// (of the line converted to UTF-8 in a UTF-16 file); line 0 is the whole file.
// A problem found in a text, where it is: decoding repairs, structure checks.
struct TextProblem {
  uint32_t line = 0;    // 1-based; 0 when not known
  uint32_t column = 0;  // 1-based
  std::string message;  // "text repaired: byte 0x96 is not UTF-8; read as Windows-1252", ...
  uint32_t offset = 0;  // byte offset in the text checked, where one is known
};

struct DecodedText {
  std::string text;
  // False when the bytes are mostly not text (a binary file): then text is
  // empty and problems holds the one "not text" problem.
  bool is_text = true;
  std::vector<TextProblem> problems;  // in file order, at most the max_problems asked for
  size_t problems_left_out = 0;       // found beyond max_problems
};

// Strips a UTF-8 BOM, converts UTF-16 LE/BE (with a BOM) to UTF-8, turns CRLF
// and lone CR into LF, and replaces each byte that is not valid UTF-8 by its
// Windows-1252 character (the usual origin of such bytes in rule repos), with
// a problem for each. NUL bytes become U+FFFD (no parser takes them, and
// yaml-cpp misreads them), with one problem for the first. A file
// where more than 1 byte in 20 is invalid (not UTF-8, NUL or another control
// byte) is not text: one problem, and the rest is only counted.
DecodedText decode_text(std::string_view bytes, size_t max_problems = std::numeric_limits<size_t>::max());

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
size_t utf8_sequence_length(std::string_view s, size_t i);

// Appends the UTF-8 encoding of a code point (up to U+10FFFF).
void append_utf8(std::string& out, char32_t cp);

// Why a file could not be read: what() is "<path>: <reason>".
class FileReadError : public std::runtime_error {
 public:
  FileReadError(const std::filesystem::path& path, std::string reason)
      : std::runtime_error(path.string() + ": " + reason), reason_(std::move(reason)) {}
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
};

// Reads a whole regular file as bytes. Anything else (a FIFO, socket, device
// or folder) is refused without being opened, so reading never blocks; so is
// a file larger than max_bytes. Throws FileReadError.
std::string read_file_bytes(const std::filesystem::path& path,
                            uint64_t max_bytes = std::numeric_limits<uint64_t>::max());

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
