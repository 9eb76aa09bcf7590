#pragma once
// Lowering: an EQL syntax tree -> the neutral model (model/rule.h).
//
// Stages: `source` (the rule's index patterns, when it has any); for a
// sequence or sample a `sequence`/`sample` stage whose text is its header
// (`sequence by host.id with maxspan=1m`, the shared join keys); one `where`
// stage per event query or step (`until` for the until step) whose text runs
// through the step's own `by` keys; then one stage per pipe named after it
// (head, tail, filter, unique, ...). Join keys are not output fields: an EQL
// rule emits its events, and its highlighted fields come from the rule's
// investigation fields.
//
// The event category of each step is a predicate `event.category eq <cat>`
// (case-sensitive, an indicator; none for `any`).
//
// Predicates, flat (or keeps its operands apart), `not` negating what it
// covers. Shared vocabulary:
//   `:`          eq, case-insensitive; wildcard when a value holds `*`; a list is `in`
//   `==` `!=`    eq, case-sensitive (`!=` negated); `== null` / `!= null` are exists
//   `in` `in~`   in, case-sensitive / case-insensitive; `not in` negated
//   `like(~)`    wildcard;  `regex(~)` regex; `<` `<=` `>` `>=` lt/le/gt/ge
//   startsWith, endsWith, stringContains (and their `~` forms), cidrMatch:
//                startswith, endswith, contains, cidr on their first argument
// EQL functions compare case-sensitively unless written with `~`. Indicators
// are fields compared with literals only; optional fields (`?f`) count too.
// The predicates of a missing step (`![ ... ]`) are negated: that event must not occur.
//
// Logic: one selection per event query or step, its tree all(category,
// condition) with and/or/not as written; a comparison with something other
// than literals, an unknown function or a bare value is an opaque leaf (a
// comparison keeps its predicate, in no tree). An event query's selection is
// named after its category ("process", "any"); a sequence's (or sample's,
// subtype "sample") are "step N", their `by` the sequence's keys followed by
// the step's own, `runs` from `with runs=N`; `until` is one more selection
// with until set. The rule's group_by is the sequence's keys, its window the
// maxspan. A missing step is the selection "missing step N" whose root is the
// event that must not occur; that and a `| filter` over a sequence make the
// condition opaque. `| filter` on an event query is ANDed into its
// selection; head, tail and the other pipes do not change which events match.

#include "eql/ast.h"
#include "model/rule.h"

namespace ruledex::eql {

// `ast` is the parse of `rule.query`; stage lines count from rule.query_line.
void lower(const QueryAst& ast, Rule& rule);

}  // namespace ruledex::eql
