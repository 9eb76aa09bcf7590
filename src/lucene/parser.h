#pragma once
// Hand-written parser for Lucene query_string queries. Precedence, loosest
// first: OR (also `||` and plain juxtaposition: the default operator is OR),
// AND (`&&`), then the prefixes NOT (`!`), `+` (required) and `-` (prohibited).
// Operators are upper case as in Lucene: a lower-case `or` is a search term.
// Parentheses group; `field:( ... )` gives its terms that field.
//
// Errors carry byte offsets. The parser recovers at the next clause (after a
// space), at a missing closer and at a stray `)`, so one query can report
// several errors; nesting deeper than a fixed bound stops the parse.

#include <string_view>

#include "lucene/ast.h"

namespace ruledex::lucene {

QueryAst parse(std::string_view query);

}  // namespace ruledex::lucene
