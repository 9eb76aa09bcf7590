// The model's operators with no language's own rules: what the front ends'
// predicates mean where a language adds nothing (case from the predicate,
// `*` and `?` wildcards, regexes searched anywhere in the value).

#include "eval/semantics_common.h"

namespace ruledex::eval {

Leaf generic_leaf(const Rule&, const Predicate& predicate, FieldNames& names) {
  return dialect_leaf(predicate, names, Dialect{});
}

}  // namespace ruledex::eval
