#include "eval/rule_set.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "eval/event_sources.h"
#include "eval/event_time.h"
#include "eval/scan_memo.h"
#include "match/literal_set.h"

namespace ruledex::eval {
namespace {

// Distinct routing keys remembered (events of other values are routed afresh).
constexpr size_t kMaxCachedRoutes = 4096;

// A filter rule is one unit (all its selections); a stateful rule has one
// unit per selection it evaluates on events.
struct Unit {
  uint32_t rule;
  uint32_t selection;  // kNoNode: the whole filter
  uint32_t group;
};

std::string metadata(const Rule& rule, std::string_view key) {
  for (const auto& [k, v] : rule.metadata)
    if (k == key) return v;
  return {};
}

// Rule keys that are set all equal the declared source's.
bool within(const LogSource& rule, const LogSource& declared) {
  return (rule.product.empty() || rule.product == declared.product) &&
         (rule.category.empty() || rule.category == declared.category) &&
         (rule.service.empty() || rule.service == declared.service);
}

// Why a filter can never be decided on any event (a selection that is one
// opaque node: it holds for no event and fails for none); empty when it can.
std::string undecidable(const Rule& rule) {
  if (rule.logic.shape != LogicShape::filter) return {};
  for (const Selection& selection : rule.logic.selections) {
    if (selection.root >= rule.logic.nodes.size()) continue;
    const LogicNode& root = rule.logic.nodes[selection.root];
    if (root.kind == LogicKind::opaque) return "its logic cannot be evaluated: " + root.text + " (" + root.reason + ")";
  }
  return {};
}

}  // namespace

struct RuleSet::Impl {
  RuleSetOptions options;
  std::span<const Rule> rules;
  FieldNames names;
  std::vector<CompiledRule> compiled;
  std::vector<std::optional<SourceCheck>> sources;  // per rule; none for Sigma (routed instead)
  std::vector<std::unique_ptr<StatefulEngine>> engines;
  std::vector<RuleStats> stats;
  std::vector<std::map<std::string, uint64_t>> why_not;
  std::vector<std::string> unreachable;
  std::vector<uint32_t> rule_group;  // per rule: the group its units are in; kNoNode: it has none
  // Sigma correlations: per base rule, the (correlation rule, selection) its matches feed.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> feeds;

  std::vector<Unit> units;
  uint32_t unrouted_group = 0, declared_group = 0;
  std::vector<std::vector<uint32_t>> always;  // per group: units with no required literal
  std::vector<std::pair<uint32_t, match::LiteralSet>> field_literals;  // field -> unit ids by literal
  std::vector<ScanMemo> memos;                                         // per field_literals entry
  // Per group: literals of keywords, in any field (few groups have keyword rules).
  std::vector<std::optional<match::LiteralSet>> keyword_literals;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> renames;     // per entry and variant, flattened below
  std::vector<std::vector<uint32_t>> rename_index;                      // [entry][variant] -> renames index

  // Routing reads a few fields (Channel, EventID, ...) through every entry:
  // its routes are kept per the values of those fields, as they repeat.
  std::vector<uint32_t> route_fields;  // ids in names
  std::unordered_map<std::string, std::vector<Route>> route_cache;
  std::string route_key;

  // Per event, reused.
  EventView view;
  std::vector<Route> routes, renamed;
  std::vector<uint32_t> plain;
  std::vector<uint32_t> group_stamp, unit_stamp, rule_stamp;
  uint32_t stamp = 0;
  std::vector<uint32_t> hits, candidates;
  std::string all_values;

  uint32_t group_of(uint32_t rule_index) {
    const Rule& rule = rules[rule_index];
    if (rule.language != "sigma") return unrouted_group;
    LogSource source = rule_log_source(metadata(rule, "logsource"));
    if (options.declared_source) {
      if (within(source, *options.declared_source)) return declared_group;
      unreachable[rule_index] = "its logsource is not the declared one";
      return kNoNode;
    }
    if (std::optional<uint32_t> entry = options.routing->entry_for(source)) return *entry;
    unreachable[rule_index] = "no routing for its logsource (product `" + source.product + "`, category `" +
                              source.category + "`, service `" + source.service + "`): declare the events' source";
    return kNoNode;
  }

