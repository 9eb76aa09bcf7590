#pragma once
// The rule page (the sections of `ruledex show`) as a format-neutral Document.

#include <functional>
#include <string>
#include <vector>

#include "model/rule.h"
#include "render/document.h"

namespace ruledex::render {

// Where a page that is part of a site (the static HTML catalog) links to; each
// returns a relative href, or "" for no link. Unset members link nothing.
struct PageLinks {
  std::function<std::string(const Technique&)> technique;
  std::function<std::string(const Rule&, size_t same_action)> same_action;  // index into Rule::same_action
  // The rules counted in Predicate::corpus[value]. Set: indicators are listed one value a row.
  std::function<std::string(const Predicate&, size_t value)> corpus;
  std::function<std::string(const std::string& field)> field;  // the rules comparing a field (indicator rows)
  std::function<std::string(const ItemRef&)> item;             // a story, macro or lookup page
};

// One rule: the page titled with the rule. Several rules (the queries of one
// file): a page titled with the file, one part per rule.
Document rules_page(const std::vector<Rule>& rules, const PageLinks& links = {});

}  // namespace ruledex::render
