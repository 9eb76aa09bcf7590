#include "catalog/catalog_folder.h"

#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "base/text_structure.h"
#include "catalog/catalog_db.h"
#include "catalog/sqlite_handle.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::string_view kFormat = "ruledex-catalog 1";
// Files at the top of the catalog up to this size are hashed as well; the
// rest (the site's pages, a big catalog.db) are checked by size, which is cheap.
constexpr uintmax_t kHashedSize = 1 << 20;
constexpr uintmax_t kMaxMarkerSize = 64 << 20;  // far above any real catalog's
// What SQLite may leave beside catalog.db when someone opens it: part of the catalog.
constexpr std::string_view kDatabaseSideFiles[] = {"catalog.db-journal", "catalog.db-wal", "catalog.db-shm"};

struct Listed {
  bool folder = false;
  uintmax_t size = 0;
  std::optional<uint64_t> hash;
};

struct Marker {
  CatalogCounts counts;
  std::map<std::string, Listed> entries;  // by path relative to the catalog, '/'-separated
};

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) return std::nullopt;
  return bytes;
}

std::optional<uint64_t> file_hash(const fs::path& path) {
  std::optional<std::string> bytes = read_file(path);
  if (!bytes) return std::nullopt;
  return XXH3_64bits(bytes->data(), bytes->size());
}

// A path a marker may list: relative, inside the catalog.
bool is_inner_path(const fs::path& path) {
  if (path.empty() || path.is_absolute()) return false;
  for (const fs::path& part : path)
    if (part == ".." || part == "." || part.empty()) return false;
  return true;
}

bool is_database_side_file(const std::string& relative) {
  for (std::string_view name : kDatabaseSideFiles)
    if (relative == name) return true;
  return false;
}

// The marker of the catalog in folder, or why there is none usable.
std::optional<Marker> read_marker(const fs::path& folder, std::string& problem) {
  const fs::path path = folder / kCatalogMarker;
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec || !fs::is_regular_file(path, ec)) {
    problem = "no " + std::string(kCatalogMarker) + " marker";
    return std::nullopt;
  }
  std::optional<std::string> text = size <= kMaxMarkerSize ? read_file(path) : std::nullopt;
  problem = std::string(kCatalogMarker) + " is not a ruledex catalog marker";
  if (!text || check_structure(*text, Notation::json)) return std::nullopt;  // untrusted: bounded nesting
  try {
    const Json json = Json::parse(*text);
    if (json.at("format").get<std::string>() != kFormat) return std::nullopt;
    Marker marker;
    marker.counts = {json.at("rules").get<uint64_t>(), json.at("files").get<uint64_t>()};
    for (const Json& entry : json.at("entries")) {
      const std::string relative = entry.at("path").get<std::string>();
      if (!is_inner_path(relative)) return std::nullopt;
      Listed& listed = marker.entries[relative];
      listed.folder = entry.value("folder", false);
      if (!listed.folder) listed.size = entry.at("size").get<uintmax_t>();
      if (entry.contains("xxh3")) listed.hash = entry.at("xxh3").get<uint64_t>();
    }
    return marker;
  } catch (const Json::exception&) {
    return std::nullopt;
  }
}

// Why catalog.db does not hold the catalog the marker describes.
std::optional<std::string> database_damage(const fs::path& path, const CatalogCounts& counts) {
  try {
    sqlite::Database db(path, sqlite::Database::Mode::read_only);
    auto meta = [&](const char* key) {
      sqlite::Statement statement = db.prepare("SELECT value FROM meta WHERE key = ?");
      statement.bind_all(key);
      return statement.step() ? statement.column_text(0) : std::string();
    };
    auto rows = [&](const char* table) {
      sqlite::Statement statement = db.prepare(std::string("SELECT count(*) FROM ") + table);
      return statement.step() ? static_cast<uint64_t>(statement.column_int(0)) : 0;
    };
    if (meta("schema_version") != std::to_string(kCatalogSchemaVersion)) return "catalog.db has another schema";
    if (meta("rule_count") != std::to_string(counts.rules) || rows("rules") != counts.rules ||
        meta("file_count") != std::to_string(counts.files) || rows("files") != counts.files)
      return "catalog.db does not hold the catalog's rules";
  } catch (const std::runtime_error& e) {
    return std::string("catalog.db: ") + e.what();
  }
  return std::nullopt;
}

}  // namespace

std::string catalog_marker(const fs::path& folder, const CatalogCounts& counts) {
  std::map<std::string, Json> entries;  // sorted: the same catalog, the same marker
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(folder)) {
    const std::string relative = entry.path().lexically_relative(folder).generic_string();
    if (relative == kCatalogMarker) continue;
    Json& listed = entries[relative] = {{"path", relative}};
    if (entry.is_directory()) {
      listed["folder"] = true;
      continue;
    }
    listed["size"] = entry.file_size();
    if (relative.find('/') == std::string::npos && entry.file_size() <= kHashedSize) {
      std::optional<uint64_t> hash = file_hash(entry.path());
      if (!hash) throw std::runtime_error(entry.path().string() + ": cannot read the file back");
      listed["xxh3"] = *hash;
    }
  }
  Json marker = {{"format", kFormat}, {"rules", counts.rules}, {"files", counts.files}, {"entries", Json::array()}};
  for (auto& [relative, listed] : entries) marker["entries"].push_back(std::move(listed));
  return marker.dump(1) + "\n";
}

std::optional<std::string> why_not_replaceable(const fs::path& folder) {
  std::error_code ec;
  const fs::file_status status = fs::status(folder, ec);
  if (!fs::exists(status)) return std::nullopt;
  if (!fs::is_directory(status)) return "exists and is not a folder";
  if (fs::is_empty(folder, ec) && !ec) return std::nullopt;
  std::string problem;
  std::optional<Marker> marker = read_marker(folder, problem);
  if (!marker) return "is not a ruledex catalog: " + problem;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string relative = it->path().lexically_relative(folder).generic_string();
    if (relative != kCatalogMarker && !is_database_side_file(relative) && !marker->entries.contains(relative))
      return "holds " + relative + ", which is no part of the catalog";
  }
  if (ec) return "cannot be read: " + ec.message();
  return std::nullopt;
}

std::optional<std::string> catalog_damage(const fs::path& folder) {
  std::string problem;
  std::optional<Marker> marker = read_marker(folder, problem);
  if (!marker) return problem;
  for (const auto& [relative, listed] : marker->entries) {
    const fs::path path = folder / relative;
    std::error_code ec;
    if (listed.folder) {
      if (!fs::is_directory(path, ec)) return relative + " is missing";
      continue;
    }
    const uintmax_t size = fs::file_size(path, ec);
    if (ec) return relative + " is missing";
    if (size != listed.size) return relative + " changed size";
    if (listed.hash && file_hash(path) != listed.hash) return relative + " changed";
  }
  return database_damage(folder / "catalog.db", marker->counts);
}

}  // namespace ruledex
