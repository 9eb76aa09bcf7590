#pragma once
// Corpus counts: for every indicator value, how many other rules of the
// catalog have an indicator with the same field, operator, negation, case
// handling and value. Fields compare exactly (KQL columns are case-sensitive;
// other languages are treated the same way for simplicity). Values compare
// ASCII-case-insensitively when the indicator is case-insensitive.

#include <span>
#include <string>
#include <string_view>

#include "model/rule.h"

namespace ruledex {

// Fills Predicate::corpus (aligned with values) on every indicator; clears it
// on other predicates. A rule counts once per key, however often it repeats it.
void fill_corpus_counts(std::span<Rule> rules);

// The identity the counts compare: field, operator, negation, case handling and
// the value (ASCII-lower-cased when the indicator is case-insensitive).
std::string indicator_key(const Predicate& predicate, std::string_view value);

}  // namespace ruledex
