#pragma once
// Hand-written parser for EQL: event queries, sequences (by, maxspan, per-step
// by and runs, missing steps, until), samples and pipes; the expression
// language with its `~` case-insensitive operator and function variants,
// optional fields `?field`, lists, arithmetic and comments. Precedence,
// loosest first: or, and, not, comparison, + -, * / %, unary minus. The parse
// stops at the first error; nesting deeper than a fixed bound is an error.

#include <string_view>

#include "eql/ast.h"

namespace ruledex::eql {

QueryAst parse(std::string_view query);

}  // namespace ruledex::eql
