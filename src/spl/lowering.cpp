#include "spl/lowering.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "base/ascii_case.h"
#include "base/source_text.h"
#include "base/string_list.h"

namespace ruledex::spl {
namespace {

bool has_wildcard(std::string_view value) { return value.find('*') != std::string_view::npos; }

// SQL-like `%`/`_` patterns of like() as `*`/`?` wildcards.
std::string like_to_wildcard(std::string_view pattern) {
  std::string out;
  for (char c : pattern) out += c == '%' ? '*' : c == '_' ? '?' : c;
  return out;
}

// The fields whose values name where the events come from, and the prefix of
// the data source they give.
constexpr std::string_view kSourceFields[] = {"index", "sourcetype", "source"};

bool is_source_field(std::string_view field) {
  return std::any_of(std::begin(kSourceFields), std::end(kSourceFields),
                     [&](std::string_view source) { return iequals(field, source); });
}

// The search language (initial search, `search`, tstats `where`) compares
// values case-insensitively and reads `*` as a wildcard; the eval language
// (where) compares exactly.
enum class Language { search, eval };

// A field as the subject of a predicate: `f`, or `lower(f)`/`upper(f)`,
// which make the comparison case-insensitive.
struct Subject {
  const Expr* field = nullptr;
  bool folded = false;
};

Subject subject(const Expr& expr) {
  if (expr.kind == ExprKind::field) return {&expr, false};
  if (expr.kind == ExprKind::call && (expr.text == "lower" || expr.text == "upper") && expr.children.size() == 1 &&
      expr.children[0].kind == ExprKind::field)
    return {&expr.children[0], true};
  return {};
}

class Lowerer {
 public:
  Lowerer(Rule& rule, const std::function<uint32_t(uint32_t)>& to_query,
          const std::function<uint32_t(uint32_t)>& file_line)
      : rule_(rule), to_query_(to_query), file_line_(file_line), lines_(rule.query) {}

  void run(const Pipeline& main) {
    main_ = &main;
    source_stage(main);
    pipeline(main);
  }

 private:
  SourceRange range(Span span) const { return {to_query_(span.begin), to_query_(span.end)}; }

  uint32_t line_of(uint32_t query_offset) const {
    if (file_line_) return file_line_(query_offset);
    return query_file_line(rule_, lines_.line(query_offset));
  }

  // --- data sources ------------------------------------------------------------------

  void add_data_source(const std::string& source) { add_unique(rule_.data_sources, source); }

  // index=, sourcetype=, source= compares the search requires (not under NOT).
  static void source_compares(const Expr& expr, std::vector<const Expr*>& out) {
    if (expr.kind == ExprKind::and_ || expr.kind == ExprKind::or_) {
      for (const Expr& child : expr.children) source_compares(child, out);
    } else if (expr.kind == ExprKind::compare && (expr.op == "=" || expr.op == "in") && expr.children.size() >= 2 &&
               is_source_field(expr.children[0].text)) {
      out.push_back(&expr);
    }
  }

  // What the first command of a pipeline reads: a data model, or indexes,
  // source types and sources; the span that names it (empty if nothing).
  // `main`: the main search, whose source terms go to the source stage.
  Span sources_of(const Command& first, bool main) {
    if (!first.datamodel.empty() && first.name != "inputlookup") {
      add_data_source("datamodel:" + first.datamodel);
      return first.datamodel_span;
    }
    if (first.name != "search" || first.conditions.empty()) return {};
    std::vector<const Expr*> compares;
    source_compares(first.conditions[0], compares);
    Span span{};
    for (const Expr* compare : compares) {
      for (size_t i = 1; i < compare->children.size(); ++i)
        if (compare->children[i].text != "*")
          add_data_source(ascii_lower(compare->children[0].text) + ":" + compare->children[i].text);
      if (main) source_compare_set_.insert(compare);
      if (span.begin == span.end) span = compare->span;
      span.begin = std::min(span.begin, compare->span.begin);
      span.end = std::max(span.end, compare->span.end);
    }
    return span;
  }

  // The main search's source as a stage of its own, before the commands.
  void source_stage(const Pipeline& main) {
    if (main.commands.empty()) return;
    Span span = sources_of(main.commands[0], true);
    if (span.begin == span.end) return;
    SourceRange where = range(span);
    rule_.stages.push_back({"source", 1, where, line_of(where.begin)});
    source_stage_ = 0;
  }

  // --- stages ------------------------------------------------------------------------

  void pipeline(const Pipeline& commands) {
    for (size_t i = 0; i < commands.commands.size(); ++i) {
      const Command& command = commands.commands[i];
      if (i == 0 && &commands != main_) sources_of(command, false);
      uint32_t stage = stage_for(command);
      Language language = command.name == "where" ? Language::eval : Language::search;
      for (const Expr& condition : command.conditions) predicates(condition, stage, false, language);
      outputs(command, stage);
      if (!command.lookup.empty()) add_item_ref(rule_.items, "lookup", command.lookup);
      for (const Pipeline& sub : command.subsearches) {
        std::vector<OutputField> kept = std::move(rule_.output_fields);
        std::set<std::string> computed = computed_;
        std::map<std::string, std::string> renamed_from = renamed_from_;
        pipeline(sub);
        rule_.output_fields = std::move(kept);
        computed_ = std::move(computed);
        renamed_from_ = std::move(renamed_from);
      }
    }
  }

