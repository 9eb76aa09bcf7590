#include "esql/lowering.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "base/ascii_case.h"
#include "base/source_text.h"
#include "base/string_list.h"
#include "base/wildcard.h"
#include "esql/extraction_patterns.h"
#include "model/duration.h"
#include "model/logic_builder.h"
#include "kuery/lowering.h"
#include "kuery/parser.h"

namespace ruledex::esql {
namespace {


// A column at one point of the query. An unlisted entry (empty name) stands
// for the columns of `all_columns_of`, which cannot be named offline.
struct Column {
  std::string name;
  std::string all_columns_of;
  uint32_t stage = 0;
  bool computed = false;  // false while the column holds an index's values as read

  bool unlisted() const { return name.empty(); }
};

std::string_view stage_kind(CommandKind kind) {
  switch (kind) {
    case CommandKind::from:
    case CommandKind::ts: return "source";
    case CommandKind::row: return "row";
    case CommandKind::show: return "show";
    case CommandKind::where: return "where";
    case CommandKind::eval: return "eval";
    case CommandKind::stats: return "stats";
    case CommandKind::inline_stats: return "inline stats";
    case CommandKind::keep: return "keep";
    case CommandKind::drop: return "drop";
    case CommandKind::rename: return "rename";
    case CommandKind::sort: return "sort";
    case CommandKind::limit: return "limit";
    case CommandKind::dissect: return "dissect";
    case CommandKind::grok: return "grok";
    case CommandKind::enrich: return "enrich";
    case CommandKind::mv_expand: return "mv_expand";
    case CommandKind::lookup_join: return "lookup join";
    case CommandKind::change_point: return "change_point";
    case CommandKind::completion: return "completion";
    case CommandKind::rerank: return "rerank";
    case CommandKind::sample: return "sample";
    case CommandKind::fork: return "fork";
  }
  return "command";
}

// The text of a literal value; none for anything else.
std::optional<std::string> literal_text(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::string:
    case ExprKind::integer:
    case ExprKind::decimal:
    case ExprKind::boolean:
    case ExprKind::timespan: return expr.text;
    case ExprKind::negate:
      if (expr.children[0].kind == ExprKind::integer || expr.children[0].kind == ExprKind::decimal)
        return "-" + expr.children[0].text;
      return std::nullopt;
    default: return std::nullopt;
  }
}

// The field a predicate tests: a field, through casts and case folding.
struct Subject {
  const Expr* field = nullptr;
  bool folded = false;  // TO_LOWER / TO_UPPER: compared case-insensitively
};

Subject subject_of(const Expr& expr) {
  const Expr* at = &expr;
  bool folded = false;
  while (true) {
    if (at->kind == ExprKind::field) return {at, folded};
    if (at->kind == ExprKind::cast) {
      at = &at->children[0];
    } else if (at->kind == ExprKind::call && at->children.size() == 1 &&
               (iequals(at->text, "to_lower") || iequals(at->text, "to_upper"))) {
      folded = true;
      at = &at->children[0];
    } else {
      return {};
    }
  }
}

Op comparison_op(std::string_view op, bool flipped) {
  Op ordered = ordering_op(op).value_or(Op::eq);
  return flipped ? mirrored(ordered) : ordered;
}

struct FunctionPredicate {
  std::string_view name;
  Op op;
  bool case_sensitive;
};

constexpr FunctionPredicate kFunctionPredicates[] = {
    {"starts_with", Op::startswith, true}, {"ends_with", Op::endswith, true}, {"contains", Op::contains, true},
    {"cidr_match", Op::cidr, false},      {"match", Op::has, false},
};

bool calls_now(const Expr& expr) {
  if (expr.kind == ExprKind::call && iequals(expr.text, "now")) return true;
  return std::any_of(expr.children.begin(), expr.children.end(), calls_now);
}

// Why an operand that is no field cannot be a predicate's subject or value.
std::string computed_reason(const Expr& expr) {
  if (calls_now(expr)) return "time relative to now()";
  if (expr.kind == ExprKind::call) return "function " + expr.text + "()";
  if (expr.kind == ExprKind::field) return "field compared with a field";
  return "computed value";
}

// An ES|QL timespan ("5 minutes", "1h") as a duration_seconds() text ("5m").
std::optional<uint64_t> timespan_seconds(const std::string& text) {
  size_t digits = text.find_first_not_of("0123456789");
  if (digits == 0 || digits == std::string::npos) return std::nullopt;
  size_t unit_begin = text.find_first_not_of(' ', digits);
  if (unit_begin == std::string::npos) return std::nullopt;
  std::string unit = text.substr(unit_begin);
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit.starts_with("mo")) return std::nullopt;  // months have no fixed length
  std::string shortened = unit.starts_with("ms") || unit.starts_with("milli") ? "ms" : unit.substr(0, 1);
  return duration_seconds(text.substr(0, digits) + shortened);
}

