#pragma once
// Sigma's value-transforming modifiers (the Sigma specification's modifier
// appendix, as pySigma implements them): each turns one rule value into the
// values an event may hold instead. Values are byte strings: after a UTF-16
// modifier they hold the encoded bytes, which a base64 modifier then encodes.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::match {

std::string base64(std::string_view bytes);

// The three encodings of `bytes` at offsets 0, 1 and 2 in a longer base64
// text, each without the leading and trailing characters that depend on the
// neighbouring bytes: base64(" " * i + bytes)[start[i] : end[(len + i) % 3]]
// with start = (0, 2, 3) and end = (none, -3, -2).
std::vector<std::string> base64_offsets(std::string_view bytes);

std::string utf16le(std::string_view utf8);  // `utf16le`, `wide`
std::string utf16be(std::string_view utf8);
std::string utf16(std::string_view utf8);    // byte order mark FF FE, then little-endian

// Each `-` or `/` that starts a word (the previous character is not a word
// character or there is none, the next one is a word character: pySigma's
// \B[-/]\b) in each of its five forms: - / U+2013 U+2014 U+2015, every
// combination. None when that would be more than `limit` values.
inline constexpr size_t kWindashLimit = 5 * 5 * 5 * 5 * 5;
std::optional<std::vector<std::string>> windash(std::string_view value, size_t limit = kWindashLimit);

enum class Transform { base64, base64offset, utf16le, utf16be, utf16, windash };

// The chain of modifiers applied in order (`wide|base64offset`), each to every
// value the previous one made. None when windash would exceed its limit.
std::optional<std::vector<std::string>> transform(std::string_view value, std::span<const Transform> chain);

}  // namespace ruledex::match
