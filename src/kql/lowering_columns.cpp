#include "kql/lowering_columns.h"

#include <algorithm>
#include <array>
#include <utility>

namespace ruledex::kql {
namespace {

// Member chains deeper than this are not real queries.
constexpr int kMaxPathDepth = 64;

// Aggregates whose result column is not named after the function.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kAggregatePrefixes = {{
    {"makeset", "set"},  // makeset, makelist: the deprecated spellings
    {"makelist", "list"},
    {"make_set", "set"},
    {"make_set_if", "set"},
    {"make_list", "list"},
    {"make_list_if", "list"},
    {"make_list_with_nulls", "list"},
    {"make_bag", "bag"},
    {"make_bag_if", "bag"},
}};

// Functions whose unnamed result keeps their (first) argument's name, as the
// official KQL language service names them: tostring(x) -> x, bin(T, 1h) -> T.
constexpr std::array<std::string_view, 33> kNameKeepingFunctions = {
    "array_sort_asc", "array_sort_desc", "bin",        "bin_at",       "binary_all_and", "binary_all_or",
    "binary_all_xor", "endofday",        "endofmonth", "endofweek",    "endofyear",      "floor",
    "format_datetime", "parse_json",     "startofday", "startofmonth", "startofweek",    "startofyear",
    "take_any",       "take_anyif",      "tobool",     "toboolean",    "todatetime",     "todecimal",
    "todouble",       "todynamic",       "toguid",     "tohex",        "toint",          "tolong",
    "toreal",         "tostring",        "totimespan",
};

bool keeps_argument_name(std::string_view function) {
  return std::find(kNameKeepingFunctions.begin(), kNameKeepingFunctions.end(), function) !=
         kNameKeepingFunctions.end();
}

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
    std::string argument = call->args.empty() ? std::string() : inferred_name_at(call->args[0].value, depth + 1);
    if (argument.empty()) return {};
    if (keeps_argument_name(call->function)) return argument;
    if (call->function == "strlen") return "strlen_" + argument;
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

std::string inferred_column_name(const Expr* expr) { return inferred_name_at(expr, 0); }

std::vector<std::string> aggregate_column_names(const CallExpr& aggregate) {
  // tostring(make_set(X)) is named as make_set(X) is.
  const CallExpr* call = &aggregate;
  for (int depth = 0; depth < kMaxPathDepth && keeps_argument_name(call->function) && call->args.size() == 1 &&
                      call->args[0].value && call->args[0].value->as<CallExpr>();
       ++depth)
    call = call->args[0].value->as<CallExpr>();
  const CallExpr& aggregate_call = *call;
  std::string argument =
      aggregate_call.args.empty() ? std::string() : inferred_column_name(aggregate_call.args[0].value);
  if (keeps_argument_name(aggregate_call.function) && !argument.empty()) return {argument};
  std::string prefix(aggregate_prefix(aggregate_call.function));
  if (aggregate_call.function != "percentiles" && aggregate_call.function != "percentile")
    return {prefix + "_" + argument};
  // percentile(X, 95) -> percentile_X_95; percentiles gives one column per level.
  std::vector<std::string> names;
  for (size_t i = 1; i < aggregate_call.args.size(); ++i) {
    const auto* level = aggregate_call.args[i].value ? aggregate_call.args[i].value->as<LiteralExpr>() : nullptr;
    std::string text = level ? std::string(level->text) : std::to_string(i);
    for (char& c : text)
      if (c == '.') c = '_';
    names.push_back("percentile_" + argument + "_" + text);
  }
  if (names.empty()) names.push_back("percentile_" + argument);
  return names;
}

}  // namespace ruledex::kql
