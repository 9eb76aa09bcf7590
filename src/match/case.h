#pragma once
// Case-sensitive and case-insensitive comparison of values. Two insensitive
// modes: ASCII only (Sigma, EQL, SPL, KQL's contains/startswith) and Unicode
// simple case folding (KQL's =~ and has), by a small table covering Latin-1,
// Latin Extended-A/B, Greek and Cyrillic rather than ICU.
//
// A Needle folds its text once, so a rule's value is folded when the rule is
// compiled, not for every event it meets.

#include <string>
#include <string_view>

namespace ruledex::match {

enum class Case { sensitive, ascii_insensitive, unicode_insensitive };

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// `text` folded as `letter_case` folds (unchanged when sensitive).
std::string fold(std::string_view text, Case letter_case);

// The simple case folding of one code point (itself when the table has none).
char32_t fold_code_point(char32_t code_point);

bool equals(std::string_view a, std::string_view b, Case letter_case);

class Needle {
 public:
  Needle(std::string_view text, Case letter_case);

  bool equals(std::string_view value) const;
  bool contains(std::string_view value) const;
  bool starts(std::string_view value) const;
  bool ends(std::string_view value) const;
  // Byte offset of the first occurrence in `value` (npos: none). For the
  // Unicode mode the offset is in the folded value.
  size_t find(std::string_view value, size_t from = 0) const;

  const std::string& folded() const { return folded_; }
  Case letter_case() const { return case_; }

 private:
  // The value as this needle compares it: itself, or folded into `buffer`.
  std::string_view view_of(std::string_view value, std::string& buffer) const;

  std::string folded_;
  Case case_;
};

}  // namespace ruledex::match
