// libFuzzer: any bytes as a catalog.db, searched as `ruledex search` does.
// Bytes before a first newline (within the first 256) are the full-text
// query, the rest the database file. Every search either returns hits or
// throws SearchError (corrupt or foreign files, invalid queries, the
// deadline); anything else escaping is a finding, as are crashes and hangs.

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "catalog/catalog_search.h"
#include "resource_guard.h"

namespace {

namespace fs = std::filesystem;

const fs::path& database_file() {
  static const fs::path file = fs::temp_directory_path() / ("ruledex-catalog-fuzz-" + std::to_string(getpid()) + ".db");
  return file;
}

void search(std::string_view query, const ruledex::SearchFilters& filters) {
  try {
    ruledex::search_catalog(database_file(), query, filters, 50, std::chrono::milliseconds(2000));
  } catch (const ruledex::SearchError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ruledex::fuzz::ResourceGuard guard(size);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view query;
  if (size_t newline = input.substr(0, 256).find('\n'); newline != std::string_view::npos) {
    query = input.substr(0, newline);
    input.remove_prefix(newline + 1);
  }
  const fs::path& file = database_file();
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(input.data(), static_cast<std::streamsize>(input.size()));
  search(query, {});
  search("", {.platform = "sentinel", .technique = "T1580", .tactic = "discovery", .field = "EventName",
              .value = "GetCallerIdentity", .data_source = "AWSCloudTrail", .severity = "low", .item = "x"});
  // A header asking for WAL makes SQLite look for these beside the file.
  std::error_code ignored;
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(file.string() + suffix, ignored);
  return 0;
}
