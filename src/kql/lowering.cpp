#include "kql/lowering.h"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/source_text.h"
#include "base/wildcard.h"
#include "kql/lowering_columns.h"
#include "kql/lowering_logic.h"
#include "kql/lowering_predicates.h"
#include "kql/lowering_scope.h"
#include "schema/table_schemas.h"

// What lowering decides beyond the plain mapping:
// - Stages are those of the last tabular query statement. Lets and subqueries
//   (join/union/lookup legs, `in (T | ...)`) have no stages of their own: their
//   predicates, data sources and columns are attributed to the stage that
//   uses them (a let used as the source: the source stage).
// - A column keeps the stage that produced its value through `project-keep`,
//   `project-reorder`, join and union, and through a plain `project X` when an
//   operator computed it; a table column picked by `project` is credited to the
//   project, which is where the rule chose to emit it. Extend, renames,
//   summarize, distinct, mv-expand and parse make the operator its producer.
// - A predicate is an indicator when its field is a column read from a table
//   (not computed by extend/summarize/parse/... on the way), its values are
//   literals after let resolution, and there is at least one value.

namespace ruledex::kql {
namespace {

// Lets of lets and subqueries of subqueries nest; past this depth columns are
// given up rather than the stack.
constexpr int kMaxNesting = 64;

const NameExpr* name_of(const Expr* expr) { return expr ? expr->as<NameExpr>() : nullptr; }

// `Col` or `Col*` in project-away/-keep/-reorder.
bool matches_any(const std::vector<NamedExpr>& patterns, std::string_view column) {
  for (const NamedExpr& item : patterns)
    if (const NameExpr* name = name_of(item.expr); name && wildcard_match(name->name, column)) return true;
  return false;
}

bool has_wildcard(const std::vector<NamedExpr>& patterns) {
  for (const NamedExpr& item : patterns)
    if (const NameExpr* name = name_of(item.expr); name && name->wildcard) return true;
  return false;
}

// The first free name of `name`, `name1`, `name2`, ...: KQL's names for
// right-side join columns that clash with the left side.
std::string unclashed_name(const std::string& name, const ColumnSet& columns) {
  if (!columns.find(name)) return name;
  for (int suffix = 1;; ++suffix) {
    std::string candidate = name + std::to_string(suffix);
    if (!columns.find(candidate)) return candidate;
  }
}

class Lowerer {
 public:
  Lowerer(const Ast& ast, Rule& rule, const LoweringOptions& options)
      : ast_(ast),
        rule_(rule),
        options_(options),
        query_(rule.query),
        scope_(ast, static_cast<uint32_t>(rule.query.size())),
        lines_(rule.query) {}

  void run() {
    const Expr* query = main_query();
    if (!query) return;
    ColumnSet columns;
    if (const auto* tabular = query->as<TabularExpr>(); tabular && tabular->pipeline) {
      lower_main_pipeline(*tabular->pipeline, columns);
    } else {
      columns = source_columns(query, add_stage("source", query->span), 0);
    }
    for (const TrackedColumn& column : columns.entries) {
      if (column.stage >= rule_.stages.size()) continue;
      rule_.output_fields.push_back(
          OutputField{column.name, rule_.stages[column.stage].kind, column.stage, column.all_columns_of});
    }
    lower_logic(query, trees_, scope_, rule_);
  }

 private:
  // The last query statement that is a pipeline, else the last query statement.
  const Expr* main_query() const {
    const Expr* last = nullptr;
    const Expr* last_tabular = nullptr;
    for (const Statement* statement : ast_.statements) {
      if (!statement || statement->kind != StatementKind::Query || !statement->value) continue;
      last = statement->value;
      if (statement->value->as<TabularExpr>()) last_tabular = statement->value;
    }
    return last_tabular ? last_tabular : last;
  }

