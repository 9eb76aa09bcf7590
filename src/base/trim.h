#pragma once
// Text without the blanks and line ends around it: the one trim the readers
// and the line-based parsers share.

#include <string_view>

namespace ruledex {

inline std::string_view trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

}  // namespace ruledex
