#pragma once
// What a rule means, as plain data: for each filtering unit (a Sigma
// detection, a `where` stage, an EQL step, a YARA-L event variable) a boolean
// tree over Rule::predicates, and how the units combine into an alert.
//
// A predicate leaf holds when the event's field compares true with any of the
// predicate's values (every value for has_all), inverted when the predicate
// is negated. Negation of a whole subtree is a `not_` node.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/operator.h"
#include "model/source_range.h"

namespace ruledex {

enum class LogicKind : uint8_t {
  all,        // every child holds; no children: true
  any,        // some child holds; no children: false
  not_,       // its one child does not hold
  predicate,  // Rule::predicates[predicate]
  opaque,     // what the model cannot express: `text`, because `reason`; its value is unknown
  count,      // in RuleLogic::condition: `measure` of selection `selection`'s matches `op` `threshold`
};

// RuleLogic::nodes index meaning "none"; for a count leaf, "all selections".
inline constexpr uint32_t kNoNode = UINT32_MAX;

struct LogicNode {
  LogicKind kind = LogicKind::all;
  std::vector<uint32_t> children;  // all/any/not_: indices into RuleLogic::nodes
  uint32_t predicate = 0;          // predicate: index into Rule::predicates
  std::string text;                // opaque: the source text it stands for
  std::string reason;              // opaque: why the model cannot express it
  // count: "count" (matching events), "distinct <field>" (distinct values),
  // "sum <field>", ... of the matches of selections[selection], or of every
  // selection's matches when selection is kNoNode.
  std::string measure;
  uint32_t selection = kNoNode;
  Op op = Op::ge;  // count: lt, le, gt, ge, eq (negated: ne)
  bool negated = false;
  double threshold = 0;
  SourceRange range;  // bytes of Rule::query the node stands for
};

// One filtering unit of the rule: events it accepts are its matches.
struct Selection {
  std::string name;            // "detection", "where", "step 1", "$e1", ...
  uint32_t stage = 0;          // Rule::stages index where it is written
  uint32_t root = kNoNode;     // index into RuleLogic::nodes; kNoNode: see rule_ref
  std::string rule_ref;        // a Sigma correlation's base rule (id or name) whose matches these are
  std::vector<std::string> by; // per-selection join keys: EQL `by` fields, YARA-L fields bound to match variables
  uint32_t runs = 1;           // EQL `with runs=N`: N consecutive matches count as one step
  bool until = false;          // EQL `until`: a match ends the sequences of its key
  SourceRange range;
};

enum class LogicShape : uint8_t {
  filter,       // one event at a time: an event matches when every selection holds
  sequence,     // the selections matched in order (EQL sequence, Sigma temporal_ordered)
  correlation,  // Sigma event_count, value_count, temporal over base rules' matches
  multi_event,  // YARA-L events + match + condition over event variables
  threshold,    // Elastic threshold rule: matches counted per group
  new_terms,    // Elastic new_terms rule: the first time a value (combination) is seen
  aggregate,    // a filter, then an aggregate with a condition (summarize/stats/STATS ... | where count > N)
};

struct RuleLogic {
  LogicShape shape = LogicShape::filter;
  std::string subtype;  // correlation type as written: event_count, value_count, temporal, temporal_ordered
  std::vector<LogicNode> nodes;
  std::vector<Selection> selections;
  std::vector<std::string> group_by;  // sequence `by`, group-by, match variables' fields, threshold / new_terms fields
  std::string window;                 // as written: "5m", "1h", "maxspan=30s"
  uint64_t window_seconds = 0;        // 0: no window
  uint32_t condition = kNoNode;       // stateful shapes: the tree (of count leaves) deciding an alert
};

std::string_view to_string(LogicKind kind);
std::string_view to_string(LogicShape shape);

}  // namespace ruledex
