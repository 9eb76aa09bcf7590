#include "sql/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "sql/lexer.h"

namespace ruledex::sql {
namespace {

// A compact rendering of expressions: (op a b), (like a p), (in a x y), ...
std::string show(const Expr& expr) {
  auto list = [&](std::string head) {
    if (expr.negated) head = "not " + head;
    std::string out = "(" + head;
    for (const Expr& child : expr.children) out += " " + show(child);
    if (!expr.select.empty()) out += " <select>";
    return out + ")";
  };
  switch (expr.kind) {
    case ExprKind::string: return "'" + expr.text + "'";
    case ExprKind::number: case ExprKind::parameter: case ExprKind::keyword_value: return expr.text;
    case ExprKind::blob: return "x'" + expr.text + "'";
    case ExprKind::null: return "NULL";
    case ExprKind::column: return expr.quoted ? "\"" + expr.text + "\"" : expr.text;
    case ExprKind::star: return expr.text.empty() ? "*" : expr.text + ".*";
    case ExprKind::unary: case ExprKind::binary: case ExprKind::like: return list(expr.text);
    case ExprKind::in_list: case ExprKind::in_select: return list("in");
    case ExprKind::between: return list("between");
    case ExprKind::is_null: return list("isnull");
    case ExprKind::case_: return list("case");
    case ExprKind::cast: return list("cast " + expr.text);
    case ExprKind::call: return list((expr.distinct ? "distinct " : "") + expr.text + "()");
    case ExprKind::subquery: return list("subquery");
    case ExprKind::exists: return list("exists");
    case ExprKind::collate: return list("collate " + expr.text);
  }
  return "?";
}

std::string error_of(std::string_view text) {
  QueryAst ast = parse(text);
  if (ast.errors.empty()) return "ok";
  const ParseError& error = ast.errors[0];
  std::string out = "error@" + std::to_string(error.offset) + ": " + error.message;
  if (error.related_offset != ParseError::kNoOffset) out += " (from " + std::to_string(error.related_offset) + ")";
  return out;
}

// The WHERE expression of a one-core select.
std::string where_of(std::string_view condition) {
  std::string text = "SELECT * FROM t WHERE " + std::string(condition);
  QueryAst ast = parse(text);
  if (!ast.errors.empty()) return error_of(text);
  return show(*ast.statements.at(0).cores.at(0).where);
}

TEST(SqlLexer, TokensAndComments) {
  std::vector<Token> tokens = tokenize("a.\"b c\" -- note\n /* x */ 'it''s' 1.5e3 X'0aF' ? :n ||<>[d]`e`");
  std::string kinds;
  for (const Token& token : tokens) kinds += std::to_string(static_cast<int>(token.kind)) + ":" + token.text + " ";
  EXPECT_EQ(kinds, "0:a 6:. 1:b c 2:it's 3:1.5e3 4:0aF 5:? 5::n 6:|| 6:<> 1:d 1:e 8: ");
  EXPECT_EQ(tokenize("$v a$b").front().kind, TokenKind::parameter);
  EXPECT_EQ(tokenize("$v a$b")[1].text, "a$b");
  EXPECT_EQ(tokenize("'open").front().kind, TokenKind::invalid);
  EXPECT_EQ(tokenize("12abc").front().text, "malformed number");
}

TEST(SqlParser, Precedence) {
  EXPECT_EQ(where_of("a = 1 OR b = 2 AND c = 3"), "(OR (= a 1) (AND (= b 2) (= c 3)))");
  EXPECT_EQ(where_of("NOT a = 1 AND b"), "(AND (NOT (= a 1)) b)");
  EXPECT_EQ(where_of("a + b * c || d > 5"), "(> (+ a (* b (|| c d))) 5)");
  EXPECT_EQ(where_of("mtime > strftime('%s', 'now') - (7 * 86400)"),
            "(> mtime (- (strftime() '%s' 'now') (* 7 86400)))");
  EXPECT_EQ(where_of("a < b = c"), "(= (< a b) c)");
  EXPECT_EQ(where_of("-a & ~b << 2"), "(<< (& (- a) (~ b)) 2)");  // & | << >> share one level
}

TEST(SqlParser, PredicateForms) {
  EXPECT_EQ(where_of("f.path LIKE '/boot/%' ESCAPE '\\'"), "(LIKE f.path '/boot/%' '\\')");
  EXPECT_EQ(where_of("name NOT GLOB '*.so' AND x regexp 'a.*'"), "(AND (not GLOB name '*.so') (REGEXP x 'a.*'))");
  EXPECT_EQ(where_of("family IN (2, 10) AND p NOT IN (\"a\", 'b')"), "(AND (in family 2 10) (not in p \"a\" 'b'))");
  EXPECT_EQ(where_of("\"/root/.ssh/%\" = t.\"c\""), "(= \"/root/.ssh/%\" t.c)");
  EXPECT_EQ(where_of("pid IN (SELECT pid FROM listening_ports)"), "(in pid <select>)");
  EXPECT_EQ(where_of("x NOT BETWEEN 1 AND 5 AND y"), "(AND (not between x 1 5) y)");
  EXPECT_EQ(where_of("a IS NULL OR b IS NOT NULL OR c NOTNULL OR d NOT NULL OR e ISNULL"),
            "(OR (OR (OR (OR (isnull a) (not isnull b)) (not isnull c)) (not isnull d)) (isnull e))");
  EXPECT_EQ(where_of("a IS 'x' AND b IS NOT 2"), "(AND (IS a 'x') (IS NOT b 2))");
  EXPECT_EQ(where_of("CASE family WHEN 2 THEN 'IP4' ELSE family END = 'IP4'"), "(= (case family 2 'IP4' family) 'IP4')");
  EXPECT_EQ(where_of("CAST(size AS INTEGER) > 1 AND CAST(x AS VARCHAR(10)) = ''"),
            "(AND (> (cast INTEGER size) 1) (= (cast VARCHAR(10) x) ''))");
  EXPECT_EQ(where_of("count(*) > 1 AND count(DISTINCT uid) > 2"), "(AND (> (count() *) 1) (> (distinct count() uid) 2))");
  EXPECT_EQ(where_of("EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 2)"),
            "(AND (exists <select>) (NOT (exists <select>)))");
  EXPECT_EQ(where_of("name = 'X' COLLATE NOCASE"), "(= name (collate NOCASE 'X'))");
  EXPECT_EQ(where_of("x = -1.5e3 AND y = X'ff' AND z = TRUE AND w = NULL AND v = ?1"),
            "(AND (AND (AND (AND (= x (- 1.5e3)) (= y x'ff')) (= z TRUE)) (= w NULL)) (= v ?1))");
}

TEST(SqlParser, SelectStructure) {
  QueryAst ast = parse(
      "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT 5)\n"
      "SELECT DISTINCT f.filename, u.username AS file_owner, h.md5 hash, authorized_keys.*, *\n"
      "FROM file f LEFT JOIN users u ON f.uid = u.uid LEFT OUTER JOIN hash AS h ON f.path = h.path\n"
      "  CROSS JOIN (SELECT pid FROM processes) p JOIN authorized_keys USING (uid), c\n"
      "WHERE f.path LIKE '/etc/%' GROUP BY 1, 2 HAVING count(*) > 1\n"
      "UNION SELECT a, b, c, d, e FROM x\n"
      "ORDER BY f.mtime DESC, 2 ASC LIMIT 10 OFFSET 5; -- trailing\n");
  ASSERT_TRUE(ast.errors.empty()) << ast.errors[0].message;
  ASSERT_EQ(ast.statements.size(), 1u);
  const Select& select = ast.statements[0];
  EXPECT_TRUE(select.recursive);
  ASSERT_EQ(select.with.size(), 1u);
  EXPECT_EQ(select.with[0].name, "c");
  EXPECT_EQ(select.with[0].columns, std::vector<std::string>{"n"});
  EXPECT_EQ(select.with[0].select[0].compounds, std::vector<std::string>{"UNION ALL"});
  ASSERT_EQ(select.cores.size(), 2u);
  EXPECT_EQ(select.compounds, std::vector<std::string>{"UNION"});
  const SelectCore& core = select.cores[0];
  EXPECT_TRUE(core.distinct);
  std::vector<std::string> columns;
  for (const ResultColumn& column : core.columns) columns.push_back(show(column.expr) + "/" + column.alias);
  EXPECT_EQ(columns, (std::vector<std::string>{"f.filename/", "u.username/file_owner", "h.md5/hash",
                                               "authorized_keys.*/", "*/"}));
  std::vector<std::string> from;
  for (const TableRef& table : core.from)
    from.push_back(table.join + "|" + (table.subquery.empty() ? table.name : "(sub)") + "|" + table.alias + "|" +
                   (table.on ? show(*table.on) : "") + (table.using_columns.empty() ? "" : "using"));
  EXPECT_EQ(from, (std::vector<std::string>{"|file|f|", "LEFT JOIN|users|u|(= f.uid u.uid)",
                                            "LEFT OUTER JOIN|hash|h|(= f.path h.path)", "CROSS JOIN|(sub)|p|",
                                            "JOIN|authorized_keys||using", ",|c||"}));
  EXPECT_EQ(core.group_by.size(), 2u);
  ASSERT_TRUE(core.having.has_value());
  ASSERT_EQ(select.order_by.size(), 2u);
  EXPECT_TRUE(select.order_by[0].descending);
  EXPECT_EQ(show(*select.limit), "10");
  EXPECT_EQ(show(*select.offset), "5");
}

TEST(SqlParser, WindowsFiltersAndNullOrdering) {
  QueryAst ast = parse(
      "SELECT name, row_number() OVER (PARTITION BY uid ORDER BY (start_time)) AS n,\n"
      "  count(*) FILTER (WHERE state = 'R') FROM processes ORDER BY n DESC NULLS LAST, name");
  ASSERT_TRUE(ast.errors.empty()) << ast.errors[0].message;
  const Select& select = ast.statements.at(0);
  ASSERT_EQ(select.cores.at(0).columns.size(), 3u);
  EXPECT_EQ(select.cores[0].columns[1].alias, "n");
  EXPECT_EQ(show(select.cores[0].columns[2].expr), "(count() *)");
  EXPECT_EQ(select.order_by.size(), 2u);
  EXPECT_EQ(error_of("SELECT f() OVER (PARTITION BY a"), "error@31: expected ')' (from 16)");
}

TEST(SqlParser, StatementsAndEmptyInput) {
  EXPECT_EQ(parse("SELECT 1; SELECT 2;").statements.size(), 2u);
  EXPECT_TRUE(parse("  -- nothing\n").statements.empty());
  EXPECT_TRUE(parse("").errors.empty());
}

TEST(SqlParser, ErrorsWithOffsets) {
  EXPECT_EQ(error_of("SELECT a b c FROM t"), "error@11: expected ';' or the end of the query");
  EXPECT_EQ(error_of("SELECT (a FROM t"), "error@10: expected ')' (from 7)");
  EXPECT_EQ(error_of("SELECT a FROM"), "error@13: expected a table name");
  EXPECT_EQ(error_of("SELECT a FROM t WHERE x = 'open"), "error@26: unterminated string");
  EXPECT_EQ(error_of("SELECT a FROM t WHERE x NOT 5"), "error@24: expected ';' or the end of the query");
  EXPECT_EQ(error_of("UPDATE t SET a = 1"), "error@0: expected SELECT");
  EXPECT_EQ(error_of("SELECT CASE WHEN a THEN 1"), "error@25: expected END");
  EXPECT_EQ(error_of("SELECT a FROM t WHERE"), "error@21: expected an expression");
  EXPECT_EQ(error_of("SELECT a FROM t WHERE x # 1"), "error@24: unexpected character '#'");
  // The corpus's invalid alias: two words after AS.
  EXPECT_EQ(error_of("SELECT f.size AS size bytes FROM file f"), "error@22: expected ';' or the end of the query");
  EXPECT_EQ(error_of("SELECT g.groupname AS group owner FROM groups g"),
            "error@22: expected an alias after AS, found the keyword 'group' (quote it to use it as a name)");
}

TEST(SqlParser, DepthLimit) {
  std::string deep = "SELECT " + std::string(3000, '(') + "1" + std::string(3000, ')');
  EXPECT_EQ(parse(deep).errors.at(0).message, "nesting too deep");
  std::string subqueries;
  for (int i = 0; i < 500; ++i) subqueries += "SELECT * FROM (";
  EXPECT_EQ(parse(subqueries).errors.at(0).message, "nesting too deep");
  EXPECT_EQ(parse("SELECT " + std::string(5000, '~') + "1").errors.at(0).message, "nesting too deep");
}

}  // namespace
}  // namespace ruledex::sql
