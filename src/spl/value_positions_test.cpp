#include "spl/value_positions.h"

#include <gtest/gtest.h>

#include <string>

#include "readers/rule_reader.h"

namespace ruledex::spl {
namespace {

// The file line and column of `needle` in the search of a detection whose
// `search:` is written as `search_yaml`.
std::pair<uint32_t, uint32_t> place(const std::string& search_yaml, std::string_view needle) {
  std::string file = "name: X\nid: 1\nhow_to_implement: y\n" + search_yaml + "known_false_positives: z\n";
  ReadResult read = read_rule_file("detections/x.yml", file);
  EXPECT_EQ(read.rules.size(), 1u);
  const Rule& rule = read.rules.at(0);
  ValuePositions positions(rule);
  EXPECT_TRUE(positions.aligned()) << search_yaml;
  size_t offset = rule.query.find(needle);
  EXPECT_NE(offset, std::string::npos) << rule.query;
  return {positions.line(static_cast<uint32_t>(offset)), positions.column(static_cast<uint32_t>(offset))};
}

using Place = std::pair<uint32_t, uint32_t>;

TEST(SplValuePositions, EveryScalarStyle) {
  // single-quoted, folded over lines, with '' for a quote
  EXPECT_EQ(place("search: '`m` a=''b''\n  | where x=1\n  | table x'\n", "table"), Place(6, 5));
  EXPECT_EQ(place("search: '`m` a=''b''\n  | where x=1\n  | table x'\n", "where"), Place(5, 5));
  // double-quoted with escapes
  EXPECT_EQ(place("search: \"a=\\\"b\\\"\n  | where y=\\\"z\\\"\"\n", "y="), Place(5, 11));
  // plain, folded
  EXPECT_EQ(place("search: index=a\n  | stats count\n  by host\n", "by"), Place(6, 3));
  // literal block
  EXPECT_EQ(place("search: |\n  index=a\n    | stats count\n", "stats"), Place(6, 7));
  // folded block, with a blank line kept as a line break
  EXPECT_EQ(place("search: >-\n  index=a\n  | eval\n\n  x=1\n", "x=1"), Place(8, 3));
}

TEST(SplValuePositions, NoFileTextIsNotAligned) {
  Rule rule;
  rule.query = "index=a";
  rule.query_line = 1;
  EXPECT_FALSE(ValuePositions(rule).aligned());
}

}  // namespace
}  // namespace ruledex::spl