  void lower_main_pipeline(const Pipeline& pipeline, ColumnSet& columns) {
    std::string_view previous;
    for (size_t i = 0; i < pipeline.operators.size(); ++i) {
      const Operator* op = pipeline.operators[i];
      if (!op) continue;
      uint32_t stage;
      if (i == 0) {
        stage = add_stage("source", op->span);
      } else if (op->keyword == previous) {
        stage = static_cast<uint32_t>(rule_.stages.size() - 1);
        rule_.stages[stage].steps += 1;
        rule_.stages[stage].range.end = op->span.end;
      } else {
        stage = add_stage(op->keyword, op->span);
      }
      if (i > 0) previous = op->keyword;
      trees_.stages[op] = stage;
      apply(*op, columns, stage, 0, i == 0);
    }
  }

  uint32_t add_stage(std::string_view kind, Span span) {
    uint32_t begin = std::min<uint32_t>(span.begin, static_cast<uint32_t>(query_.size()));
    // The stage text starts at the `|` when only blanks separate it from the keyword.
    uint32_t before = begin;
    while (before > 0 && (query_[before - 1] == ' ' || query_[before - 1] == '\t')) --before;
    if (before > 0 && query_[before - 1] == '|') begin = before - 1;
    Stage stage;
    stage.kind = std::string(kind);
    stage.range = SourceRange{begin, span.end};
    stage.line = query_file_line(rule_, lines_.line(begin));
    rule_.stages.push_back(std::move(stage));
    return static_cast<uint32_t>(rule_.stages.size() - 1);
  }

  // ------------------------------------------------------------------ sources

  void add_data_source(std::string_view name) {
    if (name.empty()) return;
    auto& sources = rule_.data_sources;
    if (std::find(sources.begin(), sources.end(), name) == sources.end()) sources.emplace_back(name);
  }

  ColumnSet table_columns(std::string_view table, uint32_t stage) {
    add_data_source(table);
    ColumnSet columns;
    const std::vector<Column>* schema = options_.schemas ? options_.schemas->columns(table) : nullptr;
    if (!schema) {
      columns.put_unlisted(std::string(table), stage, false);
      return columns;
    }
    for (const Column& column : *schema) columns.put(TrackedColumn{column.name, "", stage, false});
    return columns;
  }

  ColumnSet unlisted(std::string all_columns_of, uint32_t stage, bool computed) {
    ColumnSet columns;
    columns.put_unlisted(std::move(all_columns_of), stage, computed);
    return columns;
  }

  // The columns of what a pipeline starts from: a table, a let, a function
  // call, database("x").T, or a parenthesized pipeline.
  ColumnSet source_columns(const Expr* expr, uint32_t stage, int depth) {
    if (!expr || depth > kMaxNesting) return {};
    if (const auto* tabular = expr->as<TabularExpr>())
      return tabular->pipeline ? pipeline_columns(*tabular->pipeline, {}, stage, depth + 1) : ColumnSet{};
    if (const auto* name = expr->as<NameExpr>()) {
      if (name->wildcard) {  // union Sec*: every table whose name matches
        add_data_source(name->name);
        return unlisted(name->name, stage, false);
      }
      const LetScope::Binding* binding = scope_.resolve(name->name, expr->span.begin);
      if (binding && binding->let) return let_columns(*binding->let, stage, depth + 1);
      if (binding) return unlisted(name->name, stage, false);  // a lambda's table parameter
      return table_columns(name->name, stage);
    }
    if (const auto* member = expr->as<MemberExpr>()) {  // database("x").T, cluster(...).database(...).T
      visit(member->object, stage, depth);
      return table_columns(member->member, stage);
    }
    if (const auto* call = expr->as<CallExpr>()) {
      if (call->function == "materialize" && call->args.size() == 1)
        return source_columns(call->args[0].value, stage, depth + 1);
      if (call->function == "table" && !call->args.empty()) {
        const auto* table = call->args[0].value ? call->args[0].value->as<LiteralExpr>() : nullptr;
        if (table && table->literal == LiteralKind::String) return table_columns(table->value, stage);
      }
      for (const Argument& arg : call->args) visit(arg.value, stage, depth);
      const Statement* let = call->callee ? scope_.resolve_let(call->function, call->callee->span.begin) : nullptr;
      if (let) return let_columns(*let, stage, depth + 1);
      // A stored function such as an ASIM parser (_Im_Dns, imAuthentication).
      add_data_source(call->function);
      return unlisted(call->function, stage, false);
    }
    visit(expr, stage, depth);
    return {};
  }

