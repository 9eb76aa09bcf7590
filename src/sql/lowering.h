#pragma once
// Lowering: a SQLite SELECT syntax tree (osquery SQL) -> the neutral model.
//
// Data sources: the tables read (FROM and JOIN items of every select, common
// tables excepted), which for osquery are its virtual tables (processes,
// file, users, ...). Stages, in the order SQL evaluates the outer select:
// `with`, then per core of a compound select `source` (FROM), `where`,
// `group by`, `having`, `select`; then `order by` and `limit`.
//
// Predicates from WHERE and HAVING, flat (OR keeps its operands apart), NOT
// negating what it covers; the WHERE of subqueries and common tables adds to
// the stage that reads them. Shared vocabulary:
//   `=` `==` `IS`      eq, case-sensitive (SQLite's BINARY collation); `!=` `<>` `IS NOT` negated
//   `LIKE`             wildcard, case-insensitive for ASCII as in SQLite; the
//                      pattern is kept as written (`%` any run, `_` one character)
//   `GLOB`             wildcard, case-sensitive (`*`, `?`, `[...]`)
//   `REGEXP`           regex;  `IN (...)` in;  `BETWEEN` between;  `<` `<=` `>` `>=` lt/le/gt/ge
//   `IS [NOT] NULL`    exists (negated for IS NULL)
// `COLLATE NOCASE` on either side makes a comparison case-insensitive. A
// "double-quoted" name on the value side is a string, as SQLite reads it when
// no column has that name. Indicators: a column compared with literals only.
//
// Output fields: the result columns of the outer select (its first core names
// a compound's columns): the alias, else the column name, else the
// expression's text as SQLite names it; `*` and `t.*` stand for all columns of
// their table, stage `select`.

#include "model/rule.h"
#include "sql/ast.h"

namespace ruledex::sql {

// `ast` is the parse of `rule.query`; stage lines count from rule.query_line.
void lower(const QueryAst& ast, Rule& rule);

}  // namespace ruledex::sql
