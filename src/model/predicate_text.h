#pragma once
// A predicate as one line of text, for test expectations that read like the
// rule page: "field op [not] [nocase] 'value'... [indicator] @stage".

#include <string>

#include "model/rule.h"

namespace ruledex {

inline std::string predicate_text(const Predicate& p) {
  std::string line = p.field + " " + std::string(to_string(p.op));
  if (p.negated) line += " not";
  if (!p.case_sensitive) line += " nocase";
  for (const std::string& value : p.values) line += " '" + value + "'";
  if (p.indicator) line += " indicator";
  return line + " @" + std::to_string(p.stage);
}

}  // namespace ruledex
