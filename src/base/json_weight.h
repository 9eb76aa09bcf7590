#pragma once
// The size of a JSON value as template evaluators bound it (ARM, Bicep): the
// bytes of its strings plus one per value. Header-only: its users link
// nlohmann-json themselves.

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace ruledex {

// Any nlohmann::basic_json (json, ordered_json), taken as it is, never converted.
template <typename BasicJson>
size_t json_weight(const BasicJson& value) {
  if (value.is_string()) return value.template get_ref<const std::string&>().size();
  size_t total = 1;
  if (value.is_structured())
    for (const BasicJson& item : value) total += json_weight(item);
  return total;
}

}  // namespace ruledex
