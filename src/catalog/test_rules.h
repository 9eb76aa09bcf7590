#pragma once
// Hand-built rules for the catalog tests.

#include <string>
#include <vector>

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

}  // namespace ruledex::testing
