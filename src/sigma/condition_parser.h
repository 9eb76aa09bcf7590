#pragma once
// The Sigma condition parser: recursive descent over condition_lexer tokens.
// Precedence, loosest first: `or`, `and`, `not`, then parentheses, `1 of` /
// `all of` selectors and search identifiers. A legacy aggregation after `|`
// parses with a deprecation warning. Never throws; errors carry offsets.

#include <cstdint>
#include <string_view>

#include "sigma/condition_ast.h"

namespace ruledex::sigma {

struct ConditionOptions {
  // Deeper nesting of parentheses and `not` is an error, not a stack overflow.
  uint32_t max_depth = 100;
};

Condition parse_condition(std::string_view text, const ConditionOptions& options = {});

}  // namespace ruledex::sigma
