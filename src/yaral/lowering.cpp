#include "yaral/lowering.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <utility>

#include "base/source_text.h"

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
          break;
        case SectionKind::Outcome:
          lower_outcome(section);
          break;
        case SectionKind::Condition:
          lower_condition(section);
          break;
        case SectionKind::Options:
          lower_options(section);
          break;
        case SectionKind::Meta:
          break;  // the reader took the metadata
      }
    }
    add_data_sources();
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
  // variable, then `join` for statements that name none or several.
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
      for (ExprId statement : section.statements) lower_predicates(statement, false, stage);
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
      for (ExprId member : members) lower_predicates(member, false, stage);
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
    for (ExprId statement : section.statements) lower_predicates(statement, false, stage);
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
  // bounded by the parser).
  void lower_predicates(ExprId id, bool negated, uint32_t stage) {
    const Expr& e = ast_.at(id);
    switch (e.kind) {
      case ExprKind::And:
      case ExprKind::Or:
        for (ExprId child : e.children) lower_predicates(child, negated, stage);
        break;
      case ExprKind::Not:
        lower_predicates(e.children[0], !negated, stage);
        break;
      case ExprKind::Quantified:
        lower_predicates(e.children[0], negated, stage);
        break;
      case ExprKind::Compare:
        lower_comparison(e, negated, stage);
        break;
      case ExprKind::In:
        lower_in(e, negated, stage);
        break;
      case ExprKind::Call:
        lower_call(e, negated, stage);
        break;
      default:
        break;
    }
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

  void lower_comparison(const Expr& e, bool negated, uint32_t stage) {
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
    rule_.predicates.push_back(std::move(p));
  }

  void lower_in(const Expr& e, bool negated, uint32_t stage) {
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
    rule_.predicates.push_back(std::move(p));
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

  void lower_call(const Expr& e, bool negated, uint32_t stage) {
    auto known = std::find_if(std::begin(kFunctionPredicates), std::end(kFunctionPredicates),
                              [&](const FunctionPredicate& f) { return f.function == e.name; });
    if (known == std::end(kFunctionPredicates) || e.children.size() < 2) return;
    Operand subject = operand(e.children[0]);
    Operand pattern = operand(e.children[1]);
    Predicate p = make(e, subject, known->op, negated, stage);
    if (pattern.kind == Operand::Kind::Literal) {
      p.values.push_back(pattern.text);
      p.indicator = subject.kind == Operand::Kind::Field;
    } else {
      p.values.push_back(written(pattern));
    }
    rule_.predicates.push_back(std::move(p));
  }

  const RuleAst& ast_;
  Rule& rule_;
  const LowerOptions& options_;
  LineIndex lines_;
  std::set<std::string> noted_lists_;
};

}  // namespace

void lower(const RuleAst& ast, Rule& rule, const LowerOptions& options) { Lowerer(ast, rule, options).run(); }

}  // namespace ruledex::yaral
