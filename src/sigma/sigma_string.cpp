#include "sigma/sigma_string.h"

namespace ruledex::sigma {
namespace {

bool is_escapable(char c) { return c == '*' || c == '?' || c == '\\'; }

}  // namespace

bool has_wildcard(std::string_view value) {
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() && is_escapable(value[i + 1])) {
      ++i;
    } else if (value[i] == '*' || value[i] == '?') {
      return true;
    }
  }
  return false;
}

std::string unescape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() && is_escapable(value[i + 1])) ++i;
    out += value[i];
  }
  return out;
}

}  // namespace ruledex::sigma
