#pragma once
// A predicate compiled for evaluation: which field, how its values compare,
// and what it means when the field is absent.

#include <cstdint>
#include <string>
#include <vector>

#include "eval/field_index.h"
#include "eval/value_test.h"

namespace ruledex::eval {

struct Leaf {
  enum class Kind : uint8_t {
    values,   // some value of the field passes some test (every test with every_test)
    exists,   // the field is present with a non-empty value
    field_equals,  // some value equals some value of one of other_fields (Sigma |fieldref)
    unknown,  // the evaluator cannot decide it: `reason`
  };
  // How the language reads a field the event lacks (for Kind::values).
  enum class Absent : uint8_t {
    no_value,  // no value passes a test; negation then applies (Sigma, Lucene, EQL)
    empty,     // one empty string (KQL's empty strings, UDM's default values)
    null,      // a null comparison: false whatever the negation (SQL, ES|QL, SPL's where;
               // exact because the front ends push negation into the predicate)
    inverted,  // the comparison itself needs the field (SPL's search `f!=v`): absent
               // makes the negated leaf false and the plain one (under NOT) true
  };
  Kind kind = Kind::values;
  Absent absent = Absent::no_value;
  uint32_t field = kNoField;  // kNoField with any_field: a keyword, over every value of the event
  bool any_field = false;
  bool negated = false;
  bool every_test = false;    // has_all, Sigma |all inside one predicate
  ValueTests tests;
  std::vector<uint32_t> other_fields;
  std::string reason;         // unknown: why

  Truth evaluate(const EventView& view) const;
  Truth when_absent() const;  // Kind::values over a field the event lacks, by `absent`
  // Alternatives, one of which every match contains; empty when none is known.
  std::vector<RequiredLiteral> required_literals() const;
};

}  // namespace ruledex::eval
