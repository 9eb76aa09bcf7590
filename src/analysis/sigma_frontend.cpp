#include "analysis/frontend.h"
#include "sigma/lowering.h"
#include "sigma/sigma_document.h"

namespace ruledex {

void analyze_sigma_rule(Rule& rule, const AnalysisOptions& options) {
  sigma::lower(sigma::read_sigma_document(rule.query), rule);
}

}  // namespace ruledex
