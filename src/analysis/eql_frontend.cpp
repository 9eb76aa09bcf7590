#include <algorithm>

#include "analysis/frontend.h"
#include "base/source_text.h"
#include "eql/lowering.h"
#include "eql/parser.h"

namespace ruledex {

void analyze_eql_rule(Rule& rule, const AnalysisOptions&) {
  eql::QueryAst ast = eql::parse(rule.query);
  LineIndex lines(rule.query);
  uint32_t first_line = std::max(rule.query_line, 1u);
  for (const eql::ParseError& error : ast.errors) {
    uint32_t offset = std::min<uint32_t>(error.offset, static_cast<uint32_t>(rule.query.size()));
    rule.diagnostics.push_back({Severity::error, error.message, rule.file, first_line + lines.line(offset) - 1,
                                lines.column(offset) + rule.query_indent});
  }
  eql::lower(ast, rule);
}

}  // namespace ruledex
