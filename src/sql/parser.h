#pragma once
// Hand-written parser for SQLite SELECT statements (osquery's SQL): WITH
// [RECURSIVE] common tables, compound selects (UNION [ALL], INTERSECT,
// EXCEPT), joins (comma, [NATURAL] [LEFT|RIGHT|FULL [OUTER]|INNER|CROSS] JOIN
// with ON or USING), subqueries, ORDER BY, LIMIT/OFFSET, and SQLite's
// expression grammar with its precedence. Keywords are case-insensitive.
// Statements are separated by `;`. The parse stops at the first error, which
// is reported with its byte offset; nesting deeper than a fixed bound is an error.

#include <string_view>

#include "sql/ast.h"

namespace ruledex::sql {

QueryAst parse(std::string_view query);

}  // namespace ruledex::sql
