#pragma once
// The ValueTest kinds, one factory each.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eval/value_test.h"
#include "match/case.h"
#include "match/kql_term.h"
#include "match/number.h"
#include "match/wildcard.h"
#include "model/operator.h"

namespace ruledex::eval {

// eq, contains, startswith, endswith on text.
std::unique_ptr<ValueTest> text_test(Op op, std::string_view needle, match::Case letter_case);
std::unique_ptr<ValueTest> wildcard_test(std::string_view pattern, match::Case letter_case, match::WildcardSyntax syntax);
// KQL's has (whole terms), hasprefix, hassuffix.
std::unique_ptr<ValueTest> term_test(std::string_view needle, match::TermMatch kind, match::Case letter_case);
// lt, le, gt, ge, eq on numbers; a value that is no number fails.
std::unique_ptr<ValueTest> number_test(Op op, match::Number bound);
// Inclusive range.
std::unique_ptr<ValueTest> between_test(match::Number low, match::Number high);
// Nothing and `error` set when a prefix does not parse.
std::unique_ptr<ValueTest> cidr_test(const std::vector<std::string>& prefixes, std::string& error);
// Where at least kFusedSubstrings tests each pass exactly when the value
// contains a literal, one test searching all those literals at once replaces
// them (for a leaf whose tests combine with `or`).
inline constexpr size_t kFusedSubstrings = 4;
void fuse_substring_tests(ValueTests& tests);

// Unknown for every value: a comparison the evaluator cannot make.
std::unique_ptr<ValueTest> always_unknown_test();

struct RegexOptions {
  bool ignore_case = false;
  bool multiline = false;
  bool dot_all = false;
  bool full_match = false;  // anchored at both ends (Lucene and EQL regexes)
};
// Nothing and `error` set when no engine compiles the pattern.
std::unique_ptr<ValueTest> regex_test(std::string_view pattern, RegexOptions options, std::string& error);

}  // namespace ruledex::eval
