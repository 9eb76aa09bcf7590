#include "spl/lowering.h"

#include <algorithm>
#include <optional>
#include <set>

#include "base/source_text.h"

namespace ruledex::spl {
namespace {

bool has_wildcard(std::string_view value) { return value.find('*') != std::string_view::npos; }

// SQL-like `%`/`_` patterns of like() as `*`/`?` wildcards.
std::string like_to_wildcard(std::string_view pattern) {
  std::string out;
  for (char c : pattern) out += c == '%' ? '*' : c == '_' ? '?' : c;
  return out;
}

std::optional<Op> comparison_op(std::string_view op) {
  if (op == "<") return Op::lt;
  if (op == "<=") return Op::le;
  if (op == ">") return Op::gt;
  if (op == ">=") return Op::ge;
  return std::nullopt;
}

class Lowerer {
 public:
  Lowerer(Rule& rule, const std::function<uint32_t(uint32_t)>& to_query) : rule_(rule), to_query_(to_query), lines_(rule.query) {}

  void pipeline(const Pipeline& commands) {
    for (const Command& command : commands.commands) {
      uint32_t stage = stage_for(command);
      for (const Expr& condition : command.conditions) predicates(condition, stage, false);
      outputs(command, stage);
      for (const Pipeline& sub : command.subsearches) {
        std::vector<OutputField> kept = std::move(rule_.output_fields);
        std::set<std::string> computed = computed_;
        pipeline(sub);
        rule_.output_fields = std::move(kept);
        computed_ = std::move(computed);
      }
    }
  }

 private:
  SourceRange range(Span span) const { return {to_query_(span.begin), to_query_(span.end)}; }

  uint32_t stage_for(const Command& command) {
    SourceRange where = range(command.span);
    if (!rule_.stages.empty() && rule_.stages.back().kind == command.name) {
      Stage& last = rule_.stages.back();
      ++last.steps;
      last.range.end = std::max(last.range.end, where.end);
      return static_cast<uint32_t>(rule_.stages.size() - 1);
    }
    // Lines of a folded (quoted) YAML search are joined: this is exact for block scalars.
    uint32_t line = std::max<uint32_t>(rule_.query_line, 1) + lines_.line(where.begin) - 1;
    rule_.stages.push_back({command.name, 1, where, line});
    return static_cast<uint32_t>(rule_.stages.size() - 1);
  }

  void add(std::string field, Op op, std::vector<std::string> values, bool negated, bool literal, Span span,
           uint32_t stage) {
    Predicate p;
    p.indicator = literal && !computed_.contains(field) && !values.empty();
    p.field = std::move(field);
    p.op = op;
    p.values = std::move(values);
    p.negated = negated;
    p.range = range(span);
    p.stage = stage;
    rule_.predicates.push_back(std::move(p));
  }

  void predicates(const Expr& expr, uint32_t stage, bool negated) {
    switch (expr.kind) {
      case ExprKind::and_:
      case ExprKind::or_:
        for (const Expr& child : expr.children) predicates(child, stage, negated);
        return;
      case ExprKind::not_:
        for (const Expr& child : expr.children) predicates(child, stage, !negated);
        return;
      case ExprKind::compare:
        compare(expr, stage, negated);
        return;
      case ExprKind::call:
        call(expr, stage, negated);
        return;
      case ExprKind::term:
      case ExprKind::value:
        return;
    }
  }

  void compare(const Expr& expr, uint32_t stage, bool negated) {
    if (expr.values.empty()) return;
    if (expr.op == "in") {
      bool wild = std::any_of(expr.values.begin(), expr.values.end(), [](const std::string& v) { return has_wildcard(v); });
      add(expr.text, wild ? Op::wildcard : Op::in, expr.values, negated, expr.literal, expr.span, stage);
    } else if (std::optional<Op> op = comparison_op(expr.op)) {
      add(expr.text, *op, expr.values, negated, expr.literal, expr.span, stage);
    } else {
      bool not_equal = expr.op == "!=";
      add(expr.text, has_wildcard(expr.values[0]) ? Op::wildcard : Op::eq, expr.values, negated != not_equal,
          expr.literal, expr.span, stage);
    }
  }

