#include "kql/lowering.h"

namespace ruledex::kql {
void lower(const Ast&, Rule&, const LoweringOptions&) {}  // placeholder
}  // namespace ruledex::kql