  void resolve_correlations() {
    std::unordered_map<std::string, uint32_t> by_name;
    for (uint32_t i = 0; i < rules.size(); ++i) {
      for (const std::string& name : {rules[i].id, metadata(rules[i], "name"), rules[i].name})
        if (!name.empty()) by_name.emplace(name, i);
    }
    feeds.resize(rules.size());
    for (uint32_t i = 0; i < rules.size(); ++i) {
      const std::vector<Selection>& selections = rules[i].logic.selections;
      for (uint32_t s = 0; s < selections.size(); ++s) {
        if (selections[s].rule_ref.empty()) continue;
        auto found = by_name.find(selections[s].rule_ref);
        if (found == by_name.end()) {
          unreachable[i] = "its rule `" + selections[s].rule_ref + "` is not in the rule set";
          continue;
        }
        feeds[found->second].emplace_back(i, s);
      }
    }
  }

  void index_literals() {
    std::map<uint32_t, std::vector<match::LiteralSet::Entry>> by_field;
    std::map<uint32_t, std::vector<match::LiteralSet::Entry>> keywords;  // by group
    for (uint32_t u = 0; u < units.size(); ++u) {
      const Unit& unit = units[u];
      std::vector<CompiledRule::FieldLiteral> literals;
      if (unit.selection != kNoNode) {
        literals = compiled[unit.rule].required_literals(unit.selection);
      } else {
        // Every selection must hold: any one's literals are required; take the one with fewest.
        for (uint32_t s = 0; s < rules[unit.rule].logic.selections.size(); ++s) {
          std::vector<CompiledRule::FieldLiteral> candidate = compiled[unit.rule].required_literals(s);
          if (!candidate.empty() && (literals.empty() || candidate.size() < literals.size())) literals = std::move(candidate);
        }
      }
      if (literals.empty() || !options.prefilter || options.explain) {
        always[unit.group].push_back(u);
        continue;
      }
      for (auto& [field, literal] : literals) {
        match::LiteralSet::Entry entry{std::move(literal.text), u, literal.caseless, literal.anchor};
        if (field != kNoField) {
          by_field[field].push_back(std::move(entry));
          continue;
        }
        // Keywords are looked for in all values at once (see gather_candidates), where a
        // value's start or end is not the text's: anywhere finds them all the same.
        entry.anchor = match::LiteralSet::Anchor::anywhere;
        keywords[unit.group].push_back(std::move(entry));
      }
    }
    for (auto& [field, entries] : by_field) field_literals.emplace_back(field, match::LiteralSet(std::move(entries)));
    memos.resize(field_literals.size());
    keyword_literals.resize(always.size());
    for (auto& [group, entries] : keywords) keyword_literals[group].emplace(std::move(entries));
  }

  void build() {
    const size_t entries = options.routing->entries().size();
    unrouted_group = static_cast<uint32_t>(entries);
    declared_group = unrouted_group + 1;
    always.resize(entries + 2);
    group_stamp.resize(entries + 2, 0);
    unreachable.resize(rules.size());
    rule_group.resize(rules.size(), kNoNode);
    stats.resize(rules.size());
    why_not.resize(rules.size());
    compiled.reserve(rules.size());
    for (uint32_t i = 0; i < rules.size(); ++i) {
      compiled.emplace_back(rules[i], names);
      engines.push_back(make_stateful_engine(i, compiled.back(), names, options.limits));
      sources.emplace_back();
      if (rules[i].language != "sigma") sources.back().emplace(rules[i], EventSources::builtin(), names);
    }
    resolve_correlations();
    for (uint32_t i = 0; i < rules.size(); ++i) {
      if (!compiled[i].has_logic()) {
        if (unreachable[i].empty()) unreachable[i] = "the front end gave it no logic";
        continue;
      }
      if (std::string why = undecidable(rules[i]); !why.empty()) {
        unreachable[i] = std::move(why);
        continue;
      }
      uint32_t group = group_of(i);
      if (group == kNoNode) continue;
      if (rules[i].logic.shape == LogicShape::filter) {
        units.push_back({i, kNoNode, group});
        continue;
      }
      for (uint32_t s = 0; s < rules[i].logic.selections.size(); ++s)
        if (rules[i].logic.selections[s].root != kNoNode) units.push_back({i, s, group});
    }
    for (const LogSourceEntry& entry : options.routing->entries())
      for (const SourceEvents& variant : entry.events)
        for (const auto& [field, accepted] : variant.conditions)
          if (uint32_t id = names.intern(field); std::find(route_fields.begin(), route_fields.end(), id) == route_fields.end())
            route_fields.push_back(id);
    for (const Unit& unit : units) rule_group[unit.rule] = unit.group;
    unit_stamp.resize(units.size(), 0);
    rule_stamp.resize(rules.size(), 0);
    index_literals();
    for (const LogSourceEntry& entry : options.routing->entries()) {
      rename_index.emplace_back();
      for (const SourceEvents& variant : entry.events) {
        std::vector<std::pair<uint32_t, uint32_t>> ids;
        for (const auto& [from, to] : variant.renames) ids.emplace_back(names.intern(from), names.intern(to));
        rename_index.back().push_back(static_cast<uint32_t>(renames.size()));
        renames.push_back(std::move(ids));
      }
    }
  }

