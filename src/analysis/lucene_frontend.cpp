#include "analysis/elastic_rule_types.h"
#include "analysis/frontend.h"
#include "analysis/parse_errors.h"
#include "lucene/lowering.h"
#include "lucene/parser.h"

namespace ruledex {

void analyze_lucene_rule(Rule& rule, const AnalysisOptions&) {
  lucene::QueryAst ast = lucene::parse(rule.query);
  add_parse_errors(rule, ast.errors);
  add_parse_warnings(rule, ast.warnings);
  lucene::lower(ast, rule);
  apply_elastic_rule_type(rule);
}

}  // namespace ruledex
