#include "match/number.h"

#include <gtest/gtest.h>

namespace ruledex::match {
namespace {

TEST(Number, Parses) {
  EXPECT_EQ(*Number::parse("42"), Number::integer(42));
  EXPECT_EQ(*Number::parse("-7"), Number::integer(-7));
  EXPECT_EQ(*Number::parse("+7"), Number::integer(7));
  EXPECT_EQ(*Number::parse(" 12 "), Number::integer(12));
  EXPECT_EQ(*Number::parse("0x3e7"), Number::integer(999));
  EXPECT_EQ(*Number::parse("0X3E7"), Number::integer(999));
  EXPECT_EQ(*Number::parse("1.5"), Number::real(1.5));
  EXPECT_EQ(*Number::parse("1e3"), Number::integer(1000));
  EXPECT_EQ(*Number::parse("-.5"), Number::real(-0.5));
  EXPECT_TRUE(Number::parse("007")->is_integer());
  EXPECT_FALSE(Number::parse("1.0")->is_integer());
}

TEST(Number, Refuses) {
  for (const char* text : {"", " ", "-", "0x", "0xg", "1e", "abc", "12abc", "1,000", "inf", "nan", "--1", "+-1",
                           "0x-1", "1 2", "1.2.3"})
    EXPECT_FALSE(Number::parse(text).has_value()) << text;
}

TEST(Number, LargeValuesCompareExactly) {
  // A 64-bit logon id, and integers a double could not tell apart.
  const auto big = Number::parse("0xFFFFFFFF80000000");
  ASSERT_TRUE(big);
  EXPECT_EQ(*big, *Number::parse("18446744071562067968"));
  EXPECT_LT(*Number::parse("9007199254740992"), *Number::parse("9007199254740993"));
  EXPECT_GT(*Number::parse("-0x10"), *Number::parse("-17"));
  EXPECT_TRUE(Number::parse("99999999999999999999")->as_double() > 1e19);  // beyond 64 bits: a double
}

TEST(Number, CompareTexts) {
  EXPECT_EQ(compare_numbers("10", "9"), std::partial_ordering::greater);
  EXPECT_EQ(compare_numbers("0x10", "16"), std::partial_ordering::equivalent);
  EXPECT_EQ(compare_numbers("1.5", "2"), std::partial_ordering::less);
  EXPECT_EQ(compare_numbers("2", "2.0"), std::partial_ordering::equivalent);
  EXPECT_FALSE(compare_numbers("10", "ten").has_value());
  EXPECT_FALSE(compare_numbers("", "1").has_value());
}

}  // namespace
}  // namespace ruledex::match
