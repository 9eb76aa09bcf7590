#pragma once
// `ruledex build`: every file below the inputs analysed on all cores (reusing
// the cached analysis of unchanged files), the catalog-wide facts filled in,
// and the outputs written into a temporary folder renamed into place:
// OUT/catalog.db, OUT/rules.ndjson, OUT/attack-layer.json, OUT/cache/, and
// last OUT/.ruledex-catalog, the marker that makes OUT a catalog (catalog_folder.h).
// OUT is never an input or a folder holding one, and never replaces a folder
// that is not a catalog; an OUT that is a symlink is built at its target.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ruledex {

class AttackCatalog;
struct Catalog;

struct BuildProgress {
  bool writing = false;  // analysis done, outputs being written
  size_t files_done = 0;
  size_t files_total = 0;
  size_t rules = 0;  // rules analysed or reused so far
  std::chrono::duration<double> elapsed{};
};

struct BuildOptions {
  std::vector<std::filesystem::path> inputs;
  std::filesystem::path out;
  std::optional<std::filesystem::path> attack_file;
  std::optional<std::filesystem::path> schemas_file;
  std::optional<std::filesystem::path> families_file;  // default: the built-in data/action_families.json
  unsigned jobs = 0;                                   // 0: one per core
  bool force = false;  // ignore the cache: analyse every file and write every output
  std::string tool_identity;  // what built the tool; a changed tool invalidates the cache
  // Called on the calling thread about ten times a second while files are analysed.
  std::function<void(const BuildProgress&)> progress;
  // More outputs (the static site): written into the build's temporary folder,
  // on a thread of their own beside the other writers, before the folder takes
  // OUT's place; throwing fails the build. attack may be null.
  std::function<void(const Catalog&, const AttackCatalog* attack, const std::filesystem::path& folder)>
      extra_outputs;
};

struct BuildReport {
  bool up_to_date = false;  // nothing changed: the catalog was left as it was
  size_t files = 0;
  size_t files_reused = 0;  // taken from the cache
  size_t rules = 0;
  size_t rules_with_errors = 0;
  std::vector<std::string> failures;  // file:line:column: message, for every error
  size_t damaged_cache_entries = 0;   // failed their checksums: analysed again
  // One line each about the build itself: damaged cache entries, a damaged catalog rebuilt.
  std::vector<std::string> notes;
};

// Usage and I/O problems (missing input, unwritable OUT, bad --attack file).
struct BuildError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

BuildReport build_catalog(const BuildOptions& options);

}  // namespace ruledex
