#include <algorithm>

#include "analysis/frontend.h"
#include "base/source_text.h"
#include "yaral/lowering.h"
#include "yaral/parser.h"
#include "yaral/reference_lists.h"

namespace ruledex {

// The rule's query is its whole file. Reference lists are looked up beside the
// rule file (see yaral::find_reference_list): this reads the file system at
// analysis time.
void analyze_yaral_rule(Rule& rule, const AnalysisOptions& options) {
  yaral::RuleAst ast = yaral::parse(rule.query);
  LineIndex lines(rule.query);
  uint32_t first_line = std::max(rule.query_line, 1u);
  for (const yaral::ParseError& error : ast.errors) {
    uint32_t offset = std::min<uint32_t>(error.offset, static_cast<uint32_t>(rule.query.size()));
    rule.diagnostics.push_back({Severity::error, error.message, rule.file, first_line + lines.line(offset) - 1,
                                lines.column(offset) + rule.query_indent});
  }
  yaral::LowerOptions lower_options;
  if (!rule.file.empty())
    lower_options.find_list = [&rule](std::string_view name) { return yaral::find_reference_list(rule.file, name); };
  yaral::lower(ast, rule, lower_options);
}

}  // namespace ruledex
