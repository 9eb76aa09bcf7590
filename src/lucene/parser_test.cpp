#include "lucene/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace ruledex::lucene {
namespace {

std::string show_bound(const Bound& bound) { return bound.unbounded ? "*" : bound.text; }

// A compact rendering: or(...), and(...), not(...), +x, -x, field=term,
// field="phrase", field~wild*, field=/re/, field[a..b}, field:*, *:*;
// suffixes ~n (fuzzy or slop) and ^n (boost).
std::string show(const Node& node) {
  auto list = [&](std::string name) {
    for (size_t i = 0; i < node.children.size(); ++i) name += (i ? " " : "(") + show(node.children[i]);
    return name + ")";
  };
  std::string out;
  switch (node.kind) {
    case NodeKind::or_: out = list("or"); break;
    case NodeKind::and_: out = list("and"); break;
    case NodeKind::not_: out = list("not"); break;
    case NodeKind::required: out = "+" + show(node.children.front()); break;
    case NodeKind::prohibited: out = "-" + show(node.children.front()); break;
    case NodeKind::term: out = node.field + "=" + node.text; break;
    case NodeKind::phrase: out = node.field + "=\"" + node.text + "\""; break;
    case NodeKind::wildcard: out = node.field + "~" + node.text; break;
    case NodeKind::regex: out = node.field + "=/" + node.text + "/"; break;
    case NodeKind::exists: out = node.field + ":*"; break;
    case NodeKind::match_all: out = "*:*"; break;
    case NodeKind::range:
      out = node.field + (node.lower.inclusive ? "[" : "{") + show_bound(node.lower) + ".." + show_bound(node.upper) +
            (node.upper.inclusive ? "]" : "}");
      break;
  }
  if (node.fuzzy || !node.proximity.empty()) out += "~" + node.proximity;
  if (!node.boost.empty()) out += "^" + node.boost;
  return out;
}

std::string errors_of(const QueryAst& ast) {
  std::string out;
  for (const ParseError& error : ast.errors) {
    if (!out.empty()) out += "; ";
    out += "error@" + std::to_string(error.offset) + ": " + error.message;
    if (error.related_offset != ParseError::kNoOffset) out += " (from " + std::to_string(error.related_offset) + ")";
  }
  return out;
}

std::string parse_show(std::string_view text) {
  QueryAst ast = parse(text);
  if (!ast.errors.empty()) return errors_of(ast);
  return ast.has_root ? show(ast.root) : "";
}

TEST(LuceneParser, AndBindsTighterThanOrAndJuxtaposition) {
  EXPECT_EQ(parse_show("a:1 OR b:2 AND c:3"), "or(a=1 and(b=2 c=3))");
  EXPECT_EQ(parse_show("a:1 b:2 AND c:3"), "or(a=1 and(b=2 c=3))");
  EXPECT_EQ(parse_show("(a:1 b:2) && c:3 || d:4"), "or(and(or(a=1 b=2) c=3) d=4)");
  EXPECT_EQ(parse_show("a b c"), "or(=a =b =c)");
}

TEST(LuceneParser, PrefixOperators) {
  EXPECT_EQ(parse_show("NOT a:1 AND b:2"), "and(not(a=1) b=2)");
  EXPECT_EQ(parse_show("!a:1 OR !(b:2 c:3)"), "or(not(a=1) not(or(b=2 c=3)))");
  EXPECT_EQ(parse_show("+a:1 -b:2 c"), "or(+a=1 -b=2 =c)");
  EXPECT_EQ(parse_show("-(a OR b)"), "-or(=a =b)");
  EXPECT_EQ(parse_show("a:1 AND NOT b:2"), "and(a=1 not(b=2))");
}

TEST(LuceneParser, OperatorsAreUpperCase) {
  EXPECT_EQ(parse_show("event.type:(start or process_started)"),
            "or(event.type=start event.type=or event.type=process_started)");
  EXPECT_EQ(parse_show("ANDROID NOTE ORACLE"), "or(=ANDROID =NOTE =ORACLE)");
  QueryAst ast = parse("f:(a or b) and:x g:or \"or\" And");
  ASSERT_EQ(ast.warnings.size(), 2u);  // field names, values after ':' and phrases are meant as written
  EXPECT_EQ(ast.warnings[0].offset, 5u);
  EXPECT_EQ(ast.warnings[0].message, "'or' is searched for as a word: Lucene operators are upper case (OR)");
  EXPECT_EQ(ast.warnings[1].offset, 27u);
}

TEST(LuceneParser, FieldGroups) {
  EXPECT_EQ(parse_show("f:(a OR b AND c)"), "or(f=a and(f=b f=c))");
  EXPECT_EQ(parse_show("f:(a g:b \"c d\")"), "or(f=a g=b f=\"c d\")");
  EXPECT_EQ(parse_show("f:(>=1 AND <5)"), "and(f[1..*} f{*..5})");
  EXPECT_EQ(parse_show("(a b)^3"), "or(=a =b)^3");
}

TEST(LuceneParser, LiteralForms) {
  EXPECT_EQ(parse_show("process.name:cmd.exe"), "process.name=cmd.exe");
  EXPECT_EQ(parse_show("f: value"), "f=value");
  EXPECT_EQ(parse_show("f:\"a \\\"quoted\\\" phrase\""), "f=\"a \"quoted\" phrase\"");
  EXPECT_EQ(parse_show("f:\"a b\"~3^2"), "f=\"a b\"~3^2");
  EXPECT_EQ(parse_show("f:pow*ersh?ll"), "f~pow*ersh?ll");
  EXPECT_EQ(parse_show("f:*"), "f:*");
  EXPECT_EQ(parse_show("_exists_:user.name"), "user.name:*");
  EXPECT_EQ(parse_show("*:*"), "*:*");
  EXPECT_EQ(parse_show("*"), "*:*");
  EXPECT_EQ(parse_show("f:/2[0-9]{3}/"), "f=/2[0-9]{3}/");
  EXPECT_EQ(parse_show("f:/a\\/b\\.c/"), "f=/a/b\\.c/");
  EXPECT_EQ(parse_show("f:g+s"), "f=g+s");
  EXPECT_EQ(parse_show("f:-1"), "f=-1");
  EXPECT_EQ(parse_show("f:quikc~ g:brwn~1 h:x^2.5"), "or(f=quikc~ g=brwn~1 h=x^2.5)");
  EXPECT_EQ(parse_show("city.\\*:x"), "city.*=x");
}

TEST(LuceneParser, Ranges) {
  EXPECT_EQ(parse_show("f:[1 TO 5]"), "f[1..5]");
  EXPECT_EQ(parse_show("f:{1 TO 5}"), "f{1..5}");
  EXPECT_EQ(parse_show("f:[1 TO 5}"), "f[1..5}");
  EXPECT_EQ(parse_show("f:{* TO 2020-01-01T00:00:00]"), "f{*..2020-01-01T00:00:00]");
  EXPECT_EQ(parse_show("f:[\"a b\" TO *]"), "f[a b..*]");
  EXPECT_EQ(parse_show("f:>5 g:>=5 h:<5 i:<=\"5\""), "or(f{5..*} g[5..*} h{*..5} i{*..5])");
}

TEST(LuceneParser, EscapesOfEveryReservedCharacter) {
  const std::string reserved = "+-=&|><!(){}[]^\"~*?:\\/";
  std::string query = "f:";
  for (char c : reserved) query += std::string("\\") + c;
  QueryAst ast = parse(query);
  ASSERT_TRUE(ast.errors.empty()) << errors_of(ast);
  EXPECT_EQ(ast.root.kind, NodeKind::term);
  EXPECT_EQ(ast.root.text, reserved);
  // Escaped wildcard characters are literal: the term is not a wildcard.
  EXPECT_EQ(parse_show("f:a\\*b"), "f=a*b");
  EXPECT_EQ(parse_show("f:a\\*b*"), "f~a\\*b*");
}

TEST(LuceneParser, ErrorsWithOffsetsAndRecovery) {
  EXPECT_EQ(parse_show("f:\"open"), "error@2: unterminated phrase");
  EXPECT_EQ(parse_show("f:/open"), "error@2: unterminated regular expression");
  EXPECT_EQ(parse_show("(a:1 OR b:2"), "error@11: expected ')' (from 0)");
  EXPECT_EQ(parse_show("f:[1 TO 5"), "error@9: expected ']' or '}' to close the range (from 2)");
  EXPECT_EQ(parse_show("f:[1 5]"), "error@5: expected 'TO' in the range");
  EXPECT_EQ(parse_show("a:1 AND"), "error@7: expected a clause");
  EXPECT_EQ(parse_show("OR a"), "error@0: expected a clause before 'OR'");
  EXPECT_EQ(parse_show("f:x^"), "error@4: expected a number after '^'");
  EXPECT_EQ(parse_show("f:\\"), "error@2: a '\\' ends the query");
  EXPECT_EQ(parse_show("a:"), "error@2: expected a value after ':'");
  // Recovery: the clauses after an error are still read.
  QueryAst ast = parse("a:1 b:] c:3) d:4");
  EXPECT_EQ(errors_of(ast), "error@6: unexpected ']'; error@11: unexpected ')'");
  ASSERT_TRUE(ast.has_root);
  EXPECT_EQ(show(ast.root), "or(a=1 c=3 d=4)");
}

TEST(LuceneParser, EmptyQueryAndDepthLimit) {
  EXPECT_FALSE(parse("").has_root);
  EXPECT_FALSE(parse("   \n").has_root);
  std::string deep(5000, '(');
  QueryAst ast = parse(deep + "a" + std::string(5000, ')'));
  ASSERT_FALSE(ast.errors.empty());
  EXPECT_EQ(ast.errors.back().message, "nesting too deep");
  QueryAst negations = parse(std::string(5000, '-') + "a");
  ASSERT_FALSE(negations.errors.empty());
  EXPECT_EQ(negations.errors.back().message, "nesting too deep");
}

}  // namespace
}  // namespace ruledex::lucene
