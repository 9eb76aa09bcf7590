#pragma once
// Lowering: a kuery syntax tree -> the neutral model (model/rule.h).
//
// Stages: `source` (the rule's index patterns, when it has any) and `query`
// (the whole query). Predicates: every match, flat (an `or` keeps its operands
// as separate predicates, as the other lowerings do); `not` negates what it
// covers. `field: value` is eq, or wildcard when the unquoted value holds `*`;
// ranges are lt/le/gt/ge; `field: *` is exists; a nested `parent: { child: v }`
// gives the field `parent.child`. kuery compares keyword fields exactly, so
// predicates are case-sensitive (text fields are analysed by Elasticsearch;
// the mapping is not known offline, keyword semantics are the common case in
// ECS). Free-text values (no field) are predicates with an empty field and not
// indicators; fields with a `*` in their name are not indicators either.
//
// Logic: one selection "query" on the query stage whose tree is the query's
// and/or/not (a `not` is carried by the predicates it covers, the tree above
// them swapped by De Morgan); a nested query with more than one condition
// adds an opaque leaf for "one nested object matches all of them".

#include "kuery/ast.h"
#include "model/rule.h"

namespace ruledex::kuery {

// `ast` is the parse of `rule.query`; stage lines count from rule.query_line.
void lower(const QueryAst& ast, Rule& rule);

// The predicates of `root` appended to rule.predicates (on `stage`, negated
// when `negated`), and the tree over them in rule.logic; returns its root.
// For queries embedded in another language (ES|QL's KQL()).
uint32_t lower_tree(const Node& root, Rule& rule, uint32_t stage, bool negated);

}  // namespace ruledex::kuery
