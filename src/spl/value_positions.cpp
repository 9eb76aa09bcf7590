#include "spl/value_positions.h"

#include <algorithm>

namespace ruledex::spl {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// File characters a scalar may drop: indentation and line breaks, quotes
// (`''` is one quote) and backslashes of escapes.
bool droppable(char c) { return is_space(c) || c == '\'' || c == '"' || c == '\\'; }

}  // namespace

ValuePositions::ValuePositions(const Rule& rule) {
  const std::string& file = rule.raw;
  const std::string& value = rule.query;
  if (file.empty() || value.empty() || rule.query_line < rule.raw_line) return;
  LineIndex lines(file);
  uint32_t line_in_raw = rule.query_line - rule.raw_line + 1;
  if (line_in_raw > lines.line_count()) return;
  size_t at = lines.line_start(line_in_raw) + rule.query_indent;
  std::vector<uint32_t> offsets;
  offsets.reserve(value.size() + 1);
  for (char c : value) {
    // A line break of the value is a line break of the file, or a space a
    // folded line break became.
    while (at < file.size() && file[at] != c && !(is_space(c) && is_space(file[at]))) {
      if (!droppable(file[at])) return;
      ++at;
    }
    if (at >= file.size()) return;
    offsets.push_back(static_cast<uint32_t>(at++));
  }
  offsets.push_back(static_cast<uint32_t>(std::min(at, file.size())));
  file_offsets_ = std::move(offsets);
  file_lines_.emplace(file);
  first_line_ = rule.raw_line;
}

uint32_t ValuePositions::file_offset(uint32_t query_offset) const {
  return file_offsets_[std::min<size_t>(query_offset, file_offsets_.size() - 1)];
}

uint32_t ValuePositions::line(uint32_t query_offset) const {
  return file_lines_->line(file_offset(query_offset)) + first_line_ - 1;
}

uint32_t ValuePositions::column(uint32_t query_offset) const { return file_lines_->column(file_offset(query_offset)); }

}  // namespace ruledex::spl
