#pragma once
// A built catalog in memory: every rule of every file, in file order, with
// the cross-rule facts (corpus counts, same action) filled in.

#include <string>
#include <vector>

#include "catalog/same_action.h"
#include "model/rule.h"

namespace ruledex {

struct CatalogFile {
  std::string path;
  bool recognised = false;
  std::string format;    // what the file was recognised as: sentinel-yaml, kql-markdown, license, ...
  std::string platform;  // when known, also for files that hold no rule
  std::vector<Diagnostic> diagnostics;  // problems that belong to no single rule
  uint32_t first_rule = 0;              // its rules are rules[first_rule, first_rule + rule_count)
  uint32_t rule_count = 0;
  uint32_t first_item = 0;              // its repository items are items[first_item, first_item + item_count)
  uint32_t item_count = 0;
};

struct Catalog {
  std::vector<CatalogFile> files;
  std::vector<Rule> rules;
  std::vector<std::vector<ActionPeer>> same_action;  // by rule position, aligned with Rule::same_action
  // Stories, macros and lookups, in file order; by item position, the
  // positions of the rules naming it (Rule::items).
  std::vector<RepositoryItem> items;
  std::vector<std::vector<uint32_t>> item_rules;
};

}  // namespace ruledex