  // A let's columns, computed once (collecting its predicates and data sources
  // then) and attributed to the stage using it.
  ColumnSet let_columns(const Statement& let, uint32_t stage, int depth) {
    auto cached = let_columns_.find(&let);
    if (cached == let_columns_.end()) {
      used_lets_.insert(&let);
      ColumnSet columns;
      if (const auto* lambda = let.value ? let.value->as<LambdaExpr>() : nullptr)
        columns = source_columns(lambda_result(*lambda), stage, depth + 1);
      else
        columns = source_columns(let.value, stage, depth + 1);
      cached = let_columns_.emplace(&let, std::move(columns)).first;
    }
    ColumnSet columns = cached->second;
    columns.restamp(stage);
    return columns;
  }

  // ------------------------------------------------------ expressions

  // Finds what an expression reads besides columns: lets (their tables and
  // predicates count as the query's) and tabular subexpressions.
  void visit(const Expr* root, uint32_t stage, int depth) {
    if (depth > kMaxNesting) return;
    std::vector<const Expr*> work{root};  // explicit: operator chains can be very deep
    while (!work.empty()) {
      const Expr* expr = work.back();
      work.pop_back();
      if (!expr) continue;
      switch (expr->kind) {
        case ExprKind::Literal:
          work.insert(work.end(), expr->as<LiteralExpr>()->elements.begin(), expr->as<LiteralExpr>()->elements.end());
          break;
        case ExprKind::Name:
          if (const Statement* let = scope_.resolve_let(expr->as<NameExpr>()->name, expr->span.begin))
            use_let(*let, stage, depth + 1);
          break;
        case ExprKind::Member:
          work.push_back(expr->as<MemberExpr>()->object);
          break;
        case ExprKind::Index: {
          const auto* index = expr->as<IndexExpr>();
          work.insert(work.end(), {index->object, index->index, index->slice_end});
          break;
        }
        case ExprKind::Unary:
          work.push_back(expr->as<UnaryExpr>()->operand);
          break;
        case ExprKind::Binary:
          work.insert(work.end(), {expr->as<BinaryExpr>()->lhs, expr->as<BinaryExpr>()->rhs});
          break;
        case ExprKind::In:
          work.push_back(expr->as<InExpr>()->lhs);
          work.insert(work.end(), expr->as<InExpr>()->items.begin(), expr->as<InExpr>()->items.end());
          break;
        case ExprKind::Between: {
          const auto* between = expr->as<BetweenExpr>();
          work.insert(work.end(), {between->lhs, between->low, between->high});
          break;
        }
        case ExprKind::Call:
          work.push_back(expr->as<CallExpr>()->callee);
          for (const Argument& arg : expr->as<CallExpr>()->args) work.push_back(arg.value);
          break;
        case ExprKind::Tabular:
          if (const Pipeline* pipeline = expr->as<TabularExpr>()->pipeline)
            pipeline_columns(*pipeline, {}, stage, depth + 1);
          break;
        case ExprKind::Lambda:
          break;
      }
    }
  }

  void use_let(const Statement& let, uint32_t stage, int depth) {
    if (used_lets_.count(&let) || depth > kMaxNesting) return;
    const Expr* value = let.value;
    bool tabular = value && (value->as<TabularExpr>() || value->as<LambdaExpr>() ||
                             (value->as<CallExpr>() && value->as<CallExpr>()->function == "materialize"));
    if (tabular) {
      let_columns(let, stage, depth);
    } else {
      used_lets_.insert(&let);
      visit(value, stage, depth);
    }
  }

  void visit_operator(const Operator& op, uint32_t stage, int depth) {
    for (const auto* list : {&op.items, &op.by, &op.pattern})
      for (const NamedExpr& item : *list) visit(item.expr, stage, depth);
    for (const OperatorOption& option : op.options) visit(option.value, stage, depth);
    for (const Expr* condition : op.on) visit(condition, stage, depth);
    visit(op.predicate, stage, depth);
  }

