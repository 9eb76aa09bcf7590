#include "eval/stateful.h"

#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace ruledex::eval {
namespace {

struct Kept {
  double time;
  uint32_t selection;
  std::string value;  // of the distinct-count field, when the condition counts one
  EventRef ref;
};

// Per selection, the fields whose values make the group key: the selection's
// own `by` fields, else the rule's group_by.
std::vector<std::vector<uint32_t>> key_fields(const RuleLogic& logic, FieldNames& names) {
  std::vector<std::vector<uint32_t>> out;
  for (const Selection& s : logic.selections) {
    const std::vector<std::string>& fields = s.by.empty() ? logic.group_by : s.by;
    std::vector<uint32_t> ids;
    for (const std::string& f : fields) ids.push_back(names.intern(f));
    out.push_back(std::move(ids));
  }
  return out;
}

std::string first_value(const EventView& view, uint32_t field) {
  std::string out;
  view.any_value(field, [&](const events::Event::Field& v) {
    out = v.value;
    return true;
  });
  return out;
}

std::string group_key(const EventView& view, const std::vector<uint32_t>& fields) {
  std::string key;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) key += '\x1f';
    key += first_value(view, fields[i]);
  }
  return key;
}

std::string group_text(const std::string& key, const std::vector<std::string>& names) {
  std::string out;
  size_t start = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    size_t end = key.find('\x1f', start);
    out += (i ? ", " : "") + names[i] + "=" + key.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? key.size() : end + 1;
  }
  return out;
}

// Whether the condition can only become true as matches are added (every
// comparison is > or >=): then it is checked at each match, else at the end.
bool rises(const RuleLogic& logic, uint32_t index) {
  if (index >= logic.nodes.size()) return true;
  const LogicNode& n = logic.nodes[index];
  if (n.kind == LogicKind::count) return !n.negated && (n.op == Op::gt || n.op == Op::ge);
  if (n.kind == LogicKind::not_) return false;
  for (uint32_t child : n.children)
    if (!rises(logic, child)) return false;
  return true;
}

class CountEngine final : public StatefulEngine {
 public:
  CountEngine(uint32_t rule_index, const CompiledRule& rule, FieldNames& names, StatefulLimits limits)
      : rule_index_(rule_index), logic_(rule.rule().logic), keys_(key_fields(logic_, names)), limits_(limits),
        rises_(rises(logic_, logic_.condition)) {
    std::string distinct = distinct_field(logic_.condition);
    if (!distinct.empty()) distinct_ = names.intern(distinct);
  }

  void on_match(uint32_t selection, double time, const EventView& view, const DetectionSink& sink) override {
    std::string key = group_key(view, keys_[selection]);
    auto found = groups_.find(key);
    if (found == groups_.end()) {
      if (groups_.size() >= limits_.max_groups) groups_.erase(groups_.begin());
      found = groups_.emplace(key, std::deque<Kept>{}).first;
    }
    std::deque<Kept>& kept = found->second;
    kept.push_back({time, selection, distinct_ == kNoField ? "" : first_value(view, distinct_), EventRef::of(view.event())});
    if (kept.size() > limits_.max_matches_per_group) kept.pop_front();
    if (logic_.window_seconds > 0)
      while (!kept.empty() && kept.front().time < time - static_cast<double>(logic_.window_seconds)) kept.pop_front();
    if (!rises_) return;
    Truth t = condition(kept);
    if (t == Truth::no) return;
    report(key, kept, t, sink);
    kept.clear();  // one alert per burst: the next needs a new run of matches
  }

  void finish(const DetectionSink& sink) override {
    if (rises_) return;
    for (auto& [key, kept] : groups_) {
      Truth t = condition(kept);
      if (t != Truth::no) report(key, kept, t, sink);
    }
  }

 private:
  std::string distinct_field(uint32_t index) const {
    if (index >= logic_.nodes.size()) return {};
    const LogicNode& n = logic_.nodes[index];
    if (n.kind == LogicKind::count && n.measure.starts_with("distinct ")) return n.measure.substr(9);
    for (uint32_t child : n.children)
      if (std::string f = distinct_field(child); !f.empty()) return f;
    return {};
  }

  Truth measure(const LogicNode& n, const std::deque<Kept>& kept) const {
    double value = 0;
    if (n.measure == "count") {
      for (const Kept& k : kept) value += n.selection == kNoNode || k.selection == n.selection;
    } else if (n.measure.starts_with("distinct ")) {
      std::unordered_set<std::string_view> seen;
      for (const Kept& k : kept)
        if (n.selection == kNoNode || k.selection == n.selection) seen.insert(k.value);
      value = static_cast<double>(seen.size());
    } else {
      return Truth::unknown;
    }
    bool holds = n.op == Op::gt ? value > n.threshold : n.op == Op::ge ? value >= n.threshold : n.op == Op::lt ? value < n.threshold
               : n.op == Op::le ? value <= n.threshold : value == n.threshold;
    return from_bool(holds != n.negated);
  }

  Truth evaluate(uint32_t index, const std::deque<Kept>& kept) const {
    if (index >= logic_.nodes.size()) return Truth::unknown;
    const LogicNode& n = logic_.nodes[index];
    switch (n.kind) {
      case LogicKind::count: return measure(n, kept);
      case LogicKind::not_: return n.children.empty() ? Truth::unknown : negate(evaluate(n.children.front(), kept));
      case LogicKind::all:
      case LogicKind::any:
        return junction(n.kind == LogicKind::all, n.children, [&](uint32_t child) { return evaluate(child, kept); });
      default: return Truth::unknown;
    }
  }

