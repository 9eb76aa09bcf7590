#include "yaral/lowering.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "base/source_text.h"
#include "model/duration.h"
#include "model/logic_builder.h"

namespace ruledex::yaral {
namespace {

// What one side of a comparison is.
struct Operand {
  enum class Kind { Field, Placeholder, Literal, List, Other };
  Kind kind = Kind::Other;
  std::string_view variable;  // Field: the event variable
  std::string text;           // Field: the UDM path; Literal: the value; others: as written
  bool regex = false;         // a /regex/ literal
  bool folded = false;        // under strings.to_lower/to_upper: compared case-insensitively
  std::string_view list;      // List: the name after %
};

// Functions that test their first argument against the literal in their second.
struct FunctionPredicate {
  std::string_view function;
  Op op;
};
constexpr FunctionPredicate kFunctionPredicates[] = {
    {"re.regex", Op::regex},
    {"strings.contains", Op::contains},
    {"strings.starts_with", Op::startswith},
    {"strings.ends_with", Op::endswith},
    {"net.ip_in_range_cidr", Op::cidr},
};

bool is_case_fold(std::string_view function) {
  return function == "strings.to_lower" || function == "strings.to_upper";
}

class Lowerer {
 public:
  Lowerer(const RuleAst& ast, Rule& rule, const LowerOptions& options)
      : ast_(ast), rule_(rule), options_(options), lines_(rule.query) {}

  void run() {
    for (const Section& section : ast_.sections) {
      switch (section.kind) {
        case SectionKind::Events:
          lower_events(section);
          break;
        case SectionKind::Match:
          lower_match(section);
          match_ = &section.match;
          break;
        case SectionKind::Outcome:
          lower_outcome(section);
          break;
        case SectionKind::Condition:
          lower_condition(section);
          condition_ = &section;
          break;
        case SectionKind::Options:
          lower_options(section);
          break;
        case SectionKind::Meta:
          break;  // the reader took the metadata
      }
    }
    add_data_sources();
    build_rule_logic();
  }

 private:
  // ------------------------------------------------------------ text and stages

