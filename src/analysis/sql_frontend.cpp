#include "analysis/frontend.h"
#include "analysis/parse_errors.h"
#include "sql/lowering.h"
#include "sql/parser.h"

namespace ruledex {

void analyze_sql_rule(Rule& rule, const AnalysisOptions&) {
  sql::QueryAst ast = sql::parse(rule.query);
  add_parse_errors(rule, ast.errors);
  sql::lower(ast, rule);
}

}  // namespace ruledex
