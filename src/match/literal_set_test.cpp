#include "match/literal_set.h"

#include <gtest/gtest.h>

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

TEST(LiteralSet, BackendChoice) {
  EXPECT_FALSE(LiteralSet(sample(), LiteralSet::Backend::fallback).uses_hyperscan());
  // This machine runs Hyperscan (SSSE3); the fallback is for older CPUs.
  EXPECT_TRUE(LiteralSet(sample()).uses_hyperscan());
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