  std::string source_text(Span span) const {
    std::string out;
    const std::string& query = rule_.query;
    for (uint32_t i = span.begin; i < span.end && i < query.size(); ++i) {
      char c = query[i];
      bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (!blank) {
        out += c;
      } else if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  uint32_t file_line(uint32_t offset) const {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(rule_.query.size()));
    return query_file_line(rule_, lines_.line(offset));
  }

  uint32_t add_stage(std::string kind, Span range) {
    Stage stage;
    stage.kind = std::move(kind);
    stage.range = {range.begin, range.end};
    stage.line = file_line(range.begin);
    rule_.stages.push_back(std::move(stage));
    return static_cast<uint32_t>(rule_.stages.size() - 1);
  }

  // ------------------------------------------------------------ sections

  // One stage for a single-event rule; with several event variables one per
  // variable, then `join` for statements that name none or several. Each
  // stage is a selection: all of its statements' trees.
  void lower_events(const Section& section) {
    std::vector<std::string_view> order;
    std::vector<int> group_of;  // per statement: index into order, or -1 (join)
    for (ExprId statement : section.statements) {
      std::set<std::string_view> variables;
      collect_event_variables(statement, variables);
      for (std::string_view variable : variables)
        if (std::find(order.begin(), order.end(), variable) == order.end()) order.push_back(variable);
      group_of.push_back(
          variables.size() == 1
              ? static_cast<int>(std::find(order.begin(), order.end(), *variables.begin()) - order.begin())
              : -1);
    }
    if (order.size() <= 1) {
      uint32_t stage = add_stage("events", section.span);
      add_event_selection(order.empty() ? std::string_view{} : order.front(), section.statements, stage, section.span);
      return;
    }
    for (int group = 0; group <= static_cast<int>(order.size()); ++group) {
      int key = group == static_cast<int>(order.size()) ? -1 : group;
      std::vector<ExprId> members;
      for (size_t i = 0; i < section.statements.size(); ++i)
        if (group_of[i] == key) members.push_back(section.statements[i]);
      if (members.empty()) continue;
      Span range{UINT32_MAX, 0};
      for (ExprId member : members) {
        range.begin = std::min(range.begin, ast_.at(member).span.begin);
        range.end = std::max(range.end, ast_.at(member).span.end);
      }
      uint32_t stage = add_stage(key < 0 ? "join" : "events", range);
      add_event_selection(key < 0 ? std::string_view{} : order[key], members, stage, range);
    }
  }

  // The selection of event variable `variable` (empty: the join statements).
  void add_event_selection(std::string_view variable, const std::vector<ExprId>& statements, uint32_t stage, Span range) {
    std::vector<uint32_t> trees;
    for (ExprId statement : statements) trees.push_back(lower_predicates(statement, false, stage, true));
    Selection selection;
    selection.name = variable.empty() ? "join" : "$" + std::string(variable);
    selection.stage = stage;
    selection.root = add_all(rule_.logic, std::move(trees), {range.begin, range.end});
    selection.range = {range.begin, range.end};
    if (!variable.empty()) event_selections_[variable] = static_cast<uint32_t>(rule_.logic.selections.size());
    add_selection(rule_.logic, std::move(selection));
    for (ExprId statement : statements) collect_bindings(statement);
  }

  // `$e.field = $placeholder` (either way round) in an and-chain: the
  // placeholder binds to the field of that event variable.
  void collect_bindings(ExprId id) {
    const Expr& e = ast_.at(id);
    if (e.kind == ExprKind::And)
      for (ExprId child : e.children) collect_bindings(child);
    if (e.kind != ExprKind::Compare || e.name != "=") return;
    for (size_t side = 0; side < 2; ++side) {
      const Expr& placeholder = ast_.at(e.children[side]);
      Operand field = operand(e.children[1 - side]);
      if (placeholder.kind == ExprKind::Variable && field.kind == Operand::Kind::Field)
        bindings_[placeholder.name][field.variable] = field.text;
    }
  }

  void lower_match(const Section& section) {
    uint32_t stage = add_stage("match", section.span);
    const MatchClause& match = section.match;
    for (ExprId variable : match.variables)
      rule_.output_fields.push_back({source_text(ast_.at(variable).span), "match", stage, "", ""});
    if (match.window.empty()) return;
    std::string window(match.window);
    if (!match.anchor_kind.empty() && match.anchor != kNoExpr)
      window += " " + std::string(match.anchor_kind) + " " + source_text(ast_.at(match.anchor).span);
    rule_.metadata.emplace_back("match window", std::move(window));
  }

  void lower_outcome(const Section& section) {
    uint32_t stage = add_stage("outcome", section.span);
    for (const Assignment& assignment : section.assignments) {
      OutputField field{"$" + std::string(assignment.variable), "outcome", stage, "", ""};
      if (assignment.variable == "risk_score") field.role = "alerting score";
      rule_.output_fields.push_back(std::move(field));
    }
  }

  void lower_condition(const Section& section) {
    uint32_t stage = add_stage("condition", section.span);
    for (ExprId statement : section.statements) lower_predicates(statement, false, stage, false);
  }

  void lower_options(const Section& section) {
    for (const KeyValue& entry : section.entries)
      if (entry.value != kNoExpr)
        rule_.metadata.emplace_back("option " + std::string(entry.key), source_text(ast_.at(entry.value).span));
  }

  // Data sources the events pin: log types, and vendor/product pairs.
  void add_data_sources() {
    std::vector<std::string> vendors, products, log_types;
    for (const Predicate& p : rule_.predicates) {
      if (!p.indicator || p.negated || (p.op != Op::eq && p.op != Op::in)) continue;
      std::vector<std::string>* into = p.field == "metadata.vendor_name"    ? &vendors
                                       : p.field == "metadata.product_name" ? &products
                                       : p.field == "metadata.log_type"     ? &log_types
                                                                            : nullptr;
      if (!into) continue;
      for (const std::string& value : p.values)
        if (std::find(into->begin(), into->end(), value) == into->end()) into->push_back(value);
    }
    auto add = [&](std::string source) {
      if (std::find(rule_.data_sources.begin(), rule_.data_sources.end(), source) == rule_.data_sources.end())
        rule_.data_sources.push_back(std::move(source));
    };
    for (const std::string& log_type : log_types) add(log_type);
    for (const std::string& product : products) add(vendors.size() == 1 ? vendors[0] + "/" + product : product);
    if (products.empty())
      for (const std::string& vendor : vendors) add(vendor);
  }

  void collect_event_variables(ExprId id, std::set<std::string_view>& out) const {
    const Expr& e = ast_.at(id);
    if (e.kind == ExprKind::Field) out.insert(e.name);
    for (ExprId child : e.children) collect_event_variables(child, out);
  }

  // ------------------------------------------------------------ predicates

  // Walks and/or/not/any/all down to the comparisons (the tree's depth is
  // bounded by the parser). With `tree`, returns the expression's tree over
  // the predicates it emits: under `negated` the exact negation, pushed down
  // to the (negated) predicates by De Morgan; what no predicate expresses is
  // an opaque leaf. Without, returns kNoNode.
  uint32_t lower_predicates(ExprId id, bool negated, uint32_t stage, bool tree) {
    const Expr& e = ast_.at(id);
    RuleLogic& logic = rule_.logic;
    switch (e.kind) {
      case ExprKind::And:
      case ExprKind::Or: {
        std::vector<uint32_t> children;
        for (ExprId child : e.children) children.push_back(lower_predicates(child, negated, stage, tree));
        if (!tree) return kNoNode;
        SourceRange range{e.span.begin, e.span.end};
        return (e.kind == ExprKind::And) != negated ? add_all(logic, std::move(children), range)
                                                    : add_any(logic, std::move(children), range);
      }
      case ExprKind::Not:
        return lower_predicates(e.children[0], !negated, stage, tree);
      case ExprKind::Quantified:
        return lower_predicates(e.children[0], negated, stage, tree);
      case ExprKind::Compare:
        return leaf(e, lower_comparison(e, negated, stage), negated, tree);
      case ExprKind::In:
        return leaf(e, lower_in(e, negated, stage), negated, tree);
      case ExprKind::Call:
        return leaf(e, lower_call(e, negated, stage), negated, tree);
      default:
        return tree ? opaque(e, e.kind == ExprKind::Error ? "does not parse" : "expression", negated) : kNoNode;
    }
  }

  // The leaf of predicate `index`, or an opaque leaf when the expression
  // computes what it compares (a function the model does not know).
  uint32_t leaf(const Expr& e, std::optional<uint32_t> index, bool negated, bool tree) {
    if (!tree) return kNoNode;
    std::string reason = computed(e);
    if (!index && reason.empty()) reason = "function " + std::string(e.name);
    if (!reason.empty()) return opaque(e, reason, negated);
    return add_leaf(rule_.logic, *index);
  }

  uint32_t opaque(const Expr& e, std::string reason, bool negated) {
    SourceRange range{e.span.begin, e.span.end};
    uint32_t node = add_opaque(rule_.logic, source_text(e.span), std::move(reason), range);
    return negated ? add_not(rule_.logic, node, range) : node;
  }

  // Why a comparison's operands are not a field and values: "function f",
  // "arithmetic"; empty when they are.
  std::string computed(const Expr& e) const {
    for (ExprId child : e.children) {
      const Expr& operand = ast_.at(child);
      if (operand.kind == ExprKind::Call) {
        bool folded_field = is_case_fold(operand.name) && operand.children.size() == 1 &&
                            ast_.at(operand.children[0]).kind == ExprKind::Field;
        if (!folded_field) return "function " + std::string(operand.name);
      }
      if (operand.kind == ExprKind::Arithmetic ||
          (operand.kind == ExprKind::Negate && ast_.at(operand.children[0]).kind != ExprKind::Number))
        return "arithmetic";
    }
    return {};
  }

  Operand operand(ExprId id) const {
    const Expr& e = ast_.at(id);
    Operand out;
    switch (e.kind) {
      case ExprKind::Field:
        out.kind = Operand::Kind::Field;
        out.variable = e.name;
        out.text = e.value;
        return out;
      case ExprKind::Variable:
        out.kind = Operand::Kind::Placeholder;
        break;
      case ExprKind::String:
      case ExprKind::Regex:
      case ExprKind::Number:
      case ExprKind::Bool:
        out.kind = Operand::Kind::Literal;
        out.text = e.value;
        out.regex = e.kind == ExprKind::Regex;
        return out;
      case ExprKind::Negate:
        if (ast_.at(e.children[0]).kind == ExprKind::Number) {
          out.kind = Operand::Kind::Literal;
          out.text = "-" + ast_.at(e.children[0]).value;
          return out;
        }
        break;
      case ExprKind::ReferenceList:
        out.kind = Operand::Kind::List;
        out.list = e.name;
        break;
      case ExprKind::Call:
        if (is_case_fold(e.name) && e.children.size() == 1) {
          Operand inner = operand(e.children[0]);
          if (inner.kind == Operand::Kind::Field) {
            inner.folded = true;
            return inner;
          }
        }
        break;
      default:
        break;
    }
    out.text = source_text(e.span);
    return out;
  }

  // The other side of a binding or join as written: $user, $e2.principal.ip, f(x).
  static std::string written(const Operand& side) {
    if (side.kind == Operand::Kind::Field) return "$" + std::string(side.variable) + "." + side.text;
    if (side.kind == Operand::Kind::List) return "%" + std::string(side.list);
    return side.text;
  }

  Predicate make(const Expr& e, const Operand& subject, Op op, bool negated, uint32_t stage) const {
    Predicate p;
    p.field = subject.kind == Operand::Kind::Field ? subject.text : written(subject);
    p.op = op;
    p.negated = negated;
    p.case_sensitive = !(e.nocase || subject.folded);
    p.range = {e.span.begin, e.span.end};
    p.stage = stage;
    return p;
  }

  uint32_t push(Predicate predicate) {
    rule_.predicates.push_back(std::move(predicate));
    return static_cast<uint32_t>(rule_.predicates.size() - 1);
  }

  uint32_t lower_comparison(const Expr& e, bool negated, uint32_t stage) {
    Operand lhs = operand(e.children[0]);
    Operand rhs = operand(e.children[1]);
    std::string_view op = e.name;
    // The subject is the side that is a field (or, failing that, not a literal).
    auto rank = [](const Operand& side) {
      switch (side.kind) {
        case Operand::Kind::Field:
          return 0;
        case Operand::Kind::Literal:
          return 3;
        case Operand::Kind::List:
          return 2;
        default:
          return 1;
      }
    };
    const bool swapped = rank(rhs) < rank(lhs);
    if (swapped) std::swap(lhs, rhs);
    Op ordered = ordering_op(op).value_or(Op::eq);  // = and != are eq
    if (swapped) ordered = mirrored(ordered);
    bool regex = rhs.kind == Operand::Kind::Literal && rhs.regex && (op == "=" || op == "!=");
    Predicate p = make(e, lhs, regex ? Op::regex : ordered, negated != (op == "!="), stage);
    if (rhs.kind == Operand::Kind::Literal) {
      p.values.push_back(rhs.text);
      p.indicator = lhs.kind == Operand::Kind::Field;
    } else {
      // A binding or a join: both ends as written when two event variables meet.
      if (lhs.kind == Operand::Kind::Field && rhs.kind == Operand::Kind::Field && lhs.variable != rhs.variable)
        p.field = written(lhs);
      p.values.push_back(written(rhs));
    }
    return push(std::move(p));
  }

  uint32_t lower_in(const Expr& e, bool negated, uint32_t stage) {
    Operand subject = operand(e.children[0]);
    Operand list = operand(e.children[1]);
    Op op = e.name == "regex" ? Op::regex : e.name == "cidr" ? Op::cidr : Op::in;
    Predicate p = make(e, subject, op, negated, stage);
    std::shared_ptr<const ReferenceList> values;
    if (list.kind == Operand::Kind::List && options_.find_list) values = options_.find_list(list.list);
    if (values) {
      p.values = values->values;
      p.indicator = subject.kind == Operand::Kind::Field;
    } else {
      p.values.push_back(written(list));
    }
    if (list.kind == Operand::Kind::List) note_list(ast_.at(e.children[1]), list.list, values.get());
    return push(std::move(p));
  }

  // Once per list and rule: where its values came from, or that they are unknown.
  void note_list(const Expr& reference, std::string_view name, const ReferenceList* list) {
    if (!noted_lists_.insert(std::string(name)).second) return;
    std::string message = "reference list %" + std::string(name);
    if (list) {
      // Where the list is, from the rule's folder: a catalog built elsewhere still reads right.
      std::error_code error;
      std::filesystem::path folder = std::filesystem::absolute(rule_.file, error).parent_path();
      message += ": " + std::to_string(list->values.size()) + " values from " +
                 list->file.lexically_relative(folder).generic_string();
    } else {
      message += " is not in the repository: its values are unknown";
    }
    rule_.diagnostics.push_back(
        {Severity::note, std::move(message), rule_.file, file_line(reference.span.begin),
         lines_.column(std::min<uint32_t>(reference.span.begin, static_cast<uint32_t>(rule_.query.size())))});
  }

  // Nothing for a function that is not a predicate.
  std::optional<uint32_t> lower_call(const Expr& e, bool negated, uint32_t stage) {
    auto known = std::find_if(std::begin(kFunctionPredicates), std::end(kFunctionPredicates),
                              [&](const FunctionPredicate& f) { return f.function == e.name; });
    if (known == std::end(kFunctionPredicates) || e.children.size() < 2) return std::nullopt;
    Operand subject = operand(e.children[0]);
    Operand pattern = operand(e.children[1]);
    Predicate p = make(e, subject, known->op, negated, stage);
    if (pattern.kind == Operand::Kind::Literal) {
      p.values.push_back(pattern.text);
      p.indicator = subject.kind == Operand::Kind::Field;
    } else {
      p.values.push_back(written(pattern));
    }
    return push(std::move(p));
  }

  // ------------------------------------------------------------ logic

  // Shape multi_event with a `match` section (group_by: the match variables
  // as written; each selection's `by`: the field of its event variable that
  // each match variable binds to, "" where it binds none), else filter. The
  // condition section is the condition tree for both shapes: for a
  // single-event rule `$e` is the one selection matched; an outcome test
  // stays in it as an opaque leaf rather than being lost.
  void build_rule_logic() {
    RuleLogic& logic = rule_.logic;
    if (match_) {
      logic.shape = LogicShape::multi_event;
      for (ExprId variable : match_->variables) logic.group_by.push_back(source_text(ast_.at(variable).span));
      if (!match_->window.empty()) {
        logic.window = match_->window;
        if (!match_->anchor_kind.empty() && match_->anchor != kNoExpr)
          logic.window += " " + std::string(match_->anchor_kind) + " " + source_text(ast_.at(match_->anchor).span);
        logic.window_seconds = duration_seconds(match_->window).value_or(0);
      }
      for (auto& [variable, index] : event_selections_) logic.selections[index].by = match_fields(variable);
    }
    if (!condition_) return;
    std::vector<uint32_t> statements;
    for (ExprId statement : condition_->statements) statements.push_back(condition_tree(statement));
    logic.condition = add_all(logic, std::move(statements), {condition_->body.begin, condition_->body.end});
  }

  std::vector<std::string> match_fields(std::string_view event_variable) const {
    std::vector<std::string> by;
    bool bound = false;
    for (ExprId id : match_->variables) {
      const Expr& variable = ast_.at(id);
      std::string field;
      if (variable.kind == ExprKind::Field && variable.name == event_variable) field = variable.value;
      auto found = bindings_.find(variable.name);
      if (variable.kind == ExprKind::Variable && found != bindings_.end()) {
        auto in_event = found->second.find(event_variable);
        if (in_event != found->second.end()) field = in_event->second;
      }
      bound = bound || !field.empty();
      by.push_back(std::move(field));
    }
    return bound ? by : std::vector<std::string>{};
  }

  // `$e`: selection $e matched (count >= 1); `#e > 5`: a count leaf; and, or,
  // not as written; the rest (outcome variables, ...) opaque. The parser
  // bounds the depth.
  uint32_t condition_tree(ExprId id) {
    const Expr& e = ast_.at(id);
    RuleLogic& logic = rule_.logic;
    SourceRange range{e.span.begin, e.span.end};
    switch (e.kind) {
      case ExprKind::And:
      case ExprKind::Or: {
        std::vector<uint32_t> children;
        for (ExprId child : e.children) children.push_back(condition_tree(child));
        return e.kind == ExprKind::And ? add_all(logic, std::move(children), range) : add_any(logic, std::move(children), range);
      }
      case ExprKind::Not:
        return add_not(logic, condition_tree(e.children[0]), range);
      case ExprKind::Variable:
        if (auto selection = event_selection(e.name)) return add_count(logic, "count", *selection, ">=", 1, range);
        return add_opaque(logic, source_text(e.span), variable_reason(e.name), range);
      case ExprKind::Compare:
        return condition_comparison(e);
      default:
        return add_opaque(logic, source_text(e.span), "condition expression", range);
    }
  }

  // `#e > 5` or `5 < #e`: a count leaf; a test of an outcome variable is opaque.
  uint32_t condition_comparison(const Expr& e) {
    SourceRange range{e.span.begin, e.span.end};
    for (size_t side = 0; side < 2; ++side) {
      const Expr& count = ast_.at(e.children[side]);
      const Expr& number = ast_.at(e.children[1 - side]);
      std::optional<std::pair<std::string, uint32_t>> measure = count_measure(count);
      if (!measure || number.kind != ExprKind::Number) continue;
      std::string_view comparison = side == 0 ? e.name : mirrored_symbol(e.name);
      double threshold = 0;
      std::from_chars(number.value.data(), number.value.data() + number.value.size(), threshold);
      return add_count(rule_.logic, measure->first, measure->second, comparison, threshold, range);
    }
    for (ExprId child : e.children)
      if (ast_.at(child).kind == ExprKind::Variable)
        return add_opaque(rule_.logic, source_text(e.span), variable_reason(ast_.at(child).name), range);
    return add_opaque(rule_.logic, source_text(e.span), "condition expression", range);
  }

  // `#e`: the matches of event variable e; `#placeholder`: the distinct
  // values of the field it binds to (in the first event variable binding it).
  std::optional<std::pair<std::string, uint32_t>> count_measure(const Expr& count) const {
    if (count.kind != ExprKind::Count) return std::nullopt;
    if (auto selection = event_selection(count.name)) return std::pair<std::string, uint32_t>{"count", *selection};
    auto bound = bindings_.find(count.name);
    if (bound == bindings_.end()) return std::nullopt;
    std::optional<std::pair<std::string, uint32_t>> first;
    for (const auto& [variable, field] : bound->second) {
      std::optional<uint32_t> selection = event_selection(variable);
      if (selection && (!first || *selection < first->second)) first = {{"distinct " + field, *selection}};
    }
    return first;
  }

  static std::string_view mirrored_symbol(std::string_view symbol) {
    if (symbol == "<") return ">";
    if (symbol == ">") return "<";
    if (symbol == "<=") return ">=";
    if (symbol == ">=") return "<=";
    return symbol;
  }

  std::optional<uint32_t> event_selection(std::string_view variable) const {
    auto found = event_selections_.find(variable);
    return found == event_selections_.end() ? std::nullopt : std::optional<uint32_t>(found->second);
  }

  std::string variable_reason(std::string_view variable) const {
    const Section* outcome = ast_.section(SectionKind::Outcome);
    if (outcome)
      for (const Assignment& assignment : outcome->assignments)
        if (assignment.variable == variable) return "outcome variable";
    return "variable $" + std::string(variable);
  }

  const RuleAst& ast_;
  Rule& rule_;
  const LowerOptions& options_;
  LineIndex lines_;
  std::set<std::string> noted_lists_;
  const Section* condition_ = nullptr;
  const MatchClause* match_ = nullptr;
  std::map<std::string_view, uint32_t> event_selections_;  // event variable -> selection
  // placeholder -> event variable -> the field it binds to there
  std::map<std::string_view, std::map<std::string_view, std::string>> bindings_;
};

}  // namespace

void lower(const RuleAst& ast, Rule& rule, const LowerOptions& options) { Lowerer(ast, rule, options).run(); }

}  // namespace ruledex::yaral
