#pragma once
// OUT/catalog.db: the catalog as a SQLite database users query directly.
// The schema is a public interface (README, "Catalog database"); raise
// kCatalogSchemaVersion whenever a table or column changes meaning or goes away.

#include <filesystem>
#include <string_view>

#include "catalog/catalog.h"

namespace ruledex {

class AttackCatalog;

inline constexpr int kCatalogSchemaVersion = 1;

// The CREATE statements of the schema, as documented.
std::string_view catalog_schema_sql();

// Writes a new database at path (which must not exist) in one transaction.
// Throws std::runtime_error on SQLite or I/O errors.
void write_catalog_db(const std::filesystem::path& path, const Catalog& catalog, const AttackCatalog* attack);

}  // namespace ruledex
