#pragma once
// Positions in a rule's query -> diagnostics at file lines and columns, for
// every front end whose parser reports byte offsets.

#include <algorithm>
#include <cstdint>
#include <string>

#include "base/source_text.h"
#include "model/rule.h"

namespace ruledex {

// Maps byte offsets of rule.query to the rule file's lines and columns.
class QueryPositions {
 public:
  explicit QueryPositions(const Rule& rule)
      : rule_(rule),
        lines_(rule.query),
        // A problem found at the end of the query is reported after its last
        // character rather than on the blank line a YAML block leaves behind.
        text_end_(static_cast<uint32_t>(rule.query.find_last_not_of(" \t\r\n") + 1)) {}

  uint32_t line(uint32_t offset) const { return query_file_line(rule_, lines_.line(clamp(offset))); }
  uint32_t column(uint32_t offset) const { return lines_.column(clamp(offset)) + rule_.query_indent; }

  Diagnostic diagnostic(Severity severity, std::string message, uint32_t offset) const {
    return {severity, std::move(message), rule_.file, line(offset), column(offset)};
  }

 private:
  uint32_t clamp(uint32_t offset) const { return std::min(offset, text_end_); }

  const Rule& rule_;
  LineIndex lines_;
  uint32_t text_end_;
};

// Parse errors {message, offset} as error diagnostics; where an error knows the
// related_offset of an unclosed bracket, the message says where it opened.
template <typename Errors>
void add_parse_errors(Rule& rule, const Errors& errors) {
  if (errors.empty()) return;
  const QueryPositions positions(rule);
  for (const auto& error : errors) {
    std::string message = error.message;
    if constexpr (requires { error.related_offset; }) {
      if (error.related_offset < rule.query.size())  // kNoOffset is past any text
        message += " (opened at line " + std::to_string(positions.line(error.related_offset)) + ", column " +
                   std::to_string(positions.column(error.related_offset)) + ")";
    }
    rule.diagnostics.push_back(positions.diagnostic(Severity::error, std::move(message), error.offset));
  }
}

// Parser warnings {message, offset} (text read but doubtful) as warning diagnostics.
template <typename Warnings>
void add_parse_warnings(Rule& rule, const Warnings& warnings) {
  if (warnings.empty()) return;
  const QueryPositions positions(rule);
  for (const auto& warning : warnings)
    rule.diagnostics.push_back(positions.diagnostic(Severity::warning, warning.message, warning.offset));
}

}  // namespace ruledex
