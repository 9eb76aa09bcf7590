#pragma once
// Lowering: a YARA-L syntax tree -> the neutral model's stages, predicates and
// output fields (model/rule.h).
//
// Stages: `events` (one per event variable when there are several, plus a
// `join` stage for the statements that tie event variables together or only
// test placeholders), `match`, `outcome`, `condition`, in rule order.
//
// Predicates: every comparison of the events and condition sections, flat (an
// `or` keeps its operands as separate predicates, as the KQL lowering does).
// The field is the UDM path without the event variable (`metadata.event_type`);
// `nocase` and strings.to_lower/to_upper make a predicate case-insensitive,
// otherwise YARA-L compares strings case-sensitively; `!=` and `not` negate.
// re.regex, strings.contains/starts_with/ends_with and net.ip_in_range_cidr
// are predicates on their first argument. Indicators are the predicates that
// compare an event field with literals, or with the values of a reference list
// the repository ships. Comparisons with placeholders or other event fields
// are bindings and joins: not indicators; their values hold the other side as
// written ($user, $e2.principal.ip), and a join between two event variables
// keeps the variables in its field too, so that the page shows both ends.
//
// Output fields: outcome variables (stage `outcome`; $risk_score with the role
// "alerting score") and match variables (stage `match`).
//
// Logic: one selection per events stage (`$e`, or `join`), all of its
// statements with and/or/not as written (negation pushed down to the negated
// predicates); functions the predicates do not cover are opaque leaves. Shape
// multi_event with `match` (group_by the match variables, window from `over`;
// a selection's `by` the fields its placeholders bind), else filter; the
// condition section is the condition tree (`$e` count >= 1, `#e`/`#placeholder`
// count leaves, outcome tests opaque).

#include <functional>
#include <memory>
#include <string_view>

#include "model/rule.h"
#include "yaral/ast.h"
#include "yaral/reference_lists.h"

namespace ruledex::yaral {

struct LowerOptions {
  // Resolves `%name`; null or returning null: the list's values are unknown.
  std::function<std::shared_ptr<const ReferenceList>(std::string_view name)> find_list;
};

// `ast` is the parse of `rule.query`; positions are reported at rule.query_line onwards.
void lower(const RuleAst& ast, Rule& rule, const LowerOptions& options = {});

}  // namespace ruledex::yaral
