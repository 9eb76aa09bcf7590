#include "analysis/frontend.h"
#include "analysis/parse_errors.h"
#include "spl/lowering.h"
#include "spl/macros.h"
#include "spl/parser.h"
#include "spl/value_positions.h"

namespace ruledex {

// Macros come from the `macros` folder of the security_content checkout that
// holds the rule file (read from the file system at analysis time). Errors
// point at the search as written: inside a macro's expansion, at its call.
// Lines and columns are the file's even when YAML folded the search's lines.
void analyze_spl_rule(Rule& rule, const AnalysisOptions&) {
  std::shared_ptr<const spl::MacroTable> macros =
      rule.file.empty() ? std::make_shared<const spl::MacroTable>() : spl::macros_for_rule_file(rule.file);
  spl::Expansion expansion = spl::expand_macros(rule.query, *macros);
  const QueryPositions positions(rule);
  const spl::ValuePositions in_file(rule);
  auto report = [&](Severity severity, const std::string& message, uint32_t offset, std::string unknown_kind = {}) {
    Diagnostic diagnostic = positions.diagnostic(severity, message, offset);
    diagnostic.unknown_kind = std::move(unknown_kind);
    if (in_file.aligned()) {
      offset = std::min<uint32_t>(offset, static_cast<uint32_t>(rule.query.find_last_not_of(" \t\r\n") + 1));
      diagnostic.line = in_file.line(offset);
      diagnostic.column = in_file.column(offset);
    }
    rule.diagnostics.push_back(std::move(diagnostic));
  };
  for (const std::string& key : expansion.expanded)
    if (macros->contains(key)) add_item_ref(rule.items, "macro", key);  // the repository's, not built-in ones
  for (const spl::MacroProblem& problem : expansion.problems)
    report(problem.unknown ? Severity::warning : Severity::error, problem.message, problem.offset,
           problem.unknown ? "macro" : "");
  if (expansion.text != rule.query) {
    std::string_view shown = expansion.text;
    shown = shown.substr(0, shown.find_last_not_of(" \t\r\n") + 1);  // an empty filter macro leaves blanks
    rule.metadata.emplace_back(kExpandedQueryKey, shown);
  }
  spl::Query query = spl::parse(expansion.text);
  for (const spl::ParseError& error : query.errors)
    report(Severity::error, error.message, expansion.source_offset(error.offset));
  for (const spl::ParseError& warning : query.warnings)
    report(Severity::warning, warning.message, expansion.source_offset(warning.offset), "SPL command");
  auto file_line = [&](uint32_t offset) { return in_file.aligned() ? in_file.line(offset) : positions.line(offset); };
  spl::lower(query, rule, [&expansion](uint32_t offset) { return expansion.source_offset(offset); }, file_line);
}

}  // namespace ruledex
