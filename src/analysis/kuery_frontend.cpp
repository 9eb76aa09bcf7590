#include <algorithm>

#include "analysis/frontend.h"
#include "base/source_text.h"
#include "kuery/lowering.h"
#include "kuery/parser.h"

namespace ruledex {

void analyze_kuery_rule(Rule& rule, const AnalysisOptions&) {
  kuery::QueryAst ast = kuery::parse(rule.query);
  LineIndex lines(rule.query);
  uint32_t first_line = std::max(rule.query_line, 1u);
  for (const kuery::ParseError& error : ast.errors) {
    uint32_t offset = std::min<uint32_t>(error.offset, static_cast<uint32_t>(rule.query.size()));
    rule.diagnostics.push_back({Severity::error, error.message, rule.file, first_line + lines.line(offset) - 1,
                                lines.column(offset) + rule.query_indent});
  }
  kuery::lower(ast, rule);
}

}  // namespace ruledex
