#include "kql/parser.h"

namespace ruledex::kql {
Ast parse(std::string_view, const ParseOptions&) { return {}; }  // placeholder
}  // namespace ruledex::kql
