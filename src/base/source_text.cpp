#include "base/source_text.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
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

DecodedText decode_text(std::string_view bytes) {
  DecodedText out;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  out.text.reserve(bytes.size());
  uint32_t line = 1;
  size_t line_start = 0;  // offset in out.text
  for (size_t i = 0; i < bytes.size();) {
    char c = bytes[i];
    if (c == '\r') {
      out.text += '\n';
      i += (i + 1 < bytes.size() && bytes[i + 1] == '\n') ? 2 : 1;
      ++line;
      line_start = out.text.size();
      continue;
    }
    if (c == '\n') {
      out.text += '\n';
      ++i;
      ++line;
      line_start = out.text.size();
      continue;
    }
    if (size_t n = utf8_sequence_length(bytes, i)) {
      out.text.append(bytes.substr(i, n));
      i += n;
      continue;
    }
    auto b = static_cast<unsigned char>(c);
    char32_t cp = b >= 0xA0 ? b : (b >= 0x80 && kCp1252High[b - 0x80]) ? kCp1252High[b - 0x80] : 0xFFFD;
    out.repairs.push_back({line, static_cast<uint32_t>(out.text.size() - line_start + 1),
                           "byte 0x" + std::string(1, "0123456789ABCDEF"[b >> 4]) +
                               "0123456789ABCDEF"[b & 0xF] +
                               " is not UTF-8; read as Windows-1252"});
    append_utf8(out.text, cp);
    ++i;
  }
  return out;
}

std::string read_file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::system_error(errno, std::generic_category(), path.string());
  std::string bytes;
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size > 0) {
    bytes.resize(static_cast<size_t>(size));
    in.seekg(0);
    in.read(bytes.data(), size);
  }
  if (in.bad()) throw std::system_error(errno, std::generic_category(), path.string());
  return bytes;
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
