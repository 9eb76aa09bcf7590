#pragma once
// `ruledex search`: full-text search (FTS5 query syntax) over a built catalog,
// narrowed by filters that all have to hold.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ruledex {

struct SearchFilters {
  std::optional<std::string> platform = {};     // sentinel, defender, ... (any case)
  std::optional<std::string> technique = {};    // T1059 also matches its sub-techniques
  std::optional<std::string> tactic = {};       // name, shortname or id (TA0006, with an ATT&CK catalog)
  std::optional<std::string> field = {};        // a predicate field (any case)
  std::optional<std::string> value = {};        // a predicate value (any case); on --field when both are given
  std::optional<std::string> data_source = {};  // a table, index or log source (any case)
  std::optional<std::string> severity = {};
  std::optional<std::string> item = {};         // a story, macro or lookup the rule names (any case)
};

struct SearchHit {
  int64_t catalog_id = 0;  // rules.id in catalog.db
  std::string rule_id;
  std::string name;
  std::string platform;
  std::string severity;
  std::string file;
  uint32_t line = 0;
  uint32_t query_index = 0;
  std::vector<std::string> techniques;
};

// A missing, foreign or damaged catalog, an invalid or too large full-text
// query, an invalid filter, or a search that ran past its time.
struct SearchError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// FTS5's time grows with every term of a query and with every prefix term's
// expansion: larger queries are refused before they run. Far above what a
// person types; the timeout bounds the rest.
constexpr size_t kMaxQueryBytes = 1000;
constexpr size_t kMaxQueryTerms = 64;   // words, also those inside "phrases"
constexpr size_t kMaxPrefixTerms = 16;  // word*
constexpr std::chrono::milliseconds kDefaultSearchTimeout{5000};

// `catalog` is the build's OUT folder or its catalog.db. An empty query lists
// every rule the filters keep. Best matches first (bm25), else by name.
std::vector<SearchHit> search_catalog(const std::filesystem::path& catalog, std::string_view query,
                                      const SearchFilters& filters, size_t limit = 0,
                                      std::chrono::milliseconds timeout = kDefaultSearchTimeout);

}  // namespace ruledex
