#include "match/kql_term.h"

#include <algorithm>
#include <string>

#include "match/utf8.h"

namespace ruledex::match {

bool is_term_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

TermNeedle::TermNeedle(std::string_view needle, TermMatch kind, Case letter_case)
    : needle_(needle, letter_case),
      check_start_(kind != TermMatch::suffix && !needle_.folded().empty() && is_term_char(needle_.folded().front())),
      check_end_(kind != TermMatch::prefix && !needle_.folded().empty() && is_term_char(needle_.folded().back())) {}

bool TermNeedle::found_in(std::string_view value) const {
  // Positions from Needle::find are in the folded value when folding changes
  // the text, so the boundaries are checked there too.
  std::string folded_value;
  std::string_view text = value;
  if (needle_.letter_case() == Case::unicode_insensitive && !utf8::is_ascii(value)) {
    folded_value = fold(value, Case::unicode_insensitive);
    text = folded_value;
  }
  const size_t length = needle_.folded().size();
  for (size_t at = needle_.find(text); at != std::string_view::npos; at = needle_.find(text, at + 1)) {
    const bool start_ok = !check_start_ || at == 0 || !is_term_char(text[at - 1]);
    const bool end_ok = !check_end_ || at + length == text.size() || !is_term_char(text[at + length]);
    if (start_ok && end_ok) return true;
    if (at >= text.size()) break;
  }
  return false;
}

bool found_any(std::span<const TermNeedle> needles, std::string_view value) {
  return std::any_of(needles.begin(), needles.end(), [&](const TermNeedle& n) { return n.found_in(value); });
}

bool found_all(std::span<const TermNeedle> needles, std::string_view value) {
  return std::all_of(needles.begin(), needles.end(), [&](const TermNeedle& n) { return n.found_in(value); });
}

}  // namespace ruledex::match
