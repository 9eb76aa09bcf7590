#pragma once
// Stages of languages whose query is one expression (kuery, Lucene): no
// pipeline to split, so the whole text is one stage.

#include <cstdint>
#include <optional>

#include "model/rule.h"

namespace ruledex {

// Appends a `source` stage when the rule names data sources (its index
// patterns), then a `query` stage over the query's text without surrounding
// blanks, on its file line. Returns the query stage's index; nothing (and no
// query stage) for a blank query.
std::optional<uint32_t> add_whole_query_stages(Rule& rule);

// The one selection of such a query: "query", on `query_stage`, tree `root`.
void add_whole_query_selection(Rule& rule, uint32_t query_stage, uint32_t root);

}  // namespace ruledex
