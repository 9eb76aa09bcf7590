#pragma once
// Hand-written parser for kuery (Kibana KQL). Precedence, loosest first:
// or, and, not; parentheses group; `field: { ... }` nests. Keywords are
// case-insensitive. The parse stops at the first error, which is reported
// with its byte offset; nesting deeper than a fixed bound is an error.

#include <string_view>

#include "kuery/ast.h"

namespace ruledex::kuery {

QueryAst parse(std::string_view query);

}  // namespace ruledex::kuery
