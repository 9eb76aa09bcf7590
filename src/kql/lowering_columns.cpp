#include "kql/lowering_columns.h"

#include <array>
#include <utility>

namespace ruledex::kql {
namespace {

// Member chains deeper than this are not real queries.
constexpr int kMaxPathDepth = 64;

// Aggregates whose result column is not named after the function.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kAggregatePrefixes = {{
    {"make_set", "set"},
    {"make_set_if", "set"},
    {"make_list", "list"},
    {"make_list_if", "list"},
    {"make_list_with_nulls", "list"},
    {"make_bag", "bag"},
    {"make_bag_if", "bag"},
    {"take_any", "any"},
    {"take_anyif", "anyif"},
}};

std::string inferred_name_at(const Expr* expr, int depth) {
  if (!expr || depth > kMaxPathDepth) return {};
  if (const auto* name = expr->as<NameExpr>()) return name->wildcard ? std::string() : name->name;
  if (const auto* member = expr->as<MemberExpr>()) {
    std::string object = inferred_name_at(member->object, depth + 1);
    return object.empty() ? std::string() : object + "_" + member->member;
  }
  if (const auto* index = expr->as<IndexExpr>()) {
    std::string object = inferred_name_at(index->object, depth + 1);
    const auto* key = index->index ? index->index->as<LiteralExpr>() : nullptr;
    if (object.empty() || !key || index->slice_end) return {};
    return object + "_" + (key->literal == LiteralKind::String ? key->value : std::string(key->text));
  }
  if (const auto* call = expr->as<CallExpr>()) {
    // Conversions keep the column's name; so does binning (bin(TimeGenerated, 1h)).
    bool keeps_name = call->args.size() == 1 || call->function == "bin" || call->function == "floor" ||
                      call->function == "bin_at";
    return keeps_name && !call->args.empty() ? inferred_name_at(call->args[0].value, depth + 1) : std::string();
  }
  return {};
}

std::string_view aggregate_prefix(std::string_view function) {
  for (const auto& [name, prefix] : kAggregatePrefixes)
    if (name == function) return prefix;
  return function;
}

}  // namespace

const TrackedColumn* ColumnSet::find(std::string_view name) const {
  for (const TrackedColumn& column : entries)
    if (!column.unlisted() && column.name == name) return &column;
  return nullptr;
}

std::optional<TrackedColumn> ColumnSet::resolve(std::string_view name) const {
  if (const TrackedColumn* column = find(name)) return *column;
  for (const TrackedColumn& column : entries)
    if (column.unlisted()) return TrackedColumn{std::string(name), "", column.stage, column.computed};
  return std::nullopt;
}

bool ColumnSet::is_source_column(std::string_view name) const {
  std::optional<TrackedColumn> column = resolve(name);
  return !column || !column->computed;
}

void ColumnSet::put(TrackedColumn column) {
  for (TrackedColumn& existing : entries) {
    if (!existing.unlisted() && existing.name == column.name) {
      existing = std::move(column);
      return;
    }
  }
  entries.push_back(std::move(column));
}

void ColumnSet::put_unlisted(std::string all_columns_of, uint32_t stage, bool computed) {
  for (const TrackedColumn& existing : entries)
    if (existing.unlisted() && existing.all_columns_of == all_columns_of) return;
  entries.push_back(TrackedColumn{"", std::move(all_columns_of), stage, computed});
}

void ColumnSet::restamp(uint32_t stage) {
  for (TrackedColumn& column : entries) column.stage = stage;
}

bool wildcard_match(std::string_view pattern, std::string_view name) {
  // Iterative glob with one backtrack point: linear enough for column names.
  size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string inferred_column_name(const Expr* expr) { return inferred_name_at(expr, 0); }

std::vector<std::string> aggregate_column_names(const CallExpr& aggregate) {
  std::string prefix(aggregate_prefix(aggregate.function));
  std::string argument = aggregate.args.empty() ? std::string() : inferred_column_name(aggregate.args[0].value);
  if (aggregate.function != "percentiles" && aggregate.function != "percentile")
    return {prefix + "_" + argument};
  // percentile(X, 95) -> percentile_X_95; percentiles gives one column per level.
  std::vector<std::string> names;
  for (size_t i = 1; i < aggregate.args.size(); ++i) {
    const auto* level = aggregate.args[i].value ? aggregate.args[i].value->as<LiteralExpr>() : nullptr;
    std::string text = level ? std::string(level->text) : std::to_string(i);
    for (char& c : text)
      if (c == '.') c = '_';
    names.push_back("percentile_" + argument + "_" + text);
  }
  if (names.empty()) names.push_back("percentile_" + argument);
  return names;
}

}  // namespace ruledex::kql