  // ------------------------------------------------------------ operators

  ColumnSet pipeline_columns(const Pipeline& pipeline, ColumnSet input, uint32_t stage, int depth) {
    if (depth > kMaxNesting) return {};
    for (size_t i = 0; i < pipeline.operators.size(); ++i)
      if (pipeline.operators[i]) apply(*pipeline.operators[i], input, stage, depth, i == 0);
    return input;
  }

  void apply(const Operator& op, ColumnSet& columns, uint32_t stage, int depth, bool starts_query) {
    visit_operator(op, stage, depth);
    const std::string& k = op.keyword;
    if (k == "source") {
      columns = op.items.empty() ? ColumnSet{} : source_columns(op.items[0].expr, stage, depth);
    } else if (k == "where" || k == "filter" || (k == "search" && !starts_query)) {
      add_predicates(op, columns, stage, k == "search");
    } else if (k == "search" || k == "find") {
      search_source(op, columns, stage, depth);
    } else if (k == "extend" || k == "serialize") {
      extend(op.items, columns, stage);
    } else if (k == "project" || k == "distinct") {
      project(op, columns, stage);
    } else if (k == "project-away") {
      std::erase_if(columns.entries,
                    [&](const TrackedColumn& c) { return !c.unlisted() && matches_any(op.items, c.name); });
    } else if (k == "project-keep") {
      project_keep(op, columns);
    } else if (k == "project-rename") {
      project_rename(op, columns, stage);
    } else if (k == "project-reorder") {
      project_reorder(op, columns);
    } else if (k == "summarize" || k == "make-series") {
      summarize(op, columns, stage);
    } else if (k == "join" || k == "lookup") {
      join(op, columns, stage, depth);
    } else if (k == "union") {
      for (const Pipeline* leg : op.subqueries)
        if (leg) merge(columns, pipeline_columns(*leg, {}, stage, depth + 1));
      if (std::optional<std::string> source = option_text(op, "withsource"))
        columns.entries.insert(columns.entries.begin(), TrackedColumn{*source, "", stage, true});
    } else if (one_of(k, {"mv-expand", "mvexpand", "mv-apply", "mvapply"})) {
      mv_expand(op, columns, stage, depth);
    } else if (k == "parse" || k == "parse-where" || k == "parse-kv") {
      for (const NamedExpr& part : op.pattern)
        for (std::string_view name : part.names) columns.put(TrackedColumn{std::string(name), "", stage, true});
      add_predicates(op, columns, stage, false);
    } else if (k == "evaluate" || k == "invoke") {
      evaluate(op, columns, stage);
    } else if (k == "partition") {
      if (!op.subqueries.empty() && op.subqueries[0])
        columns = pipeline_columns(*op.subqueries[0], std::move(columns), stage, depth + 1);
    } else {
      other_operator(op, columns, stage, depth);
    }
  }

  // The predicates of `op`'s condition, and its tree for lower_logic.
  void add_predicates(const Operator& op, const ColumnSet& columns, uint32_t stage, bool search_terms) {
    if (!op.predicate) return;
    PredicateContext context{query_, scope_, columns, stage, search_terms};
    trees_.roots[&op] = collect_predicates(op.predicate, context, rule_.predicates, trees_.logic);
  }

  // `search "x"`, `search in (T1, T2) "x"`: the matching rows of every table
  // (or of the listed ones) with a $table column. find: a source_ column and
  // the matching columns packed or projected, which are not worked out here.
  void search_source(const Operator& op, ColumnSet& columns, uint32_t stage, int depth) {
    bool find = op.keyword == "find";
    ColumnSet tables;
    for (const Pipeline* table : op.subqueries)
      if (table) merge(tables, pipeline_columns(*table, {}, stage, depth + 1));
    if (op.subqueries.empty()) tables.put_unlisted("*", stage, false);
    add_predicates(op, tables, stage, true);
    columns = ColumnSet{};
    columns.put(TrackedColumn{find ? "source_" : "$table", "", stage, true});
    if (find)
      columns.put_unlisted("find", stage, true);
    else
      merge(columns, std::move(tables));
  }