  // like(field, "pat"), match(field, "re"), cidrmatch("cidr", field), isnull(field), isnotnull(field).
  void call(const Expr& expr, uint32_t stage, bool negated) {
    auto field_at = [&](size_t i) -> const Expr* {
      return i < expr.children.size() && expr.children[i].kind == ExprKind::value && !expr.children[i].quoted
                 ? &expr.children[i]
                 : nullptr;
    };
    auto literal_at = [&](size_t i) -> const Expr* {
      return i < expr.children.size() && expr.children[i].kind == ExprKind::value && expr.children[i].quoted
                 ? &expr.children[i]
                 : nullptr;
    };
    const std::string& name = expr.text;
    if ((name == "like" || name == "match") && field_at(0) && literal_at(1)) {
      std::string value = literal_at(1)->text;
      if (name == "like") value = like_to_wildcard(value);
      add(field_at(0)->text, name == "like" ? Op::wildcard : Op::regex, {value}, negated, true, expr.span, stage);
    } else if (name == "cidrmatch" && literal_at(0) && field_at(1)) {
      add(field_at(1)->text, Op::cidr, {literal_at(0)->text}, negated, true, expr.span, stage);
    } else if ((name == "isnull" || name == "isnotnull") && field_at(0)) {
      add(field_at(0)->text, Op::exists, {}, negated != (name == "isnull"), false, expr.span, stage);
    } else {
      for (const Expr& child : expr.children) predicates(child, stage, negated);
    }
  }

  void output(std::string name, const std::string& kind, uint32_t stage) {
    if (name.empty()) return;
    if (std::any_of(rule_.output_fields.begin(), rule_.output_fields.end(),
                    [&](const OutputField& f) { return f.name == name; }))
      return;
    rule_.output_fields.push_back({std::move(name), kind, stage, {}});
  }

  void replace_outputs(const std::vector<std::string>& names, const std::string& kind, uint32_t stage) {
    rule_.output_fields.clear();
    for (const std::string& name : names) output(name, kind, stage);
  }

  void outputs(const Command& command, uint32_t stage) {
    const std::string& name = command.name;
    if (!command.aggregations.empty() || !command.by.empty()) {
      std::vector<std::string> names;
      for (const Aggregation& agg : command.aggregations) {
        std::string out = !agg.alias.empty() ? agg.alias
                          : agg.argument.empty() ? agg.function
                                                 : agg.function + "(" + agg.argument + ")";
        computed_.insert(out);
        names.push_back(std::move(out));
      }
      names.insert(names.end(), command.by.begin(), command.by.end());
      bool keeps_events = name == "eventstats" || name == "streamstats";
      if (keeps_events)
        for (const std::string& n : names) output(n, name, stage);
      else
        replace_outputs(names, name, stage);
    } else if (name == "table" || (name == "fields" && !command.fields.empty())) {
      replace_outputs(command.fields, name, stage);
    } else if (name == "rename") {
      for (const auto& [from, to] : command.renames) rename(from, to, stage);
    } else if (name == "eval" || name == "rex" || name == "lookup") {
      for (const std::string& field : command.fields) {
        computed_.insert(field);
        output(field, name, stage);
      }
    }
  }

  // `X.* as *` strips a prefix from every field that has it; otherwise one field.
  void rename(const std::string& from, const std::string& to, uint32_t stage) {
    if (from.ends_with('*') && to.ends_with('*')) {
      std::string_view prefix = std::string_view(from).substr(0, from.size() - 1);
      std::string_view new_prefix = std::string_view(to).substr(0, to.size() - 1);
      for (OutputField& field : rule_.output_fields)
        if (field.name.starts_with(prefix)) {
          field.name = std::string(new_prefix) + field.name.substr(prefix.size());
          field.stage = "rename";
          field.stage_index = stage;
        }
      return;
    }
    for (OutputField& field : rule_.output_fields)
      if (field.name == from) {
        field.name = to;
        field.stage = "rename";
        field.stage_index = stage;
        return;
      }
    output(to, "rename", stage);
  }

  Rule& rule_;
  const std::function<uint32_t(uint32_t)>& to_query_;
  LineIndex lines_;
  std::set<std::string> computed_;  // fields eval/stats/lookup/rex made: not source fields
};

}  // namespace

void lower(const Query& query, Rule& rule, const std::function<uint32_t(uint32_t)>& to_query_offset) {
  Lowerer(rule, to_query_offset).pipeline(query.pipeline);
}

}  // namespace ruledex::spl
