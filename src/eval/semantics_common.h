#pragma once
// Pieces every language's semantics share.

#include <string>
#include <string_view>
#include <vector>

#include "eval/leaf.h"
#include "eval/value_tests.h"
#include "model/rule.h"

namespace ruledex::eval {

// A leaf the evaluator cannot decide, with why.
Leaf unknown_leaf(std::string reason);

// The field, negation and exists/unknown handling every language shares;
// `kind` values with no tests yet.
Leaf leaf_for(const Predicate& predicate, FieldNames& names);

// Numeric comparisons (lt, le, gt, ge) and between on every value; false
// when a value is no number (the leaf becomes unknown).
bool add_number_tests(const Predicate& predicate, Leaf& leaf);

// cidr on every value; false with leaf.reason set when a prefix is invalid.
bool add_cidr_test(const Predicate& predicate, Leaf& leaf);

// One regex test per value; false with leaf.reason set when a pattern does not compile.
bool add_regex_tests(const Predicate& predicate, RegexOptions options, Leaf& leaf);

// The languages' own rules.
Leaf sigma_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);
Leaf generic_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);

}  // namespace ruledex::eval
