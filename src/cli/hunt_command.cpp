// `ruledex hunt PATH... --events FILE...`: every rule of the given files and
// folders (any platform) over event files. Detections as JSON Lines (stdout
// or --output), a summary (rules fired, per level, per technique) on stderr,
// an ATT&CK Navigator layer of what fired (--layer). Streaming: events are
// read, evaluated and released; memory stays bounded whatever the input.
//
// Exit codes: 0 it ran (whether or not rules fired); 2 usage or input errors.

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "base/json_text.h"
#include "base/terminal_text.h"
#include "catalog/attack_layer.h"
#include "cli/commands.h"
#include "cli/rule_run.h"

namespace ruledex::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kRan = 0;
constexpr int kInputError = 2;
constexpr size_t kKeyFields = 12;

struct HuntOptions {
  std::vector<std::string> rules;
  std::vector<std::string> events;
  std::string output;
  std::string layer;
  std::string logsource;
  bool no_prefilter = false;
  bool unknown = false;
  bool quiet = false;
};

// Detections as JSON Lines, written directly: what a rule contributes to each
// of its lines is made once.
class DetectionWriter {
 public:
  explicit DetectionWriter(const eval::RuleSet& set) : set_(set), rules_(set.size()) {}

  // One line: time, the rule, selection, truth, events, group, reason, and the
  // event's values of the fields the rule reads (its key fields).
  const std::string& line(const eval::Detection& d, const events::Event* current) {
    const RulePart& rule = part(d.rule);
    line_.assign("{\"time\":");
    append_json_string(line_, d.events.empty() ? std::string_view() : d.events.back().time);
    line_ += rule.json;
    line_ += ",\"selection\":";
    append_json_string(line_, d.selection);
    line_ += ",\"truth\":";
    append_json_string(line_, eval::to_string(d.truth));
    line_ += ",\"events\":[";
    for (const eval::EventRef& e : d.events) {
      line_ += &e == d.events.data() ? "{\"file\":" : ",{\"file\":";
      append_json_string(line_, e.file);
      fmt::format_to(std::back_inserter(line_), ",\"record\":{},\"line\":{},\"time\":", e.record, e.line);
      append_json_string(line_, e.time);
      line_ += '}';
    }
    line_ += ']';
    if (!d.group.empty()) append_member("group", d.group);
    if (!d.reason.empty()) append_member("reason", d.reason);
    if (current && d.events.size() == 1) append_key_fields(rule, *current);
    line_ += "}\n";
    return line_;
  }

 private:
  struct RulePart {
    bool made = false;
    std::string json;                     // ,"rule_id":...,"techniques":[...]
    std::vector<std::string> key_fields;  // the fields of its predicates, each once, in order
  };

  const RulePart& part(uint32_t index) {
    RulePart& part = rules_[index];
    if (part.made) return part;
    const Rule& rule = set_.rule(index);
    Json techniques = Json::array();
    for (const Technique& t : rule.techniques) techniques.push_back(t.id);
    const Json fixed{{"rule_id", rule.id},   {"rule", rule.name},     {"platform", rule.platform},
                     {"file", rule.file},    {"level", rule.severity}, {"techniques", std::move(techniques)}};
    const std::string dumped = fixed.dump(-1, ' ', false, Json::error_handler_t::replace);
    part.json = "," + dumped.substr(1, dumped.size() - 2);
    std::set<std::string_view> seen;
    for (const Predicate& p : rule.predicates)
      if (!p.field.empty() && seen.insert(p.field).second) part.key_fields.push_back(p.field);
    part.made = true;
    return part;
  }

  void append_member(std::string_view key, std::string_view value) {
    line_ += ',';
    append_json_string(line_, key);
    line_ += ':';
    append_json_string(line_, value);
  }

  // At most kKeyFields of them, each value cut at 1 KiB.
  void append_key_fields(const RulePart& rule, const events::Event& event) {
    line_ += ",\"fields\":{";
    size_t written = 0;
    events::Event::Field field;
    for (const std::string& name : rule.key_fields) {
      if (written == kKeyFields) break;
      if (!event.find(name, field)) continue;
      if (written++) line_ += ',';
      append_json_string(line_, name);
      line_ += ':';
      append_json_string(line_, field.value.substr(0, 1024));
    }
    line_ += '}';
  }

  const eval::RuleSet& set_;
  std::vector<RulePart> rules_;
  std::string line_;
};

struct Summary {
  std::map<uint32_t, uint64_t> fired;  // rule -> detections
  uint64_t detections = 0, unknown = 0;
};

