#include "model/duration.h"

#include <cctype>
#include <string>

namespace ruledex {

std::optional<uint64_t> duration_seconds(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  size_t digits = 0;
  uint64_t number = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
    if (number > UINT32_MAX) return std::nullopt;
    number = number * 10 + static_cast<uint64_t>(text[digits++] - '0');
  }
  if (digits == 0) return std::nullopt;
  std::string unit;
  for (char c : text.substr(digits))
    if (!std::isspace(static_cast<unsigned char>(c))) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit == "ms") return number == 0 ? 0 : (number + 999) / 1000;
  uint64_t scale = unit == "s" || unit.empty() ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : unit == "w" ? 604800 : 0;
  if (scale == 0) return std::nullopt;
  return number * scale;
}

}  // namespace ruledex
