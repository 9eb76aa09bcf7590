#pragma once
// A rule's logic (model/logic.h) as an indented outline, one node per line:
// the rule page's "Logic" section in every output format.

#include <string>

#include "model/rule.h"

namespace ruledex::render {

// Empty when the rule has no selections (the front end said nothing).
std::string logic_outline(const Rule& rule);

// One predicate as outline text: `Image endswith (nocase) "\x.exe", "\y.exe"`.
std::string predicate_outline(const Predicate& predicate);

}  // namespace ruledex::render
