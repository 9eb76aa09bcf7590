#pragma once
// The operator vocabulary shared by every query language. Negation and case
// sensitivity are flags on the predicate, never separate operator names.

#include <optional>
#include <string_view>

namespace ruledex {

enum class Op {
  eq,
  contains,
  startswith,
  endswith,
  has,
  has_any,
  has_all,
  in,
  regex,
  wildcard,
  cidr,
  lt,
  le,
  gt,
  ge,
  between,
  exists,
};

std::string_view to_string(Op op);
std::optional<Op> op_from_string(std::string_view name);

// The ordering a comparison symbol stands for (`<` lt, `<=` le, `>` gt,
// `>=` ge); nothing for any other symbol.
std::optional<Op> ordering_op(std::string_view symbol);

// The symbol of a comparison: `>`, `>=`, `<`, `<=`, else `==` (negated: `!=`).
std::string_view comparison_symbol(Op op, bool negated);

// The ordering seen from the other side: `5 < x` is `x > 5`. Other operators
// are symmetric and come back unchanged.
Op mirrored(Op op);

}  // namespace ruledex
