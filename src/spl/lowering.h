#pragma once
// SPL syntax tree -> model stages, predicates, output fields and the data
// sources the search names (data models, indexes, source types, sources).

#include <functional>

#include "model/rule.h"
#include "spl/ast.h"

namespace ruledex::spl {

// `to_query_offset` maps offsets of the parsed (expanded) text to Rule::query;
// `file_line` maps offsets of Rule::query to lines of the rule file (when
// empty: Rule::query_line plus the query's own line).
void lower(const Query& query, Rule& rule, const std::function<uint32_t(uint32_t)>& to_query_offset,
           const std::function<uint32_t(uint32_t)>& file_line = {});

}  // namespace ruledex::spl