  // A result column's name: given, inferred from the expression, or made up
  // as KQL does (Column1, Column2, ... or print_0, print_1, ...).
  static std::vector<std::string> item_names(const NamedExpr& item, std::string_view made_up_prefix,
                                             int& made_up_count) {
    if (!item.names.empty()) return {item.names.begin(), item.names.end()};
    std::string name = inferred_column_name(item.expr);
    if (name.empty()) name = std::string(made_up_prefix) + std::to_string(made_up_count++);
    return {name};
  }

  // A column that only renames or passes through another keeps its source-ness.
  static bool computed_by(const NamedExpr& item, const ColumnSet& input) {
    const NameExpr* name = name_of(item.expr);
    if (!item.names.empty() || !name) return true;
    std::optional<TrackedColumn> column = input.resolve(name->name);
    return column && column->computed;
  }

  // The source field `expr` only renames or extracts, as a column of `input`
  // sees it: a source column's path, or a path into a column with a lineage.
  std::optional<FieldPath> lineage_of(const Expr* expr, const ColumnSet& input) const {
    std::optional<FieldPath> field = field_path(expr, scope_);
    if (!field) return std::nullopt;
    std::optional<TrackedColumn> column = input.resolve(field->root);
    if (!column || !column->computed) return field;
    if (column->lineage.empty()) return std::nullopt;
    field->path = column->lineage + field->path.substr(field->root.size());
    field->case_folded |= column->lineage_case_folded;
    return field;
  }

  // A named column computed by `item`, with its lineage when it has one.
  TrackedColumn computed_column(std::string name, const NamedExpr& item, const ColumnSet& input, uint32_t stage) const {
    TrackedColumn column{std::move(name), "", stage, true};
    if (item.names.size() > 1) return column;  // (a, b) = f(...)
    if (std::optional<FieldPath> field = lineage_of(item.expr, input)) {
      column.lineage = std::move(field->path);
      column.lineage_case_folded = field->case_folded;
    }
    return column;
  }

  void extend(const std::vector<NamedExpr>& items, ColumnSet& columns, uint32_t stage) {
    int made_up = 1;
    for (const NamedExpr& item : items)
      for (std::string& name : item_names(item, "Column", made_up))
        columns.put(computed_column(std::move(name), item, columns, stage));
  }

  // project and distinct: exactly the listed columns. A plain `project X`
  // keeps the producer of a computed X and becomes the producer of a table
  // column; distinct, like summarize, becomes it.
  void project(const Operator& op, ColumnSet& columns, uint32_t stage) {
    bool distinct = op.keyword == "distinct";
    ColumnSet result;
    int made_up = 1;
    for (const NamedExpr& item : op.items) {
      const NameExpr* name = item.names.empty() ? name_of(item.expr) : nullptr;
      if (distinct && name && name->name == "*") {
        columns.restamp(stage);
        return;
      }
      if (name && !distinct) {
        std::optional<TrackedColumn> column = columns.resolve(name->name);
        TrackedColumn kept = column ? *column : TrackedColumn{name->name, "", stage, false};
        if (!kept.computed) kept.stage = stage;
        kept.name = unclashed_name(kept.name, result);
        result.put(std::move(kept));
        continue;
      }
      bool computed = computed_by(item, columns);
      for (std::string& column : item_names(item, "Column", made_up)) {
        std::string name = unclashed_name(column, result);
        result.put(computed ? computed_column(std::move(name), item, columns, stage)
                            : TrackedColumn{std::move(name), "", stage, false});
      }
    }
    columns = std::move(result);
  }

  void project_keep(const Operator& op, ColumnSet& columns) {
    ColumnSet result;
    bool wildcard = has_wildcard(op.items);
    for (const TrackedColumn& column : columns.entries)
      if (column.unlisted() ? wildcard : matches_any(op.items, column.name)) result.entries.push_back(column);
    // Named columns that only an unlisted table holds.
    for (const NamedExpr& item : op.items) {
      const NameExpr* name = name_of(item.expr);
      if (!name || name->wildcard || result.find(name->name)) continue;
      if (std::optional<TrackedColumn> column = columns.resolve(name->name)) result.put(*column);
    }
    columns = std::move(result);
  }

