#pragma once
// OUT/cache/analysis.bin: the analysis of every file of the last build, keyed
// by path and content hash, so a rebuild re-analyses only changed files.
// The analysis key (tool build, --attack and --schemas contents) must match
// for any entry to be used; the build key (analysis key plus everything else
// that shapes the outputs) tells whether a catalog is up to date as a whole.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"

namespace ruledex {

// A fast 64-bit content hash (XXH3, not cryptographic).
uint64_t content_hash(std::string_view bytes);

// What a build reported, kept so an up-to-date rebuild can report it again.
struct BuildSummary {
  uint64_t rules = 0;
  uint64_t rules_with_errors = 0;
  std::vector<std::string> failures;
};

// The analysis of one file as the cache keeps it.
struct CachedFile {
  std::string path;
  uint64_t hash = 0;
  bool recognised = false;
  std::string format;
  std::string platform;
  std::vector<Diagnostic> diagnostics;
  std::vector<Rule> rules;  // as analysed, before catalog-wide facts
  std::vector<RepositoryItem> items;
};

// A lookup: the entry when its content hash matches; damaged when an entry
// for the path was there but failed its checksum or did not decode.
struct CacheLookup {
  std::optional<CachedFile> file;
  bool damaged = false;
};

// The cache file is untrusted input: every entry and the index carry an XXH3
// checksum, a mismatch is a miss, and decoding is bounded by the bytes there are.
class AnalysisCache {
 public:
  // ignore: for the fuzzer only, which cannot forge checksums but must reach the decoder.
  enum class Checksums { verify, ignore };

  // An empty cache when the file is missing, unreadable, of another format,
  // damaged (then damaged() is true) or written under another analysis key.
  // The file is mapped, not read: an up-to-date check touches only its index.
  static AnalysisCache load(const std::filesystem::path& path, std::string_view analysis_key);
  // The same on the bytes of a cache file.
  static AnalysisCache parse(std::string bytes, std::string_view analysis_key, Checksums checksums = Checksums::verify);

  // Saves the analysis of every file of a catalog (before catalog-wide facts,
  // which are not kept); hashes are by file. Throws std::runtime_error on I/O errors.
  static void save(const std::filesystem::path& path, std::string_view analysis_key, std::string_view build_key,
                   const BuildSummary& summary, const Catalog& catalog, const std::vector<uint64_t>& hashes);

  void clear() { *this = AnalysisCache(); }

  bool empty() const { return entries_.empty(); }
  // The file had the cache's format but its index failed the checks.
  bool damaged() const { return damaged_; }
  const std::string& build_key() const { return build_key_; }
  const BuildSummary& summary() const { return summary_; }
  // The files of the cached build, in order, with their hashes.
  const std::vector<std::pair<std::string, uint64_t>>& files() const { return order_; }

  // The cached analysis of a file when its content hash matches. Thread-safe.
  CacheLookup find(const std::string& path, uint64_t hash) const;

 private:
  struct Entry {
    uint64_t hash = 0;
    size_t offset = 0;
    size_t size = 0;
    uint64_t checksum = 0;  // XXH3 of the entry's bytes
  };
  struct Mapping;
  static AnalysisCache decode(std::shared_ptr<const void> owner, std::string_view bytes, std::string_view analysis_key,
                              Checksums checksums);

  std::shared_ptr<const void> owner_;  // keeps payload_'s bytes alive
  std::string_view payload_;           // the encoded files
  bool verify_ = true;
  bool damaged_ = false;
  std::string build_key_;
  BuildSummary summary_;
  std::vector<std::pair<std::string, uint64_t>> order_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace ruledex
