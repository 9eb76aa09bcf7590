#include "analysis/frontend.h"
#include "analysis/parse_errors.h"
#include "esql/lowering.h"
#include "esql/parser.h"

namespace ruledex {

void analyze_esql_rule(Rule& rule, const AnalysisOptions&) {
  esql::QueryAst ast = esql::parse(rule.query);
  add_parse_warnings(rule, ast.warnings);
  add_parse_errors(rule, ast.errors);
  esql::lower(ast, rule);
}

}  // namespace ruledex
