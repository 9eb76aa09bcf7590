#pragma once
// Facts about a rule that several renderers show the same way: the text of a
// stage, and which output fields the Sentinel alert shaping uses.

#include <string>
#include <string_view>
#include <vector>

#include "model/rule.h"

namespace ruledex::render {

// The stage's text in Rule::query; empty when its range lies outside the query.
std::string_view stage_text(const Rule& rule, const Stage& stage);

// Column names a Sentinel alert format string refers to as {{Column}}.
std::vector<std::string> format_columns(std::string_view format);

// True when the query's output names the column (an "all columns of T" entry names none).
bool is_output_field(const Rule& rule, std::string_view column);

// One place where alert shaping reads a column of the query's output.
struct ColumnUse {
  std::string column;
  std::string user;  // "entity Account.Name", "custom detail EventType", "alertDisplayNameFormat"
};

// Entity mappings, then custom details, then alert details override, in file order.
std::vector<ColumnUse> column_uses(const Rule& rule);

// Whether case sensitivity means anything for the operator (not for lt, cidr, exists, ...).
bool op_has_case(Op op);

}  // namespace ruledex::render