// The measure a STATS aggregate computes (model/logic.h): COUNT(*) is
// "count", COUNT_DISTINCT(f) "distinct f", SUM(f) "sum f", ...; none for an
// expression over aggregates or a filtered aggregate.
std::optional<std::string> measure_of(const Assignment& item) {
  const Expr& value = item.value;
  if (item.has_filter || value.kind != ExprKind::call || value.children.size() > 1) return std::nullopt;
  std::string name = value.text;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (value.children.empty() || value.children[0].kind == ExprKind::star)
    return name == "count" ? std::optional<std::string>("count") : std::nullopt;
  if (value.children[0].kind != ExprKind::field) return std::nullopt;
  if (name == "count_distinct") name = "distinct";
  return name + " " + value.children[0].text;
}

// The time bucket of a BY key, `BUCKET(@timestamp, 5 minutes)` or
// `DATE_TRUNC(5 minutes, @timestamp)`: the timespan.
const Expr* time_bucket(const Expr& key) {
  if (key.kind != ExprKind::call || !(iequals(key.text, "bucket") || iequals(key.text, "date_trunc"))) return nullptr;
  for (const Expr& argument : key.children)
    if (argument.kind == ExprKind::timespan) return &argument;
  return nullptr;
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

class Lowering {
 public:
  explicit Lowering(Rule& rule) : rule_(rule), lines_(rule.query) {}

  void run(const QueryAst& ast) {
    const Command* previous = nullptr;
    for (const Command& command : ast.commands) {
      uint32_t stage;
      if (previous && previous->kind == command.kind) {
        stage = static_cast<uint32_t>(rule_.stages.size() - 1);
        rule_.stages[stage].steps += 1;
        rule_.stages[stage].range.end = command.range.end;
      } else {
        stage = add_stage(stage_kind(command.kind), command.range);
      }
      apply(command, stage);
      previous = &command;
    }
    finish_logic();
    for (const Column& column : columns_)
      rule_.output_fields.push_back({column.name, rule_.stages[column.stage].kind, column.stage, column.all_columns_of});
  }

 private:
  uint32_t add_stage(std::string_view kind, Range range) {
    uint32_t begin = std::min<uint32_t>(range.begin, static_cast<uint32_t>(rule_.query.size()));
    // The stage text starts at the `|` when only blanks separate it from the command.
    uint32_t before = begin;
    while (before > 0 && (rule_.query[before - 1] == ' ' || rule_.query[before - 1] == '\t')) --before;
    if (before > 0 && rule_.query[before - 1] == '|') begin = before - 1;
    uint32_t line = query_file_line(rule_, lines_.line(begin));
    rule_.stages.push_back({std::string(kind), 1, {begin, range.end}, line});
    return static_cast<uint32_t>(rule_.stages.size() - 1);
  }

  void apply(const Command& command, uint32_t stage) {
    switch (command.kind) {
      case CommandKind::from:
      case CommandKind::ts:
        for (const SourceName& source : command.sources) add_source(source.name, stage);
        for (const std::string& field : command.metadata) put(field, stage, false);
        // Subqueries start from nothing; their rows join the index patterns' rows.
        if (!command.branches.empty()) add_new_columns(run_branches(command.branches, {}, stage, "subquery", command.range));
        return;
      case CommandKind::where: return where(visit(command.condition, false, stage), "where", stage, command.range);
      case CommandKind::row:
      case CommandKind::eval:
      case CommandKind::completion:
      case CommandKind::rerank:
        for (const Assignment& item : command.assignments) put(column_name(item, command.kind), stage, true);
        return;
      case CommandKind::stats:
      case CommandKind::inline_stats: return stats(command, stage);
      case CommandKind::keep: return keep(command.names, stage);
      case CommandKind::drop:
        std::erase_if(columns_, [&](const Column& column) {
          return !column.unlisted() && std::any_of(command.names.begin(), command.names.end(), [&](const Expr& name) {
                   return wildcard_match(name.text, column.name);
                 });
        });
        return;
      case CommandKind::rename:
        for (const Rename& rename : command.renames) this->rename(rename, stage);
        return;
      case CommandKind::dissect:
      case CommandKind::grok:
        for (const std::string& pattern : command.patterns)
          for (const std::string& field :
               command.kind == CommandKind::dissect ? dissect_fields(pattern) : grok_fields(pattern))
            put(field, stage, true);
        return;
      case CommandKind::enrich:
        if (command.assignments.empty()) columns_.push_back({"", command.sources[0].name, stage, true});
        for (const Assignment& item : command.assignments)
          put(item.name.empty() ? item.value.text : item.name, stage, true);
        return;
      case CommandKind::mv_expand: return mv_expand(command.value.text, stage);
      case CommandKind::lookup_join: return add_source(command.sources[0].name, stage);
      case CommandKind::change_point:
        put(command.names.empty() ? "type" : command.names[0].text, stage, true);
        put(command.names.empty() ? "pvalue" : command.names[1].text, stage, true);
        return;
      case CommandKind::fork: return fork(command, stage);
      case CommandKind::show:
      case CommandKind::sort:
      case CommandKind::limit:
      case CommandKind::sample: return;
    }
  }

  // Columns ---------------------------------------------------------------------
  std::string text_of(const Expr& expr) const {
    uint32_t end = std::min<uint32_t>(expr.range.end, static_cast<uint32_t>(rule_.query.size()));
    uint32_t begin = std::min(expr.range.begin, end);
    return rule_.query.substr(begin, end - begin);
  }

  // ES|QL names an unnamed column after its expression as written; COMPLETION's
  // result is `completion`.
  std::string column_name(const Assignment& item, CommandKind kind) const {
    if (!item.name.empty()) return item.name;
    if (kind == CommandKind::completion) return "completion";
    if (kind == CommandKind::rerank) return "_score";
    return item.value.kind == ExprKind::field ? item.value.text : text_of(item.value);
  }

  Column* find(std::string_view name) {
    for (Column& column : columns_)
      if (!column.unlisted() && column.name == name) return &column;
    return nullptr;
  }

  bool has_unlisted() const {
    return std::any_of(columns_.begin(), columns_.end(), [](const Column& c) { return c.unlisted(); });
  }

  // A predicate's field reads an index's values: a listed column not computed
  // on the way, or a name the unlisted columns of an index may hold.
  bool is_source(std::string_view name) const {
    for (const Column& column : columns_)
      if (!column.unlisted() && column.name == name) return !column.computed;
    return std::any_of(columns_.begin(), columns_.end(), [](const Column& c) { return c.unlisted() && !c.computed; });
  }

  // A new column goes last, replacing one of the same name.
  void put(std::string name, uint32_t stage, bool computed) {
    std::erase_if(columns_, [&](const Column& column) { return !column.unlisted() && column.name == name; });
    columns_.push_back({std::move(name), "", stage, computed});
  }

  void add_source(const std::string& name, uint32_t stage) {
    add_unique(rule_.data_sources, name);
    columns_.push_back({"", name, stage, false});
  }

  // STATS: the aggregates, then the BY keys; INLINE STATS adds the aggregates.
  void stats(const Command& command, uint32_t stage) {
    for (const Assignment& item : command.assignments)
      if (item.has_filter) visit(item.filter, false, stage);  // in no tree: the filter of one aggregate
    if (command.kind == CommandKind::stats && !branch_trees_ && !aggregated_) aggregate(command);
    if (command.kind == CommandKind::inline_stats) {
      for (const Assignment& item : command.assignments) put(column_name(item, command.kind), stage, true);
      return;
    }
    std::vector<Column> result;
    for (const Assignment& item : command.assignments) result.push_back({column_name(item, command.kind), "", stage, true});
    for (const Assignment& key : command.by) {
      bool grouped_field = key.name.empty() && key.value.kind == ExprKind::field;
      result.push_back({column_name(key, command.kind), "", stage, !(grouped_field && is_source(key.value.text))});
    }
    columns_ = std::move(result);
  }

  // KEEP: the named columns in the order of the patterns. A name or pattern
  // that matches no named column but the unlisted columns may hold is kept as
  // written; `*` keeps everything.
  void keep(const std::vector<Expr>& patterns, uint32_t stage) {
    std::vector<Column> kept;
    auto already = [&](const Column& column) {
      return std::any_of(kept.begin(), kept.end(), [&](const Column& k) {
        return k.name == column.name && k.all_columns_of == column.all_columns_of;
      });
    };
    bool unlisted = has_unlisted();
    for (const Expr& pattern : patterns) {
      bool matched = false;
      for (const Column& column : columns_) {
        bool match = column.unlisted() ? pattern.text == "*" : wildcard_match(pattern.text, column.name);
        if (match && !already(column)) kept.push_back(column);
        matched = matched || (match && !column.unlisted());
      }
      Column named{pattern.text, "", stage, false};
      if (unlisted && pattern.text != "*" && !matched && !already(named)) kept.push_back(named);
    }
    columns_ = std::move(kept);
  }

  // FORK: every branch's columns (a column once), and `_fork`, the branch of each row.
  void fork(const Command& command, uint32_t stage) {
    columns_ = run_branches(command.branches, columns_, stage, "fork", command.range);
    put("_fork", stage, true);
  }

  // Each branch run on `input`: the columns of all of them, each once. Rows
  // come from any branch: its WHEREs, ANDed, are one alternative of a
  // selection named `name` (a subquery's rows join the index's: `true` is one more).
  // `input` is a copy: FORK passes the current columns, which each branch replaces.
  std::vector<Column> run_branches(const std::vector<std::vector<Command>>& branches, std::vector<Column> input,
                                   uint32_t stage, std::string name, Range range) {
    const std::vector<Column> before = columns_;
    std::vector<uint32_t>* outer = branch_trees_;
    std::vector<uint32_t> alternatives;
    if (name == "subquery") alternatives.push_back(add_all(rule_.logic, {}));
    bool filtered = false;
    std::vector<Column> merged;
    for (const std::vector<Command>& branch : branches) {
      columns_ = input;
      std::vector<uint32_t> trees;
      branch_trees_ = &trees;
      for (const Command& step : branch) apply(step, stage);
      filtered = filtered || !trees.empty();
      alternatives.push_back(add_all(rule_.logic, std::move(trees)));
      append_new(merged, std::move(columns_));
    }
    branch_trees_ = outer;
    columns_ = before;
    if (filtered)
      where(add_any(rule_.logic, std::move(alternatives), {range.begin, range.end}), std::move(name), stage, range);
    return merged;
  }

  void add_new_columns(std::vector<Column> more) { append_new(columns_, std::move(more)); }

  static void append_new(std::vector<Column>& to, std::vector<Column> more) {
    for (Column& column : more) {
      bool seen = std::any_of(to.begin(), to.end(), [&](const Column& c) {
        return c.name == column.name && c.all_columns_of == column.all_columns_of;
      });
      if (!seen) to.push_back(std::move(column));
    }
  }

  void rename(const Rename& rename, uint32_t stage) {
    bool known = find(rename.from) != nullptr;
    if (!known && !has_unlisted()) return;
    std::erase_if(columns_, [&](const Column& c) { return !c.unlisted() && c.name == rename.to; });
    if (Column* column = find(rename.from)) {
      *column = {rename.to, "", stage, true};
    } else {
      columns_.push_back({rename.to, "", stage, true});
    }
  }

  void mv_expand(const std::string& name, uint32_t stage) {
    if (Column* column = find(name)) {
      column->stage = stage;
    } else if (has_unlisted()) {
      columns_.push_back({name, "", stage, false});
    }
  }

  // Logic -------------------------------------------------------------------------
  // The first STATS makes the rule an aggregate: its measures are the columns
  // a later WHERE compares (count leaves), its BY keys the groups, a time
  // bucket among them the window.
  void aggregate(const Command& command) {
    RuleLogic& logic = rule_.logic;
    logic.shape = LogicShape::aggregate;
    aggregated_ = true;
    for (const Assignment& item : command.assignments)
      if (std::optional<std::string> measure = measure_of(item)) measures_.emplace_back(column_name(item, command.kind), *measure);
    for (const Assignment& key : command.by) {
      if (const Expr* span = time_bucket(key.value)) {
        logic.window = span->text;
        logic.window_seconds = timespan_seconds(span->text).value_or(0);
      } else {
        logic.group_by.push_back(column_name(key, command.kind));
      }
    }
  }

  const std::string* measure_named(std::string_view column) const {
    for (const auto& [name, measure] : measures_)
      if (name == column) return &measure;
    return nullptr;
  }

  // A WHERE's tree: a selection before the aggregate (or a branch's part),
  // part of the alert condition after it.
  void where(uint32_t tree, std::string name, uint32_t stage, Range range) {
    if (branch_trees_) return branch_trees_->push_back(tree);
    if (aggregated_) return condition_.push_back(tree);
    add_selection(rule_.logic, selection(std::move(name), stage, tree, {range.begin, range.end}));
  }

  static Selection selection(std::string name, uint32_t stage, uint32_t root, SourceRange range) {
    Selection made;
    made.name = std::move(name);
    made.stage = stage;
    made.root = root;
    made.range = range;
    return made;
  }

  // Every event of the sources passes when no WHERE comes before the aggregate.
  void finish_logic() {
    RuleLogic& logic = rule_.logic;
    if (logic.selections.empty() && !rule_.stages.empty())
      add_selection(logic, selection(rule_.stages[0].kind, 0, add_all(logic, {}), rule_.stages[0].range));
    if (!condition_.empty()) logic.condition = add_all(logic, std::move(condition_));
  }

  uint32_t opaque(const Expr& expr, std::string reason, bool negated) {
    SourceRange range{expr.range.begin, expr.range.end};
    uint32_t leaf = add_opaque(rule_.logic, range_text(rule_, range), std::move(reason), range);
    return negated ? add_not(rule_.logic, leaf) : leaf;
  }

  // all (or any, when `all` is false) of `children`; swapped under negation.
  uint32_t junction(bool all, std::vector<uint32_t> children, bool negated, Range range) {
    SourceRange at{range.begin, range.end};
    return all != negated ? add_all(rule_.logic, std::move(children), at) : add_any(rule_.logic, std::move(children), at);
  }

  // Predicates --------------------------------------------------------------------
  // Predicates carry the negation of the NOTs above them, so the tree is built
  // under `negated` too (De Morgan). What no predicate expresses is opaque.
  uint32_t visit(const Expr& expr, bool negated, uint32_t stage) {
    switch (expr.kind) {
      case ExprKind::and_:
      case ExprKind::or_: {
        std::vector<uint32_t> children;
        for (const Expr& child : expr.children) children.push_back(visit(child, negated, stage));
        return junction(expr.kind == ExprKind::and_, std::move(children), negated, expr.range);
      }
      case ExprKind::not_: return visit(expr.children[0], !negated, stage);
      case ExprKind::compare: return compare(expr, negated, stage);
      case ExprKind::match:
        return add(expr, expr.children[0], Op::has, {&expr.children[1]}, negated, false, stage);
      case ExprKind::like: {
        const Expr& patterns = expr.children[1];
        std::vector<const Expr*> values;
        if (patterns.kind == ExprKind::list) {
          for (const Expr& item : patterns.children) values.push_back(&item);
        } else {
          values.push_back(&patterns);
        }
        Op op = expr.text == "rlike" ? Op::regex : Op::wildcard;
        return add(expr, expr.children[0], op, values, negated != expr.negated, true, stage);
      }
      case ExprKind::in: {
        // `true IN (cond, ...)`: any of the conditions holds.
        if (expr.children[0].kind == ExprKind::boolean && expr.children[0].text == "true") {
          bool inner = negated != expr.negated;
          std::vector<uint32_t> children;
          for (const Expr& item : expr.children[1].children) children.push_back(visit(item, inner, stage));
          return junction(false, std::move(children), inner, expr.range);
        }
        std::vector<const Expr*> values;
        for (const Expr& item : expr.children[1].children) values.push_back(&item);
        return add(expr, expr.children[0], Op::in, values, negated != expr.negated, true, stage);
      }
      case ExprKind::is_null:
        return add(expr, expr.children[0], Op::exists, {}, negated != !expr.negated, true, stage);
      case ExprKind::call: return call(expr, negated, stage);
      case ExprKind::boolean: return junction(expr.text == "true", {}, negated, expr.range);
      case ExprKind::field: return opaque(expr, is_source(expr.text) ? "boolean field" : "computed column", negated);
      default: return opaque(expr, "value as a condition", negated);
    }
  }

  uint32_t compare(const Expr& expr, bool negated, uint32_t stage) {
    bool flipped = !subject_of(expr.children[0]).field && subject_of(expr.children[1]).field;
    const Expr& lhs = expr.children[flipped ? 1 : 0];
    const Expr& rhs = expr.children[flipped ? 0 : 1];
    const std::string& op = expr.text;
    return add(expr, lhs, comparison_op(op, flipped), {&rhs}, negated != (op == "!="), op != "=~", stage);
  }

  uint32_t call(const Expr& expr, bool negated, uint32_t stage) {
    if (iequals(expr.text, "kql")) return kql(expr, negated, stage);
    for (const FunctionPredicate& function : kFunctionPredicates) {
      if (!iequals(expr.text, function.name) || expr.children.size() < 2) continue;
      std::vector<const Expr*> values;
      for (size_t i = 1; i < expr.children.size(); ++i)
        if (expr.children[i].kind != ExprKind::map) values.push_back(&expr.children[i]);
      return add(expr, expr.children[0], function.op, values, negated, function.case_sensitive, stage);
    }
    return opaque(expr, "function " + expr.text + "()", negated);
  }

  // KQL("kuery"): the kuery query's predicates and tree, at the call.
  uint32_t kql(const Expr& expr, bool negated, uint32_t stage) {
    if (expr.children.size() != 1 || expr.children[0].kind != ExprKind::string)
      return opaque(expr, "KQL() of a computed query", negated);
    kuery::QueryAst ast = kuery::parse(expr.children[0].text);
    if (!ast.errors.empty() || !ast.has_root) return opaque(expr, "KQL() query that does not parse", negated);
    const size_t first = rule_.predicates.size();
    uint32_t tree = kuery::lower_tree(ast.root, rule_, stage, negated);
    for (size_t i = first; i < rule_.predicates.size(); ++i) {
      Predicate& predicate = rule_.predicates[i];
      predicate.indicator = predicate.indicator && is_source(predicate.field);
      predicate.range = {expr.range.begin, expr.range.end};
    }
    return tree;
  }

  // The predicate of `whole` on `operand`'s field, and its leaf; an opaque
  // leaf where the predicate does not say it all (values that are not
  // literals, a computed column), a count leaf for an aggregate's measure.
  uint32_t add(const Expr& whole, const Expr& operand, Op op, const std::vector<const Expr*>& values, bool negated,
               bool case_sensitive, uint32_t stage) {
    Subject subject = subject_of(operand);
    if (!subject.field) return opaque(whole, computed_reason(operand), negated);
    Predicate predicate;
    predicate.field = subject.field->text;
    predicate.op = op;
    bool literals = true;
    const Expr* computed = nullptr;
    for (const Expr* value : values) {
      std::optional<std::string> literal = literal_text(*value);
      literals = literals && literal.has_value();
      if (!literal && !computed) computed = value;
      predicate.values.push_back(literal ? *literal : text_of(*value));
    }
    predicate.negated = negated;
    predicate.case_sensitive = case_sensitive && !subject.folded;
    const bool source = is_source(predicate.field);
    predicate.indicator = literals && !values.empty() && source;
    predicate.range = {whole.range.begin, whole.range.end};
    predicate.stage = stage;
    rule_.predicates.push_back(predicate);
    if (const std::string* measure = aggregated_ ? measure_named(predicate.field) : nullptr)
      return count(whole, *measure, predicate, literals && values.size() == 1 && !subject.folded);
    if (computed) return opaque(whole, computed_reason(*computed), negated);
    if (!source) return opaque(whole, "computed column", negated);
    return add_leaf(rule_.logic, static_cast<uint32_t>(rule_.predicates.size() - 1));
  }

  // `count > 5` after STATS count = COUNT(*): a count leaf.
  uint32_t count(const Expr& whole, const std::string& measure, const Predicate& predicate, bool one_number) {
    char* end = nullptr;
    const std::string& text = predicate.values.empty() ? std::string() : predicate.values[0];
    double threshold = std::strtod(text.c_str(), &end);
    const bool ordering = predicate.op == Op::gt || predicate.op == Op::ge || predicate.op == Op::lt || predicate.op == Op::le;
    if (!one_number || text.empty() || *end != '\0' || !(ordering || predicate.op == Op::eq))
      return opaque(whole, "condition on an aggregate", predicate.negated);
    SourceRange range{whole.range.begin, whole.range.end};
    bool inequality = predicate.negated && predicate.op == Op::eq;
    uint32_t leaf = add_count(rule_.logic, measure, kNoNode, comparison_symbol(predicate.op, inequality), threshold, range);
    return predicate.negated && !inequality ? add_not(rule_.logic, leaf) : leaf;
  }

  Rule& rule_;
  LineIndex lines_;
  std::vector<Column> columns_;
  std::vector<uint32_t>* branch_trees_ = nullptr;  // in a FORK branch or FROM subquery: its WHEREs' trees
  bool aggregated_ = false;                        // after the first STATS
  std::vector<std::pair<std::string, std::string>> measures_;  // aggregate column -> measure
  std::vector<uint32_t> condition_;                // trees of the WHEREs after STATS
};

}  // namespace

void lower(const QueryAst& ast, Rule& rule) { Lowering(rule).run(ast); }

}  // namespace ruledex::esql