  uint32_t stage_for(const Command& command) {
    SourceRange where = range(command.span);
    if (!rule_.stages.empty() && rule_.stages.back().kind == command.name) {
      Stage& last = rule_.stages.back();
      ++last.steps;
      last.range.end = std::max(last.range.end, where.end);
      return static_cast<uint32_t>(rule_.stages.size() - 1);
    }
    rule_.stages.push_back({command.name, 1, where, line_of(where.begin)});
    return static_cast<uint32_t>(rule_.stages.size() - 1);
  }

  // --- predicates ----------------------------------------------------------------------

  struct Shape {
    Op op = Op::eq;
    bool negated = false;
    bool case_sensitive = false;
  };

  void add(const Expr& field, Shape shape, std::vector<std::string> values, bool literal, Span span, uint32_t stage) {
    Predicate p;
    // tstats `nodename=` picks a data model dataset: where events come from, not what they hold.
    p.indicator = literal && !computed_.contains(field.text) && !values.empty() && !has_wildcard(field.text) &&
                  !iequals(field.text, "nodename");
    p.field = source_field(field.text);
    p.op = shape.op;
    p.values = std::move(values);
    p.negated = shape.negated;
    p.case_sensitive = shape.case_sensitive && p.op != Op::cidr && p.op != Op::exists;
    p.range = range(span);
    p.stage = stage;
    rule_.predicates.push_back(std::move(p));
  }

  void predicates(const Expr& expr, uint32_t stage, bool negated, Language language) {
    switch (expr.kind) {
      case ExprKind::and_:
      case ExprKind::or_:
      case ExprKind::xor_:
        for (const Expr& child : expr.children) predicates(child, stage, negated, language);
        return;
      case ExprKind::not_:
        for (const Expr& child : expr.children) predicates(child, stage, !negated, language);
        return;
      case ExprKind::compare:
        compare(expr, stage, negated, language);
        return;
      case ExprKind::call:
        call(expr, stage, negated);
        return;
      default:  // terms, values, arithmetic: no field compared
        return;
    }
  }

  void compare(const Expr& expr, uint32_t stage, bool negated, Language language) {
    if (expr.children.size() < 2) return;
    const std::string& op = expr.op;
    bool swapped = false;
    const Expr* left = &expr.children[0];
    size_t first_value = 1;
    // `"x" = f`, `5 < f`: the field on the right.
    if (expr.children.size() == 2 && left->kind == ExprKind::literal && subject(expr.children[1]).field) {
      left = &expr.children[1];
      swapped = true;
      first_value = 0;
    }
    Subject who = subject(*left);
    if (!who.field) return;
    std::vector<std::string> values;
    bool literal = true;
    for (size_t i = first_value; i < expr.children.size(); ++i) {
      const Expr& value = expr.children[i];
      if (&value == left) continue;
      if (value.kind != ExprKind::literal && value.kind != ExprKind::field) return;  // a computed value
      literal = literal && value.kind == ExprKind::literal;
      values.push_back(value.text);
    }
    if (values.empty()) return;
    Shape shape{Op::eq, negated, language == Language::eval && !who.folded};
    bool search_wildcard = language == Language::search &&
                           std::any_of(values.begin(), values.end(), [](const std::string& v) { return has_wildcard(v); });
    if (op == "like") {
      shape.op = Op::wildcard;
      for (std::string& value : values) value = like_to_wildcard(value);
    } else if (op == "in") {
      shape.op = search_wildcard ? Op::wildcard : Op::in;
    } else if (std::optional<Op> ordered = ordering_op(op)) {
      shape.op = swapped ? mirrored(*ordered) : *ordered;
    } else {
      shape.op = search_wildcard ? Op::wildcard : Op::eq;
      shape.negated = negated != (op == "!=");
    }
    if (source_compare_set_.contains(&expr) && source_stage_) {
      add(*who.field, shape, std::move(values), false, expr.span, *source_stage_);
      return;
    }
    add(*who.field, shape, std::move(values), literal, expr.span, stage);
  }

