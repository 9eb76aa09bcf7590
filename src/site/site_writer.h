#pragma once
// The static HTML site of a catalog (OUT/site): an index with counts and
// search, a page per platform, ATT&CK tactic and technique, data source,
// field and rule, and an ATT&CK coverage matrix. Relative links only and the
// search index as a script file, so it works from file:// and any web server.

#include <cstddef>
#include <filesystem>

#include "catalog/catalog.h"

namespace ruledex {

class AttackCatalog;

struct SiteReport {
  size_t pages = 0;
  size_t bytes = 0;
};

// Writes the site into `dir`, creating it. `attack` (may be null) names
// techniques and orders the matrix. Throws std::runtime_error naming the
// file on I/O errors.
SiteReport write_site(const Catalog& catalog, const AttackCatalog* attack, const std::filesystem::path& dir);

}  // namespace ruledex
