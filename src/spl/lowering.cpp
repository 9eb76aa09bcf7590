#include "spl/lowering.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "base/ascii_case.h"
#include "base/source_text.h"
#include "base/string_list.h"
#include "model/duration.h"
#include "model/logic_builder.h"

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

// Why a comparison whose side is no plain field or literal cannot be a leaf.
std::string computed_reason(const Expr& expr) {
  if (expr.kind == ExprKind::call) return "function " + expr.text + "()";
  for (const Expr& child : expr.children)
    if (child.kind == ExprKind::call && !subject(child).field) return "function " + child.text + "()";
  return "computed value";
}

std::optional<double> number(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The name stats gives an aggregation's column: its alias, `count`, `dc(user)`.
std::string aggregation_name(const Aggregation& agg) {
  if (!agg.alias.empty()) return agg.alias;
  return agg.argument.empty() ? agg.function : agg.function + "(" + agg.argument + ")";
}

// What a count leaf measures for an aggregation; empty when it is no count
// (min, max, values...: their conditions stay opaque).
std::string measure_of(const Aggregation& agg) {
  std::string function = ascii_lower(agg.function);
  if (function == "count" || function == "c") return agg.argument.empty() ? "count" : "count " + agg.argument;
  if (agg.argument.empty()) return {};
  if (function == "dc" || function == "distinct_count") return "distinct " + agg.argument;
  if (function == "sum") return "sum " + agg.argument;
  return {};
}

// A count leaf's comparison as add_count reads it.
std::string_view comparison_symbol(Op op, bool negated) {
  switch (op) {
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    default: return negated ? "!=" : "==";
  }
}

// `span=1h` among a command's arguments (bin, tstats, timechart); the
// parser keeps option names and values as consecutive arguments.
std::string span_of(const Command& command, std::string_view option = "span") {
  for (size_t i = 0; i + 1 < command.args.size(); ++i)
    if (iequals(command.args[i], option) && duration_seconds(command.args[i + 1])) return command.args[i + 1];
  return {};
}

// The fields a transaction groups by: its arguments that are no option or
// an option's value.
std::vector<std::string> transaction_fields(const Command& command) {
  static const std::set<std::string> kOptions = {"maxspan", "maxpause", "maxevents", "startswith", "endswith",
                                                 "keepevicted", "mvlist", "delim", "connected", "unifyends",
                                                 "keeporphans", "mvraw", "nullstr", "fields", "maxopentxn",
                                                 "maxopenevents"};
  std::vector<std::string> fields;
  for (size_t i = 0; i < command.args.size(); ++i) {
    if (kOptions.contains(ascii_lower(command.args[i]))) {
      ++i;
      continue;
    }
    fields.push_back(command.args[i]);
  }
  return fields;
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
    // An aggregate with no threshold (`stats count by x` alone) alerts on
    // every group: its condition stays kNoNode.
    if (!condition_.empty()) logic().condition = add_all(logic(), std::move(condition_));
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

  // A subsearch's predicates join the rule's list, but its trees do not:
  // where it is used the main search has an opaque leaf or selection.
  void pipeline(const Pipeline& commands) {
    const bool main = &commands == main_;
    for (size_t i = 0; i < commands.commands.size(); ++i) {
      const Command& command = commands.commands[i];
      if (i == 0 && !main) sources_of(command, false);
      uint32_t stage = stage_for(command);
      Language language = command.name == "where" ? Language::eval : Language::search;
      std::vector<Built> filters;
      for (const Expr& condition : command.conditions) conjuncts(condition, stage, language, filters);
      if (main) select(command, i, stage, std::move(filters));
      outputs(command, stage);
      rows_after(command, main);
      if (!command.lookup.empty()) add_item_ref(rule_.items, "lookup", command.lookup);
      for (const Pipeline& sub : command.subsearches) {
        std::vector<OutputField> kept = std::move(rule_.output_fields);
        std::map<std::string, std::string> computed = computed_;
        std::map<std::string, std::string> renamed_from = renamed_from_;
        Rows rows = rows_;
        size_t nodes = logic().nodes.size();
        pipeline(sub);
        logic().nodes.resize(nodes);
        rule_.output_fields = std::move(kept);
        computed_ = std::move(computed);
        renamed_from_ = std::move(renamed_from);
        rows_ = std::move(rows);
      }
    }
  }

  // --- logic -------------------------------------------------------------------------
  // Each filtering command of the main search is a selection; after an
  // aggregation (stats, tstats, chart...) its conditions on the aggregated
  // values (count > 5) go to the rule's condition, those on the group keys
  // stay a selection (a group key's value is its events').

  RuleLogic& logic() { return rule_.logic; }

  // A tree node; `aggregate`: it reads aggregated values, `event`: event fields.
  struct Built {
    uint32_t node = kNoNode;
    bool event = false;
    bool aggregate = false;
  };

  // What the rows are at this point of the pipeline.
  struct Rows {
    bool aggregated = false;                      // a stats-like command replaced the events by groups
    std::set<std::string> group_keys;             // its by fields
    std::map<std::string, std::string> measures;  // aggregate column -> count leaf measure
    std::string opaque_reason;                    // every later filter is opaque ("transaction")
    std::string window;                           // `bin span=` waiting for the aggregation
  };

  bool aggregate_field(const std::string& name) const {
    return rows_.aggregated && !rows_.group_keys.contains(name) && !rows_.group_keys.contains(source_field(name));
  }

  // After an aggregation the top-level terms of a filter are split between
  // the selection and the condition.
  void conjuncts(const Expr& condition, uint32_t stage, Language language, std::vector<Built>& out) {
    if (condition.kind == ExprKind::and_ && rows_.aggregated) {
      for (const Expr& child : condition.children) conjuncts(child, stage, language, out);
      return;
    }
    out.push_back(predicates(condition, stage, false, language));
  }

  Built opaque(Span span, std::string fallback_text, std::string reason, bool negated, bool aggregate) {
    SourceRange where = range(span);
    std::string text = range_text(rule_, where);
    if (text.empty()) text = std::move(fallback_text);  // inside a macro's expansion the query has no text of its own
    uint32_t node = add_opaque(logic(), std::move(text), std::move(reason), where);
    return {negated ? add_not(logic(), node, where) : node, !aggregate, aggregate};
  }
  Built opaque(const Expr& expr, std::string reason, bool negated) {
    return opaque(expr.span, expr.text, std::move(reason), negated, rows_.aggregated);
  }

  // The unit a command without conditions stands for: the first command
  // reads events (all of them, of a data model) or rows that are no events
  // (inputlookup, rest, makeresults: opaque); later, a command whose effect
  // on which events remain the model cannot tell.
  std::optional<Built> unfiltered(const Command& command, size_t index) {
    const std::string& name = command.name;
    bool data_model = name == "datamodel" || (name == "from" && !command.datamodel.empty());
    if (index == 0 && (name == "search" || name == "tstats" || data_model))
      return Built{add_all(logic(), {}, range(command.span)), true, false};
    std::string reason = name.starts_with('`') ? "macro" : name;
    bool opaque_unit = index == 0 || name.starts_with('`') || name == "regex" ||
                       (!command.subsearches.empty() && name != "foreach");
    if (!opaque_unit) return std::nullopt;
    return opaque(command.span, name, std::move(reason), false, rows_.aggregated);
  }

  void select(const Command& command, size_t index, uint32_t stage, std::vector<Built> filters) {
    if (filters.empty())
      if (std::optional<Built> unit = unfiltered(command, index)) filters.push_back(*unit);
    std::vector<uint32_t> events;
    for (const Built& built : filters) (built.aggregate ? condition_ : events).push_back(built.node);
    if (events.empty()) return;
    Selection selection;
    selection.name = command.name;
    selection.stage = stage;
    selection.root = add_all(logic(), std::move(events));
    selection.range = range(command.span);
    add_selection(logic(), std::move(selection));
  }

  // How the command changes the rows later filters see.
  void rows_after(const Command& command, bool main) {
    const std::string& name = command.name;
    if (name == "bin" || name == "bucket") {
      if (std::string span = span_of(command); !span.empty()) rows_.window = span;
      return;
    }
    if (name == "transaction") {
      if (main && !rows_.aggregated) aggregate_shape(transaction_fields(command), span_of(command, "maxspan"));
      rows_.aggregated = true;
      rows_.group_keys.clear();
      rows_.measures.clear();
      rows_.opaque_reason = "transaction";
      return;
    }
    bool keeps_events = name == "eventstats" || name == "streamstats";
    bool grouping = !command.aggregations.empty() || !command.by.empty() || name == "top" || name == "rare";
    if (keeps_events || !grouping) return;
    // A second aggregation counts groups, not events: its measures stay opaque.
    bool stacked = rows_.aggregated;
    if (main && !stacked) aggregate_shape(command.by, span_of(command));
    rows_.aggregated = true;
    rows_.group_keys = {command.by.begin(), command.by.end()};
    rows_.measures.clear();
    if (stacked) return;
    if (name == "top" || name == "rare") rows_.measures["count"] = "count";
    for (const Aggregation& agg : command.aggregations)
      if (std::string measure = measure_of(agg); !measure.empty()) rows_.measures[aggregation_name(agg)] = measure;
  }

  // `by _time span=1h`: the time buckets are the window, not a group key.
  void aggregate_shape(const std::vector<std::string>& by, std::string span) {
    RuleLogic& out = logic();
    out.shape = LogicShape::aggregate;
    out.window = span.empty() ? rows_.window : std::move(span);
    out.window_seconds = out.window.empty() ? 0 : duration_seconds(out.window).value_or(0);
    for (const std::string& field : by)
      if (out.window.empty() || field != "_time") out.group_by.push_back(field);
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

  // Adds the predicate; returns its leaf.
  uint32_t add(const Expr& field, Shape shape, std::vector<std::string> values, bool literal, Span span,
               uint32_t stage) {
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
    return add_predicate(rule_, std::move(p));
  }

  // The predicates of `expr` and its tree. Negation is pushed into the
  // leaves (predicates are negated, NOT (a OR b) is all of not a, not b),
  // so an opaque leaf under NOT gets a not_ node.
  Built predicates(const Expr& expr, uint32_t stage, bool negated, Language language) {
    switch (expr.kind) {
      case ExprKind::and_:
      case ExprKind::or_: {
        Built out;
        std::vector<uint32_t> children;
        for (const Expr& child : expr.children) {
          Built built = predicates(child, stage, negated, language);
          children.push_back(built.node);
          out.event = out.event || built.event;
          out.aggregate = out.aggregate || built.aggregate;
        }
        bool all = (expr.kind == ExprKind::and_) != negated;
        out.node = all ? add_all(logic(), std::move(children), range(expr.span))
                       : add_any(logic(), std::move(children), range(expr.span));
        if (children.empty()) out.event = !rows_.aggregated, out.aggregate = rows_.aggregated;
        return out;
      }
      case ExprKind::xor_:
        for (const Expr& child : expr.children) predicates(child, stage, negated, language);
        return opaque(expr, "xor", negated);
      case ExprKind::not_:
        if (expr.children.size() != 1) return opaque(expr, "not", negated);
        return predicates(expr.children[0], stage, !negated, language);
      case ExprKind::compare:
        return compare(expr, stage, negated, language);
      case ExprKind::call:
        return call(expr, stage, negated, language);
      case ExprKind::term:
        return term(expr, negated);
      case ExprKind::subsearch:
        return opaque(expr, "subsearch", negated);
      default:  // a field, value or arithmetic standing alone
        return opaque(expr, "value", negated);
    }
  }

  // A bare word or phrase is found in the raw event, not in a field: no
  // predicate (the list keeps to compared fields), an opaque "keyword" leaf.
  // `*` alone matches every event.
  Built term(const Expr& expr, bool negated) {
    if (expr.text == "*") {
      uint32_t all = add_all(logic(), {}, range(expr.span));
      return {negated ? add_not(logic(), all, range(expr.span)) : all, !rows_.aggregated, rows_.aggregated};
    }
    return opaque(expr, expr.text.starts_with('`') ? "macro" : "keyword", negated);
  }

  // A predicate's leaf, or opaque when its field holds no event's value (a
  // computed, looked-up or aggregated one) or is compared with a field.
  Built field_node(const Expr& expr, const Expr& field, uint32_t leaf, bool negated, bool literal) {
    if (!rows_.opaque_reason.empty()) return opaque(expr, rows_.opaque_reason, negated);
    bool aggregate = aggregate_field(field.text);
    if (auto made = computed_.find(field.text); made != computed_.end())
      return opaque(expr.span, expr.text, made->second, negated, aggregate);
    if (!literal) return opaque(expr.span, expr.text, "field comparison", negated, aggregate);
    return {leaf, !aggregate, aggregate};
  }

  // `count > 5` on a counting aggregate's column: a count leaf.
  std::optional<Built> count_leaf(const Expr& expr, const Expr& field, Shape shape,
                                  const std::vector<std::string>& values, bool literal) {
    auto measure = rows_.measures.find(field.text);
    if (measure == rows_.measures.end() || !rows_.opaque_reason.empty() || !literal || values.size() != 1) return {};
    bool ordered = shape.op == Op::gt || shape.op == Op::ge || shape.op == Op::lt || shape.op == Op::le;
    std::optional<double> threshold = number(values[0]);
    if (!threshold || (!ordered && shape.op != Op::eq)) return {};
    SourceRange where = range(expr.span);
    uint32_t node = add_count(logic(), measure->second, kNoNode, comparison_symbol(shape.op, shape.negated),
                              *threshold, where);
    if (ordered && shape.negated) node = add_not(logic(), node, where);
    return Built{node, false, true};
  }

  Built compare(const Expr& expr, uint32_t stage, bool negated, Language language) {
    if (expr.children.size() < 2) return opaque(expr, "comparison", negated);
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
    if (!who.field) return opaque(expr, computed_reason(*left), negated);
    std::vector<std::string> values;
    bool literal = true;
    for (size_t i = first_value; i < expr.children.size(); ++i) {
      const Expr& value = expr.children[i];
      if (&value == left) continue;
      if (value.kind != ExprKind::literal && value.kind != ExprKind::field)
        return opaque(expr, computed_reason(value), negated);
      literal = literal && value.kind == ExprKind::literal;
      values.push_back(value.text);
    }
    if (values.empty()) return opaque(expr, "comparison", negated);
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
    std::optional<Built> count = count_leaf(expr, *who.field, shape, values, literal);
    bool source = source_compare_set_.contains(&expr) && source_stage_;
    uint32_t leaf = add(*who.field, shape, std::move(values), literal && !source, expr.span,
                        source ? *source_stage_ : stage);
    return count ? *count : field_node(expr, *who.field, leaf, negated, literal);
  }

  // like(f, "pat"), match(f, "re"), cidrmatch("cidr", f), in(f, v...),
  // isnull(f), isnotnull(f). Other calls compute values, they do not filter:
  // opaque (in the search language TERM() and CASE() are keywords).
  Built call(const Expr& expr, uint32_t stage, bool negated, Language language) {
    const std::vector<Expr>& args = expr.children;
    auto literal_at = [&](size_t i) -> const Expr* {
      return i < args.size() && args[i].kind == ExprKind::literal ? &args[i] : nullptr;
    };
    auto subject_at = [&](size_t i) { return i < args.size() ? subject(args[i]) : Subject{}; };
    const std::string& name = expr.text;
    auto leaf = [&](const Expr& field, Shape shape, std::vector<std::string> values, bool literal) {
      uint32_t node = add(field, shape, std::move(values), literal, expr.span, stage);
      return field_node(expr, field, node, negated, true);
    };
    if (language == Language::search) return opaque(expr, name == "term" || name == "case" ? "keyword" : "function " + name + "()", negated);
    if ((name == "like" || name == "match") && subject_at(0).field && literal_at(1)) {
      Subject who = subject_at(0);
      bool like = name == "like";
      std::string value = like ? like_to_wildcard(literal_at(1)->text) : literal_at(1)->text;
      return leaf(*who.field, {like ? Op::wildcard : Op::regex, negated, !who.folded}, {value}, true);
    }
    if (name == "cidrmatch" && literal_at(0) && subject_at(1).field)
      return leaf(*subject_at(1).field, {Op::cidr, negated, false}, {literal_at(0)->text}, true);
    if (name == "in" && subject_at(0).field && args.size() > 1) {
      std::vector<std::string> values;
      for (size_t i = 1; i < args.size(); ++i) {
        if (!literal_at(i)) return opaque(expr, computed_reason(args[i]), negated);
        values.push_back(args[i].text);
      }
      Subject who = subject_at(0);
      return leaf(*who.field, {Op::in, negated, !who.folded}, std::move(values), true);
    }
    if ((name == "isnull" || name == "isnotnull") && subject_at(0).field)
      return leaf(*subject_at(0).field, {Op::exists, negated != (name == "isnull"), false}, {}, false);
    return opaque(expr, "function " + name + "()", negated);
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
      bool keeps_events = name == "eventstats" || name == "streamstats";
      for (const Aggregation& agg : command.aggregations) {
        std::string out = aggregation_name(agg);
        made(out, keeps_events ? name : "aggregate");
        names.push_back(std::move(out));
      }
      names.insert(names.end(), command.by.begin(), command.by.end());
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
        if (auto made_from = computed_.find(from); made_from != computed_.end())
          made(to, made_from->second);
        else if (transformed_ && !known)
          made(to, "computed field");
        rename(from, to, stage);
      }
    } else if (name == "eval" || name == "rex" || name == "lookup" || name == "addtotals" || name == "iplocation") {
      for (const std::string& field : command.fields) {
        made(field, name == "lookup" ? "lookup" : "computed field");
        output(field, name, stage);
      }
    }
  }

  // A field a command computes: no longer any source field's other name.
  // `reason`: why a filter on it is opaque.
  void made(const std::string& field, std::string reason) {
    computed_[field] = std::move(reason);
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
    if (auto measure = rows_.measures.find(from); measure != rows_.measures.end()) {
      std::string counted = std::move(measure->second);
      rows_.measures.erase(measure);
      rows_.measures[to] = std::move(counted);
    }
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
  std::map<std::string, std::string> computed_;  // fields eval/stats/lookup/rex made (not source fields) -> why
  Rows rows_;
  std::vector<uint32_t> condition_;            // the aggregate condition's terms
  std::map<std::string, std::string> renamed_from_;  // a renamed source field's new name -> the source field
  bool transformed_ = false;                   // a stats-like command replaced the events
};

}  // namespace

void lower(const Query& query, Rule& rule, const std::function<uint32_t(uint32_t)>& to_query_offset,
           const std::function<uint32_t(uint32_t)>& file_line) {
  Lowerer(rule, to_query_offset, file_line).run(query.pipeline);
}

}  // namespace ruledex::spl
