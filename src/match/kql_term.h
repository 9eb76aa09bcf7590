#pragma once
// KQL's term operators (has, has_cs, hasprefix, hassuffix, has_any, has_all).
// Kusto breaks a string into terms, the maximal runs of ASCII alphanumeric
// characters ([A-Za-z0-9]; `_` and every non-ASCII character separate terms).
// `has "x"` holds when x occurs in the value such that where x starts with an
// alphanumeric character a term starts there, and where it ends with one a
// term ends there: "North America" has "america", !has "amer"; a needle of
// several terms ("c1db-4f9f") must meet the same consecutive terms with the
// same separators. hasprefix only needs the start, hassuffix only the end.

#include <span>
#include <string_view>

#include "match/case.h"

namespace ruledex::match {

enum class TermMatch { whole, prefix, suffix };

class TermNeedle {
 public:
  // KQL's has/hasprefix/hassuffix fold case; the _cs forms pass Case::sensitive.
  TermNeedle(std::string_view needle, TermMatch kind = TermMatch::whole, Case letter_case = Case::unicode_insensitive);

  bool found_in(std::string_view value) const;

 private:
  Needle needle_;
  bool check_start_;
  bool check_end_;
};

bool is_term_char(char c);

// has_any: some needle is found; has_all: every needle is (true for none).
bool found_any(std::span<const TermNeedle> needles, std::string_view value);
bool found_all(std::span<const TermNeedle> needles, std::string_view value);

}  // namespace ruledex::match
