#pragma once
// Syntax tree of SQLite SELECT statements, as osquery runs them (the SQL of
// Elastic hunting queries). Plain data: a subquery is a one-element vector.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ruledex::sql {

struct Range {
  uint32_t begin = 0;  // byte offsets into the query text
  uint32_t end = 0;
};

struct Select;

enum class ExprKind {
  string,             // text: the value, '' resolved
  number,             // text: as written
  blob,               // text: the hex digits of X'..'
  null,               // NULL
  keyword_value,      // text: TRUE, FALSE, CURRENT_TIME, CURRENT_DATE, CURRENT_TIMESTAMP
  parameter,          // text: ?, ?1, :name, @name, $name
  column,             // text: dotted name as written, quotes removed (t.c); quoted for "c"
  star,               // text: "" for *, the table for t.*
  unary,              // text: - + ~ NOT; children[0]
  binary,             // text: || * / % + - << >> & | < <= > >= = == != <> AND OR IS, IS NOT; two children
  like,               // text: LIKE GLOB REGEXP MATCH; negated; children: lhs, pattern[, escape]
  in_list,            // negated; children: lhs, items...
  in_select,          // negated; children[0]: lhs; select[0]: the subquery, or children[1]: a table name
  between,            // negated; children: value, low, high
  is_null,            // negated (IS NOT NULL, NOTNULL, NOT NULL); children[0]
  case_,              // has_operand: children[0] is the operand; then when/then pairs; has_else: last child
  cast,               // text: the type name; children[0]
  call,               // text: function name; distinct; star for f(*); children: arguments
  subquery,           // select[0]
  exists,             // select[0]
  collate,            // text: collation; children[0]
};

struct Expr {
  ExprKind kind = ExprKind::null;
  std::string text;
  bool negated = false;
  bool quoted = false;       // column: one "double-quoted" name (SQLite reads it as a string when no column matches)
  bool distinct = false;     // call: f(DISTINCT x)
  bool has_operand = false;  // case_
  bool has_else = false;     // case_
  std::vector<Expr> children;
  std::vector<Select> select;
  Range range;
};

struct ResultColumn {
  Expr expr;
  std::string alias;  // AS alias or a bare alias; empty when none
  Range range;
};

// One FROM item: a table (or table-valued function), or a parenthesised subquery.
struct TableRef {
  std::string join;              // "" for the first item, "," or the join keywords upper-cased: "LEFT JOIN"
  std::string name;              // table name (schema.table as written); empty for a subquery
  std::vector<Expr> arguments;   // table-valued function arguments
  std::vector<Select> subquery;  // (SELECT ...)
  std::string alias;
  std::optional<Expr> on;
  std::vector<std::string> using_columns;
  Range range;
};

struct OrderTerm {
  Expr expr;
  bool descending = false;
};

// SELECT ... FROM ... WHERE ... GROUP BY ... HAVING ..., with each clause's text range.
struct SelectCore {
  bool distinct = false;
  std::vector<ResultColumn> columns;
  std::vector<TableRef> from;
  std::optional<Expr> where;
  std::vector<Expr> group_by;
  std::optional<Expr> having;
  Range select_range, from_range, where_range, group_range, having_range;  // empty when absent
};

struct CommonTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<Select> select;  // one element
  Range range;
};

struct Select {
  bool recursive = false;
  std::vector<CommonTable> with;
  std::vector<SelectCore> cores;
  std::vector<std::string> compounds;  // between cores: UNION, UNION ALL, INTERSECT, EXCEPT
  std::vector<OrderTerm> order_by;
  std::optional<Expr> limit;
  std::optional<Expr> offset;
  Range with_range, order_range, limit_range, range;
};

struct ParseError {
  static constexpr uint32_t kNoOffset = UINT32_MAX;
  std::string message;
  uint32_t offset = 0;
  uint32_t related_offset = kNoOffset;  // the '(' an expected ')' would close
};

struct QueryAst {
  std::vector<Select> statements;  // separated by ';'
  std::vector<ParseError> errors;
};

}  // namespace ruledex::sql
