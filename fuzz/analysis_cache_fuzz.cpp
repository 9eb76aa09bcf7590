// libFuzzer: any bytes as OUT/cache/analysis.bin (untrusted: a user's disk, a
// copied catalog). Loaded as a build loads it, then with the checksums ignored
// so that the decoder is reached past them; every entry of the index looked up.
// The seeds (fuzz/seeds/cache) are caches of examples/ under the key "fuzz".

#include <cstdint>
#include <string>

#include "catalog/analysis_cache.h"
#include "resource_guard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  using ruledex::AnalysisCache;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  for (AnalysisCache::Checksums checksums : {AnalysisCache::Checksums::verify, AnalysisCache::Checksums::ignore}) {
    const AnalysisCache cache = AnalysisCache::parse(bytes, "fuzz", checksums);
    for (const auto& [path, hash] : cache.files()) cache.find(path, hash);
  }
  return 0;
}
