#include "sigma/lowering.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "base/source_text.h"
#include "model/duration.h"
#include "model/logic_builder.h"
#include "sigma/modifiers.h"
#include "sigma/sigma_string.h"

namespace ruledex::sigma {
namespace {

// The polarities under which the condition uses a search identifier.
struct Uses {
  bool positive = false;
  bool negated = false;
};

// A search identifier's trees: `positive` over its predicates, `negated` its
// De Morgan dual over the negated copies (exactly NOT(identifier)).
struct IdentifierTrees {
  uint32_t positive = kNoNode;
  uint32_t negated = kNoNode;
};

// Sigma's identifier patterns: `*` any run, `?` one character.
bool glob_match(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p, ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++, resume = n;
    } else if (star != std::string_view::npos) {
      p = star + 1, n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// How one field match compares, from its modifiers.
struct Comparison {
  Op op = Op::eq;
  bool negated = false;
  bool case_sensitive = false;
  bool every_value = false;  // |all
  bool exists = false;
  bool literal = true;       // false for |expand placeholders and |fieldref
};

Comparison comparison_of(const FieldMatch& match) {
  Comparison c;
  bool regex = false, ignore_case = false;
  for (const std::string& name : match.modifiers) {
    std::optional<Modifier> modifier = modifier_from_name(name);
    if (!modifier) continue;
    switch (*modifier) {
      case Modifier::contains: c.op = Op::contains; break;
      case Modifier::startswith: c.op = Op::startswith; break;
      case Modifier::endswith: c.op = Op::endswith; break;
      case Modifier::re: c.op = Op::regex, regex = true; break;
      case Modifier::re_i: ignore_case = true; break;
      case Modifier::cidr: c.op = Op::cidr; break;
      case Modifier::exists: c.exists = true; break;
      case Modifier::lt: c.op = Op::lt; break;
      case Modifier::lte: c.op = Op::le; break;
      case Modifier::gt: c.op = Op::gt; break;
      case Modifier::gte: c.op = Op::ge; break;
      case Modifier::all: c.every_value = true; break;
      case Modifier::cased: c.case_sensitive = true; break;
      case Modifier::neq: c.negated = true; break;
      case Modifier::expand:
      case Modifier::fieldref: c.literal = false; break;
      default: break;  // encodings (base64, wide, windash, ...) keep the value as written
    }
  }
  if (regex) c.case_sensitive = !ignore_case;
  return c;
}

bool is_plain_string_op(Op op) {
  return op == Op::eq || op == Op::contains || op == Op::startswith || op == Op::endswith;
}

class Lowering {
 public:
  Lowering(const SigmaDocument& document, Rule& rule) : document_(document), rule_(rule), lines_(rule.query) {}

  void run() {
    for (const Message& message : document_.messages) diagnostic(message.severity, message.message, message.at);
    if (document_.logsource_block) add_stage("logsource", *document_.logsource_block);
    if (document_.detection) lower_detection(*document_.detection);
    if (document_.correlation) lower_correlation(*document_.correlation);
    if (document_.fields_block) {
      uint32_t stage = add_stage("fields", *document_.fields_block);
      for (const std::string& field : document_.fields) rule_.output_fields.push_back({field, "fields", stage, {}});
    }
  }

 private:
  void diagnostic(Severity severity, std::string message, TextPos at) {
    rule_.diagnostics.push_back({severity, std::move(message), rule_.file, query_file_line(rule_, at.line),
                                 at.column + rule_.query_indent});
  }

  uint32_t add_stage(std::string kind, const Block& block, uint32_t end = 0) {
    rule_.stages.push_back({std::move(kind), 1, {block.at.offset, std::max(block.end, end)}, query_file_line(rule_, block.at.line)});
    return static_cast<uint32_t>(rule_.stages.size() - 1);
  }

  // --- detection and condition ---------------------------------------------

  void lower_detection(const Detection& detection) {
    bool filter = document_.kind == DocumentKind::filter;
    if (filter) rule_.metadata.emplace_back("filter.rules", join(document_.filter_rules));
    uint32_t stage = add_stage(filter ? "filter" : "detection", detection.block);
    // A condition that did not parse says nothing about the identifiers.
    bool parsed = std::none_of(detection.conditions.begin(), detection.conditions.end(), [](const ConditionText& c) {
      return std::any_of(c.parsed.messages.begin(), c.parsed.messages.end(), [](const auto& m) { return m.error; });
    });
    std::map<std::string, Uses> uses = parsed ? condition_uses(detection) : std::map<std::string, Uses>{};
    uint32_t condition_stage = 0;
    if (!detection.conditions.empty()) {
      const ConditionText& first = detection.conditions.front();
      condition_stage = add_stage("condition", first.block, detection.conditions.back().block.end);
      for (const ConditionText& condition : detection.conditions)
        if (condition.parsed.aggregation) lower_aggregation(*condition.parsed.aggregation, condition, condition_stage);
    }
    std::map<std::string, IdentifierTrees> trees;
    for (const SearchIdentifier& identifier : detection.identifiers) {
      auto found = uses.find(identifier.name);
      if (found == uses.end()) {
        if (parsed && !detection.conditions.empty())
          diagnostic(Severity::note, "search identifier `" + identifier.name + "` is not used by the condition",
                     identifier.block.at);
        continue;
      }
      IdentifierTrees& tree = trees[identifier.name];
      if (found->second.positive) tree.positive = lower_identifier(identifier, false, stage);
      if (found->second.negated) tree.negated = lower_identifier(identifier, true, stage);
    }
    if (!detection.timeframe.empty()) rule_.metadata.emplace_back("timeframe", detection.timeframe);
    build_detection_logic(detection, parsed, trees, stage, condition_stage);
  }

  // --- the condition as a tree ---------------------------------------------

  // Selection "detection" (or "filter"): any of the conditions (a legacy list)
  // over the identifiers' trees. A legacy aggregation makes the rule an
  // aggregate over that selection.
  void build_detection_logic(const Detection& detection, bool parsed, const std::map<std::string, IdentifierTrees>& trees,
                             uint32_t stage, uint32_t condition_stage) {
    RuleLogic& logic = rule_.logic;
    bool filter = document_.kind == DocumentKind::filter;
    uint32_t root;
    if (detection.conditions.empty()) {
      root = add_opaque(logic, "", "the detection has no condition", {detection.block.at.offset, detection.block.end});
    } else if (!parsed) {
      const ConditionText& first = detection.conditions.front();
      SourceRange range{first.block.at.offset, detection.conditions.back().block.end};
      root = add_opaque(logic, range_text(rule_, range), "the condition does not parse", range);
    } else {
      std::vector<uint32_t> conditions;
      for (const ConditionText& condition : detection.conditions)
        conditions.push_back(condition_tree(condition, condition.parsed.root, false, detection, trees));
      root = add_any(logic, std::move(conditions));
    }
    add_tree_selection(filter ? "filter" : "detection", stage, root, {detection.block.at.offset, detection.block.end});
    if (parsed) lower_aggregation_logic(detection, trees, condition_stage);
  }

  // The tree of condition node `index` (absent: an empty condition, true);
  // under `negated` its exact negation, with the negation pushed down to the
  // identifiers' negated trees (De Morgan), so that every predicate the
  // lowering emitted is a leaf. The parser bounds the depth.
  uint32_t condition_tree(const ConditionText& text, std::optional<uint32_t> index, bool negated,
                          const Detection& detection, const std::map<std::string, IdentifierTrees>& trees) {
    RuleLogic& logic = rule_.logic;
    if (!index) return add_all(logic, {});
    const ConditionNode& node = text.parsed.nodes[*index];
    SourceRange range{text.at.offset + node.begin, text.at.offset + node.end};
    auto tree_of = [&](const std::string& name) {
      const IdentifierTrees& tree = trees.at(name);
      return negated ? tree.negated : tree.positive;
    };
    switch (node.kind) {
      case ConditionKind::identifier:
        if (!trees.contains(node.name))
          return add_opaque(logic, node.name, "not a search identifier", range);
        return tree_of(node.name);
      case ConditionKind::not_:
        return condition_tree(text, node.children.front(), !negated, detection, trees);
      case ConditionKind::and_:
      case ConditionKind::or_: {
        std::vector<uint32_t> children;
        for (uint32_t child : node.children) children.push_back(condition_tree(text, child, negated, detection, trees));
        // Under negation `and` is any of the negated operands, `or` all of them.
        return junction((node.kind == ConditionKind::and_) != negated, std::move(children), range);
      }
      case ConditionKind::one_of:
      case ConditionKind::all_of: {
        // A pattern that matches nothing is an error in Sigma (pySigma rejects
        // the rule); the tree keeps the empty junction: `1 of` false, `all of` true.
        std::vector<uint32_t> children;
        for (const SearchIdentifier& identifier : detection.identifiers)
          if (selects(node.name, identifier.name) && trees.contains(identifier.name))
            children.push_back(tree_of(identifier.name));
        return junction((node.kind == ConditionKind::all_of) != negated, std::move(children), range);
      }
    }
    return add_all(logic, {});
  }

  // The legacy `| count(field) by group > N` (one condition only: in a list the
  // aggregation's scope is unclear) becomes the aggregate shape; `| near` an
  // opaque condition, its expression a selection of its own.
  void lower_aggregation_logic(const Detection& detection, const std::map<std::string, IdentifierTrees>& trees,
                               uint32_t condition_stage) {
    const ConditionText* with = nullptr;
    for (const ConditionText& condition : detection.conditions)
      if (condition.parsed.aggregation) with = &condition;
    if (!with) return;
    RuleLogic& logic = rule_.logic;
    const Aggregation& aggregation = *with->parsed.aggregation;
    SourceRange range{with->at.offset + aggregation.begin, with->at.offset + aggregation.end};
    logic.shape = LogicShape::aggregate;
    if (!aggregation.group_by.empty()) logic.group_by = {aggregation.group_by};
    set_window(detection.timeframe);
    if (aggregation.near) {
      uint32_t near = condition_tree(*with, aggregation.near, false, detection, trees);
      add_tree_selection("near", condition_stage, near, range);
      logic.condition = add_opaque(logic, range_text(rule_, range), "near aggregation", range);
    } else if (detection.conditions.size() > 1) {
      logic.condition = add_opaque(logic, range_text(rule_, range), "aggregation in a condition list", range);
    } else {
      logic.condition = add_count(logic, aggregation_measure(aggregation), 0, aggregation.comparison,
                                  number(aggregation.threshold), range);
    }
  }

  void add_tree_selection(std::string name, uint32_t stage, uint32_t root, SourceRange range) {
    Selection selection{.name = std::move(name), .stage = stage, .root = root, .range = range};
    add_selection(rule_.logic, std::move(selection));
  }

  // Sigma's count(field) counts the field's distinct values.
  static std::string aggregation_measure(const Aggregation& aggregation) {
    if (aggregation.function == "count") return aggregation.field.empty() ? "count" : "distinct " + aggregation.field;
    return aggregation.function + " " + aggregation.field;
  }

  static double number(const std::string& text) {
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }

  void set_window(const std::string& window) {
    rule_.logic.window = window;
    rule_.logic.window_seconds = duration_seconds(window).value_or(0);
  }

  bool selects(const std::string& pattern, const std::string& name) const {
    return pattern == "them" ? !name.starts_with('_') : glob_match(pattern, name);
  }

  std::map<std::string, Uses> condition_uses(const Detection& detection) {
    std::map<std::string, Uses> uses;
    for (const ConditionText& condition : detection.conditions) {
      const Condition& parsed = condition.parsed;
      if (parsed.root) visit(parsed, *parsed.root, false, condition, detection, uses);
      if (parsed.aggregation && parsed.aggregation->near)
        visit(parsed, *parsed.aggregation->near, false, condition, detection, uses);
    }
    return uses;
  }

  // The tree is as deep as the parser allowed (ConditionOptions::max_depth).
  void visit(const Condition& condition, uint32_t index, bool negated, const ConditionText& text,
             const Detection& detection, std::map<std::string, Uses>& uses) {
    const ConditionNode& node = condition.nodes[index];
    auto use = [&](const std::string& name) {
      Uses& u = uses[name];
      (negated ? u.negated : u.positive) = true;
    };
    auto where = [&] {
      uint32_t offset = text.at.offset + node.begin;
      return TextPos{offset, lines_.line(offset), lines_.column(offset)};
    };
    switch (node.kind) {
      case ConditionKind::identifier: {
        auto same = [&](const SearchIdentifier& s) { return s.name == node.name; };
        if (std::none_of(detection.identifiers.begin(), detection.identifiers.end(), same))
          diagnostic(Severity::error, "the condition uses `" + node.name + "`, which is not a search identifier", where());
        else
          use(node.name);
        break;
      }
      case ConditionKind::not_:
        visit(condition, node.children.front(), !negated, text, detection, uses);
        break;
      case ConditionKind::and_:
      case ConditionKind::or_:
        for (uint32_t child : node.children) visit(condition, child, negated, text, detection, uses);
        break;
      case ConditionKind::one_of:
      case ConditionKind::all_of: {
        bool matched = false;
        for (const SearchIdentifier& identifier : detection.identifiers) {
          if (!selects(node.name, identifier.name)) continue;
          use(identifier.name);
          matched = true;
        }
        if (!matched)
          diagnostic(Severity::error, "`" + node.name + "` matches no search identifier", where());
        break;
      }
    }
  }

  void lower_aggregation(const Aggregation& aggregation, const ConditionText& text, uint32_t stage) {
    if (aggregation.function == "near") return;
    Predicate predicate;
    predicate.field = aggregation.function + "(" + aggregation.field + ")";
    const std::string& c = aggregation.comparison;
    predicate.op = c == ">" ? Op::gt : c == ">=" ? Op::ge : c == "<" ? Op::lt : c == "<=" ? Op::le : Op::eq;
    predicate.negated = c == "!=";
    predicate.values = {aggregation.threshold};
    predicate.range = {text.at.offset + aggregation.begin, text.at.offset + aggregation.end};
    predicate.stage = stage;
    rule_.predicates.push_back(std::move(predicate));
    if (!aggregation.group_by.empty()) rule_.metadata.emplace_back("aggregation group-by", aggregation.group_by);
  }

  // A map is all of its field matches, a list of maps any of the maps,
  // keywords any of theirs; negated, the dual (any of the negated matches,
  // all of the negated maps). Returns the identifier's tree.
  uint32_t lower_identifier(const SearchIdentifier& identifier, bool negated, uint32_t stage) {
    RuleLogic& logic = rule_.logic;
    std::vector<uint32_t> alternatives;
    for (const std::vector<FieldMatch>& map : identifier.maps) {
      std::vector<uint32_t> matches;
      for (const FieldMatch& match : map) matches.push_back(lower_match(match, negated, stage));
      alternatives.push_back(junction(!negated, std::move(matches)));
    }
    if (!identifier.keywords.empty()) {
      FieldMatch keywords{"", {}, identifier.keywords, identifier.block.at, identifier.block.end};
      alternatives.push_back(lower_match(keywords, negated, stage));
    }
    SourceRange range{identifier.block.at.offset, identifier.block.end};
    return negated ? add_all(logic, std::move(alternatives), range) : add_any(logic, std::move(alternatives), range);
  }

  uint32_t junction(bool every, std::vector<uint32_t> children, SourceRange range = {}) {
    return every ? add_all(rule_.logic, std::move(children), range) : add_any(rule_.logic, std::move(children), range);
  }

  // One predicate per operator the values need (plain values are eq, values
  // with wildcards wildcard, null a negated exists), or per value with |all.
  // The match holds when any of them holds (all with |all); negated, the dual.
  uint32_t lower_match(const FieldMatch& match, bool negated, uint32_t stage) {
    Comparison comparison = comparison_of(match);
    Predicate base;
    base.field = match.field;
    base.negated = negated != comparison.negated;
    base.case_sensitive = comparison.case_sensitive;
    base.indicator = comparison.literal;  // keywords too: indicators with no field
    base.range = {match.at.offset, match.end};
    base.stage = stage;
    base.modifiers = match.modifiers;
    if (comparison.exists) {
      base.op = Op::exists;
      base.indicator = false;
      bool absent = !match.values.empty() && (match.values.front().text == "false" || match.values.front().text == "no");
      base.negated = base.negated != absent;
      return add_predicate(rule_, std::move(base));
    }
    std::vector<Predicate> predicates;
    for (const Value& value : match.values) {
      Predicate predicate = base;
      if (value.kind == ValueKind::null) {
        // `Field: null`: the field is absent or empty.
        predicate.op = Op::exists;
        predicate.negated = !predicate.negated;
        predicate.indicator = false;
      } else {
        predicate.op = comparison.op;
        bool wildcard = value.kind == ValueKind::string && has_wildcard(value.text);
        if (predicate.op == Op::eq && (wildcard || match.field.empty()))
          predicate.op = wildcard ? Op::wildcard : Op::contains;  // a keyword is found anywhere in the event
        bool literal = value.kind == ValueKind::string && comparison.literal && !wildcard && is_plain_string_op(predicate.op);
        predicate.values.push_back(literal ? unescape(value.text) : value.text);
      }
      merge_or_add(std::move(predicate), comparison.every_value, predicates);
    }
    std::vector<uint32_t> leaves;
    for (Predicate& predicate : predicates) leaves.push_back(add_predicate(rule_, std::move(predicate)));
    return junction(comparison.every_value != negated, std::move(leaves), base.range);
  }

  // Values of one operator share a predicate, unless each stands alone (|all).
  static void merge_or_add(Predicate predicate, bool separate, std::vector<Predicate>& predicates) {
    if (!separate) {
      for (Predicate& existing : predicates) {
        if (existing.op != predicate.op || existing.negated != predicate.negated) continue;
        existing.values.insert(existing.values.end(), predicate.values.begin(), predicate.values.end());
        return;
      }
    }
    predicates.push_back(std::move(predicate));
  }

  // --- correlation ---------------------------------------------------------

  void lower_correlation(const Correlation& correlation) {
    uint32_t stage = add_stage("correlation", correlation.block);
    auto meta = [&](std::string key, std::string value) {
      if (!value.empty()) rule_.metadata.emplace_back(std::move(key), std::move(value));
    };
    meta("correlation.type", correlation.type);
    meta("correlation.rules", join(correlation.rules));
    meta("correlation.group-by", join(correlation.group_by));
    meta("correlation.timespan", correlation.timespan);
    meta("correlation.generate", correlation.generate);
    for (const auto& [alias, fields] : correlation.aliases) {
      std::vector<std::string> mapped;
      for (const auto& [rule, field] : fields) mapped.push_back(rule + ": " + field);
      meta("correlation.alias " + alias, join(mapped));
    }
    std::string measure = correlation.field.empty() ? correlation.type : correlation.type + "(" + correlation.field + ")";
    for (const Threshold& threshold : correlation.condition) {
      Predicate predicate;
      predicate.field = measure;
      const std::string& c = threshold.comparison;
      predicate.op = c == "gt" ? Op::gt : c == "gte" ? Op::ge : c == "lt" ? Op::lt : c == "lte" ? Op::le : Op::eq;
      predicate.negated = c == "neq";
      predicate.values = {threshold.value};
      predicate.range = {correlation.block.at.offset, correlation.block.end};
      predicate.stage = stage;
      rule_.predicates.push_back(std::move(predicate));
    }
    for (const std::string& field : correlation.group_by) rule_.output_fields.push_back({field, "correlation", stage, {}});
    build_correlation_logic(correlation, stage);
  }

  // Shape correlation with the type as subtype; temporal_ordered is the
  // sequence shape (its rules match in the order listed), subtype kept. One
  // selection per base rule, its matches; `by` maps the group-by fields
  // through the aliases. The condition: the thresholds over the matches of
  // all the rules (event_count: "count", value_*: "distinct <field>", "sum
  // <field>", ...; temporal: "distinct rules", how many of the rules matched),
  // all of them; temporal without one: every rule matched at least once.
  void build_correlation_logic(const Correlation& correlation, uint32_t stage) {
    RuleLogic& logic = rule_.logic;
    SourceRange range{correlation.block.at.offset, correlation.block.end};
    logic.shape = correlation.type == "temporal_ordered" ? LogicShape::sequence : LogicShape::correlation;
    logic.subtype = correlation.type;
    logic.group_by = correlation.group_by;
    set_window(correlation.timespan);
    for (const std::string& rule : correlation.rules) {
      Selection selection;
      selection.name = selection.rule_ref = rule;
      selection.stage = stage;
      selection.by = aliased_group_by(correlation, rule);
      selection.range = range;
      add_selection(logic, std::move(selection));
    }
    std::vector<uint32_t> thresholds;
    std::string measure = correlation_measure(correlation);
    for (const Threshold& threshold : correlation.condition)
      thresholds.push_back(add_count(logic, measure, kNoNode, threshold.comparison, number(threshold.value), range));
    if (thresholds.empty() && correlation.type.starts_with("temporal"))
      for (uint32_t selection = 0; selection < logic.selections.size(); ++selection)
        thresholds.push_back(add_count(logic, "count", selection, "gte", 1, range));
    if (!thresholds.empty()) logic.condition = add_all(logic, std::move(thresholds), range);
  }

  static std::string correlation_measure(const Correlation& correlation) {
    if (correlation.type == "event_count") return "count";
    if (correlation.type.starts_with("temporal")) return "distinct rules";
    if (correlation.type == "value_count") return "distinct " + correlation.field;
    if (correlation.type.starts_with("value_"))  // value_sum: "sum <field>"
      return correlation.type.substr(6) + " " + correlation.field;
    return correlation.type;
  }

  // Per group-by field, the base rule's own name for it when an alias maps it.
  static std::vector<std::string> aliased_group_by(const Correlation& correlation, const std::string& rule) {
    std::vector<std::string> by = correlation.group_by;
    for (std::string& field : by)
      for (const auto& [alias, fields] : correlation.aliases)
        if (alias == field)
          for (const auto& [aliased_rule, rule_field] : fields)
            if (aliased_rule == rule) field = rule_field;
    return by;
  }

  const SigmaDocument& document_;
  Rule& rule_;
  LineIndex lines_;
};

}  // namespace

void lower(const SigmaDocument& document, Rule& rule) { Lowering(document, rule).run(); }

}  // namespace ruledex::sigma
