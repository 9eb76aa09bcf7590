#pragma once
// Lowering a Sigma rule into the neutral model. Stages: `logsource`, then
// `detection` (or `filter`) with every predicate, `condition`, `correlation`
// for correlation rules, and `fields`. A search identifier used under `not`
// yields negated predicates; one used both ways yields both. Sigma matches
// strings case-insensitively unless `|cased`; regular expressions are
// case-sensitive unless `|re|i`. Predicates keep the modifiers as written.
// A predicate's values are alternatives (any of them), except with `|all`,
// which makes one predicate per value.
//
// Logic: a selection `detection` (or `filter`): the condition over the search
// identifiers' trees, a negated use as the De Morgan dual over the negated
// predicates (exact, every predicate a leaf). A legacy `| count()` makes the
// aggregate shape; a correlation the correlation shape (temporal_ordered:
// sequence) with one selection per base rule.

#include "model/rule.h"
#include "sigma/sigma_document.h"

namespace ruledex::sigma {

// Fills rule.stages, predicates, output_fields and metadata from `document`,
// read from rule.query, and turns its messages (and the lowering's own, such
// as a condition naming an unknown search identifier) into diagnostics at
// file positions (rule.query_line is the file line of the text's first line).
void lower(const SigmaDocument& document, Rule& rule);

}  // namespace ruledex::sigma
