#include "base/terminal_text.h"

#include "base/source_text.h"

namespace ruledex {
namespace {

char32_t decode_utf8(std::string_view s, size_t i, size_t length) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (length == 1) return byte(0);
  char32_t cp = byte(0) & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) cp = (cp << 6) | (byte(k) & 0x3F);
  return cp;
}

// "\x1b" for bytes, "\u202e" for code points above ASCII.
void append_hex(std::string& out, std::string_view prefix, unsigned value, int digits) {
  constexpr std::string_view kHex = "0123456789abcdef";
  out += prefix;
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

bool is_bidi_control(char32_t cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

void append_escape(std::string& out, char32_t cp, LineBreaks breaks) {
  if ((cp == '\n' || cp == '\t') && breaks == LineBreaks::keep) out += static_cast<char>(cp);
  else if (cp == '\n') out += "\\n";
  else if (cp == '\r') out += "\\r";
  else if (cp == '\t') out += "\\t";
  else if (cp < 0x80) append_hex(out, "\\x", cp, 2);
  else append_hex(out, "\\u", cp, 4);
}

}  // namespace

std::string terminal_safe(std::string_view text, LineBreaks breaks) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      append_hex(out, "\\x", static_cast<unsigned char>(text[i]), 2);
      ++i;
      continue;
    }
    const char32_t cp = decode_utf8(text, i, length);
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) append_escape(out, cp, breaks);
    else out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace ruledex
