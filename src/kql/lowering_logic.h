#pragma once
// Rule::logic of a KQL query: how the trees of its filtering operators and
// its aggregates make the rule's selections, shape and condition.
//
// - Filters that apply to each event are selections, one per operator (name:
//   its keyword, stage: the stage it is written in or, inside a let or a
//   union leg, the stage using it): where, filter, search and find with a
//   predicate, parse-where (its pattern an opaque leaf), and those of the lets
//   the query starts from. `union` makes one selection "union": any of its
//   input's selections (all of them) and its legs' (all of each leg's).
// - Operators that keep or drop rows by what the model does not see are a
//   selection with an opaque root: a join or lookup of a kind that drops rows
//   (reason "join"/"lookup"; leftouter drops none), evaluate and invoke,
//   mv-apply, scan, fork, facet, partition, and a stored function called with
//   parameters (an ASIM parser's filters).
// - The first summarize makes the shape aggregate: group_by its by-columns,
//   bin(T, 5m) the window instead. Each `where` after it is part of the
//   condition: a comparison of an aggregate column of count(), dcount(f),
//   count_distinct(f) or sum(f) with a number is a count leaf ("count",
//   "distinct f", "sum f"), anything else opaque ("after summarize"). Without
//   such a where the condition is count >= 1: summarize gives a row for every
//   group that has a matching event. After make-series, a second summarize or
//   a join/union after summarize, the conditions are opaque.
// - take, top, sort, project, extend, distinct, mv-expand, parse, render, ...
//   drop no events by their content and add nothing.
// - A query with no filter has one selection whose root is an empty all
//   (true): every event; no selections keeps meaning "the front end said
//   nothing".

#include <cstdint>
#include <unordered_map>

#include "kql/ast.h"
#include "kql/lowering_scope.h"
#include "model/rule.h"

namespace ruledex::kql {

// The trees lowering made for every filtering operator it met (lets and
// subqueries too), and the stage of each operator of the main pipeline.
struct FilterTrees {
  RuleLogic logic;
  std::unordered_map<const Operator*, uint32_t> roots;
  std::unordered_map<const Operator*, uint32_t> stages;
};

// Fills rule.logic for the main query `query` (stages and predicates lowered).
void lower_logic(const Expr* query, const FilterTrees& trees, const LetScope& scope, Rule& rule);

}  // namespace ruledex::kql
