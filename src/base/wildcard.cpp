#include "base/wildcard.h"

#include "base/ascii_case.h"

namespace ruledex {

bool wildcard_match(std::string_view pattern, std::string_view text, LetterCase letter_case) {
  auto same = [letter_case](char a, char b) {
    return letter_case == LetterCase::sensitive ? a == b : ascii_lower(a) == ascii_lower(b);
  };
  // Greedy, backtracking to the last star only: linear for one star, and never
  // worse than pattern length times text length.
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && same(pattern[p], text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace ruledex
