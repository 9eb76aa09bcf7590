#pragma once
// Parse errors at byte offsets of a rule's query -> diagnostics at file lines
// and columns, for every front end whose parser reports {message, offset}
// (and, where it knows one, the related_offset of an unclosed bracket).

#include <algorithm>
#include <cstdint>
#include <string>

#include "base/source_text.h"
#include "model/rule.h"

namespace ruledex {

template <typename Errors>
void add_parse_errors(Rule& rule, const Errors& errors) {
  if (errors.empty()) return;
  LineIndex lines(rule.query);
  const uint32_t first_line = std::max(rule.query_line, 1u);
  // An error found at the end of the query is reported after its last
  // character rather than on the blank line a YAML block leaves behind.
  const auto text_end = static_cast<uint32_t>(rule.query.find_last_not_of(" \t\r\n") + 1);
  auto file_line = [&](uint32_t offset) { return first_line + lines.line(offset) - 1; };
  auto file_column = [&](uint32_t offset) { return lines.column(offset) + rule.query_indent; };
  for (const auto& error : errors) {
    const uint32_t offset = std::min<uint32_t>(error.offset, text_end);
    std::string message = error.message;
    if constexpr (requires { error.related_offset; }) {
      if (error.related_offset < rule.query.size())  // kNoOffset is past any text
        message += " (opened at line " + std::to_string(file_line(error.related_offset)) + ", column " +
                   std::to_string(file_column(error.related_offset)) + ")";
    }
    rule.diagnostics.push_back({Severity::error, std::move(message), rule.file, file_line(offset), file_column(offset)});
  }
}

}  // namespace ruledex
