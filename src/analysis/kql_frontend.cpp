#include <algorithm>

#include "analysis/frontend.h"
#include "base/source_text.h"
#include "kql/lowering.h"
#include "kql/parser.h"

namespace ruledex {

void analyze_kql_rule(Rule& rule, const AnalysisOptions& options) {
  kql::Ast ast = kql::parse(rule.query);
  LineIndex lines(rule.query);
  uint32_t first_line = std::max(rule.query_line, 1u);
  for (const kql::ParseError& error : ast.errors) {
    uint32_t offset = std::min<uint32_t>(error.offset, static_cast<uint32_t>(rule.query.size()));
    rule.diagnostics.push_back({Severity::error, error.message, rule.file, first_line + lines.line(offset) - 1,
                                lines.column(offset) + rule.query_indent});
  }
  kql::lower(ast, rule, {options.schemas});
}

}  // namespace ruledex
