// libFuzzer: any bytes as a rule file under the names that select each reader
// by extension (YAML: Sentinel, Splunk, rule configs; Markdown; Elastic TOML;
// YARA-L; JSON: Elastic API, SecOps API, Sentinel ARM; Kibana NDJSON exports;
// Bicep; a Splunk app's savedsearches.conf), through
// the whole per-file analysis (decode, read, parse, lower).

#include <cstdint>
#include <string_view>

#include "analysis/analyzer.h"
#include "resource_guard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const char* path : {"Detections/Fuzz/rule.yaml", "Exploration/fuzz-query.md", "rules/fuzz.toml", "rules/fuzz.yaral",
                           "rules/fuzz.json", "export/fuzz.ndjson",
                           "Package/mainTemplate.json", "rules/fuzz.bicep", "app/default/savedsearches.conf"})
    ruledex::analyze_text(path, bytes);
  return 0;
}