  // No condition: every match of a group counts as one alert per window.
  Truth condition(const std::deque<Kept>& kept) const {
    return logic_.condition == kNoNode ? from_bool(!kept.empty()) : evaluate(logic_.condition, kept);
  }

  void report(const std::string& key, const std::deque<Kept>& kept, Truth truth, const DetectionSink& sink) const {
    Detection d{.rule = rule_index_, .selection = std::string(to_string(logic_.shape)), .truth = truth};
    for (const Kept& k : kept) {
      if (d.events.size() == kMaxEventsPerDetection) break;
      d.events.push_back(k.ref);
    }
    d.group = group_text(key, logic_.group_by);
    if (truth == Truth::unknown) d.reason = "the condition uses a measure the evaluator does not compute";
    sink(d);
  }

  uint32_t rule_index_;
  const RuleLogic& logic_;
  std::vector<std::vector<uint32_t>> keys_;
  StatefulLimits limits_;
  bool rises_;
  uint32_t distinct_ = kNoField;
  std::map<std::string, std::deque<Kept>> groups_;
};

// Steps matched in order per key within the window; `until` ends a key's
// partial sequences; a step with runs=N needs N matches in a row.
class SequenceEngine final : public StatefulEngine {
 public:
  SequenceEngine(uint32_t rule_index, const CompiledRule& rule, FieldNames& names, StatefulLimits limits)
      : rule_index_(rule_index), logic_(rule.rule().logic), keys_(key_fields(logic_, names)), limits_(limits) {
    for (uint32_t i = 0; i < logic_.selections.size(); ++i)
      if (!logic_.selections[i].until) steps_.push_back(i);
  }

  void on_match(uint32_t selection, double time, const EventView& view, const DetectionSink& sink) override {
    std::string key = group_key(view, keys_[selection]);
    if (logic_.selections[selection].until) {
      partials_.erase(key);
      return;
    }
    auto found = partials_.find(key);
    if (found == partials_.end()) {
      if (partials_.size() >= limits_.max_groups) partials_.erase(partials_.begin());
      found = partials_.emplace(key, std::vector<Partial>{}).first;
    }
    std::vector<Partial>& partials = found->second;
    if (logic_.window_seconds > 0)
      std::erase_if(partials, [&](const Partial& p) { return time - p.start > static_cast<double>(logic_.window_seconds); });
    // Advance the partial sequences waiting for this step, newest first, one per event.
    for (size_t i = partials.size(); i-- > 0;) {
      Partial& p = partials[i];
      if (steps_[p.step] != selection) continue;
      p.refs.push_back(EventRef::of(view.event()));
      if (++p.runs < logic_.selections[selection].runs) return;
      p.runs = 0;
      if (++p.step == steps_.size()) {
        std::vector<EventRef> refs = std::move(p.refs);
        partials.erase(partials.begin() + static_cast<std::ptrdiff_t>(i));
        complete(key, std::move(refs), sink);
      }
      return;
    }
    if (steps_.empty() || steps_.front() != selection) return;
    Partial p{.start = time, .refs = {EventRef::of(view.event())}};
    if (logic_.selections[selection].runs > 1) p.runs = 1;
    else p.step = 1;
    if (p.step == steps_.size()) return complete(key, std::move(p.refs), sink);
    if (partials.size() >= limits_.max_matches_per_group) partials.erase(partials.begin());
    partials.push_back(std::move(p));
  }

  void finish(const DetectionSink&) override {}

 private:
  void complete(const std::string& key, std::vector<EventRef> refs, const DetectionSink& sink) const {
    sink(Detection{.rule = rule_index_, .selection = "sequence", .events = std::move(refs),
                   .group = group_text(key, logic_.group_by)});
  }

  struct Partial {
    double start = 0;
    size_t step = 0;      // index into steps_ of the step awaited
    uint32_t runs = 0;    // matches of the awaited step so far, for runs=N
    std::vector<EventRef> refs;
  };
  uint32_t rule_index_;
  const RuleLogic& logic_;
  std::vector<std::vector<uint32_t>> keys_;
  StatefulLimits limits_;
  std::vector<uint32_t> steps_;
  std::map<std::string, std::vector<Partial>> partials_;
};

// The first event of each value (combination) of the group_by fields.
class NewTermsEngine final : public StatefulEngine {
 public:
  NewTermsEngine(uint32_t rule_index, const CompiledRule& rule, FieldNames& names, StatefulLimits limits)
      : rule_index_(rule_index), logic_(rule.rule().logic), keys_(key_fields(logic_, names)), limits_(limits) {}

  void on_match(uint32_t selection, double, const EventView& view, const DetectionSink& sink) override {
    std::string key = group_key(view, keys_[selection]);
    if (seen_.size() >= limits_.max_groups || !seen_.insert(key).second) return;
    Detection d{.rule = rule_index_, .selection = "new_terms", .events = {EventRef::of(view.event())}};
    d.group = group_text(key, logic_.group_by);
    sink(d);
  }
  void finish(const DetectionSink&) override {}

 private:
  uint32_t rule_index_;
  const RuleLogic& logic_;
  std::vector<std::vector<uint32_t>> keys_;
  StatefulLimits limits_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

std::unique_ptr<StatefulEngine> make_stateful_engine(uint32_t rule_index, const CompiledRule& rule, FieldNames& names,
                                                     StatefulLimits limits) {
  switch (rule.rule().logic.shape) {
    case LogicShape::filter: return nullptr;
    case LogicShape::sequence: return std::make_unique<SequenceEngine>(rule_index, rule, names, limits);
    case LogicShape::new_terms: return std::make_unique<NewTermsEngine>(rule_index, rule, names, limits);
    default: return std::make_unique<CountEngine>(rule_index, rule, names, limits);
  }
}

}  // namespace ruledex::eval
