#pragma once
// A recursive-descent parser for the Bicep subset in ast.h. Never throws:
// problems are ParseErrors with byte offsets, and a statement that does not
// parse is skipped up to the next statement.

#include <string_view>

#include "bicep/ast.h"

namespace ruledex::bicep {

File parse(std::string_view text);

// An expression's source text.
inline std::string_view text_of(std::string_view text, const Expr& expr) {
  return text.substr(expr.span.begin, expr.span.end - expr.span.begin);
}

}  // namespace ruledex::bicep
