#pragma once
// What makes a folder a ruledex catalog: OUT/.ruledex-catalog, the marker
// every build writes last. It holds a format id, the catalog's counts and
// every entry the build wrote (files with their sizes, small files at the top
// with an XXH3 hash too). A folder is a catalog only with a valid marker that
// lists everything in it: a build never replaces or empties a folder holding
// anything ruledex did not write there.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ruledex {

inline constexpr std::string_view kCatalogMarker = ".ruledex-catalog";

struct CatalogCounts {
  uint64_t rules = 0;
  uint64_t files = 0;  // rule files read
};

// The marker's text for the finished catalog in folder, listing every entry in it.
std::string catalog_marker(const std::filesystem::path& folder, const CatalogCounts& counts);

// Why a build may not put a catalog in folder's place; nullopt when folder
// does not exist, is empty or is a catalog.
std::optional<std::string> why_not_replaceable(const std::filesystem::path& folder);

// Why the catalog in folder is damaged, checked cheaply: the marker, every
// listed entry there with its size and hash, catalog.db opening read-only with
// the recorded counts. nullopt when intact.
std::optional<std::string> catalog_damage(const std::filesystem::path& folder);

}  // namespace ruledex
