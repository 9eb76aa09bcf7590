// The model's operators with no language's own rules: what the front ends'
// predicates mean where a language adds nothing (case from the predicate,
// `*` and `?` wildcards, regexes searched anywhere in the value).

#include "eval/semantics_common.h"

namespace ruledex::eval {

Leaf generic_leaf(const Rule&, const Predicate& predicate, FieldNames& names) {
  Leaf leaf = leaf_for(predicate, names);
  if (leaf.kind == Leaf::Kind::exists) return leaf;
  const match::Case letter_case = predicate.case_sensitive ? match::Case::sensitive : match::Case::ascii_insensitive;
  switch (predicate.op) {
    case Op::eq:
    case Op::in:
    case Op::contains:
    case Op::startswith:
    case Op::endswith:
      for (const std::string& value : predicate.values)
        leaf.tests.push_back(text_test(predicate.op == Op::in ? Op::eq : predicate.op, value, letter_case));
      return leaf;
    case Op::has:
    case Op::has_any:
    case Op::has_all:
      leaf.every_test = predicate.op == Op::has_all;
      for (const std::string& value : predicate.values)
        leaf.tests.push_back(term_test(value, match::TermMatch::whole, letter_case));
      return leaf;
    case Op::wildcard:
      for (const std::string& value : predicate.values)
        leaf.tests.push_back(wildcard_test(value, letter_case, {.escape = '\\', .single_char = true, .keep_unknown_escape = false}));
      return leaf;
    case Op::regex: add_regex_tests(predicate, {.ignore_case = !predicate.case_sensitive}, leaf); return leaf;
    case Op::cidr: add_cidr_test(predicate, leaf); return leaf;
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge:
    case Op::between: add_number_tests(predicate, leaf); return leaf;
    case Op::exists: return leaf;
  }
  return leaf;
}

}  // namespace ruledex::eval
