#include "base/source_text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

namespace ruledex {
namespace {

// Windows-1252 code points for bytes 0x80..0x9F; the rest of the high half
// matches Latin-1. Zero marks the five bytes the code page leaves undefined.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

}  // namespace

size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;  // overlong
  if (n == 3) {
    unsigned char c1 = byte(i + 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return 0;  // overlong, surrogate
  }
  if (n == 4) {
    unsigned char c1 = byte(i + 1);
    if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return 0;
  }
  return n;
}

namespace {

// A file where more than 1 byte in kNotTextShare is invalid, and at least
// kNotTextMinimum are, is not text: random bytes, images, archives. The
// minimum keeps a short rule with a few stray bytes readable.
constexpr size_t kNotTextShare = 20;
constexpr size_t kNotTextMinimum = 8;

// Control bytes other than the whitespace ones; text has none.
bool is_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r') || c == 0x7F;
}

std::string hex(uint32_t value, int digits) {
  std::string out;
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += "0123456789ABCDEF"[(value >> shift) & 0xF];
  return out;
}

// The line being decoded and the offset where it starts.
struct Position {
  uint32_t line = 1;
  size_t line_start = 0;

  uint32_t column(size_t offset) const { return static_cast<uint32_t>(offset - line_start + 1); }
  void next_line(size_t start) {
    ++line;
    line_start = start;
  }
};

// Adds problems up to a maximum and counts the rest.
class ProblemList {
 public:
  static constexpr size_t kLeftOut = static_cast<size_t>(-1);

  ProblemList(DecodedText& out, size_t max) : out_(out), max_(max) {}

  // The index of the new problem, or kLeftOut.
  size_t add(uint32_t line, uint32_t column, std::string message) {
    if (out_.problems.size() >= max_) {
      ++out_.problems_left_out;
      return kLeftOut;
    }
    out_.problems.push_back({line, column, std::move(message)});
    return out_.problems.size() - 1;
  }

