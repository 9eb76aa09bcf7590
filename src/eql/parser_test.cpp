#include "eql/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace ruledex::eql {
namespace {

// A compact rendering: and(...), or(...), not(...), (lhs op rhs), f(args), [a, b].
std::string show(const Expr& e) {
  auto join = [&](std::string out, const char* open, const char* close) {
    out += open;
    for (size_t i = 0; i < e.children.size(); ++i) out += (i ? " " : "") + show(e.children[i]);
    return out + close;
  };
  switch (e.kind) {
    case ExprKind::string: return "\"" + e.text + "\"";
    case ExprKind::number:
    case ExprKind::boolean: return e.text;
    case ExprKind::null: return "null";
    case ExprKind::field: return (e.optional ? "?" : "") + e.text;
    case ExprKind::list: return join("", "[", "]");
    case ExprKind::call: return join(e.text, "(", ")");
    case ExprKind::not_: return join("not", "(", ")");
    case ExprKind::and_: return join("and", "(", ")");
    case ExprKind::or_: return join("or", "(", ")");
    case ExprKind::arith: return join(e.text, "(", ")");
    case ExprKind::compare:
      return "(" + show(e.children[0]) + (e.negated ? " not " : " ") + e.text + " " + show(e.children[1]) + ")";
  }
  return "?";
}

std::string condition(std::string_view text) {
  QueryAst ast = parse(text);
  if (!ast.errors.empty()) return "error@" + std::to_string(ast.errors[0].offset) + ": " + ast.errors[0].message;
  return ast.steps.at(0).category + ": " + show(ast.steps.at(0).condition);
}

TEST(EqlParser, PrecedenceOfLogicAndArithmetic) {
  EXPECT_EQ(condition("process where a == 1 or b == 2 and not c == 3"), "process: or((a == 1) and((b == 2) not((c == 3))))");
  EXPECT_EQ(condition("any where (a or b) and c"), "any: and(or(a b) c)");
  EXPECT_EQ(condition("x where a + 2 * 3 > -1"), "x: (+(a *(2 3)) > -(1))");
}

TEST(EqlParser, OperatorsAndLiterals) {
  EXPECT_EQ(condition("process where process.name : (\"cmd.exe\", \"pwsh*\")"), "process: (process.name : [\"cmd.exe\" \"pwsh*\"])");
  EXPECT_EQ(condition("file where file.path like~ \"C:\\\\*\""), "file: (file.path like~ \"C:\\*\")");
  EXPECT_EQ(condition("x where a not in~ ('a', \"b\") and ?b.c regex \"\"\"\\d+\"\"\""),
            "x: and((a not in~ [\"a\" \"b\"]) (?b.c regex \"\\d+\"))");
  EXPECT_EQ(condition("x where a != null and b == true and c[0].d == 1.5"), "x: and((a != null) (b == true) (c[0].d == 1.5))");
  EXPECT_EQ(condition("x where `odd field` : ?\"raw\\s\" // comment\n /* block */"), "x: (odd field : \"raw\\s\")");
}

TEST(EqlParser, FunctionsWithCaseInsensitiveVariants) {
  EXPECT_EQ(condition("x where startsWith~(a.b, \"x\") and not cidrMatch(ip, \"10.0.0.0/8\", \"::1\")"),
            "x: and(startsWith~(a.b \"x\") not(cidrMatch(ip \"10.0.0.0/8\" \"::1\")))");
  EXPECT_EQ(condition("x where length(a) > 3"), "x: (length(a) > 3)");
  EXPECT_EQ(condition("x where stringContains (a, \"b\")"), "x: stringContains(a \"b\")");
}

TEST(EqlParser, SequencesWithKeysMaxspanRunsUntilAndPipes) {
  QueryAst ast = parse(
      "sequence by host.id with maxspan=1m\n"
      "  [process where event.type == \"start\"] by process.entity_id with runs=2\n"
      "  ![file where true]\n"
      "until [process where event.type == \"end\"]\n"
      "| head 5 | unique host.id, user.name | filter a > 1");
  ASSERT_TRUE(ast.errors.empty()) << ast.errors[0].message;
  EXPECT_EQ(ast.kind, QueryKind::sequence);
  EXPECT_EQ(ast.maxspan, "1m");
  ASSERT_EQ(ast.by.size(), 1u);
  EXPECT_EQ(ast.by[0].text, "host.id");
  ASSERT_EQ(ast.steps.size(), 2u);
  EXPECT_EQ(ast.steps[0].by.at(0).text, "process.entity_id");
  EXPECT_EQ(ast.steps[0].runs, "2");
  EXPECT_TRUE(ast.steps[1].missing);
  EXPECT_TRUE(ast.has_until);
  ASSERT_EQ(ast.pipes.size(), 3u);
  EXPECT_EQ(ast.pipes[1].name, "unique");
  EXPECT_EQ(ast.pipes[1].args.size(), 2u);
  EXPECT_EQ(show(ast.pipes[2].args.at(0)), "(a > 1)");
}

TEST(EqlParser, SampleBy) {
  QueryAst ast = parse("sample by host.id [file where a : \"x\"] [network where b == 1]");
  ASSERT_TRUE(ast.errors.empty());
  EXPECT_EQ(ast.kind, QueryKind::sample);
  EXPECT_EQ(ast.steps.size(), 2u);
}

TEST(EqlParser, ErrorsCarryOffsets) {
  EXPECT_EQ(condition("process a == 1"), "error@8: expected 'where'");
  EXPECT_EQ(condition("x where a in \"b\""), "error@13: expected '(' and a list after 'in'");
  EXPECT_EQ(condition("x where a == \"open"), "error@13: unterminated string");
  EXPECT_EQ(condition("x where a =="), "error@12: expected a value or a field");
  EXPECT_EQ(condition("sequence by a"), "error@13: expected '[' and a subquery");
  std::string deep(10000, '(');
  EXPECT_NE(condition("x where " + deep + "a").find("nesting too deep"), std::string::npos);
}

}  // namespace
}  // namespace ruledex::eql
