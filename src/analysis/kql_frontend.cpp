#include "analysis/frontend.h"
#include "analysis/parse_errors.h"
#include "kql/lowering.h"
#include "kql/parser.h"

namespace ruledex {

void analyze_kql_rule(Rule& rule, const AnalysisOptions& options) {
  kql::Ast ast = kql::parse(rule.query);
  add_parse_errors(rule, ast.errors);
  kql::lower(ast, rule, {options.schemas});
}

}  // namespace ruledex
