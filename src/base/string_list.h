#pragma once
// Lists of names kept in first-seen order, each once (data sources, fields).

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex {

// Appends a non-empty value the list does not hold yet.
inline void add_unique(std::vector<std::string>& list, std::string_view value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.emplace_back(value);
}

}  // namespace ruledex
