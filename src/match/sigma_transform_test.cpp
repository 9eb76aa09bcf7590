#include "match/sigma_transform.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace ruledex::match {
namespace {

using Strings = std::vector<std::string>;

TEST(SigmaTransform, Base64) {
  EXPECT_EQ(base64("Invoke-Mimikatz"), "SW52b2tlLU1pbWlrYXR6");
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("a"), "YQ==");
  EXPECT_EQ(base64("ab"), "YWI=");
  EXPECT_EQ(base64(std::string("\xFF\x00\x01", 3)), "/wAB");
}

// The example of sigmahq.io's modifier page, and pySigma's slicing for each length mod 3.
TEST(SigmaTransform, Base64OffsetTrimsTheNeighbourDependentCharacters) {
  EXPECT_EQ(base64_offsets("/bin/bash"), (Strings{"L2Jpbi9iYXNo", "9iaW4vYmFza", "vYmluL2Jhc2"}));
  EXPECT_EQ(base64_offsets("/bin/sh"), (Strings{"L2Jpbi9za", "9iaW4vc2", "vYmluL3No"}));
  EXPECT_EQ(base64_offsets("a"), (Strings{"Y", "", "h"}));
  EXPECT_EQ(base64_offsets("ab"), (Strings{"YW", "Fi", "hY"}));
  EXPECT_EQ(base64_offsets(""), (Strings{"", "", ""}));
}

TEST(SigmaTransform, Utf16) {
  EXPECT_EQ(utf16le("ab"), std::string("a\0b\0", 4));
  EXPECT_EQ(utf16be("ab"), std::string("\0a\0b", 4));
  EXPECT_EQ(utf16("ab"), std::string("\xFF\xFE" "a\0b\0", 6));
  // Ä € and a character beyond the BMP (a surrogate pair).
  EXPECT_EQ(utf16le("Ä€𝄞"), std::string("\xC4\x00\xAC\x20\x34\xD8\x1E\xDD", 8));
  EXPECT_EQ(utf16be("Ä€𝄞"), std::string("\x00\xC4\x20\xAC\xD8\x34\xDD\x1E", 8));
  EXPECT_EQ(utf16le("\xFF"), std::string("\xFD\xFF", 2));  // an invalid byte is U+FFFD
}

TEST(SigmaTransform, Windash) {
  const auto one = windash("-enc");
  ASSERT_TRUE(one);
  EXPECT_EQ(*one, (Strings{"-enc", "/enc", "\u2013enc", "\u2014enc", "\u2015enc"}));
  // Only a dash that starts a word: not inside one (a-b), and the second of "--d".
  const auto some = windash("a-b --d");
  ASSERT_TRUE(some);
  EXPECT_EQ(some->size(), 5u);
  EXPECT_EQ(some->at(1), "a-b -/d");
  // Every combination of two dashes.
  const auto two = windash("-a /b");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->size(), 25u);
  for (const char* expected : {"-a -b", "/a /b", "-a /b", "/a -b", "\u2013a \u2015b"})
    EXPECT_NE(std::find(two->begin(), two->end(), expected), two->end()) << expected;
  EXPECT_EQ(*windash("x/-y"), (Strings{"x/-y", "x//y", "x/\u2013y", "x/\u2014y", "x/\u2015y"}));
  EXPECT_EQ(*windash("no dash"), (Strings{"no dash"}));
  EXPECT_EQ(*windash("trailing -"), (Strings{"trailing -"}));
  EXPECT_EQ(windash("-é")->size(), 5u);  // a non-ASCII letter is a word character
  EXPECT_FALSE(windash("-a -b -c -d -e -f").has_value());  // 5^6 values: over the limit
  EXPECT_EQ(windash("-a -b -c -d -e")->size(), 3125u);
}

TEST(SigmaTransform, Chains) {
  const Transform wide_offsets[] = {Transform::utf16le, Transform::base64offset};
  EXPECT_EQ(*transform("ping", wide_offsets), (Strings{"cABpAG4AZw", "AAaQBuAGcA", "wAGkAbgBnA"}));
  const Transform windash_base64[] = {Transform::windash, Transform::base64};
  const auto encoded = transform("-e", windash_base64);
  ASSERT_TRUE(encoded);
  EXPECT_EQ(encoded->size(), 5u);
  EXPECT_EQ(encoded->at(0), "LWU=");
  EXPECT_EQ(encoded->at(1), "L2U=");
  EXPECT_EQ(*transform("x", {}), (Strings{"x"}));
  const Transform too_many[] = {Transform::windash};
  EXPECT_FALSE(transform("-a -b -c -d -e -f", too_many).has_value());
}

}  // namespace
}  // namespace ruledex::match
