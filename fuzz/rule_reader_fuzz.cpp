// libFuzzer: any bytes as a rule file, read as Sentinel YAML, Markdown and Elastic TOML,
// through the whole per-file analysis (decode, read, parse, lower).

#include <cstdint>
#include <string_view>

#include "analysis/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const char* path : {"Detections/Fuzz/rule.yaml", "Exploration/fuzz-query.md", "rules/fuzz.toml"}) ruledex::analyze_text(path, bytes);
  return 0;
}
