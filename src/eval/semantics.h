#pragma once
// Each language's meaning of the model's operators: a predicate of a rule
// becomes a Leaf with the language's case, wildcard, term and regex rules.
// One function per language (semantics_<language>.cpp), chosen by
// Rule::language; the shared operators are in semantics_common.

#include "eval/field_index.h"
#include "eval/leaf.h"
#include "model/rule.h"

namespace ruledex::eval {

Leaf compile_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names);

}  // namespace ruledex::eval
