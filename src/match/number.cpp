#include "match/number.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace ruledex::match {
namespace {

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool parse_whole(std::string_view digits, int base, uint64_t& out) {
  if (digits.empty()) return false;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out, base);
  return ec == std::errc{} && end == digits.data() + digits.size();
}

bool has_only_decimal_syntax(std::string_view text) {
  bool digit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-')
      return false;
  }
  return digit;
}

}  // namespace

std::optional<Number> Number::parse(std::string_view text) {
  text = trim_spaces(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) return std::nullopt;
  }
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  uint64_t magnitude = 0;
  if (parse_whole(hex ? text.substr(2) : text, hex ? 16 : 10, magnitude)) {
    const __int128 value = magnitude;
    return Number(negative ? -value : value);
  }
  if (hex || !has_only_decimal_syntax(text)) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // A decimal integer too long for 64 bits still parses here, as a double.
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return Number(negative ? -value : value);
}

std::partial_ordering Number::operator<=>(const Number& other) const {
  if (integer_ && other.integer_) return *integer_ <=> *other.integer_;
  return as_double() <=> other.as_double();
}

std::optional<std::partial_ordering> compare_numbers(std::string_view a, std::string_view b) {
  const auto x = Number::parse(a), y = Number::parse(b);
  if (!x || !y) return std::nullopt;
  return *x <=> *y;
}

}  // namespace ruledex::match
