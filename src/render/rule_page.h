#pragma once
// The rule page (the sections of `ruledex show`) as a format-neutral Document.

#include <vector>

#include "model/rule.h"
#include "render/document.h"

namespace ruledex::render {

// One rule: the page titled with the rule. Several rules (the queries of one
// file): a page titled with the file, one part per rule.
Document rules_page(const std::vector<Rule>& rules);

}  // namespace ruledex::render
