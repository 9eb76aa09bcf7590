#include "analysis/frontend.h"
#include "analysis/parse_errors.h"
#include "esql/lowering.h"
#include "esql/parser.h"

namespace ruledex {

void analyze_esql_rule(Rule& rule, const AnalysisOptions&) {
  esql::QueryAst ast = esql::parse(rule.query);
  if (!ast.warnings.empty()) {
    const QueryPositions positions(rule);
    for (const esql::ParseError& warning : ast.warnings)
      rule.diagnostics.push_back(positions.diagnostic(Severity::warning, warning.message, warning.offset));
  }
  add_parse_errors(rule, ast.errors);
  esql::lower(ast, rule);
}

}  // namespace ruledex
