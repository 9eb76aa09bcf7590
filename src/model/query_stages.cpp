#include "model/query_stages.h"

#include <algorithm>
#include <utility>

namespace ruledex {

std::optional<uint32_t> add_whole_query_stages(Rule& rule) {
  const uint32_t line = std::max(rule.query_line, 1u);
  if (!rule.data_sources.empty()) rule.stages.push_back({"source", 1, {0, 0}, line});
  const size_t begin = rule.query.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return std::nullopt;
  const size_t end = rule.query.find_last_not_of(" \t\r\n") + 1;
  const auto lines_before = std::count(rule.query.begin(), rule.query.begin() + static_cast<std::ptrdiff_t>(begin), '\n');
  rule.stages.push_back({"query", 1, {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)},
                         query_file_line(rule, 1 + static_cast<uint32_t>(lines_before))});
  return static_cast<uint32_t>(rule.stages.size() - 1);
}

void add_whole_query_selection(Rule& rule, uint32_t query_stage, uint32_t root) {
  Selection selection;
  selection.name = "query";
  selection.stage = query_stage;
  selection.root = root;
  selection.range = rule.stages[query_stage].range;
  rule.logic.selections.push_back(std::move(selection));
}

}  // namespace ruledex
