#pragma once
// Column tracking for lowering: the columns a pipeline holds at one point,
// the stage that produced each, and KQL's rules for naming result columns.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kql/ast.h"

namespace ruledex::kql {

// Whether an operator's or function's name is one of `names`.
inline bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

struct TrackedColumn {
  std::string name;            // empty for an unlisted entry
  std::string all_columns_of;  // unlisted entry: the table or operator whose columns it stands for
  uint32_t stage = 0;          // index of the stage that produced the column
  bool computed = false;       // false while the column holds a source table's values as read
  // A computed column that only renames or extracts a source field
  // (`Operation = tostring(RawEventData.Operation)`): that field's path, so a
  // predicate on the column is one on the field. Empty otherwise.
  std::string lineage = {};
  bool lineage_case_folded = false;  // extracted through tolower/toupper
  bool joined = false;               // from a join's or lookup's right side: another table's row

  bool unlisted() const { return name.empty(); }
};

// The columns of a table at one point of a pipeline, in result order. An
// unlisted entry stands for columns that cannot be named: those of a table
// without a schema, or the output of a plugin.
class ColumnSet {
 public:
  std::vector<TrackedColumn> entries;

  const TrackedColumn* find(std::string_view name) const;
  // A column referenced by name: a listed one, or one assumed to come from
  // the first unlisted entry. Empty when neither.
  std::optional<TrackedColumn> resolve(std::string_view name) const;
  // Whether a predicate on `name` reads a source table's values: true unless
  // the column is known to be computed (columns nobody lists count as source).
  bool is_source_column(std::string_view name) const;

  // Adds a column, or replaces the listed column of that name where it stands.
  void put(TrackedColumn column);
  // Adds an unlisted entry unless one for the same origin is already there.
  void put_unlisted(std::string all_columns_of, uint32_t stage, bool computed);
  // Attributes every column to `stage` (columns brought in by a subquery).
  void restamp(uint32_t stage);
};

// The name KQL gives an unnamed expression's result column: the column for a
// column reference, `a_b` for the path a.b or a['b'], the argument's name for
// conversions and binning (tostring(x) -> x, bin(TimeGenerated, 1h) ->
// TimeGenerated), strlen(x) -> strlen_x. Empty when KQL makes one up
// (Column1, print_0, ...). Checked against the official language service.
std::string inferred_column_name(const Expr* expr);

// The names of the columns an unnamed aggregate produces in summarize:
// count() -> count_, dcount(X) -> dcount_X, countif(X > 1) -> countif_,
// make_set(X) -> set_X, make_list(X) -> list_X, make_bag(X) -> bag_X,
// take_any(X) -> X, percentiles(X, 50, 95) -> percentile_X_50,
// percentile_X_95. arg_max and arg_min are not covered: they take columns
// from the input.
std::vector<std::string> aggregate_column_names(const CallExpr& aggregate);

}  // namespace ruledex::kql
