#include "eval/leaf.h"

#include <iterator>

namespace ruledex::eval {
namespace {

// Some value of the field (of the event, for a keyword) passes `test`.
Truth some_value(const Leaf& leaf, const EventView& view, const ValueTest& test) {
  Truth result = Truth::no;
  auto check = [&](const events::Event::Field& value) {
    Truth t = test.test(value);
    if (t == Truth::unknown) result = Truth::unknown;
    return t == Truth::yes;
  };
  if (leaf.any_field) {
    const events::Event& event = view.event();
    for (size_t i = 0; i < event.size(); ++i)
      if (check(event.field(i))) return Truth::yes;
    return result;
  }
  return view.any_value(leaf.field, check) ? Truth::yes : result;
}

bool equals_other_field(const Leaf& leaf, const EventView& view) {
  for (uint32_t other : leaf.other_fields) {
    bool equal = view.any_value(leaf.field, [&](const events::Event::Field& value) {
      return view.any_value(other, [&](const events::Event::Field& o) { return o.value == value.value; });
    });
    if (equal) return true;
  }
  return false;
}

bool present(const Leaf& leaf, const EventView& view) {
  return view.any_value(leaf.field, [](const events::Event::Field& value) {
    return value.type != events::ValueType::null && !value.value.empty();
  });
}

// The tests combined: some passes (every one with every_test).
template <typename Each>
Truth combine(const Leaf& leaf, Each&& each) {
  return junction(leaf.every_test, leaf.tests, [&](const auto& test) { return each(*test); });
}

}  // namespace

Truth Leaf::evaluate(const EventView& view) const {
  Truth result = Truth::unknown;
  switch (kind) {
    case Kind::unknown: return Truth::unknown;
    case Kind::exists: result = from_bool(present(*this, view)); break;
    case Kind::field_equals: result = from_bool(equals_other_field(*this, view)); break;
    case Kind::values:
      if (!any_field && absent != Absent::no_value && !view.has(field)) return when_absent();
      result = combine(*this, [&](const ValueTest& test) { return some_value(*this, view, test); });
      break;
  }
  return negated ? negate(result) : result;
}

Truth Leaf::when_absent() const {
  switch (absent) {
    case Absent::null: return Truth::no;
    case Absent::inverted: return from_bool(!negated);
    default: break;
  }
  const events::Event::Field empty{"", "", events::ValueType::string};
  Truth result = combine(*this, [&](const ValueTest& test) { return test.test(empty); });
  return negated ? negate(result) : result;
}

std::vector<RequiredLiteral> Leaf::required_literals() const {
  if (kind != Kind::values || negated || tests.empty()) return {};
  const auto itself = [](const RequiredLiteral& l) -> const RequiredLiteral& { return l; };
  std::vector<RequiredLiteral> out;
  for (const auto& test : tests) {
    std::vector<RequiredLiteral> literals = test->required_literals();
    if (every_test) {
      // Every test must pass, so any one's literals are required: keep those whose shortest is longest.
      if (!literals.empty() && (out.empty() || weakest(literals, itself) > weakest(out, itself))) out = std::move(literals);
      continue;
    }
    if (literals.empty()) return {};  // a test that needs no literal can pass without any
    out.insert(out.end(), std::make_move_iterator(literals.begin()), std::make_move_iterator(literals.end()));
  }
  return out;
}

}  // namespace ruledex::eval
