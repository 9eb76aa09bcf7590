#pragma once
// ARM template expressions ("[concat(parameters('workspace'), '/x')]"): a
// parser and evaluator for the functions rule templates apply to strings,
// parameters and variables. What only a deployment knows (newGuid(),
// resourceId(), uniqueString(), reference(), a parameter without a default)
// is kept as its text and marks the value inexact.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "readers/json_values.h"

namespace ruledex::readers {

struct ArmValue {
  Json value;
  // False when a part is only known at deployment; `value` then holds that
  // part's expression text in its place, and `unknown` names the first one.
  bool exact = true;
  std::string unknown = {};
  std::string error = {};  // set when the expression is not valid ARM syntax
};

// The parameters and variables a template declares (names case-insensitive,
// as in ARM); a nested template (template spec, content template) sees its
// own first, then its outer template's.
class ArmScope {
 public:
  explicit ArmScope(const Json& template_json, const ArmScope* outer = nullptr);

  // A string as ARM reads it: "[expr]" evaluated, "[[..." the literal "[...",
  // anything else as written.
  ArmValue evaluate_string(std::string_view text) const;

  // Every string of `value` evaluated; a string that cannot be evaluated
  // exactly is kept as written and listed in `kept`.
  struct Kept {
    std::string text;
    std::string error;  // empty: only known at deployment; else why it is invalid
  };
  Json evaluate_deep(const Json& value, std::vector<Kept>& kept) const;

  const Json* parameter(std::string_view name) const;
  const Json* variable(std::string_view name) const;

  // Bounds variables and parameters referring to each other.
  int& depth() const { return root().depth_; }
  // A parameter's default or a variable's value, evaluated once: variables
  // built from variables twice over stay linear.
  std::map<const Json*, ArmValue>& memo() const { return root().memo_; }
  // The bytes of values built so far: bounds the work a hostile template
  // (variables fanning out into variables) can cause.
  size_t& built() const { return root().built_; }

 private:
  const ArmScope& root() const { return outer_ ? outer_->root() : *this; }

  Json parameters_ = Json::object();
  Json variables_ = Json::object();
  const ArmScope* outer_ = nullptr;
  mutable int depth_ = 0;
  mutable std::map<const Json*, ArmValue> memo_;
  mutable size_t built_ = 0;
};

}  // namespace ruledex::readers
