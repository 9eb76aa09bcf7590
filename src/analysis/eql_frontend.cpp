#include "analysis/frontend.h"
#include "analysis/parse_errors.h"
#include "eql/lowering.h"
#include "eql/parser.h"

namespace ruledex {

void analyze_eql_rule(Rule& rule, const AnalysisOptions&) {
  eql::QueryAst ast = eql::parse(rule.query);
  add_parse_errors(rule, ast.errors);
  eql::lower(ast, rule);
}

}  // namespace ruledex
