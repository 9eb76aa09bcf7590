#include "eval/semantics.h"

#include "eval/semantics_common.h"

namespace ruledex::eval {

Leaf unknown_leaf(std::string reason) {
  Leaf leaf;
  leaf.kind = Leaf::Kind::unknown;
  leaf.reason = std::move(reason);
  return leaf;
}

Leaf leaf_for(const Predicate& predicate, FieldNames& names) {
  Leaf leaf;
  leaf.negated = predicate.negated;
  leaf.any_field = predicate.field.empty();
  if (!leaf.any_field) leaf.field = names.intern(predicate.field);
  if (predicate.op == Op::exists) leaf.kind = Leaf::Kind::exists;
  return leaf;
}

bool add_number_tests(const Predicate& predicate, Leaf& leaf) {
  std::vector<match::Number> numbers;
  for (const std::string& value : predicate.values) {
    std::optional<match::Number> number = match::Number::parse(value);
    if (!number) {
      leaf = unknown_leaf("`" + value + "` is not a number");
      return false;
    }
    numbers.push_back(*number);
  }
  if (predicate.op == Op::between) {
    if (numbers.size() != 2) {
      leaf = unknown_leaf("between needs two bounds");
      return false;
    }
    leaf.tests.push_back(between_test(numbers[0], numbers[1]));
    return true;
  }
  for (const match::Number& number : numbers) leaf.tests.push_back(number_test(predicate.op, number));
  return true;
}

bool add_cidr_test(const Predicate& predicate, Leaf& leaf) {
  std::string error;
  std::unique_ptr<ValueTest> test = cidr_test(predicate.values, error);
  if (!test) {
    leaf = unknown_leaf("invalid CIDR: " + error);
    return false;
  }
  leaf.tests.push_back(std::move(test));
  return true;
}

bool add_regex_tests(const Predicate& predicate, RegexOptions options, Leaf& leaf) {
  for (const std::string& value : predicate.values) {
    std::string error;
    std::unique_ptr<ValueTest> test = regex_test(value, options, error);
    if (!test) {
      leaf = unknown_leaf("regex does not compile: " + error);
      return false;
    }
    leaf.tests.push_back(std::move(test));
  }
  return true;
}

Leaf compile_leaf(const Rule& rule, const Predicate& predicate, FieldNames& names) {
  if (rule.language == "sigma") return sigma_leaf(rule, predicate, names);
  return generic_leaf(rule, predicate, names);
}

}  // namespace ruledex::eval
