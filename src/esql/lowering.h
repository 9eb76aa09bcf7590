#pragma once
// Lowering: an ES|QL syntax tree -> the neutral model (model/rule.h).
//
// Stages: one per run of consecutive commands of one kind, named after the
// command in lower case (where, eval, stats, inline stats, keep, lookup join,
// ...); FROM and TS give the `source` stage, and their index patterns (and
// LOOKUP JOIN's lookup indexes) become the rule's data sources. The commands
// of FORK's branches belong to the `fork` stage.
//
// Predicates, from WHERE and the per-aggregate WHERE of STATS, flat (OR keeps
// its operands apart), NOT negating what it covers. Shared vocabulary:
//   ==  !=            eq, case-sensitive (`!=` negated);  =~  eq, case-insensitive
//   < <= > >=         lt, le, gt, ge (a literal on the left flips the operator)
//   LIKE / RLIKE      wildcard / regex, case-sensitive; a list gives several values
//   IN                in;  NOT LIKE / NOT RLIKE / NOT IN are negated
//   true IN (c, ...)  the predicates of each condition c (any of them holds)
//   IS NOT NULL       exists;  IS NULL  exists, negated
//   field : "q"       has, case-insensitive: a match query, analysed on text fields
//                     (on a keyword field the one term is the whole value)
//   starts_with, ends_with, cidr_match, match, contains: startswith, endswith,
//                     cidr, has, contains on their first argument
//   KQL("...")        the kuery query's own predicates
// TO_LOWER(f) / TO_UPPER(f) compared with a literal is a case-insensitive
// predicate on f; a cast `f::type` stands for f. Indicators: source fields
// (not made by EVAL, STATS, DISSECT, GROK, ENRICH, RENAME, CHANGE_POINT, ...)
// compared with literal values.
//
// Output fields are the columns the query ends with, each credited to the
// stage that made it (a source column named by KEEP: to the KEEP). Columns
// that cannot be named (those of an index pattern, an enrich policy without
// WITH, a lookup index) are entries with `all_columns_of` set. Unnamed
// expressions are named by their text, as ES|QL names them: `count(*)`.
//
// Logic: one selection "where" per WHERE before the first STATS (none: a
// selection of every source event, true), its tree the condition's
// and/or/not. Opaque leaves: a comparison on a computed column (EVAL, GROK,
// ...), with a non-literal value, a function that is no predicate. FORK
// branches (and FROM subqueries, beside the index's own rows) are one
// selection, any of the branches' ANDed WHEREs. The first STATS makes the
// shape aggregate: group_by its BY keys, window a BUCKET / DATE_TRUNC time
// span among them; the WHEREs after it are the condition, comparisons of
// its aggregates with numbers count leaves (COUNT(*) "count",
// COUNT_DISTINCT(f) "distinct f", SUM(f) "sum f", ...). The per-aggregate
// WHERE of STATS is in no tree.

#include "esql/ast.h"
#include "model/rule.h"

namespace ruledex::esql {

// `ast` is the parse of `rule.query`; stage lines count from rule.query_line.
void lower(const QueryAst& ast, Rule& rule);

}  // namespace ruledex::esql
