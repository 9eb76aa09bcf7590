#pragma once
// How one predicate compares one event value: the operators of the model
// with each language's case, wildcard, term and regex rules already chosen
// when the rule is compiled (see semantics.h).

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/truth.h"
#include "events/event.h"
#include "match/literal_set.h"

namespace ruledex::eval {

// A literal every match contains somewhere in the field's value (a prefilter
// looks for it before the rule is evaluated); caseless when the test ignores
// ASCII case.
struct RequiredLiteral {
  using Anchor = match::LiteralSet::Anchor;
  std::string text;
  bool caseless = true;
  Anchor anchor = Anchor::anywhere;  // where in the value: anywhere, its start, its end, all of it
};

// Whether a prefilter may look for the literal: any but an empty one, which
// every value holds (and an absent field may count as the empty value).
inline bool selective(const RequiredLiteral& literal) { return !literal.text.empty(); }

// Alternatives are worth as much as the shortest of them: its length (SIZE_MAX
// for none). `literal_of` gives the RequiredLiteral of an element.
template <typename Literals, typename LiteralOf>
size_t weakest(const Literals& literals, LiteralOf literal_of) {
  size_t shortest = SIZE_MAX;
  for (const auto& element : literals) shortest = std::min(shortest, literal_of(element).text.size());
  return shortest;
}

class ValueTest {
 public:
  virtual ~ValueTest() = default;
  virtual Truth test(const events::Event::Field& value) const = 0;
  // Literals one of which every passing value contains; none when no literal
  // is known to be required (a comparison of numbers).
  virtual std::vector<RequiredLiteral> required_literals() const { return {}; }
  // The literal when the test passes exactly for the values that contain it
  // (a plain `contains`): such tests of one leaf are searched together.
  virtual std::optional<RequiredLiteral> exact_substring() const { return std::nullopt; }
};

using ValueTests = std::vector<std::unique_ptr<ValueTest>>;

}  // namespace ruledex::eval
