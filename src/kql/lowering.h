#pragma once
// Lowering: the KQL syntax tree -> the neutral rule model (stages, predicates,
// indicators, output fields, the tables a query reads).

#include <string_view>

#include "kql/ast.h"
#include "model/rule.h"

namespace ruledex {
class TableSchemas;
}

namespace ruledex::kql {

struct LoweringOptions {
  // Column lists of Log Analytics tables, for columns that pass through from a
  // table. Null: such columns are reported as "all columns of T".
  const TableSchemas* schemas = nullptr;
};

// Fills rule.stages, rule.predicates, rule.output_fields, rule.logic (see
// kql/lowering_logic.h) and adds the tables the query reads to
// rule.data_sources. `ast` was parsed from rule.query.
void lower(const Ast& ast, Rule& rule, const LoweringOptions& options = {});

}  // namespace ruledex::kql
