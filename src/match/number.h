#pragma once
// Numbers in event values, for the numeric comparisons (lt, le, gt, ge, eq):
// decimal integers, decimals with fraction or exponent, and hexadecimal `0x..`
// as Windows events write them (0x3e7, 0xFFFFFFFF80000000). Integers compare
// exactly, whatever their size up to 64 bits; mixed with a fraction they
// compare as doubles.

#include <compare>
#include <optional>
#include <string_view>

namespace ruledex::match {

class Number {
 public:
  // The whole text (surrounding ASCII spaces allowed) as a number, or none:
  // no inf/nan, no thousands separators, no trailing text.
  static std::optional<Number> parse(std::string_view text);

  static Number integer(long long value) { return Number(static_cast<__int128>(value)); }
  static Number real(double value) { return Number(value); }

  bool is_integer() const { return integer_.has_value(); }
  double as_double() const { return integer_ ? static_cast<double>(*integer_) : real_; }

  std::partial_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const { return (*this <=> other) == std::partial_ordering::equivalent; }

 private:
  explicit Number(__int128 value) : integer_(value) {}
  explicit Number(double value) : real_(value) {}

  std::optional<__int128> integer_;
  double real_ = 0;
};

// How two texts compare as numbers; none when either is not a number.
std::optional<std::partial_ordering> compare_numbers(std::string_view a, std::string_view b);

}  // namespace ruledex::match
