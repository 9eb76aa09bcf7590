#include "bicep/values.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "base/json_weight.h"
#include "bicep/parser.h"

namespace ruledex::bicep {
namespace {

// Bounds variables referring to each other and deep values.
constexpr int kMaxDepth = 64;
// No deployment value comes close; a doubling chain of variables would.
constexpr size_t kMaxTextBytes = 1 << 20;
constexpr size_t kMaxBuilt = 16 << 20;

std::string as_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

bool truthy(const Json& value) { return value.is_boolean() && value.get<bool>(); }

}  // namespace

Evaluator::Evaluator(std::string_view text, const File& file) : text_(text) {
  for (const Statement& statement : file.statements)
    if ((statement.kind == StatementKind::param || statement.kind == StatementKind::var) && !statement.name.empty())
      symbols_.emplace(statement.name, &statement);
}

std::vector<std::string> Evaluator::take_kept() { return std::exchange(kept_, {}); }

Value Evaluator::kept(const Expr& expr) {
  std::string text(text_of(text_, expr));
  if (std::find(kept_.begin(), kept_.end(), text) == kept_.end()) kept_.push_back(text);
  return {Json(text), false};
}

Value Evaluator::evaluate(const Expr& expr) {
  if (depth_ > kMaxDepth || ++built_ > kMaxBuilt) return kept(expr);
  ++depth_;
  Value out;
  switch (expr.kind) {
    case ExprKind::string: {
      std::string text;
      for (size_t i = 0; i < expr.parts.size(); ++i) {
        text += expr.parts[i];
        if (i < expr.children.size()) {
          Value part = evaluate(*expr.children[i]);
          // An unknown part stays as the interpolation it was written as.
          text += part.exact ? as_text(part.json) : "${" + as_text(part.json) + "}";
          out.exact = out.exact && part.exact;
          if (text.size() > kMaxTextBytes) {
            --depth_;
            return kept(expr);
          }
        }
      }
      out.json = text;
      break;
    }
    case ExprKind::multiline: out.json = expr.parts.empty() ? "" : expr.parts.front(); break;
    case ExprKind::number:
      try {
        out.json = expr.text.find('.') == std::string::npos ? Json(std::stoll(expr.text)) : Json(std::stod(expr.text));
      } catch (const std::exception&) {
        out = kept(expr);
      }
      break;
    case ExprKind::boolean: out.json = expr.text == "true"; break;
    case ExprKind::null: out.json = nullptr; break;
    case ExprKind::identifier: out = symbol(expr); break;
    case ExprKind::object:
      out.json = Json::object();
      for (const auto& [key, value] : expr.properties) {
        Value item = evaluate(*value);
        out.json[key] = std::move(item.json);
        out.exact = out.exact && item.exact;
      }
      break;
    case ExprKind::array:
      out.json = Json::array();
      for (const ExprPtr& child : expr.children) {
        Value item = evaluate(*child);
        out.json.push_back(std::move(item.json));
        out.exact = out.exact && item.exact;
      }
      break;
    default: out = operation(expr); break;
  }
  --depth_;
  return out;
}

Value Evaluator::symbol(const Expr& expr) {
  auto found = symbols_.find(expr.text);
  // Resources, modules and loop variables, or a parameter given at deployment.
  if (found == symbols_.end() || !found->second->value) return kept(expr);
  if (auto memo = memo_.find(found->second); memo != memo_.end() && memo->second.exact) {
    if ((built_ += json_weight(memo->second.json)) > kMaxBuilt) return kept(expr);
    return memo->second;
  }
  if (memo_.contains(found->second)) return kept(expr);
  size_t before = kept_.size();
  memo_[found->second] = {Json(), false};  // while evaluating: a reference back to it is unknown
  Value value = evaluate(*found->second->value);
  memo_[found->second] = value;
  if (value.exact) return value;
  kept_.resize(before);  // the name is what is kept, not the parts of its value
  return kept(expr);
}

Value Evaluator::operation(const Expr& expr) {
  auto known = [&](size_t i) -> std::optional<Json> {
    if (i >= expr.children.size()) return std::nullopt;
    size_t before = kept_.size();
    Value value = evaluate(*expr.children[i]);
    kept_.resize(before);  // the whole expression is what is kept, not its parts
    if (!value.exact) return std::nullopt;
    return value.json;
  };
  switch (expr.kind) {
    case ExprKind::member: {
      std::optional<Json> base = known(0);
      if (base && base->is_object() && base->contains(expr.text)) return {(*base)[expr.text]};
      break;
    }
    case ExprKind::index: {
      std::optional<Json> base = known(0), index = known(1);
      if (base && index && base->is_array() && index->is_number_integer()) {
        auto i = index->get<int64_t>();
        if (i >= 0 && static_cast<size_t>(i) < base->size()) return {(*base)[static_cast<size_t>(i)]};
      }
      if (base && index && base->is_object() && index->is_string() && base->contains(index->get<std::string>()))
        return {(*base)[index->get<std::string>()]};
      break;
    }
    case ExprKind::unary:
      if (std::optional<Json> operand = known(0); operand && expr.text == "!" && operand->is_boolean())
        return {Json(!operand->get<bool>())};
      break;
    case ExprKind::binary: {
      std::optional<Json> left = known(0), right = known(1);
      if (!left || !right) break;
      if (expr.text == "==") return {Json(*left == *right)};
      if (expr.text == "!=") return {Json(*left != *right)};
      if (expr.text == "&&" && left->is_boolean() && right->is_boolean()) return {Json(truthy(*left) && truthy(*right))};
      if (expr.text == "||" && left->is_boolean() && right->is_boolean()) return {Json(truthy(*left) || truthy(*right))};
      if (expr.text == "??") return {left->is_null() ? *right : *left};
      break;
    }
    case ExprKind::ternary:
      if (std::optional<Json> condition = known(0); condition && condition->is_boolean()) {
        size_t branch = truthy(*condition) ? 1 : 2;
        if (branch < expr.children.size()) return evaluate(*expr.children[branch]);
      }
      break;
    default: break;  // calls, conditions, loops
  }
  return kept(expr);
}

}  // namespace ruledex::bicep
