#pragma once
// How one predicate compares one event value: the operators of the model
// with each language's case, wildcard, term and regex rules already chosen
// when the rule is compiled (see semantics.h).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/truth.h"
#include "events/event.h"

namespace ruledex::eval {

// A literal every match contains somewhere in the field's value (a prefilter
// looks for it before the rule is evaluated); caseless when the test ignores
// ASCII case.
struct RequiredLiteral {
  std::string text;
  bool caseless = true;
};

class ValueTest {
 public:
  virtual ~ValueTest() = default;
  virtual Truth test(const events::Event::Field& value) const = 0;
  // Nothing when no literal is required (a regex, a comparison of numbers).
  virtual std::optional<RequiredLiteral> required_literal() const { return std::nullopt; }
};

using ValueTests = std::vector<std::unique_ptr<ValueTest>>;

}  // namespace ruledex::eval
