// Seeds for catalog_search_fuzz, made at run time by fuzz/run.sh:
//   catalog_seed CATALOG_DB OUT_DIR QUERY...
// writes OUT_DIR/seed-N.bin = QUERY '\n' + CATALOG_DB rewritten with 512-byte
// pages (a few KB instead of 4 KB per table), one seed per query.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <sqlite3.h>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: catalog_seed CATALOG_DB OUT_DIR QUERY...\n";
    return 2;
  }
  const fs::path small = fs::path(argv[2]) / "catalog-small.db";
  fs::create_directories(argv[2]);
  fs::copy_file(argv[1], small, fs::copy_options::overwrite_existing);
  sqlite3* db = nullptr;
  int rc = sqlite3_open(small.c_str(), &db);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA page_size = 512; VACUUM;", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) std::cerr << "catalog_seed: " << sqlite3_errmsg(db) << "\n";
  sqlite3_close(db);
  if (rc != SQLITE_OK) return 1;
  std::ifstream in(small, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), {}};
  fs::remove(small);
  for (int i = 3; i < argc; ++i)
    std::ofstream(fs::path(argv[2]) / ("seed-" + std::to_string(i - 2) + ".bin"), std::ios::binary)
        << argv[i] << '\n'
        << bytes;
  return 0;
}
