#include "match/sigma_transform.h"

#include "match/utf8.h"

namespace ruledex::match {
namespace {

constexpr std::string_view kBase64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::string_view kDashes[] = {"-", "/", "\u2013", "\u2014", "\u2015"};

enum class ByteOrder { little, big };

std::string encode_utf16(std::string_view utf8, ByteOrder order) {
  std::string out;
  out.reserve(utf8.size() * 2);
  const auto unit = [&](char32_t u) {
    const char low = static_cast<char>(u & 0xFF), high = static_cast<char>(u >> 8);
    if (order == ByteOrder::little) {
      out += low;
      out += high;
    } else {
      out += high;
      out += low;
    }
  };
  for (size_t at = 0; at < utf8.size();) {
    const utf8::Decoded d = utf8::decode(utf8, at);
    at += d.length;
    const char32_t cp = (d.code_point >= 0x80 && d.length == 1) ? 0xFFFD : d.code_point;  // invalid byte
    if (cp >= 0x10000) {
      unit(0xD800 + ((cp - 0x10000) >> 10));
      unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return out;
}

// A word character of Python's Unicode \w, approximated: ASCII letters,
// digits and `_`, and every non-ASCII code point outside the punctuation and
// symbol blocks that matter on command lines (General Punctuation, Latin-1's
// symbols, the replacement characters).
bool is_word(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA || cp == 0xB2 || cp == 0xB3 || cp == 0xB9;
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  return cp < 0xFFF0;
}

}  // namespace

std::string base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  const auto byte = [&](size_t i) { return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0u; };
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const uint32_t group = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    const size_t present = std::min<size_t>(3, bytes.size() - i);
    for (size_t k = 0; k < 4; ++k)
      out += k <= present ? kBase64Alphabet[(group >> (18 - 6 * k)) & 0x3F] : '=';
  }
  return out;
}

std::vector<std::string> base64_offsets(std::string_view bytes) {
  constexpr size_t kStart[] = {0, 2, 3};
  constexpr size_t kEndTrim[] = {0, 3, 2};  // characters cut from the end
  std::vector<std::string> out;
  for (size_t i = 0; i < 3; ++i) {
    const std::string encoded = base64(std::string(i, ' ') + std::string(bytes));
    const size_t trim = kEndTrim[(bytes.size() + i) % 3];
    const size_t end = encoded.size() >= trim ? encoded.size() - trim : 0;
    out.push_back(kStart[i] < end ? encoded.substr(kStart[i], end - kStart[i]) : std::string());
  }
  return out;
}

std::string utf16le(std::string_view utf8) { return encode_utf16(utf8, ByteOrder::little); }
std::string utf16be(std::string_view utf8) { return encode_utf16(utf8, ByteOrder::big); }
std::string utf16(std::string_view utf8) { return "\xFF\xFE" + utf16le(utf8); }

std::optional<std::vector<std::string>> windash(std::string_view value, size_t limit) {
  // Split the value at each dash that starts a word: pieces[0] dash pieces[1] dash ...
  std::vector<std::string_view> pieces;
  size_t piece_start = 0;
  char32_t previous = 0;
  bool has_previous = false;
  for (size_t at = 0; at < value.size();) {
    const utf8::Decoded d = utf8::decode(value, at);
    const bool dash = d.code_point == '-' || d.code_point == '/';
    if (dash && (!has_previous || !is_word(previous)) && at + 1 < value.size() &&
        is_word(utf8::decode(value, at + 1).code_point)) {
      pieces.push_back(value.substr(piece_start, at - piece_start));
      piece_start = at + 1;
    }
    previous = d.code_point;
    has_previous = true;
    at += d.length;
  }
  pieces.push_back(value.substr(piece_start));

  const size_t dashes = pieces.size() - 1;
  size_t count = 1;
  for (size_t i = 0; i < dashes; ++i)
    if ((count *= std::size(kDashes)) > limit) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t combination = 0; combination < count; ++combination) {
    std::string text(pieces[0]);
    size_t digits = combination;
    for (size_t i = 1; i < pieces.size(); ++i, digits /= std::size(kDashes)) {
      text += kDashes[digits % std::size(kDashes)];
      text += pieces[i];
    }
    out.push_back(std::move(text));
  }
  return out;
}

std::optional<std::vector<std::string>> transform(std::string_view value, std::span<const Transform> chain) {
  std::vector<std::string> values{std::string(value)};
  for (const Transform step : chain) {
    std::vector<std::string> next;
    for (const std::string& v : values) {
      switch (step) {
        case Transform::base64: next.push_back(base64(v)); break;
        case Transform::utf16le: next.push_back(utf16le(v)); break;
        case Transform::utf16be: next.push_back(utf16be(v)); break;
        case Transform::utf16: next.push_back(utf16(v)); break;
        case Transform::base64offset:
          for (std::string& encoded : base64_offsets(v)) next.push_back(std::move(encoded));
          break;
        case Transform::windash: {
          auto expanded = windash(v);
          if (!expanded) return std::nullopt;
          for (std::string& e : *expanded) next.push_back(std::move(e));
          break;
        }
      }
    }
    values = std::move(next);
  }
  return values;
}

}  // namespace ruledex::match
