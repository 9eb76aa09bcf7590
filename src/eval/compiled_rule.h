#pragma once
// A rule ready to meet events: its predicates compiled into leaves, its
// logic trees evaluated three-valued over an EventView.

#include <cstdint>
#include <string>
#include <vector>

#include "eval/field_index.h"
#include "eval/leaf.h"
#include "eval/truth.h"
#include "model/rule.h"

namespace ruledex::eval {

class CompiledRule {
 public:
  // `rule` must outlive this object.
  CompiledRule(const Rule& rule, FieldNames& names);

  const Rule& rule() const { return *rule_; }
  // Whether the front end gave the rule a logic at all.
  bool has_logic() const { return !rule_->logic.selections.empty(); }

  Truth selection(uint32_t index, const EventView& view) const;
  // A filter's verdict: every selection holds (a pipeline of filters).
  Truth filter(const EventView& view) const;

  // Why `selection` did not hold (or was unknown) for this event: the first
  // leaf or opaque node that decided it, as one line.
  std::string why_not(uint32_t selection, const EventView& view) const;

  // Alternatives one of which every match of `selection` contains in the
  // named field (or anywhere, for keywords); empty when none is known.
  struct FieldLiteral {
    uint32_t field;  // kNoField: any field
    RequiredLiteral literal;
  };
  std::vector<FieldLiteral> required_literals(uint32_t selection) const;

  // Ids of the fields the rule's leaves read (for stateful keys too).
  FieldNames* names() const { return names_; }

 private:
  Truth node(uint32_t index, const EventView& view) const;
  std::string why(uint32_t index, const EventView& view, bool wanted) const;
  bool required(uint32_t index, std::vector<FieldLiteral>& out) const;
  std::string describe(uint32_t predicate, const EventView& view) const;

  const Rule* rule_;
  FieldNames* names_;
  std::vector<Leaf> leaves_;  // per predicate
};

}  // namespace ruledex::eval
