#pragma once
// Building RuleLogic trees in a lowering: every function appends nodes and
// returns the index of the node it made, so trees are written bottom-up.

#include <cstdint>
#include <string>
#include <vector>

#include "model/rule.h"

namespace ruledex {

// Appends `predicate` to rule.predicates and a leaf for it; returns the leaf.
uint32_t add_predicate(Rule& rule, Predicate predicate);
// A leaf for rule.predicates[index], already in the list.
uint32_t add_leaf(RuleLogic& logic, uint32_t predicate_index);

// all/any flatten children of their own kind; with one child they return it.
uint32_t add_all(RuleLogic& logic, std::vector<uint32_t> children, SourceRange range = {});
uint32_t add_any(RuleLogic& logic, std::vector<uint32_t> children, SourceRange range = {});
// not(not x) is x.
uint32_t add_not(RuleLogic& logic, uint32_t child, SourceRange range = {});
uint32_t add_opaque(RuleLogic& logic, std::string text, std::string reason, SourceRange range);
// `measure` of selection `selection` (kNoNode: all) `op` `threshold`; a
// comparison symbol (<, <=, >, >=, ==, =, !=) or a word (gt, gte, lt, lte, eq, neq).
uint32_t add_count(RuleLogic& logic, std::string measure, uint32_t selection, std::string_view comparison,
                   double threshold, SourceRange range = {});
// The same with the comparison as an operator: lt, le, gt, ge, or eq (negated: ne).
uint32_t add_count(RuleLogic& logic, std::string measure, uint32_t selection, Op op, bool negated, double threshold,
                   SourceRange range = {});

// Appends a selection; returns its index.
uint32_t add_selection(RuleLogic& logic, Selection selection);

// The opaque text of rule.query over `range`.
std::string range_text(const Rule& rule, SourceRange range);

}  // namespace ruledex
