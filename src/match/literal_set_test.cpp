#include "match/literal_set.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

namespace ruledex::match {
namespace {

using Ids = std::vector<uint32_t>;

std::vector<LiteralSet::Entry> sample() {
  return {{"mimikatz", 1, true}, {"Invoke-", 2, false}, {"\\cmd.exe", 3, true},
          {"sekurlsa", 1, true}, {"", 9, true},         {std::string("a\0b", 3), 4, false}};
}

class LiteralSetTest : public testing::TestWithParam<LiteralSet::Backend> {};

TEST_P(LiteralSetTest, ReportsEachIdOnceSorted) {
  const LiteralSet set(sample(), GetParam());
  Ids ids;
  set.scan("C:\\Windows\\CMD.EXE /c MIMIKATZ sekurlsa::logonpasswords Invoke-X", ids);
  EXPECT_EQ(ids, (Ids{1, 2, 3, 9}));
  set.scan("invoke-x", ids);  // case-sensitive entry
  EXPECT_EQ(ids, (Ids{9}));
  set.scan("", ids);
  EXPECT_EQ(ids, (Ids{9}));
  set.scan(std::string("xa\0by", 5), ids);
  EXPECT_EQ(ids, (Ids{4, 9}));
}

TEST_P(LiteralSetTest, AnyIn) {
  const LiteralSet set({{"mimikatz", 1, true}, {"Invoke-", 2, false}}, GetParam());
  EXPECT_TRUE(set.any_in("run MIMIKATZ now"));
  EXPECT_TRUE(set.any_in("Invoke-Expression"));
  EXPECT_FALSE(set.any_in("invoke-expression"));  // case-sensitive entry
  EXPECT_FALSE(set.any_in(""));
  EXPECT_TRUE(LiteralSet(sample(), GetParam()).any_in("no literal here"));  // the empty literal occurs everywhere
  EXPECT_FALSE(LiteralSet({}, GetParam()).any_in("anything"));
}

TEST_P(LiteralSetTest, Empty) {
  const LiteralSet set({}, GetParam());
  Ids ids{7};
  set.scan("anything", ids);
  EXPECT_TRUE(ids.empty());
}

TEST_P(LiteralSetTest, ManyLiterals) {
  std::vector<LiteralSet::Entry> entries;
  for (uint32_t i = 0; i < 2000; ++i) entries.push_back({"token" + std::to_string(i) + "x", i, true});
  const LiteralSet set(std::move(entries), GetParam());
  Ids ids;
  set.scan("... TOKEN17X ... token1999x token5", ids);
  EXPECT_EQ(ids, (Ids{17, 1999}));
}

// The evaluator scans one set per field in turn, small and large: each set
// must still find its literals once the thread's scratch was grown for another.
TEST_P(LiteralSetTest, SetsScannedInTurn) {
  std::vector<LiteralSet::Entry> many;
  for (uint32_t i = 0; i < 3000; ++i) many.push_back({"needle" + std::to_string(i) + "/", i, i % 2 == 0});
  const LiteralSet small(sample(), GetParam()), large(std::move(many), GetParam());
  Ids ids;
  for (int round = 0; round < 3; ++round) {
    small.scan("run mimikatz", ids);
    EXPECT_EQ(ids, (Ids{1, 9}));
    large.scan("NEEDLE42/ needle2999/ NEEDLE7/", ids);
    EXPECT_EQ(ids, (Ids{42, 2999}));
    const LiteralSet fresh({{"sekurlsa", 5, true}}, GetParam());
    fresh.scan("SEKURLSA::x", ids);
    EXPECT_EQ(ids, (Ids{5}));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, LiteralSetTest,
                         testing::Values(LiteralSet::Backend::automatic, LiteralSet::Backend::fallback));

TEST_P(LiteralSetTest, AnchoredLiterals) {
  using Anchor = LiteralSet::Anchor;
  const LiteralSet set({{"\\cmd.exe", 1, true, Anchor::end},
                        {"c:\\windows\\", 2, true, Anchor::start},
                        {"High", 3, false, Anchor::whole},
                        {".exe", 4, true, Anchor::end},
                        {"", 5, true, Anchor::whole},
                        {"C:", 6, false, Anchor::start}},
                       GetParam());
  Ids ids;
  set.scan("C:\\Windows\\System32\\CMD.EXE", ids);
  EXPECT_EQ(ids, (Ids{1, 2, 4, 6}));
  set.scan("c:\\windows\\cmd.exe.txt", ids);  // not at the end
  EXPECT_EQ(ids, (Ids{2}));
  set.scan("High", ids);
  EXPECT_EQ(ids, (Ids{3}));
  set.scan("high", ids);  // case-sensitive whole value
  EXPECT_TRUE(ids.empty());
  set.scan("Highest", ids);
  EXPECT_TRUE(ids.empty());
  set.scan("", ids);
  EXPECT_EQ(ids, (Ids{5}));
  EXPECT_TRUE(set.any_in("x.EXE"));
  EXPECT_FALSE(set.any_in("x.exe "));
}

// Short (one or two bytes), mid-sized and long (eleven bytes and more) literals
// are found by different means: each at the text's edges, in either case mode.
TEST_P(LiteralSetTest, LiteralsOfEveryLength) {
  const LiteralSet set({{"`", 1, true},
                        {"^^", 2, true},
                        {"SHA256=99C41B4EA97A8975", 3, true},
                        {"sekurlsa::", 4, false},
                        {"ekurlsa::", 5, true},
                        {"/all", 6, true},
                        {"AAAAAAAAB", 7, true},
                        {"AAAAAAAAC", 8, true}},
                       GetParam());
  Ids ids;
  set.scan("sha256=99c41b4ea97a8975", ids);
  EXPECT_EQ(ids, (Ids{3}));
  set.scan("x SEKURLSA::x", ids);  // the case-sensitive one differs in case
  EXPECT_EQ(ids, (Ids{5}));
  set.scan("sekurlsa::", ids);
  EXPECT_EQ(ids, (Ids{4, 5}));
  set.scan("i`e^^x /ALL", ids);
  EXPECT_EQ(ids, (Ids{1, 2, 6}));
  set.scan("aaaaaaaaaaaC aaaaaaab", ids);  // the same last eight bytes, one of them whole
  EXPECT_EQ(ids, (Ids{8}));
  set.scan("", ids);
  EXPECT_TRUE(ids.empty());
}

// Long literals are read one window in every few bytes: each must still be
// found wherever it starts and whatever its length.
TEST_P(LiteralSetTest, LongLiteralsAtEveryOffset) {
  const std::string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  // Alone, a long literal is searched with the others; among many, it is in the long table.
  std::vector<LiteralSet::Entry> many;
  for (uint32_t i = 1; i < LiteralSet::kLongTableFrom; ++i) many.push_back({"unrelated literal " + std::to_string(i), 2, true});
  for (bool table : {false, true}) {
    for (size_t length = 11; length <= 19; ++length) {
      std::vector<LiteralSet::Entry> entries = table ? many : std::vector<LiteralSet::Entry>{};
      const std::string literal = alphabet.substr(3, length);
      entries.push_back({literal, 1, true});
      const LiteralSet set(entries, GetParam());
      for (size_t offset = 0; offset <= 13; ++offset) {
        std::string text = std::string(offset, '.') + literal + std::string(13 - offset, '.');
        for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        EXPECT_TRUE(set.any_in(text)) << length << " at " << offset << (table ? " in the table" : "");
        text[offset + length / 2] = '#';
        EXPECT_FALSE(set.any_in(text)) << length << " at " << offset << (table ? " in the table" : "");
      }
    }
  }
}

TEST(LiteralSet, BackendChoice) {
  std::vector<LiteralSet::Entry> many;
  for (uint32_t i = 0; i < LiteralSet::kHyperscanFrom; ++i) many.push_back({"token" + std::to_string(i), i, true});
  EXPECT_FALSE(LiteralSet(many, LiteralSet::Backend::fallback).uses_hyperscan());
  // This machine runs Hyperscan (SSSE3); the fallback is for older CPUs, and
  // few literals are searched one by one.
  EXPECT_TRUE(LiteralSet(many).uses_hyperscan());
  EXPECT_FALSE(LiteralSet(sample()).uses_hyperscan());
}

TEST(LiteralSet, MovedSetStillScans) {
  LiteralSet a(sample());
  LiteralSet b = std::move(a);
  Ids ids;
  b.scan("mimikatz", ids);
  EXPECT_EQ(ids, (Ids{1, 9}));
}

}  // namespace
}  // namespace ruledex::match
