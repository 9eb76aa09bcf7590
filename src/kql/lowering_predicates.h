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

#include <cstdint>
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

// Appends the predicates of `condition`. Negation through not(), `!` and the
// negated operators flips each leaf's flag (De Morgan keeps the list flat).
void collect_predicates(const Expr* condition, const PredicateContext& context, std::vector<Predicate>& out);

}  // namespace ruledex::kql