  void collect(uint32_t unit) {
    if (unit_stamp[unit] == stamp || group_stamp[units[unit].group] != stamp) return;
    unit_stamp[unit] = stamp;
    candidates.push_back(unit);
  }

  void gather_candidates(const std::vector<uint32_t>& groups) {
    candidates.clear();
    for (uint32_t g : groups)
      for (uint32_t u : always[g]) collect(u);
    for (size_t i = 0; i < field_literals.size(); ++i) {
      const match::LiteralSet& set = field_literals[i].second;
      view.any_value(field_literals[i].first, [&](const events::Event::Field& value) {
        const auto scan = [&](std::string_view text, std::vector<uint32_t>& out) { set.scan(text, out); };
        for (uint32_t u : memos[i].hits(value.value, scan)) collect(u);
        return false;
      });
    }
    bool joined = false;
    for (uint32_t g : groups) {
      if (!keyword_literals[g]) continue;
      if (!joined) {
        join_values();
        joined = true;
      }
      keyword_literals[g]->scan(all_values, hits);
      for (uint32_t u : hits) collect(u);
    }
  }

  // Every value of the event, one after another, for one keyword scan instead
  // of one per value. A literal found across two values only lets a rule
  // through that its own test then rejects.
  void join_values() {
    const events::Event& event = view.event();
    all_values.clear();
    for (size_t i = 0; i < event.size(); ++i) {
      all_values += event.field(i).value;
      all_values += '\n';
    }
  }

  void matched(uint32_t rule_index, uint32_t selection, double time, const DetectionSink& sink) {
    const CompiledRule& rule = compiled[rule_index];
    if (selection == kNoNode) {
      Detection d{.rule = rule_index, .events = {EventRef::of(view.event())}};
      for (const Selection& s : rule.rule().logic.selections) d.selection += (d.selection.empty() ? "" : ", ") + s.name;
      sink(d);
      for (const auto& [correlation, ref] : feeds[rule_index])
        if (engines[correlation]) engines[correlation]->on_match(ref, time, view, sink);
      return;
    }
    engines[rule_index]->on_match(selection, time, view, sink);
  }

  // A unit the event may or may not match: counted, the first reason kept
  // (`reason` runs once per rule), and a filter reported as unknown.
  template <typename Reason>
  void undecided(const Unit& unit, Reason&& reason, const DetectionSink& sink) {
    RuleStats& s = stats[unit.rule];
    ++s.unknown;
    if (s.unknown_reason.empty()) s.unknown_reason = reason();
    if (unit.selection == kNoNode)
      sink(Detection{.rule = unit.rule, .events = {EventRef::of(view.event())}, .truth = Truth::unknown, .reason = s.unknown_reason});
  }