  // The listed columns first, in the order listed, then the others.
  void project_reorder(const Operator& op, ColumnSet& columns) {
    std::vector<TrackedColumn> ordered;
    for (const NamedExpr& item : op.items) {
      const NameExpr* name = name_of(item.expr);
      if (!name) continue;
      auto listed_last = std::stable_partition(columns.entries.begin(), columns.entries.end(), [&](const TrackedColumn& c) {
        return !c.unlisted() && wildcard_match(name->name, c.name);
      });
      ordered.insert(ordered.end(), columns.entries.begin(), listed_last);
      columns.entries.erase(columns.entries.begin(), listed_last);
    }
    ordered.insert(ordered.end(), columns.entries.begin(), columns.entries.end());
    columns.entries = std::move(ordered);
  }

  void project_rename(const Operator& op, ColumnSet& columns, uint32_t stage) {
    for (const NamedExpr& item : op.items) {
      const NameExpr* old_name = name_of(item.expr);
      if (!old_name || item.names.empty()) continue;
      TrackedColumn renamed = computed_column(std::string(item.names[0]), item, columns, stage);
      auto it = std::find_if(columns.entries.begin(), columns.entries.end(),
                             [&](const TrackedColumn& c) { return !c.unlisted() && c.name == old_name->name; });
      if (it != columns.entries.end())
        *it = std::move(renamed);
      else
        columns.put(std::move(renamed));
    }
  }

  // summarize and make-series: the group-by columns, the aggregates, then the
  // series axis. Clashing names get a number, as in KQL (dcount_A, dcount_A1).
  void summarize(const Operator& op, ColumnSet& columns, uint32_t stage) {
    ColumnSet result;
    int made_up = 1;
    for (const NamedExpr& item : op.by) {
      bool computed = computed_by(item, columns);
      for (std::string& name : item_names(item, "Column", made_up))
        result.put(TrackedColumn{unclashed_name(name, result), "", stage, computed});
    }
    for (const NamedExpr& item : op.items) {
      const auto* call = item.expr ? item.expr->as<CallExpr>() : nullptr;
      if (call && (call->function == "arg_max" || call->function == "arg_min")) {
        arg_extreme(*call, item.names, columns, result, stage);
        continue;
      }
      std::vector<std::string> names;
      if (!item.names.empty())
        names.assign(item.names.begin(), item.names.end());
      else if (call)
        names = aggregate_column_names(*call);
      else
        names = item_names(item, "Column", made_up);
      for (std::string& name : names) result.put(TrackedColumn{unclashed_name(name, result), "", stage, true});
    }
    for (const Expr* axis : op.on) {
      std::string name = inferred_column_name(axis);
      if (!name.empty()) result.put(TrackedColumn{unclashed_name(name, result), "", stage, true});
    }
    columns = std::move(result);
  }

  // arg_max(T, A, B) -> T, A, B; arg_max(T, *) -> T and every input column,
  // holding the values of the row it picks.
  void arg_extreme(const CallExpr& call, const std::vector<std::string_view>& names, const ColumnSet& input,
                   ColumnSet& result, uint32_t stage) {
    std::vector<std::string> arguments;  // `*` stands for the columns not named otherwise
    for (const Argument& arg : call.args) arguments.push_back(inferred_column_name(arg.value));
    for (size_t i = 0; i < call.args.size(); ++i) {
      NamedExpr item;
      item.expr = call.args[i].value;
      if (i < names.size()) item.names.push_back(names[i]);
      const NameExpr* name = item.names.empty() ? name_of(item.expr) : nullptr;
      if (name && name->name == "*") {
        for (TrackedColumn column : input.entries) {
          column.stage = stage;
          if (column.unlisted())
            result.put_unlisted(column.all_columns_of, stage, column.computed);
          else if (!result.find(column.name) &&
                   std::find(arguments.begin(), arguments.end(), column.name) == arguments.end())
            result.put(std::move(column));
        }
        continue;
      }
      int made_up = 1;
      bool computed = computed_by(item, input);
      for (std::string& column : item_names(item, "Column", made_up))
        if (!result.find(column)) result.put(TrackedColumn{std::move(column), "", stage, computed});
    }
  }

