#include "sigma/condition_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace ruledex::sigma {
namespace {

// The tree in prefix form: (and a (not b)), (1of sel*), ...
std::string dump(const Condition& c, uint32_t index) {
  const ConditionNode& node = c.nodes[index];
  auto children = [&](std::string head) {
    for (uint32_t child : node.children) head += " " + dump(c, child);
    return "(" + head + ")";
  };
  switch (node.kind) {
    case ConditionKind::identifier: return node.name;
    case ConditionKind::and_: return children("and");
    case ConditionKind::or_: return children("or");
    case ConditionKind::not_: return children("not");
    case ConditionKind::one_of: return "(1of " + node.name + ")";
    case ConditionKind::all_of: return "(allof " + node.name + ")";
  }
  return "?";
}

std::string tree(std::string_view text) {
  Condition c = parse_condition(text);
  for (const ConditionMessage& m : c.messages)
    if (m.error) return "error@" + std::to_string(m.offset) + ": " + m.message;
  return c.root ? dump(c, *c.root) : "<none>";
}

TEST(SigmaCondition, Identifier) { EXPECT_EQ(tree("selection"), "selection"); }

TEST(SigmaCondition, AndBindsTighterThanOr) {
  EXPECT_EQ(tree("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(tree("a and b or c and d"), "(or (and a b) (and c d))");
}

TEST(SigmaCondition, ChainsAreFlat) { EXPECT_EQ(tree("a and b and c"), "(and a b c)"); }

TEST(SigmaCondition, NotBindsTighterThanAnd) {
  EXPECT_EQ(tree("selection and not filter"), "(and selection (not filter))");
  EXPECT_EQ(tree("not a or b"), "(or (not a) b)");
}

TEST(SigmaCondition, NestedNot) {
  EXPECT_EQ(tree("not not a"), "(not (not a))");
  EXPECT_EQ(tree("not (a and not (b or not c))"), "(not (and a (not (or b (not c)))))");
}

TEST(SigmaCondition, Parentheses) { EXPECT_EQ(tree("(a or b) and c"), "(and (or a b) c)"); }

TEST(SigmaCondition, Selectors) {
  EXPECT_EQ(tree("1 of selection_*"), "(1of selection_*)");
  EXPECT_EQ(tree("all of sel*"), "(allof sel*)");
  EXPECT_EQ(tree("1 of them"), "(1of them)");
  EXPECT_EQ(tree("all of them"), "(allof them)");
  EXPECT_EQ(tree("any of sel*"), "(1of sel*)");
  EXPECT_EQ(tree("all of selection_* and not 1 of filter_main_*"),
            "(and (allof selection_*) (not (1of filter_main_*)))");
}

TEST(SigmaCondition, KeywordsIgnoreCase) { EXPECT_EQ(tree("a AND NOT b Or 1 OF c*"), "(or (and a (not b)) (1of c*))"); }

TEST(SigmaCondition, Positions) {
  Condition c = parse_condition("sel and not filter_1");
  ASSERT_TRUE(c.root);
  const ConditionNode& root = c.nodes[*c.root];
  EXPECT_EQ(root.begin, 0u);
  EXPECT_EQ(root.end, 20u);
  const ConditionNode& negation = c.nodes[root.children[1]];
  EXPECT_EQ(negation.begin, 8u);
  EXPECT_EQ(c.nodes[negation.children[0]].begin, 12u);
}

TEST(SigmaCondition, Errors) {
  EXPECT_EQ(tree(""), "error@0: the condition is empty");
  EXPECT_EQ(tree("a and"), "error@5: the condition ends where a search identifier, `(`, `not`, `1 of` or `all of` was expected");
  EXPECT_EQ(tree("(a or b"), "error@7: expected `)` to close the `(` at offset 0");
  EXPECT_EQ(tree("a b"), "error@2: unexpected `b`: expected `and`, `or`, `|` or the end of the condition");
  EXPECT_EQ(tree("2 of sel*"), "error@0: `2 of` is not Sigma: use `1 of` or `all of`");
  EXPECT_EQ(tree("1 of and"), "error@5: expected `them` or a search identifier pattern after `of`");
  EXPECT_EQ(tree("a )"), "error@2: unexpected `)`: expected `and`, `or`, `|` or the end of the condition");
}

TEST(SigmaCondition, DeepNestingIsAnError) {
  std::string deep(10000, '(');
  deep += "a" + std::string(10000, ')');
  Condition c = parse_condition(deep);
  ASSERT_FALSE(c.messages.empty());
  EXPECT_NE(c.messages[0].message.find("nests deeper"), std::string::npos);
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  EXPECT_NE(parse_condition(nots + "a").messages.at(0).message.find("nests deeper"), std::string::npos);
}

TEST(SigmaCondition, LegacyCountAggregation) {
  Condition c = parse_condition("selection and not filter | count(TargetUserName) by Workstation > 10");
  ASSERT_TRUE(c.aggregation);
  EXPECT_EQ(dump(c, *c.root), "(and selection (not filter))");
  EXPECT_EQ(c.aggregation->function, "count");
  EXPECT_EQ(c.aggregation->field, "TargetUserName");
  EXPECT_EQ(c.aggregation->group_by, "Workstation");
  EXPECT_EQ(c.aggregation->comparison, ">");
  EXPECT_EQ(c.aggregation->threshold, "10");
  ASSERT_EQ(c.messages.size(), 1u);
  EXPECT_FALSE(c.messages[0].error);
  EXPECT_NE(c.messages[0].message.find("deprecated"), std::string::npos);
  EXPECT_EQ(c.messages[0].offset, 25u);
}

TEST(SigmaCondition, LegacyAggregationForms) {
  Condition empty_count = parse_condition("selection | count() > 6");
  ASSERT_TRUE(empty_count.aggregation);
  EXPECT_EQ(empty_count.aggregation->field, "");
  EXPECT_EQ(empty_count.aggregation->group_by, "");
  Condition sum = parse_condition("selection | sum(question_length) by src_ip >= 300000");
  ASSERT_TRUE(sum.aggregation);
  EXPECT_EQ(sum.aggregation->function, "sum");
  EXPECT_EQ(sum.aggregation->comparison, ">=");
  EXPECT_EQ(sum.aggregation->threshold, "300000");
  EXPECT_EQ(tree("selection | count() by x"), "error@24: expected a comparison such as `> 10` after the aggregation");
  EXPECT_TRUE(tree("selection | frobnicate()").starts_with("error@12: unknown aggregation `frobnicate`"));
}

TEST(SigmaCondition, LegacyNear) {
  Condition c = parse_condition("selection_proctitle |near selection_syscall and not filter");
  ASSERT_TRUE(c.aggregation);
  EXPECT_EQ(c.aggregation->function, "near");
  ASSERT_TRUE(c.aggregation->near);
  EXPECT_EQ(dump(c, *c.aggregation->near), "(and selection_syscall (not filter))");
  ASSERT_EQ(c.messages.size(), 1u);
  EXPECT_FALSE(c.messages[0].error);
}

}  // namespace
}  // namespace ruledex::sigma
