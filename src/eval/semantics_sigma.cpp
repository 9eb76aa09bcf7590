// Sigma's meaning of a detection value (Sigma specification, "Value
// modifiers"): case-insensitive unless |cased; `*` and `?` wildcards with `\`
// escapes; encodings (wide, base64, base64offset, windash) turn one value into
// the texts the field may hold; |re with its i/m/s flags; |cidr; |fieldref
// compares with another field; |expand placeholders need values the rule
// does not carry (unknown).

#include "eval/semantics_common.h"
#include "match/sigma_transform.h"

namespace ruledex::eval {
namespace {

bool has(const Predicate& predicate, std::string_view modifier) {
  for (const std::string& m : predicate.modifiers)
    if (m == modifier) return true;
  return false;
}

bool has_unescaped_wildcard(std::string_view value) {
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\') {
      ++i;
      continue;
    }
    if (value[i] == '*' || value[i] == '?') return true;
  }
  return false;
}

std::optional<match::Transform> transform_of(std::string_view modifier) {
  if (modifier == "base64") return match::Transform::base64;
  if (modifier == "base64offset") return match::Transform::base64offset;
  if (modifier == "wide" || modifier == "utf16le") return match::Transform::utf16le;
  if (modifier == "utf16be") return match::Transform::utf16be;
  if (modifier == "utf16") return match::Transform::utf16;
  if (modifier == "windash") return match::Transform::windash;
  return std::nullopt;
}

// The value as a wildcard pattern for `op`: contains is `*v*`, ...
std::string as_pattern(Op op, const std::string& value) {
  switch (op) {
    case Op::contains: return "*" + value + "*";
    case Op::startswith: return value + "*";
    case Op::endswith: return "*" + value;
    default: return value;
  }
}

void add_string_tests(const Predicate& predicate, const std::vector<std::string>& needles, match::Case letter_case,
                      Leaf& leaf) {
  for (const std::string& needle : needles) {
    // The lowering unescapes plain values and keeps wildcard values as written.
    if (predicate.op == Op::wildcard || has_unescaped_wildcard(needle))
      leaf.tests.push_back(wildcard_test(as_pattern(predicate.op, needle), letter_case, match::kSigmaWildcards));
    else
      leaf.tests.push_back(text_test(predicate.op, needle, letter_case));
  }
}

// Modifiers this evaluator applies; any other makes the leaf unknown.
bool known_modifier(std::string_view m) {
  for (std::string_view known : {"contains", "startswith", "endswith", "all", "base64", "base64offset", "wide", "utf16le",
                                 "utf16be", "utf16", "windash", "re", "i", "m", "s", "cidr", "exists", "lt", "lte", "gt",
                                 "gte", "expand", "fieldref", "cased", "neq"})
    if (m == known) return true;
  return false;
}

}  // namespace

Leaf sigma_leaf(const Rule&, const Predicate& predicate, FieldNames& names) {
  Leaf leaf = leaf_for(predicate, names);
  for (const std::string& modifier : predicate.modifiers)
    if (!known_modifier(modifier)) return unknown_leaf("modifier |" + modifier + " is not known");
  if (leaf.kind == Leaf::Kind::exists) return leaf;
  if (has(predicate, "expand")) return unknown_leaf("|expand: placeholder values are not known");
  if (has(predicate, "fieldref")) {
    if (predicate.op != Op::eq) return unknown_leaf("|fieldref with another comparison");
    leaf.kind = Leaf::Kind::field_equals;
    for (const std::string& other : predicate.values) leaf.other_fields.push_back(names.intern(other));
    return leaf;
  }
  const match::Case letter_case = predicate.case_sensitive ? match::Case::sensitive : match::Case::ascii_insensitive;
  switch (predicate.op) {
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: add_number_tests(predicate, leaf); return leaf;
    case Op::cidr: add_cidr_test(predicate, leaf); return leaf;
    case Op::regex:
      add_regex_tests(predicate,
                      {.ignore_case = has(predicate, "i"), .multiline = has(predicate, "m"), .dot_all = has(predicate, "s")},
                      leaf);
      return leaf;
    default: break;
  }
  std::vector<match::Transform> chain;
  for (const std::string& modifier : predicate.modifiers)
    if (std::optional<match::Transform> transform = transform_of(modifier)) chain.push_back(*transform);
  std::vector<std::string> needles;
  for (const std::string& value : predicate.values) {
    std::optional<std::vector<std::string>> transformed = match::transform(value, chain);
    if (!transformed) return unknown_leaf("|windash makes too many variants of `" + value + "`");
    needles.insert(needles.end(), transformed->begin(), transformed->end());
  }
  add_string_tests(predicate, needles, letter_case, leaf);
  return leaf;
}

}  // namespace ruledex::eval
