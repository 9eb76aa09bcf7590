#pragma once
// What every front end's fuzz target checks of the rule it lowered, beyond
// what the sanitizers catch: each position lies inside the query text and each
// stage index names a stage. A failed check aborts, which libFuzzer reports.

#include <cstdlib>

#include "model/rule.h"

namespace ruledex::fuzz {

inline void check(bool ok) {
  if (!ok) std::abort();
}

inline void check_range(const SourceRange& range, size_t size) { check(range.begin <= range.end && range.end <= size); }

inline void check_lowered_rule(const Rule& rule) {
  const size_t size = rule.query.size();
  for (const auto& stage : rule.stages) check_range(stage.range, size);
  for (const auto& predicate : rule.predicates) {
    check_range(predicate.range, size);
    check(predicate.stage < rule.stages.size());
  }
  for (const auto& field : rule.output_fields) check(field.stage_index < rule.stages.size());
}

}  // namespace ruledex::fuzz