  static std::optional<std::string> option_text(const Operator& op, std::string_view option_name) {
    for (const OperatorOption& option : op.options) {
      if (option.name != option_name || !option.value) continue;
      if (const NameExpr* name = name_of(option.value)) return name->name;
      if (const auto* literal = option.value->as<LiteralExpr>())
        return literal->literal == LiteralKind::String ? literal->value : std::string(literal->text);
    }
    return std::nullopt;
  }

  // The right-side key columns of `on X` / `on $left.A == $right.B`.
  static std::unordered_set<std::string> right_keys(const Operator& op) {
    std::unordered_set<std::string> keys;
    for (const Expr* condition : op.on) {
      if (const NameExpr* name = name_of(condition)) keys.insert(name->name);
      const auto* binary = condition ? condition->as<BinaryExpr>() : nullptr;
      if (!binary) continue;
      for (const Expr* side : {binary->lhs, binary->rhs}) {
        const auto* member = side ? side->as<MemberExpr>() : nullptr;
        if (member && name_of(member->object) && name_of(member->object)->name == "$right")
          keys.insert(member->member);
      }
    }
    return keys;
  }

  void join(const Operator& op, ColumnSet& columns, uint32_t stage, int depth) {
    ColumnSet right;
    if (!op.subqueries.empty() && op.subqueries[0])
      right = pipeline_columns(*op.subqueries[0], {}, stage, depth + 1);
    bool lookup = op.keyword == "lookup";
    std::string kind = option_text(op, "kind").value_or("");
    if (one_of(kind, {"leftanti", "anti", "leftantisemi", "leftsemi"})) return;
    if (one_of(kind, {"rightanti", "rightantisemi", "rightsemi"})) {
      columns = std::move(right);
      return;
    }
    // lookup drops the right side's key columns; join keeps them, renamed.
    std::unordered_set<std::string> dropped = lookup ? right_keys(op) : std::unordered_set<std::string>{};
    for (TrackedColumn& column : right.entries) {
      column.joined = true;
      if (column.unlisted()) {
        columns.put_unlisted(std::move(column.all_columns_of), column.stage, column.computed);
      } else if (!dropped.count(column.name)) {
        column.name = unclashed_name(column.name, columns);
        columns.put(std::move(column));
      }
    }
  }

  // union: columns by name, the first occurrence's producer kept.
  static void merge(ColumnSet& columns, ColumnSet leg) {
    for (TrackedColumn& column : leg.entries) {
      if (column.unlisted())
        columns.put_unlisted(std::move(column.all_columns_of), column.stage, column.computed);
      else if (!columns.find(column.name))
        columns.put(std::move(column));
    }
  }

  // mv-expand keeps the columns, expanding the listed ones in place. mv-apply
  // keeps its input's columns, but those it expands unnamed (`mv-apply L on
  // (...)`), and adds what its subquery produces.
  void mv_expand(const Operator& op, ColumnSet& columns, uint32_t stage, int depth) {
    bool apply = op.keyword == "mv-apply" || op.keyword == "mvapply";
    ColumnSet input = apply ? columns : ColumnSet{};
    int made_up = 1;
    for (const NamedExpr& item : op.items) {
      bool computed = computed_by(item, columns);
      for (std::string& name : item_names(item, "Column", made_up)) {
        if (item.names.empty())
          std::erase_if(input.entries, [&](const TrackedColumn& c) { return !c.unlisted() && c.name == name; });
        columns.put(TrackedColumn{std::move(name), "", stage, computed});
      }
    }
    if (std::optional<std::string> index = option_text(op, "with_itemindex"))
      columns.put(TrackedColumn{*index, "", stage, true});
    if (!apply || op.subqueries.empty() || !op.subqueries[0]) return;
    ColumnSet applied = pipeline_columns(*op.subqueries[0], std::move(columns), stage, depth + 1);
    columns = std::move(input);
    for (TrackedColumn& column : applied.entries) {
      if (column.unlisted())
        columns.put_unlisted(std::move(column.all_columns_of), column.stage, column.computed);
      else
        columns.put(std::move(column));
    }
  }

