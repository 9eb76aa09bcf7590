#pragma once
// Hand-built rules for the catalog tests.

#include <string>
#include <vector>

#include <filesystem>
#include <random>

#include "catalog/catalog.h"
#include "model/rule.h"

namespace ruledex::testing {

inline Predicate indicator(std::string field, Op op, std::vector<std::string> values, bool negated = false,
                           bool case_sensitive = false) {
  Predicate p;
  p.field = std::move(field);
  p.op = op;
  p.values = std::move(values);
  p.negated = negated;
  p.case_sensitive = case_sensitive;
  p.indicator = true;
  return p;
}

inline Rule rule(std::string id, std::string platform, std::vector<std::string> data_sources,
                 std::vector<Predicate> predicates) {
  Rule r;
  r.id = id;
  r.name = "rule " + id;
  r.platform = std::move(platform);
  r.language = r.platform == "sentinel" || r.platform == "defender" ? "kql" : r.platform;
  r.data_sources = std::move(data_sources);
  r.predicates = std::move(predicates);
  return r;
}

// A catalog with one file per rule, named after the rule id.
inline Catalog catalog_of(std::vector<Rule> rules) {
  Catalog catalog;
  for (uint32_t r = 0; r < rules.size(); ++r) {
    rules[r].file = rules[r].id + ".yaml";
    catalog.files.push_back({rules[r].file, true, "test", rules[r].platform, {}, r, 1});
  }
  catalog.rules = std::move(rules);
  return catalog;
}

// A fresh empty folder under the system temp folder, removed at scope exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device random;
    path = std::filesystem::temp_directory_path() / ("ruledex-catalog-test-" + std::to_string(random()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace ruledex::testing
