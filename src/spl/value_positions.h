#pragma once
// Where each character of a query taken from a YAML scalar sits in the rule
// file. A folded (`>`), plain or quoted multi-line scalar joins its lines,
// drops indentation and undoes quote escapes, so the query's own lines are
// not the file's: the value is aligned with the file text instead, from
// the place the reader found it (Rule::query_line, Rule::query_indent), in
// the rule's raw text (which starts at file line Rule::raw_line).

#include <cstdint>
#include <optional>
#include <vector>

#include "base/source_text.h"
#include "model/rule.h"

namespace ruledex::spl {

class ValuePositions {
 public:
  // Empty (see aligned()) when the rule has no file text, or the value
  // cannot be matched with it character by character.
  explicit ValuePositions(const Rule& rule);

  bool aligned() const { return !file_offsets_.empty(); }
  // 1-based line and column in the file of a query offset; aligned() only.
  uint32_t line(uint32_t query_offset) const;
  uint32_t column(uint32_t query_offset) const;

 private:
  uint32_t file_offset(uint32_t query_offset) const;

  std::optional<LineIndex> file_lines_;
  std::vector<uint32_t> file_offsets_;  // per query byte, plus one for the end
  uint32_t first_line_ = 1;             // file line of the raw text's first line
};

}  // namespace ruledex::spl
