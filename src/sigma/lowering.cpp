#include "sigma/lowering.h"

#include <algorithm>
#include <map>

#include "base/source_text.h"
#include "sigma/modifiers.h"
#include "sigma/sigma_string.h"

namespace ruledex::sigma {
namespace {

// The polarities under which the condition uses a search identifier.
struct Uses {
  bool positive = false;
  bool negated = false;
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
    if (!detection.conditions.empty()) {
      const ConditionText& first = detection.conditions.front();
      uint32_t condition_stage = add_stage("condition", first.block, detection.conditions.back().block.end);
      for (const ConditionText& condition : detection.conditions)
        if (condition.parsed.aggregation) lower_aggregation(*condition.parsed.aggregation, condition, condition_stage);
    }
    for (const SearchIdentifier& identifier : detection.identifiers) {
      auto found = uses.find(identifier.name);
      if (found == uses.end()) {
        if (parsed && !detection.conditions.empty())
          diagnostic(Severity::note, "search identifier `" + identifier.name + "` is not used by the condition",
                     identifier.block.at);
        continue;
      }
      if (found->second.positive) lower_identifier(identifier, false, stage);
      if (found->second.negated) lower_identifier(identifier, true, stage);
    }
    if (!detection.timeframe.empty()) rule_.metadata.emplace_back("timeframe", detection.timeframe);
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
          bool selected = node.name == "them" ? !identifier.name.starts_with('_') : glob_match(node.name, identifier.name);
          if (!selected) continue;
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

  void lower_identifier(const SearchIdentifier& identifier, bool negated, uint32_t stage) {
    for (const std::vector<FieldMatch>& map : identifier.maps)
      for (const FieldMatch& match : map) lower_match(match, negated, stage);
    if (identifier.keywords.empty()) return;
    FieldMatch keywords{"", {}, identifier.keywords, identifier.block.at, identifier.block.end};
    lower_match(keywords, negated, stage);
  }

  // One predicate per operator the values need (plain values are eq, values
  // with wildcards wildcard, null a negated exists), or per value with |all.
  void lower_match(const FieldMatch& match, bool negated, uint32_t stage) {
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
      rule_.predicates.push_back(std::move(base));
      return;
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
    for (Predicate& predicate : predicates) rule_.predicates.push_back(std::move(predicate));
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
  }

  const SigmaDocument& document_;
  Rule& rule_;
  LineIndex lines_;
};

}  // namespace

void lower(const SigmaDocument& document, Rule& rule) { Lowering(document, rule).run(); }

}  // namespace ruledex::sigma
