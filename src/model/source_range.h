#pragma once

#include <cstdint>

namespace ruledex {

// Byte offsets [begin, end) into Rule::query.
struct SourceRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};

}  // namespace ruledex
