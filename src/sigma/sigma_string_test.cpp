#include "sigma/sigma_string.h"

#include <gtest/gtest.h>

#include "sigma/modifiers.h"

namespace ruledex::sigma {
namespace {

TEST(SigmaString, Wildcards) {
  EXPECT_TRUE(has_wildcard("*\\cmd.exe"));
  EXPECT_TRUE(has_wildcard("cmd?.exe"));
  EXPECT_FALSE(has_wildcard("C:\\Windows\\System32\\"));
  EXPECT_FALSE(has_wildcard("a\\*b"));
  EXPECT_FALSE(has_wildcard("what\\?"));
  EXPECT_TRUE(has_wildcard("a\\\\*"));  // an escaped backslash, then a wildcard
}

TEST(SigmaString, Unescape) {
  EXPECT_EQ(unescape("a\\*b"), "a*b");
  EXPECT_EQ(unescape("what\\?"), "what?");
  EXPECT_EQ(unescape("\\\\server"), "\\server");
  EXPECT_EQ(unescape("C:\\Windows\\"), "C:\\Windows\\");
}

TEST(SigmaModifiers, SplitKey) {
  FieldKey key = split_field_key("CommandLine|base64offset|contains");
  EXPECT_EQ(key.field, "CommandLine");
  ASSERT_EQ(key.modifiers.size(), 2u);
  EXPECT_EQ(key.modifiers[0], "base64offset");
  EXPECT_EQ(key.modifiers[1], "contains");
  EXPECT_EQ(key.modifier_offsets[0], 12u);
  EXPECT_EQ(key.modifier_offsets[1], 25u);
  FieldKey keyword = split_field_key("|all");
  EXPECT_EQ(keyword.field, "");
  EXPECT_EQ(keyword.modifiers.at(0), "all");
}

TEST(SigmaModifiers, Names) {
  for (std::string_view name : {"contains", "startswith", "endswith", "all", "windash", "base64", "base64offset",
                                "wide", "utf16le", "utf16be", "utf16", "re", "i", "m", "s", "cidr", "exists", "lt",
                                "lte", "gt", "gte", "expand", "fieldref", "cased", "neq"})
    EXPECT_TRUE(modifier_from_name(name)) << name;
  EXPECT_FALSE(modifier_from_name("contain"));
  EXPECT_FALSE(modifier_from_name("Contains"));
}

}  // namespace
}  // namespace ruledex::sigma