  void evaluate(uint32_t unit_index, double time, const DetectionSink& sink) {
    const Unit& unit = units[unit_index];
    const CompiledRule& rule = compiled[unit.rule];
    RuleStats& s = stats[unit.rule];
    if (rule_stamp[unit.rule] != stamp) {
      rule_stamp[unit.rule] = stamp;
      ++s.evaluated;
    }
    const Truth source = sources[unit.rule] ? sources[unit.rule]->check(view) : Truth::yes;
    if (source == Truth::no) return;  // of another table or index: the rule does not read it
    Truth t = unit.selection == kNoNode ? rule.filter(view) : rule.selection(unit.selection, view);
    if (t == Truth::yes && source == Truth::unknown)
      return undecided(unit, [] { return std::string("the event does not say its table, index or source type"); }, sink);
    if (t == Truth::yes) {
      ++s.matched;
      return matched(unit.rule, unit.selection, time, sink);
    }
    if (t == Truth::unknown)
      return undecided(unit, [&] { return rule.why_not(unit.selection == kNoNode ? 0 : unit.selection, view); }, sink);
    if (options.explain) {
      uint32_t first_failing = 0;
      if (unit.selection == kNoNode)
        while (first_failing + 1 < rule.rule().logic.selections.size() && rule.selection(first_failing, view) == Truth::yes) ++first_failing;
      else
        first_failing = unit.selection;
      ++why_not[unit.rule][rule.why_not(first_failing, view)];
    }
  }

  void add(const events::Event& event, const DetectionSink& sink) {
    if (++stamp == 0) {
      std::fill(group_stamp.begin(), group_stamp.end(), 0);
      std::fill(unit_stamp.begin(), unit_stamp.end(), 0);
      std::fill(rule_stamp.begin(), rule_stamp.end(), 0);
      stamp = 1;
    }
    const double time = parse_event_time(event.time).value_or(0);
    view.reset(event, names);
    routes.clear();
    if (!options.declared_source) route(event);
    // Routes that rename fields see the event through their renames, one at a time.
    plain.assign(1, unrouted_group);
    if (options.declared_source) plain.push_back(declared_group);
    renamed.clear();
    for (const Route& route : routes) {
      if (renames[rename_index[route.entry][route.variant]].empty()) plain.push_back(route.entry);
      else renamed.push_back(route);
    }
    run(plain, time, sink);
    for (const Route& route : renamed) {
      plain.assign(1, route.entry);
      view.reset(event, names);
      view.rename(renames[rename_index[route.entry][route.variant]]);
      run(plain, time, sink);
    }
  }

  // The event's routes into `routes`, kept per the values of the routing fields.
  void route(const events::Event& event) {
    route_key.clear();
    for (size_t f = 0; f < route_fields.size(); ++f) {
      view.any_value(route_fields[f], [&](const events::Event::Field& field) {
        route_key += static_cast<char>(f);
        route_key += field.value;
        route_key += '\0';
        return false;
      });
    }
    auto cached = route_cache.find(route_key);
    if (cached != route_cache.end()) {
      routes = cached->second;
      return;
    }
    options.routing->routes(event, routes);
    if (route_cache.size() < kMaxCachedRoutes) route_cache.emplace(route_key, routes);
  }

  void run(const std::vector<uint32_t>& groups, double time, const DetectionSink& sink) {
    for (uint32_t g : groups) group_stamp[g] = stamp;
    gather_candidates(groups);
    for (uint32_t u : candidates) evaluate(u, time, sink);
    for (uint32_t g : groups) {
      group_stamp[g] = stamp - 1;  // a later run of this event sees only its own groups
      ++group_events[g];
    }
  }

  std::vector<uint64_t> group_events;  // per group: events routed to it
};

RuleSet::RuleSet(std::span<const Rule> rules, RuleSetOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->rules = rules;
  impl_->group_events.resize(options.routing->entries().size() + 2, 0);
  impl_->build();
}

RuleSet::~RuleSet() = default;

void RuleSet::add(const events::Event& event, const DetectionSink& sink) { impl_->add(event, sink); }

void RuleSet::finish(const DetectionSink& sink) {
  for (auto& engine : impl_->engines)
    if (engine) engine->finish(sink);
}

size_t RuleSet::size() const { return impl_->rules.size(); }
const Rule& RuleSet::rule(uint32_t index) const { return impl_->rules[index]; }
const std::string& RuleSet::unreachable(uint32_t index) const { return impl_->unreachable[index]; }

RuleStats RuleSet::stats(uint32_t index) const {
  RuleStats s = impl_->stats[index];
  if (impl_->rule_group[index] != kNoNode) s.routed = impl_->group_events[impl_->rule_group[index]];
  for (const auto& [reason, count] : impl_->why_not[index]) s.why_not.emplace_back(reason, count);
  std::stable_sort(s.why_not.begin(), s.why_not.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return s;
}

}  // namespace ruledex::eval