  // like(f, "pat"), match(f, "re"), cidrmatch("cidr", f), in(f, v...),
  // isnull(f), isnotnull(f). Other calls compute values, they do not filter.
  void call(const Expr& expr, uint32_t stage, bool negated) {
    const std::vector<Expr>& args = expr.children;
    auto literal_at = [&](size_t i) -> const Expr* {
      return i < args.size() && args[i].kind == ExprKind::literal ? &args[i] : nullptr;
    };
    auto subject_at = [&](size_t i) { return i < args.size() ? subject(args[i]) : Subject{}; };
    const std::string& name = expr.text;
    if ((name == "like" || name == "match") && subject_at(0).field && literal_at(1)) {
      Subject who = subject_at(0);
      bool like = name == "like";
      std::string value = like ? like_to_wildcard(literal_at(1)->text) : literal_at(1)->text;
      add(*who.field, {like ? Op::wildcard : Op::regex, negated, !who.folded}, {value}, true, expr.span, stage);
    } else if (name == "cidrmatch" && literal_at(0) && subject_at(1).field) {
      add(*subject_at(1).field, {Op::cidr, negated, false}, {literal_at(0)->text}, true, expr.span, stage);
    } else if (name == "in" && subject_at(0).field && args.size() > 1) {
      std::vector<std::string> values;
      for (size_t i = 1; i < args.size(); ++i) {
        if (!literal_at(i)) return;
        values.push_back(args[i].text);
      }
      Subject who = subject_at(0);
      add(*who.field, {Op::in, negated, !who.folded}, std::move(values), true, expr.span, stage);
    } else if ((name == "isnull" || name == "isnotnull") && subject_at(0).field) {
      add(*subject_at(0).field, {Op::exists, negated != (name == "isnull"), false}, {}, false, expr.span, stage);
    }
  }

  // --- output fields ---------------------------------------------------------------------

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
        made(out);
        names.push_back(std::move(out));
      }
      names.insert(names.end(), command.by.begin(), command.by.end());
      bool keeps_events = name == "eventstats" || name == "streamstats";
      transformed_ = transformed_ || !keeps_events;
      if (keeps_events)
        for (const std::string& n : names) output(n, name, stage);
      else
        replace_outputs(names, name, stage);
    } else if (name == "table" || (name == "fields" && !command.fields.empty())) {
      replace_outputs(command.fields, name, stage);
    } else if (name == "rename") {
      for (const auto& names : command.renames) {
        const std::string& from = names.first;
        const std::string& to = names.second;
        // A computed field stays computed under its new name; so does one
        // that no modelled command made after the events were transformed
        // (MLTK's apply: `IsOutlier(x)`).
        bool known = std::any_of(rule_.output_fields.begin(), rule_.output_fields.end(),
                                 [&](const OutputField& f) { return f.name == from; });
        if (computed_.contains(from) || (transformed_ && !known)) made(to);
        rename(from, to, stage);
      }
    } else if (name == "eval" || name == "rex" || name == "lookup" || name == "addtotals" || name == "iplocation") {
      for (const std::string& field : command.fields) {
        made(field);
        output(field, name, stage);
      }
    }
  }

  // A field a command computes: no longer any source field's other name.
  void made(const std::string& field) {
    computed_.insert(field);
    renamed_from_.erase(field);
  }

  // The source field a name stands for after renames (`rename
  // Processes.process as process`); the name itself otherwise.
  std::string source_field(const std::string& name) const {
    auto it = renamed_from_.find(name);
    return it == renamed_from_.end() ? name : it->second;
  }

  // `to` now holds what `from` held.
  void renamed(const std::string& from, const std::string& to) {
    if (computed_.contains(from) || computed_.contains(to)) return;
    std::string source = source_field(from);
    renamed_from_.erase(from);
    if (source != to) renamed_from_[to] = std::move(source);
  }

  // `X.* as *` strips a prefix from every field that has it; otherwise one field.
  void rename(const std::string& from, const std::string& to, uint32_t stage) {
    if (from.ends_with('*') && to.ends_with('*')) {
      std::string_view prefix = std::string_view(from).substr(0, from.size() - 1);
      std::string_view new_prefix = std::string_view(to).substr(0, to.size() - 1);
      for (OutputField& field : rule_.output_fields)
        if (field.name.starts_with(prefix)) {
          std::string new_name = std::string(new_prefix) + field.name.substr(prefix.size());
          renamed(field.name, new_name);
          field.name = std::move(new_name);
          field.stage = "rename";
          field.stage_index = stage;
        }
      return;
    }
    renamed(from, to);
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
  const std::function<uint32_t(uint32_t)>& file_line_;
  LineIndex lines_;
  const Pipeline* main_ = nullptr;
  std::optional<uint32_t> source_stage_;
  std::set<const Expr*> source_compare_set_;  // the main search's index=/sourcetype=/source= terms
  std::set<std::string> computed_;             // fields eval/stats/lookup/rex made: not source fields
  std::map<std::string, std::string> renamed_from_;  // a renamed source field's new name -> the source field
  bool transformed_ = false;                   // a stats-like command replaced the events
};

}  // namespace

void lower(const Query& query, Rule& rule, const std::function<uint32_t(uint32_t)>& to_query_offset,
           const std::function<uint32_t(uint32_t)>& file_line) {
  Lowerer(rule, to_query_offset, file_line).run(query.pipeline);
}

}  // namespace ruledex::spl
