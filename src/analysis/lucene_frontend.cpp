#include "analysis/frontend.h"
#include "analysis/parse_errors.h"
#include "lucene/lowering.h"
#include "lucene/parser.h"

namespace ruledex {

void analyze_lucene_rule(Rule& rule, const AnalysisOptions&) {
  lucene::QueryAst ast = lucene::parse(rule.query);
  add_parse_errors(rule, ast.errors);
  if (!ast.warnings.empty()) {
    const QueryPositions positions(rule);
    for (const lucene::ParseError& warning : ast.warnings)
      rule.diagnostics.push_back(positions.diagnostic(Severity::warning, warning.message, warning.offset));
  }
  lucene::lower(ast, rule);
}

}  // namespace ruledex
