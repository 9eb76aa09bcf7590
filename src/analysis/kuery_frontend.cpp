#include "analysis/elastic_rule_types.h"
#include "analysis/frontend.h"
#include "analysis/parse_errors.h"
#include "kuery/lowering.h"
#include "kuery/parser.h"

namespace ruledex {

void analyze_kuery_rule(Rule& rule, const AnalysisOptions&) {
  kuery::QueryAst ast = kuery::parse(rule.query);
  add_parse_errors(rule, ast.errors);
  kuery::lower(ast, rule);
  apply_elastic_rule_type(rule);
}

}  // namespace ruledex
