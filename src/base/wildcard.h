#pragma once
// Glob matching with `*` only (any run of characters), the form field and
// source names take in every language here (`Process*`, `logs-aws.*`).

#include <string_view>

namespace ruledex {

enum class LetterCase { sensitive, ignored };

// Whether `text` matches `pattern`; ASCII case folded when `letter_case` is ignored.
bool wildcard_match(std::string_view pattern, std::string_view text, LetterCase letter_case = LetterCase::sensitive);

}  // namespace ruledex