 private:
  DecodedText& out_;
  size_t max_;
};

// The code units after a UTF-16 BOM as UTF-8; an unpaired surrogate or an odd
// last byte becomes U+FFFD, with a problem.
std::string utf16_to_utf8(std::string_view bytes, bool big_endian, ProblemList& problems) {
  auto unit = [&](size_t i) -> char16_t {
    auto hi = static_cast<unsigned char>(bytes[big_endian ? i : i + 1]);
    auto lo = static_cast<unsigned char>(bytes[big_endian ? i + 1 : i]);
    return static_cast<char16_t>(hi << 8 | lo);
  };
  auto is_low = [](char16_t u) { return u >= 0xDC00 && u <= 0xDFFF; };
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  Position at;
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    char16_t u = unit(i);
    char32_t cp = u;
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size() && is_low(unit(i + 2))) {
      cp = 0x10000 + ((char32_t{u} - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      problems.add(at.line, at.column(out.size()),
                   "text repaired: unpaired UTF-16 surrogate 0x" + hex(u, 4) + " replaced by U+FFFD");
      cp = 0xFFFD;
    }
    append_utf8(out, cp);
    bool crlf = cp == '\r' && i + 3 < bytes.size() && unit(i + 2) == '\n';
    if (cp == '\n' || (cp == '\r' && !crlf)) at.next_line(out.size());
  }
  if (i < bytes.size()) {
    problems.add(at.line, at.column(out.size()), "text repaired: odd last byte of a UTF-16 file replaced by U+FFFD");
    append_utf8(out, 0xFFFD);
  }
  return out;
}

// Bytes of no valid UTF-8 sequence, and control bytes.
size_t count_invalid(std::string_view bytes) {
  size_t invalid = 0;
  for (size_t i = 0; i < bytes.size();) {
    size_t n = utf8_sequence_length(bytes, i);
    invalid += n == 0 || is_control(static_cast<unsigned char>(bytes[i]));
    i += n ? n : 1;
  }
  return invalid;
}

DecodedText not_text(size_t invalid, uint32_t line, uint32_t column) {
  DecodedText out;
  out.is_text = false;
  out.problems.push_back({0, 0,
                          "not text: " + std::to_string(invalid) + " invalid bytes, first at " + std::to_string(line) +
                              ":" + std::to_string(column)});
  return out;
}

// Decodes UTF-8 with repairs into out (which may hold problems already).
void decode_utf8(std::string_view bytes, DecodedText& out, ProblemList& problems) {
  const size_t not_text_limit = std::max(kNotTextMinimum, bytes.size() / kNotTextShare);
  out.text.reserve(bytes.size());
  Position at;
  size_t invalid = 0, nuls = 0, nul_problem = ProblemList::kLeftOut;
  uint32_t first_line = 0, first_column = 0;
  for (size_t i = 0; i < bytes.size();) {
    char c = bytes[i];
    if (c == '\r' || c == '\n') {
      out.text += '\n';
      i += (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ? 2 : 1;
      at.next_line(i);
      continue;
    }
    auto b = static_cast<unsigned char>(c);
    size_t n = utf8_sequence_length(bytes, i);
    if (n == 0 || is_control(b)) {
      if (invalid++ == 0) {
        first_line = at.line;
        first_column = at.column(i);
      }
      if (invalid > not_text_limit) {
        out = not_text(invalid + count_invalid(bytes.substr(i + 1)), first_line, first_column);
        return;
      }
    }
    if (b == 0 && nuls++ == 0) nul_problem = problems.add(at.line, at.column(i), "NUL byte in the file, read as U+FFFD");
    if (n && b != 0) {
      out.text.append(bytes.substr(i, n));
      i += n;
      continue;
    }
    char32_t cp = b >= 0xA0 ? b : (b >= 0x80 && kCp1252High[b - 0x80]) ? kCp1252High[b - 0x80] : 0xFFFD;
    if (b != 0)
      problems.add(at.line, at.column(i), "text repaired: byte 0x" + hex(b, 2) + " is not UTF-8; read as Windows-1252");
    append_utf8(out.text, cp);
    ++i;
  }
  if (nuls > 1 && nul_problem != ProblemList::kLeftOut)
    out.problems[nul_problem].message += " (" + std::to_string(nuls) + " in all)";
}

std::string errno_reason(int error) { return std::generic_category().message(error); }

std::string too_large_reason(uint64_t size, uint64_t max_bytes) {
  std::string limit = max_bytes % (1 << 20) == 0 ? std::to_string(max_bytes >> 20) + " MiB"
                                                 : std::to_string(max_bytes) + " bytes";
  return "too large: " + std::to_string(size) + " bytes, more than the " + limit + " read from one file";
}

struct FileDescriptor {
  int fd;
  ~FileDescriptor() { ::close(fd); }
};

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

DecodedText decode_text(std::string_view bytes, size_t max_problems) {
  DecodedText out;
  ProblemList problems(out, max_problems);
  bool utf16_le = bytes.starts_with("\xFF\xFE"), utf16_be = bytes.starts_with("\xFE\xFF");
  if (!utf16_le && !utf16_be) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    decode_utf8(bytes, out, problems);
    return out;
  }
  problems.add(0, 0, std::string("text converted from UTF-16 ") + (utf16_le ? "LE" : "BE"));
  std::string utf8 = utf16_to_utf8(bytes.substr(2), utf16_be, problems);
  decode_utf8(utf8, out, problems);
  return out;
}

std::string read_file_bytes(const std::filesystem::path& path, uint64_t max_bytes) {
  // Only a regular file is opened: opening a FIFO waits for a writer, and
  // opening a device may do anything.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) throw FileReadError(path, errno_reason(errno));
  if (S_ISDIR(info.st_mode)) throw FileReadError(path, "is a folder");
  if (!S_ISREG(info.st_mode)) throw FileReadError(path, "not a regular file");
  // Non-blocking in case the path was replaced by a FIFO since.
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (file.fd < 0) throw FileReadError(path, errno_reason(errno));
  if (::fstat(file.fd, &info) != 0) throw FileReadError(path, errno_reason(errno));
  if (!S_ISREG(info.st_mode)) throw FileReadError(path, "not a regular file");
  if (static_cast<uint64_t>(info.st_size) > max_bytes) throw FileReadError(path, too_large_reason(info.st_size, max_bytes));
  ::fcntl(file.fd, F_SETFL, ::fcntl(file.fd, F_GETFL) & ~O_NONBLOCK);
  std::string bytes;
  bytes.reserve(static_cast<size_t>(info.st_size));
  std::array<char, 65536> buffer;
  for (;;) {
    ssize_t n = ::read(file.fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw FileReadError(path, errno_reason(errno));
    if (n == 0) return bytes;
    if (bytes.size() + n > max_bytes) throw FileReadError(path, too_large_reason(bytes.size() + n, max_bytes));  // grew
    bytes.append(buffer.data(), static_cast<size_t>(n));
  }
}

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(static_cast<uint32_t>(i + 1));
}

uint32_t LineIndex::line(uint32_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<uint32_t>(it - starts_.begin());
}

uint32_t LineIndex::column(uint32_t offset) const { return offset - starts_[line(offset) - 1] + 1; }

uint32_t LineIndex::line_start(uint32_t line) const {
  return line == 0 ? 0 : starts_[std::min<size_t>(line, starts_.size()) - 1];
}

}  // namespace ruledex
