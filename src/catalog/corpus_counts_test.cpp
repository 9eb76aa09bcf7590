#include "catalog/corpus_counts.h"

#include <gtest/gtest.h>

#include "catalog/test_rules.h"

namespace ruledex {
namespace {

using testing::indicator;
using testing::rule;

TEST(CorpusCounts, CountsOtherRulesPerValue) {
  std::vector<Rule> rules = {
      rule("a", "sentinel", {}, {indicator("EventName", Op::in, {"GetCallerIdentity", "ListBuckets"})}),
      rule("b", "sentinel", {}, {indicator("EventName", Op::in, {"getcalleridentity"})}),
      rule("c", "sentinel", {}, {indicator("EventName", Op::in, {"GetCallerIdentity"})}),
  };
  fill_corpus_counts(rules);
  EXPECT_EQ(rules[0].predicates[0].corpus, (std::vector<uint32_t>{2, 0}));
  EXPECT_EQ(rules[1].predicates[0].corpus, (std::vector<uint32_t>{2}));
  EXPECT_EQ(rules[2].predicates[0].corpus, (std::vector<uint32_t>{2}));
}

TEST(CorpusCounts, CaseSensitiveValuesCompareExactly) {
  std::vector<Rule> rules = {
      rule("a", "sentinel", {}, {indicator("Process", Op::eq, {"cmd.exe"}, false, true)}),
      rule("b", "sentinel", {}, {indicator("Process", Op::eq, {"CMD.EXE"}, false, true)}),
      rule("c", "sentinel", {}, {indicator("Process", Op::eq, {"cmd.exe"}, false, true)}),
  };
  fill_corpus_counts(rules);
  EXPECT_EQ(rules[0].predicates[0].corpus, (std::vector<uint32_t>{1}));
  EXPECT_EQ(rules[1].predicates[0].corpus, (std::vector<uint32_t>{0}));
}

TEST(CorpusCounts, FieldOperatorNegationAndCaseAreOfTheKey) {
  std::vector<Rule> rules = {
      rule("base", "sentinel", {}, {indicator("EventName", Op::eq, {"X"})}),
      rule("field", "sentinel", {}, {indicator("eventName", Op::eq, {"X"})}),
      rule("op", "sentinel", {}, {indicator("EventName", Op::has, {"X"})}),
      rule("negated", "sentinel", {}, {indicator("EventName", Op::eq, {"X"}, true)}),
      rule("case", "sentinel", {}, {indicator("EventName", Op::eq, {"X"}, false, true)}),
  };
  fill_corpus_counts(rules);
  for (const Rule& r : rules) EXPECT_EQ(r.predicates[0].corpus, (std::vector<uint32_t>{0})) << r.id;
}

TEST(CorpusCounts, ARuleCountsOnceAndNonIndicatorsAreLeftOut) {
  Predicate computed = indicator("EventName", Op::eq, {"X"});
  computed.indicator = false;
  std::vector<Rule> rules = {
      rule("twice", "sentinel", {},
           {indicator("EventName", Op::eq, {"X"}), indicator("EventName", Op::eq, {"x"})}),
      rule("once", "sentinel", {}, {indicator("EventName", Op::eq, {"X"}), computed}),
  };
  fill_corpus_counts(rules);
  EXPECT_EQ(rules[0].predicates[0].corpus, (std::vector<uint32_t>{1}));
  EXPECT_EQ(rules[0].predicates[1].corpus, (std::vector<uint32_t>{1}));
  EXPECT_EQ(rules[1].predicates[0].corpus, (std::vector<uint32_t>{1}));
  EXPECT_TRUE(rules[1].predicates[1].corpus.empty());
}

TEST(CorpusCounts, EmptyCatalogAndValuelessIndicators) {
  std::vector<Rule> none;
  fill_corpus_counts(none);
  std::vector<Rule> rules = {rule("a", "sentinel", {}, {indicator("Field", Op::exists, {})})};
  fill_corpus_counts(rules);
  EXPECT_TRUE(rules[0].predicates[0].corpus.empty());
}

}  // namespace
}  // namespace ruledex
