#pragma once
// Hand-written recursive-descent parser for ES|QL: a source command (FROM, TS,
// ROW, SHOW) and processing commands separated by `|` (WHERE, EVAL, STATS and
// INLINE STATS with per-aggregate WHERE and BY, KEEP, DROP, RENAME, SORT,
// LIMIT, DISSECT, GROK, ENRICH, MV_EXPAND, LOOKUP JOIN, CHANGE_POINT,
// COMPLETION, RERANK, SAMPLE, FORK with its branches). Keywords are
// case-insensitive.
//
// Expressions, loosest first: OR, AND, NOT, then one predicate (comparison,
// `:` match, [NOT] LIKE / RLIKE with a pattern or a list, [NOT] IN, IS [NOT]
// NULL), + -, * / %, unary minus, `::` casts. Literals: integers, decimals,
// "strings" with escapes and """raw strings""", true/false/null, time spans
// (`1 day`, `7d`), parameters (?, ?name, ?1), [lists] and {maps}.
//
// An error ends its command: the parser records it with its offset and goes on
// at the next `|`. Nesting deeper than a fixed bound is an error too. A `sql`
// or `esql` line before the query (a leftover code-fence tag) is a warning.

#include <string_view>

#include "esql/ast.h"

namespace ruledex::esql {

QueryAst parse(std::string_view query);

}  // namespace ruledex::esql
