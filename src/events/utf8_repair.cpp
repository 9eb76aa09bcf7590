#include "events/utf8_repair.h"

#include <simdjson.h>

namespace ruledex::events {

bool valid_utf8(std::string_view text) { return simdjson::validate_utf8(text.data(), text.size()); }

namespace {

// Length of the valid UTF-8 sequence at `at` (RFC 3629: no overlongs, no
// surrogates, at most U+10FFFF), or 0.
size_t sequence_length(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  size_t length;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (size_t i = 2; i < length; ++i)
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  return length;
}

}  // namespace

void repair_utf8(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size() + 16);
  for (size_t at = 0; at < text.size();) {
    const size_t length = sequence_length(text, at);
    if (length == 0) {
      out.append("\xEF\xBF\xBD");
      ++at;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
}

}  // namespace ruledex::events
