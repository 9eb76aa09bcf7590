#pragma once
// SPL syntax tree -> model stages, predicates and output fields.

#include <functional>

#include "model/rule.h"
#include "spl/ast.h"

namespace ruledex::spl {

// `to_query_offset` maps offsets of the parsed (expanded) text to Rule::query.
void lower(const Query& query, Rule& rule, const std::function<uint32_t(uint32_t)>& to_query_offset);

}  // namespace ruledex::spl
