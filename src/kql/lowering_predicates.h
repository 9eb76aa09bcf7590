#pragma once
// The predicates of a where/filter condition: the comparisons at the leaves of
// its and/or/not structure, in the shared operator vocabulary.
//
// Mapping (KQL string operators are case-insensitive unless written _cs):
//   == eq (case-sensitive), =~ eq, != and !~ eq negated
//   contains/has/startswith/endswith [!][_cs]; hasprefix and hassuffix become
//     contains, the one vocabulary operator every match of theirs satisfies
//   in, !in (case-sensitive), in~, !in~; has_any, has_all
//   matches regex -> regex (case-sensitive); between, !between; < <= > >= -> lt le gt ge
//   isnotempty(x), isnotnull(x) -> exists; isempty(x), isnull(x) -> exists negated
//   ipv4_is_in_range, ipv4_is_in_any_range, ipv6_is_in_range -> cidr
// Other function calls (ipv4_is_private(x), ...) are not predicates; neither
// are comparisons inside function arguments (iif, case, ...).
//
// The condition's tree (model/logic.h) has the and/or/not structure with the
// negations pushed to the leaves, as the predicates' flags are: `not(a and b)`
// is any(a negated, b negated). A leaf is opaque (text and reason) when its
// predicate does not say what it tests: a computed column or expression, a
// function the model does not know, a value that is no literal (a column, a
// subquery, toscalar, a let or parameter it cannot resolve), a right-side
// join column. Such a leaf still appends its predicate when it always did.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kql/ast.h"
#include "kql/lowering_columns.h"
#include "kql/lowering_scope.h"
#include "model/rule.h"

namespace ruledex::kql {

struct PredicateContext {
  std::string_view query;    // the text the spans point into
  const LetScope& scope;
  const ColumnSet& columns;  // the columns the condition sees: source fields vs computed ones
  uint32_t stage = 0;
  bool search_terms = false;  // `search "term"`: a bare string is a term searched in every column
};

// The column path an expression reads: `A`, `A.b`, `A['b']`, `A[0]`, also
// through a conversion (`tostring(A.b)`); case_folded through tolower/toupper.
// Nothing for a let-bound name, a lambda parameter or anything computed.
struct FieldPath {
  std::string root;  // the column
  std::string path;  // the column and the path into it, e.g. RawEventData.Operation
  bool case_folded = false;
};
std::optional<FieldPath> field_path(const Expr* expr, const LetScope& scope);

// The and/or/not tree of `condition` in `logic`, `leaf` lowering each leaf
// (`negated` under an odd number of nots); returns its root. Chains of one
// operator are one node; operands come out left to right.
using LeafLowering = std::function<uint32_t(const Expr* leaf, bool negated)>;
uint32_t condition_tree(const Expr* condition, RuleLogic& logic, const LeafLowering& leaf);

// An opaque leaf for `expr` (not_ over it when negated).
uint32_t opaque_leaf(RuleLogic& logic, std::string_view query, const Expr* expr, std::string reason, bool negated);

// Appends the predicates of `condition` to `out` and its tree to `tree`;
// returns the root. Negation through not(), `!` and the negated operators
// flips each leaf's flag (De Morgan keeps the list flat).
uint32_t collect_predicates(const Expr* condition, const PredicateContext& context, std::vector<Predicate>& out,
                            RuleLogic& tree);

}  // namespace ruledex::kql
