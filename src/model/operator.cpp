#include "model/operator.h"

#include <array>

namespace ruledex {
namespace {

constexpr std::array<std::string_view, 17> kNames = {
    "eq",  "contains", "startswith", "endswith", "has", "has_any", "has_all", "in",      "regex",
    "wildcard", "cidr", "lt",         "le",       "gt",  "ge",      "between", "exists",
};

}  // namespace

std::string_view to_string(Op op) { return kNames[static_cast<size_t>(op)]; }

std::optional<Op> op_from_string(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<Op>(i);
  return std::nullopt;
}

std::string_view comparison_symbol(Op op, bool negated) {
  switch (op) {
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    default: return negated ? "!=" : "==";
  }
}

std::optional<Op> ordering_op(std::string_view symbol) {
  if (symbol == "<") return Op::lt;
  if (symbol == "<=") return Op::le;
  if (symbol == ">") return Op::gt;
  if (symbol == ">=") return Op::ge;
  return std::nullopt;
}

Op mirrored(Op op) {
  switch (op) {
    case Op::lt: return Op::gt;
    case Op::le: return Op::ge;
    case Op::gt: return Op::lt;
    case Op::ge: return Op::le;
    default: return op;
  }
}

}  // namespace ruledex
