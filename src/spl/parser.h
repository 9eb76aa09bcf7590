#pragma once
// Recursive-descent SPL parser: a pipeline of commands, the search and
// where expression languages, and the arguments of the commands ESCU uses.
// Unknown commands keep their arguments. Bounded nesting depth.

#include <string_view>

#include "spl/ast.h"

namespace ruledex::spl {

// Text with macros already expanded (see macros.h).
Query parse(std::string_view text);

}  // namespace ruledex::spl