void print_summary(const eval::RuleSet& set, const Summary& summary, const RunTotals& totals, std::ostream& out) {
  std::map<std::string, uint64_t> levels, techniques;
  for (const auto& [rule, count] : summary.fired) {
    const Rule& r = set.rule(rule);
    levels[r.severity.empty() ? "(none)" : r.severity] += 1;
    for (const Technique& t : r.techniques) techniques[t.id] += 1;
  }
  out << fmt::format("{} events in {:.1f} s ({:.0f} events/s), {} rules, {} fired, {} detections", totals.events,
                     totals.seconds, totals.seconds > 0 ? static_cast<double>(totals.events) / totals.seconds : 0,
                     set.size(), summary.fired.size(), summary.detections);
  if (summary.unknown) out << fmt::format(", {} undecided", summary.unknown);
  if (totals.problems) out << fmt::format(", {} event read problems", totals.problems);
  out << "\n";
  if (!levels.empty()) {
    out << "rules fired per level:";
    for (const auto& [level, count] : levels) out << " " << terminal_safe(level) << " " << count << ";";
    out << "\n";
  }
  std::vector<std::pair<uint64_t, uint32_t>> top;
  for (const auto& [rule, count] : summary.fired) top.emplace_back(count, rule);
  std::sort(top.rbegin(), top.rend());
  for (size_t i = 0; i < top.size() && i < 20; ++i) {
    const Rule& r = set.rule(top[i].second);
    out << fmt::format("  {:>8}  {:<8}  ", top[i].first, r.severity) << terminal_safe(r.name.empty() ? r.file : r.name) << "\n";
  }
  if (!techniques.empty()) {
    out << "techniques fired:";
    for (const auto& [id, count] : techniques) out << " " << terminal_safe(id) << " (" << count << ")";
    out << "\n";
  }
}

int run_hunt(const HuntOptions& o) {
  try {
    eval::RuleSetOptions options = rule_set_options(o.logsource, o.no_prefilter);
    std::vector<Rule> rules = load_rules_or_fail(o.rules);
    std::vector<std::filesystem::path> files = event_files(o.events);

    std::ofstream file;
    if (!o.output.empty()) {
      file.open(o.output, std::ios::binary | std::ios::trunc);
      if (!file) throw std::runtime_error(o.output + ": cannot be written");
    }
    std::ostream& detections = o.output.empty() ? std::cout : file;
    eval::RuleSet set(rules, options);
    Summary summary;
    DetectionWriter writer(set);
    RunTotals totals = run_events(
        set, files,
        [&](const eval::Detection& d, const events::Event* current) {
          if (d.truth == eval::Truth::unknown) {
            ++summary.unknown;
            if (!o.unknown) return;
          } else {
            ++summary.detections;
            ++summary.fired[d.rule];
          }
          detections << writer.line(d, current);
        },
        !o.quiet);
    if (!o.layer.empty()) {
      std::vector<const Rule*> fired;
      for (const auto& [rule, count] : summary.fired) fired.push_back(&set.rule(rule));
      std::ofstream layer(o.layer, std::ios::binary | std::ios::trunc);
      layer << attack_layer_json(fired, nullptr,
                                 {"ruledex hunt", "Techniques of the rules that fired, scored by the number of rules (" +
                                                      std::to_string(fired.size()) + " rules fired).",
                                  "ruledex hunt"})
                   .dump(2)
            << "\n";
      if (!layer) throw std::runtime_error(o.layer + ": cannot be written");
    }
    if (!o.quiet) print_summary(set, summary, totals, o.output.empty() ? std::cerr : std::cout);
    return kRan;
  } catch (const std::exception& e) {
    std::cerr << "ruledex hunt: " << terminal_safe(e.what()) << "\n";
    return kInputError;
  }
}

}  // namespace

void add_hunt_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<HuntOptions>();
  CLI::App* hunt = app.add_subcommand("hunt", "Run a whole rule set over event files: detections as JSON Lines");
  hunt->add_option("PATH", options->rules, "Rule files or folders (any platform)")->required();
  hunt->add_option("--events", options->events, "Event files or folders: EVTX, JSON, JSON Lines, gzip of those")->required();
  hunt->add_option("-o,--output", options->output, "Write detections here (JSON Lines) instead of stdout");
  hunt->add_option("--layer", options->layer, "Write an ATT&CK Navigator layer of the techniques that fired");
  hunt->add_option("--logsource", options->logsource,
                   "The events' log source for Sigma rules, as product:X,category:Y,service:Z (else Windows routing)");
  hunt->add_flag("--unknown", options->unknown, "Also write events a rule could not decide (truth \"unknown\")");
  hunt->add_flag("--no-prefilter", options->no_prefilter, "Evaluate every rule of an event's log source (slower)");
  hunt->add_flag("-q,--quiet", options->quiet, "No progress line and no summary");
  hunt->callback([options, &exit_code] { exit_code = run_hunt(*options); });
}

}  // namespace ruledex::cli
