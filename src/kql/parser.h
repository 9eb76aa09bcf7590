#pragma once
// The KQL parser: recursive descent with operator precedence over the lexer's
// tokens. It never throws on bad input: errors are collected in Ast::errors
// with their offsets, and parsing resumes at the next `|`, `;` or statement.

#include <cstdint>
#include <string_view>

#include "kql/ast.h"

namespace ruledex::kql {

struct ParseOptions {
  // Nesting deeper than this (parentheses, brackets, subqueries) is an error,
  // not a stack overflow.
  uint32_t max_depth = 200;
};

// Parses a whole query text: `let` statements, `set`/`declare` statements and
// the query expressions, separated by `;`. `text` must outlive the result.
Ast parse(std::string_view text, const ParseOptions& options = {});

}  // namespace ruledex::kql
