#include <algorithm>
#include <string>

#include "analysis/frontend.h"
#include "base/source_text.h"
#include "kql/lowering.h"
#include "kql/parser.h"

namespace ruledex {

void analyze_kql_rule(Rule& rule, const AnalysisOptions& options) {
  kql::Ast ast = kql::parse(rule.query);
  LineIndex lines(rule.query);
  const uint32_t first_line = std::max(rule.query_line, 1u);
  // An error found at the end of the query is reported after its last
  // character rather than on the blank line a YAML block leaves behind.
  const auto text_end = static_cast<uint32_t>(rule.query.find_last_not_of(" \t\r\n") + 1);
  auto file_line = [&](uint32_t offset) { return first_line + lines.line(offset) - 1; };
  auto file_column = [&](uint32_t offset) { return lines.column(offset) + rule.query_indent; };
  for (const kql::ParseError& error : ast.errors) {
    const uint32_t offset = std::min(error.offset, text_end);
    std::string message = error.message;
    if (error.related_offset != kql::ParseError::kNoOffset && error.related_offset < rule.query.size())
      message += " (opened at line " + std::to_string(file_line(error.related_offset)) + ", column " +
                 std::to_string(file_column(error.related_offset)) + ")";
    rule.diagnostics.push_back({Severity::error, std::move(message), rule.file, file_line(offset), file_column(offset)});
  }
  kql::lower(ast, rule, {options.schemas});
}

}  // namespace ruledex