  // Plugins and invoked functions make columns nobody lists; bag_unpack keeps
  // the input's other columns.
  void evaluate(const Operator& op, ColumnSet& columns, uint32_t stage) {
    const Expr* call_expr = op.items.empty() ? nullptr : op.items[0].expr;
    std::string label = call_expr ? text_of(call_expr->span) : op.keyword;
    const auto* call = call_expr ? call_expr->as<CallExpr>() : nullptr;
    if (call && call->function == "bag_unpack" && !call->args.empty()) {
      std::string unpacked = inferred_column_name(call->args[0].value);
      std::erase_if(columns.entries, [&](const TrackedColumn& c) { return !c.unlisted() && c.name == unpacked; });
      columns.put_unlisted(std::move(label), stage, true);
      return;
    }
    columns = unlisted(std::move(label), stage, true);
  }

  void put_all(ColumnSet& columns, std::initializer_list<std::string_view> names, uint32_t stage) {
    columns = ColumnSet{};
    for (std::string_view name : names) columns.put(TrackedColumn{std::string(name), "", stage, true});
  }

  // Operators with fixed or declared output columns, and those that pass
  // their input through (take, sort, top, render, as, fork, ...).
  void other_operator(const Operator& op, ColumnSet& columns, uint32_t stage, int depth) {
    const std::string& k = op.keyword;
    if (k == "count") {
      put_all(columns, {"Count"}, stage);
    } else if (k == "getschema") {
      put_all(columns, {"ColumnName", "ColumnOrdinal", "DataType", "ColumnType"}, stage);
    } else if (k == "reduce") {
      put_all(columns, {"Pattern", "Count", "Representative"}, stage);
    } else if (k == "print") {
      columns = ColumnSet{};
      for (size_t i = 0; i < op.items.size(); ++i) {
        // Unnamed, even a plain name, is print_N after the item's position.
        std::vector<std::string_view> names = op.items[i].names;
        if (names.empty()) columns.put(TrackedColumn{"print_" + std::to_string(i), "", stage, true});
        for (std::string_view name : names) columns.put(TrackedColumn{std::string(name), "", stage, true});
      }
    } else if (k == "range") {
      columns = ColumnSet{};
      for (const NamedExpr& item : op.items)
        for (std::string_view name : item.names) columns.put(TrackedColumn{std::string(name), "", stage, true});
    } else if (k == "datatable" || k == "externaldata") {
      columns = ColumnSet{};
      for (const NamedExpr& column : op.pattern)
        for (std::string_view name : column.names) columns.put(TrackedColumn{std::string(name), "", stage, true});
    } else if (one_of(k, {"top-nested", "top-hitters"})) {
      columns = unlisted(k, stage, true);
    } else if (k == "consume") {
      columns = ColumnSet{};
    }
    // Branches (fork, facet) still read tables and filter.
    for (const Pipeline* branch : op.subqueries)
      if (branch) pipeline_columns(*branch, columns, stage, depth + 1);
  }

  std::string text_of(Span span) const {
    if (span.begin >= span.end || span.end > query_.size()) return {};
    return std::string(query_.substr(span.begin, span.end - span.begin));
  }

  const Ast& ast_;
  Rule& rule_;
  const LoweringOptions& options_;
  std::string_view query_;
  LetScope scope_;
  LineIndex lines_;
  std::unordered_map<const Statement*, ColumnSet> let_columns_;
  std::unordered_set<const Statement*> used_lets_;
  FilterTrees trees_;
};

}  // namespace

void lower(const Ast& ast, Rule& rule, const LoweringOptions& options) { Lowerer(ast, rule, options).run(); }

}  // namespace ruledex::kql
