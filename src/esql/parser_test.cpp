#include "esql/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace ruledex::esql {
namespace {

// An expression as an s-expression: (op child ...), literals as kind:text.
std::string dump(const Expr& e) {
  auto children = [&](std::string head) {
    for (const Expr& child : e.children) head += " " + dump(child);
    return "(" + head + ")";
  };
  switch (e.kind) {
    case ExprKind::string: return "\"" + e.text + "\"";
    case ExprKind::integer:
    case ExprKind::decimal:
    case ExprKind::boolean:
    case ExprKind::param:
    case ExprKind::field: return e.text;
    case ExprKind::null: return "null";
    case ExprKind::timespan: return "span:" + e.text;
    case ExprKind::star: return "*";
    case ExprKind::list: return children("list");
    case ExprKind::map: return children("map");
    case ExprKind::call: return children("call " + e.text);
    case ExprKind::cast: return children("cast " + e.text);
    case ExprKind::negate: return children("neg");
    case ExprKind::arith:
    case ExprKind::compare: return children(e.text);
    case ExprKind::match: return children(":");
    case ExprKind::like: return children(std::string(e.negated ? "not " : "") + e.text);
    case ExprKind::in: return children(e.negated ? "not in" : "in");
    case ExprKind::is_null: return children(e.negated ? "is not null" : "is null");
    case ExprKind::not_: return children("not");
    case ExprKind::and_: return children("and");
    case ExprKind::or_: return children("or");
  }
  return "?";
}

QueryAst parse_ok(const std::string& query) {
  QueryAst ast = parse(query);
  EXPECT_TRUE(ast.errors.empty()) << query << "\n-> " << (ast.errors.empty() ? "" : ast.errors[0].message);
  return ast;
}

std::string where(const std::string& condition) {
  QueryAst ast = parse_ok("FROM logs-* | WHERE " + condition);
  if (ast.commands.size() != 2) return "<no where>";
  return dump(ast.commands[1].condition);
}

TEST(EsqlParser, Precedence) {
  EXPECT_EQ(where("a == 1 OR b == 2 AND NOT c == 3"), "(or (== a 1) (and (== b 2) (not (== c 3))))");
  EXPECT_EQ(where("(a or b) and c"), "(and (or a b) c)");
  EXPECT_EQ(where("x + 2 * y - 1 > -z::long"), "(> (- (+ x (* 2 y)) 1) (neg (cast long z)))");
  EXPECT_EQ(where("a LIKE \"x*\" and b not rlike \"y.*\""), "(and (like a \"x*\") (not rlike b \"y.*\"))");
  EXPECT_EQ(where("a NOT LIKE (\"p*\", \"q*\")"), "(not like a (list \"p*\" \"q*\"))");
  EXPECT_EQ(where("a in (1, 2) and b NOT IN (\"x\") and c is null and d IS NOT NULL"),
            "(and (in a (list 1 2)) (not in b (list \"x\")) (is null c) (is not null d))");
  EXPECT_EQ(where("msg : \"error\" and a =~ \"X\" and b != 1 and c <= 2 and d >= 3 and e < 4"),
            "(and (: msg \"error\") (=~ a \"X\") (!= b 1) (<= c 2) (>= d 3) (< e 4))");
  EXPECT_EQ(where("not a and b"), "(and (not a) b)");
  EXPECT_EQ(where("a % 2 == 0 / 1"), "(== (% a 2) (/ 0 1))");
}

TEST(EsqlParser, Literals) {
  EXPECT_EQ(where("a == \"tab\\there \\\"q\\\" \\\\ \\d\""), "(== a \"tab\there \"q\" \\ \\d\")");
  EXPECT_EQ(where("a == \"\"\"raw \\n \"quoted\" \"\"\""), "(== a \"raw \\n \"quoted\" \")");
  EXPECT_EQ(where("a == 12 or a == 1.5 or a == .5 or a == 1e3 or a == 2.5E-2"),
            "(or (== a 12) (== a 1.5) (== a .5) (== a 1e3) (== a 2.5E-2))");
  EXPECT_EQ(where("a == true or b == FALSE or c == null"), "(or (== a true) (== b false) (== c null))");
  EXPECT_EQ(where("@timestamp > now() - 30 minutes and t < now() - 7d"),
            "(and (> @timestamp (- (call now) span:30 minutes)) (< t (- (call now) span:7d)))");
  EXPECT_EQ(where("a == ? or b == ?name or c == ?1"), "(or (== a ?) (== b ?name) (== c ?1))");
  EXPECT_EQ(where("`weird name`.x == 1 and `a``b` == 2"), "(and (== weird name.x 1) (== a`b 2))");
  EXPECT_EQ(where("mv_contains(a, [1, 2])"), "(call mv_contains a (list 1 2))");
}

TEST(EsqlParser, CallsAndComments) {
  EXPECT_EQ(where("count(*) > 1 // trailing\n and /* inline */ starts_with(TO_LOWER(x), \"a\")"),
            "(and (> (call count *) 1) (call starts_with (call TO_LOWER x) \"a\"))");
  EXPECT_EQ(where("f()"), "(call f)");
  EXPECT_EQ(where("match(a, \"b\", {\"fuzziness\": 1})"), "(call match a \"b\" (map \"fuzziness\" 1))");
}

TEST(EsqlParser, SourceCommands) {
  QueryAst ast = parse_ok("from logs-endpoint.events.*, \"my-index\", remote:logs-* , .ds-x METADATA _id, _index");
  ASSERT_EQ(ast.commands.size(), 1u);
  const Command& from = ast.commands[0];
  EXPECT_EQ(from.kind, CommandKind::from);
  ASSERT_EQ(from.sources.size(), 4u);
  EXPECT_EQ(from.sources[0].name, "logs-endpoint.events.*");
  EXPECT_EQ(from.sources[1].name, "my-index");
  EXPECT_EQ(from.sources[2].name, "remote:logs-*");
  EXPECT_EQ(from.sources[3].name, ".ds-x");
  EXPECT_EQ(from.sources[0].range.begin, 5u);
  EXPECT_EQ(from.metadata, (std::vector<std::string>{"_id", "_index"}));

  EXPECT_EQ(parse_ok("ROW a = 1, b = \"x\"").commands[0].assignments.size(), 2u);
  EXPECT_EQ(parse_ok("SHOW INFO").commands[0].target, "INFO");
  EXPECT_EQ(parse_ok("TS metrics-*").commands[0].kind, CommandKind::ts);
}

TEST(EsqlParser, ProcessingCommands) {
  QueryAst ast = parse_ok(
      "FROM logs-*\n"
      "| EVAL a = x + 1, y * 2\n"
      "| STATS c = count(*) WHERE a > 1, max(b) BY host.name, day = DATE_TRUNC(1 day, @timestamp)\n"
      "| INLINE STATS n = COUNT_DISTINCT(x) BY y\n"
      "| INLINESTATS m = max(x)\n"
      "| KEEP host.*, c, `max(b)`\n"
      "| DROP tmp*\n"
      "| RENAME c AS total, hosts = host.name\n"
      "| SORT total DESC NULLS LAST, day ASC, x\n"
      "| LIMIT 10\n"
      "| DISSECT msg \"%{a} %{b}\" APPEND_SEPARATOR = \",\"\n"
      "| GROK msg \"%{IP:ip}\", \"%{WORD:w}\"\n"
      "| ENRICH hosts-policy ON host.name WITH os = host.os, owner\n"
      "| MV_EXPAND tags\n"
      "| LOOKUP JOIN threat_list ON source.ip\n"
      "| CHANGE_POINT count ON day AS kind, p\n"
      "| COMPLETION answer = prompt WITH { \"inference_id\": \"x\" }\n"
      "| SAMPLE 0.5");
  ASSERT_EQ(ast.commands.size(), 18u);
  const Command& stats = ast.commands[2];
  ASSERT_EQ(stats.assignments.size(), 2u);
  EXPECT_EQ(stats.assignments[0].name, "c");
  EXPECT_TRUE(stats.assignments[0].has_filter);
  EXPECT_EQ(dump(stats.assignments[0].filter), "(> a 1)");
  EXPECT_EQ(stats.assignments[1].name, "");
  ASSERT_EQ(stats.by.size(), 2u);
  EXPECT_EQ(stats.by[1].name, "day");
  EXPECT_EQ(ast.commands[3].kind, CommandKind::inline_stats);
  EXPECT_EQ(ast.commands[3].keyword, "INLINE STATS");
  EXPECT_EQ(ast.commands[4].kind, CommandKind::inline_stats);
  EXPECT_EQ(ast.commands[5].names[0].text, "host.*");
  EXPECT_EQ(ast.commands[5].names[2].text, "max(b)");
  EXPECT_EQ(ast.commands[6].names[0].text, "tmp*");
  const Command& rename = ast.commands[7];
  ASSERT_EQ(rename.renames.size(), 2u);
  EXPECT_EQ(rename.renames[0].from, "c");
  EXPECT_EQ(rename.renames[0].to, "total");
  EXPECT_EQ(rename.renames[1].from, "host.name");
  EXPECT_EQ(rename.renames[1].to, "hosts");
  const Command& sort = ast.commands[8];
  ASSERT_EQ(sort.sort_keys.size(), 3u);
  EXPECT_TRUE(sort.sort_keys[0].descending);
  EXPECT_EQ(sort.sort_keys[0].nulls, "last");
  EXPECT_FALSE(sort.sort_keys[1].descending);
  EXPECT_EQ(ast.commands[9].value.text, "10");
  EXPECT_EQ(ast.commands[10].patterns, (std::vector<std::string>{"%{a} %{b}"}));
  EXPECT_EQ(ast.commands[10].options[0].name, "APPEND_SEPARATOR");
  EXPECT_EQ(ast.commands[11].patterns.size(), 2u);
  const Command& enrich = ast.commands[12];
  EXPECT_EQ(enrich.sources[0].name, "hosts-policy");
  EXPECT_EQ(enrich.on[0].text, "host.name");
  ASSERT_EQ(enrich.assignments.size(), 2u);
  EXPECT_EQ(enrich.assignments[0].name, "os");
  EXPECT_EQ(enrich.assignments[0].value.text, "host.os");
  EXPECT_EQ(enrich.assignments[1].value.text, "owner");
  EXPECT_EQ(ast.commands[13].value.text, "tags");
  EXPECT_EQ(ast.commands[14].kind, CommandKind::lookup_join);
  EXPECT_EQ(ast.commands[14].sources[0].name, "threat_list");
  EXPECT_EQ(ast.commands[15].names.size(), 2u);
  EXPECT_EQ(ast.commands[16].assignments[0].name, "answer");
  EXPECT_EQ(ast.commands[17].kind, CommandKind::sample);
}

TEST(EsqlParser, ForkAndRerank) {
  QueryAst ast = parse_ok(
      "FROM books\n"
      "| FORK (WHERE a > 1 | LIMIT 5) (EVAL b = 2 | FORK (KEEP b) (DROP b))\n"
      "| RERANK score = \"query\" ON title, body WITH { \"inference_id\": \"r\" }\n"
      "| RERANK \"q\" ON title");
  ASSERT_EQ(ast.commands.size(), 4u);
  const Command& fork = ast.commands[1];
  EXPECT_EQ(fork.kind, CommandKind::fork);
  ASSERT_EQ(fork.branches.size(), 2u);
  ASSERT_EQ(fork.branches[0].size(), 2u);
  EXPECT_EQ(fork.branches[0][1].kind, CommandKind::limit);
  ASSERT_EQ(fork.branches[1].size(), 2u);
  EXPECT_EQ(fork.branches[1][1].branches.size(), 2u);
  const Command& rerank = ast.commands[2];
  EXPECT_EQ(rerank.kind, CommandKind::rerank);
  EXPECT_EQ(rerank.assignments[0].name, "score");
  EXPECT_EQ(rerank.on.size(), 2u);
  EXPECT_EQ(rerank.options.size(), 1u);
  EXPECT_TRUE(ast.commands[3].options.empty());

  QueryAst unclosed = parse("FROM x | FORK (WHERE a > 1 | LIMIT 5");
  ASSERT_EQ(unclosed.errors.size(), 1u);
  EXPECT_EQ(unclosed.errors[0].related_offset, 14u);
  std::string nested = "FROM x";
  for (int i = 0; i < 500; ++i) nested += " | FORK (LIMIT 1";
  EXPECT_FALSE(parse(nested).errors.empty());
}

TEST(EsqlParser, ErrorsRecoverAtTheNextPipe) {
  std::string query = "FROM logs-*\n| WHERE a == \n| EVAL b = (1\n| BOGUS x\n| KEEP a";
  QueryAst ast = parse(query);
  ASSERT_EQ(ast.errors.size(), 3u);
  EXPECT_EQ(ast.errors[0].offset, query.find("| EVAL"));
  EXPECT_NE(ast.errors[0].message.find("expected a value"), std::string::npos) << ast.errors[0].message;
  EXPECT_EQ(ast.errors[1].offset, query.find("| BOGUS"));
  EXPECT_EQ(ast.errors[1].message, "expected ')', found '|'");
  EXPECT_EQ(ast.errors[1].related_offset, query.find("(1"));
  EXPECT_EQ(ast.errors[0].related_offset, ParseError::kNoOffset);
  EXPECT_EQ(ast.errors[2].offset, query.find("BOGUS"));
  EXPECT_EQ(ast.errors[2].message, "unknown command 'BOGUS'");
  ASSERT_EQ(ast.commands.size(), 2u);  // FROM and KEEP
  EXPECT_EQ(ast.commands[1].kind, CommandKind::keep);
}

TEST(EsqlParser, LexicalErrors) {
  struct Case {
    const char* query;
    const char* message;
    uint32_t offset;
  };
  const Case cases[] = {
      {"FROM x | WHERE a == \"open", "unterminated string", 20},
      {"FROM x | WHERE a == 1 /* never closed", "unterminated /* comment", 22},
      {"FROM x | WHERE a == `b", "unterminated `quoted` name", 20},
      {"FROM x | WHERE a == 1 # 2", "unexpected character '#'", 22},
      {"WHERE a == 1", "a query starts with FROM, ROW, SHOW or TS, not 'WHERE'", 0},
      {"FROM x | FROM y", "'FROM' can only start a query", 9},
      {"FROM x |", "expected a command at the end of the query", 8},
      {"", "expected a source command (FROM, ROW, SHOW, TS) at the end of the query", 0},
      {"FROM x | WHERE a == 1 b", "expected '|' or the end of the query, found 'b'", 22},
      {"FROM x | LIMIT x", "expected a number after LIMIT", 15},
  };
  for (const Case& c : cases) {
    QueryAst ast = parse(c.query);
    ASSERT_EQ(ast.errors.size(), 1u) << c.query;
    EXPECT_EQ(ast.errors[0].message, c.message) << c.query;
    EXPECT_EQ(ast.errors[0].offset, c.offset) << c.query;
  }
}

TEST(EsqlParser, CodeFenceTagIsAWarning) {
  QueryAst ast = parse("sql\nfrom logs-* | limit 1");
  EXPECT_TRUE(ast.errors.empty());
  ASSERT_EQ(ast.warnings.size(), 1u);
  EXPECT_EQ(ast.warnings[0].offset, 0u);
  EXPECT_EQ(ast.commands.size(), 2u);
  EXPECT_EQ(parse("sql from logs-*").errors.size(), 1u);  // not alone on its line: an error
}

// FROM index_pattern [, (subquery)]* [METADATA fields], or subqueries only:
// each subquery is a whole query (a source command, then piped commands).
TEST(EsqlParser, FromSubqueries) {
  QueryAst ast = parse_ok(
      "FROM logs-a, (FROM logs-b METADATA _id | WHERE x > 1 | KEEP x), (FROM logs-c) METADATA _index\n"
      "| LIMIT 5");
  ASSERT_EQ(ast.commands.size(), 2u);
  const Command& from = ast.commands[0];
  ASSERT_EQ(from.sources.size(), 1u);
  EXPECT_EQ(from.sources[0].name, "logs-a");
  ASSERT_EQ(from.branches.size(), 2u);
  ASSERT_EQ(from.branches[0].size(), 3u);
  EXPECT_EQ(from.branches[0][0].kind, CommandKind::from);
  EXPECT_EQ(from.branches[0][0].metadata, (std::vector<std::string>{"_id"}));
  EXPECT_EQ(from.branches[0][2].kind, CommandKind::keep);
  EXPECT_EQ(from.branches[1][0].sources[0].name, "logs-c");
  EXPECT_EQ(from.metadata, (std::vector<std::string>{"_index"}));

  QueryAst only = parse_ok("FROM (FROM a | WHERE b == 1), (FROM c)");
  EXPECT_TRUE(only.commands[0].sources.empty());
  EXPECT_EQ(only.commands[0].branches.size(), 2u);

  QueryAst unclosed = parse("FROM a, (FROM b | WHERE c > 1");
  ASSERT_EQ(unclosed.errors.size(), 1u);
  EXPECT_EQ(unclosed.errors[0].related_offset, 8u);
  EXPECT_FALSE(parse("FROM a, (WHERE b > 1)").errors.empty());  // a subquery starts with a source command
  std::string nested = "FROM x";
  for (int i = 0; i < 500; ++i) nested += ", (FROM x";
  EXPECT_FALSE(parse(nested).errors.empty());
}

TEST(EsqlParser, DepthLimit) {
  std::string deep = "FROM x | WHERE " + std::string(5000, '(') + "a" + std::string(5000, ')');
  QueryAst ast = parse(deep);
  ASSERT_EQ(ast.errors.size(), 1u);
  EXPECT_NE(ast.errors[0].message.find("nested too deeply"), std::string::npos);
  std::string nots = "FROM x | WHERE ";
  for (int i = 0; i < 5000; ++i) nots += "NOT ";
  EXPECT_EQ(parse(nots + "a").errors.size(), 1u);
  std::string fine = "FROM x | WHERE " + std::string(50, '(') + "a" + std::string(50, ')');
  EXPECT_TRUE(parse(fine).errors.empty());
}

}  // namespace
}  // namespace ruledex::esql
