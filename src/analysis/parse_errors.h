#pragma once
// Parse errors at byte offsets of a rule's query -> diagnostics at file lines
// and columns, for the front ends whose parsers report {message, offset}.

#include <algorithm>

#include "base/source_text.h"
#include "model/rule.h"

namespace ruledex {

template <typename Errors>
void add_parse_errors(Rule& rule, const Errors& errors) {
  if (errors.empty()) return;
  LineIndex lines(rule.query);
  uint32_t first_line = std::max(rule.query_line, 1u);
  for (const auto& error : errors) {
    uint32_t offset = std::min<uint32_t>(error.offset, static_cast<uint32_t>(rule.query.size()));
    rule.diagnostics.push_back({Severity::error, error.message, rule.file, first_line + lines.line(offset) - 1,
                                lines.column(offset) + rule.query_indent});
  }
}

}  // namespace ruledex
