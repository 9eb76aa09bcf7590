// `ruledex test RULE... --events FILE...`: per rule, whether it fired on the
// events, how many it matched and which, and why not when it did not.
// `--expect info.yml` (SigmaHQ regression_data) says what must happen;
// `--regression DIR --rules PATH...` runs every info.yml below DIR, each on its
// EVTX recording and on the JSON rendering beside it.
//
// Exit codes: 0 every expectation held (or none was given); 1 one failed;
// 2 usage or input errors.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "base/terminal_text.h"
#include "cli/commands.h"
#include "cli/rule_loading.h"
#include "cli/rule_run.h"
#include "readers/regression_info.h"
#include "render/document.h"

namespace ruledex::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kPassed = 0;
constexpr int kFailed = 1;
constexpr int kInputError = 2;
constexpr size_t kListedEvents = 10;

struct TestOptions {
  std::vector<std::string> rules;
  std::vector<std::string> events;
  std::string expect;
  std::string regression;
  std::string format = "text";
  std::string logsource;
  bool no_prefilter = false;
};

// One rule over one set of event files.
struct RuleResult {
  const Rule* rule = nullptr;
  std::string events_label;  // what the events were ("x.evtx")
  uint64_t matched = 0;
  uint64_t unknown = 0;
  std::string unknown_reason;
  std::vector<eval::EventRef> examples;
  std::string why_not;       // the most common reason, when it did not fire
  std::string unreachable;
  uint64_t routed = 0;
  // An expectation, when there is one.
  bool expected = false;
  std::optional<uint64_t> match_count;
  std::string failure;       // empty: passed
};

std::string event_text(const eval::EventRef& e) {
  std::string out = e.file;
  if (e.record) out += " record " + std::to_string(e.record);
  else if (e.line) out += ":" + std::to_string(e.line);
  if (!e.time.empty()) out += " at " + e.time;
  return out;
}

std::vector<RuleResult> run_rules(const std::vector<Rule>& rules, const std::vector<std::filesystem::path>& files,
                                  const eval::RuleSetOptions& options, const std::string& label) {
  eval::RuleSet set(rules, options);
  std::vector<RuleResult> results(rules.size());
  run_events(set, files,
             [&](const eval::Detection& d, const events::Event*) {
               RuleResult& r = results[d.rule];
               if (d.truth != eval::Truth::yes) return;
               ++r.matched;
               for (const eval::EventRef& e : d.events)
                 if (r.examples.size() < kListedEvents) r.examples.push_back(e);
             },
             false);
  for (uint32_t i = 0; i < rules.size(); ++i) {
    RuleResult& r = results[i];
    eval::RuleStats stats = set.stats(i);
    r.rule = &rules[i];
    r.events_label = label;
    r.unknown = stats.unknown;
    r.unknown_reason = stats.unknown_reason;
    r.routed = stats.routed;
    r.unreachable = set.unreachable(i);
    if (!stats.why_not.empty()) r.why_not = stats.why_not.front().first;
  }
  return results;
}

void check(RuleResult& r) {
  if (!r.expected) return;
  if (r.matched == 0) {
    r.failure = "did not fire";
    if (!r.unreachable.empty()) r.failure += ": " + r.unreachable;
    else if (r.routed == 0) r.failure += ": no event of its log source";
    else if (r.unknown > 0) r.failure += ": " + std::to_string(r.unknown) + " events undecided (" + r.unknown_reason + ")";
    else if (!r.why_not.empty()) r.failure += ": " + r.why_not;
  } else if (r.match_count && *r.match_count != r.matched) {
    r.failure = "matched " + std::to_string(r.matched) + " events, expected " + std::to_string(*r.match_count);
  }
}

std::string rule_label(const Rule& rule) {
  std::string name = rule.name.empty() ? rule.file : rule.name;
  return rule.id.empty() ? name : name + " (" + rule.id + ")";
}

void print_text(const std::vector<RuleResult>& results) {
  size_t failed = 0, fired = 0;
  for (const RuleResult& r : results) {
    std::string verdict = r.matched ? "fired" : "did not fire";
    if (r.expected) verdict = r.failure.empty() ? "PASS " + verdict : "FAIL " + r.failure;
    std::cout << terminal_safe(rule_label(*r.rule)) << " on " << terminal_safe(r.events_label) << ": " << terminal_safe(verdict);
    if (r.matched) std::cout << ", " << r.matched << (r.matched == 1 ? " event" : " events");
    std::cout << "\n";
    for (const eval::EventRef& e : r.examples) std::cout << "  " << terminal_safe(event_text(e)) << "\n";
    if (!r.matched && r.expected == false) {
      if (!r.unreachable.empty()) std::cout << "  meets no event: " << terminal_safe(r.unreachable) << "\n";
      else if (!r.why_not.empty()) std::cout << "  why not: " << terminal_safe(r.why_not) << "\n";
    }
    if (r.unknown) std::cout << "  undecided on " << r.unknown << " events: " << terminal_safe(r.unknown_reason) << "\n";
    fired += r.matched > 0;
    failed += !r.failure.empty();
  }
  std::cout << results.size() << " runs, " << fired << " fired";
  if (std::any_of(results.begin(), results.end(), [](const RuleResult& r) { return r.expected; }))
    std::cout << ", " << failed << " failed";
  std::cout << "\n";
}

Json event_json(const eval::EventRef& e) {
  return Json{{"file", e.file}, {"record", e.record}, {"line", e.line}, {"time", e.time}};
}

void print_json(const std::vector<RuleResult>& results) {
  Json out = Json::array();
  for (const RuleResult& r : results) {
    Json events = Json::array();
    for (const eval::EventRef& e : r.examples) events.push_back(event_json(e));
    Json entry{{"rule_id", r.rule->id},     {"rule", r.rule->name},          {"file", r.rule->file},
               {"events", r.events_label},  {"fired", r.matched > 0},         {"matched", r.matched},
               {"examples", events},        {"unknown", r.unknown},           {"unknown_reason", r.unknown_reason},
               {"why_not", r.why_not},      {"unreachable", r.unreachable}};
    if (r.expected) {
      entry["expected_match_count"] = r.match_count ? Json(*r.match_count) : Json(nullptr);
      entry["passed"] = r.failure.empty();
      entry["failure"] = r.failure;
    }
    out.push_back(std::move(entry));
  }
  std::cout << out.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

void print_junit(const std::vector<RuleResult>& results) {
  size_t failures = 0;
  for (const RuleResult& r : results) failures += !r.failure.empty() || (!r.expected && r.matched == 0);
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
      << "  <testsuite name=\"ruledex test\" tests=\"" << results.size() << "\" failures=\"" << failures << "\">\n";
  for (const RuleResult& r : results) {
    out << "    <testcase classname=\"" << render::escape_html(r.rule->id.empty() ? r.rule->file : r.rule->id)
        << "\" name=\"" << render::escape_html(r.rule->name + " on " + r.events_label) << "\">";
    std::string failure = r.expected ? r.failure : (r.matched ? "" : "did not fire" + (r.why_not.empty() ? "" : ": " + r.why_not));
    if (!failure.empty()) out << "<failure message=\"" << render::escape_html(failure) << "\"/>";
    out << "</testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  std::cout << out.str();
}

int print(const std::vector<RuleResult>& results, const std::string& format) {
  if (format == "json") print_json(results);
  else if (format == "junit") print_junit(results);
  else print_text(results);
  bool failed = std::any_of(results.begin(), results.end(), [](const RuleResult& r) { return !r.failure.empty(); });
  return failed ? kFailed : kPassed;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const Rule* find_rule(const std::vector<Rule>& rules, const std::string& id) {
  for (const Rule& rule : rules)
    if (rule.id == id) return &rule;
  return nullptr;
}

// The regression tests below `folder`, each rule on each recording and its JSON rendering.
std::vector<RuleResult> run_regression(const std::filesystem::path& folder, const std::vector<Rule>& rules,
                                       const eval::RuleSetOptions& options) {
  std::vector<RuleResult> results;
  for (const std::filesystem::path& file : collect_files({folder})) {
    if (file.filename() != "info.yml") continue;
    RegressionTest test = read_regression_info(file, read_text(file));
    for (const std::string& id : test.rule_ids) {
      const Rule* rule = find_rule(rules, id);
      for (const RegressionRecording& recording : test.recordings) {
        std::filesystem::path json = recording.path;
        json.replace_extension(".json");
        for (const std::filesystem::path& events : {recording.path, json}) {
          if (!rule) {
            static const Rule missing;
            RuleResult r{.rule = &missing, .events_label = events.string(), .expected = true, .failure = "rule " + id + " is not among the rules"};
            results.push_back(std::move(r));
            continue;
          }
          std::vector<Rule> one = {*rule};
          RuleResult r = run_rules(one, {events}, options, events.string()).front();
          r.rule = rule;
          r.expected = true;
          r.match_count = recording.match_count;
          check(r);
          results.push_back(std::move(r));
        }
      }
    }
  }
  return results;
}

int run_test(const TestOptions& o) {
  try {
    eval::RuleSetOptions options;
    options.prefilter = !o.no_prefilter;
    options.explain = true;
    if (!o.logsource.empty()) {
      std::string error;
      options.declared_source = parse_log_source(o.logsource, error);
      if (!options.declared_source) throw std::runtime_error(error);
    }
    LoadedRules loaded = load_rules({o.rules.begin(), o.rules.end()});
    for (const std::string& problem : loaded.problems) std::cerr << terminal_safe(problem) << "\n";
    if (loaded.rules.empty()) throw std::runtime_error("no rules found in the given paths");
    if (!o.regression.empty()) return print(run_regression(o.regression, loaded.rules, options), o.format);
    if (o.events.empty()) throw std::runtime_error("--events or --regression is required");
    std::vector<std::filesystem::path> files = event_files(o.events);
    std::string label = o.events.size() == 1 ? o.events.front() : std::to_string(files.size()) + " event files";
    std::vector<RuleResult> results = run_rules(loaded.rules, files, options, label);
    if (!o.expect.empty()) {
      RegressionTest test = read_regression_info(o.expect, read_text(o.expect));
      for (RuleResult& r : results) {
        if (std::find(test.rule_ids.begin(), test.rule_ids.end(), r.rule->id) == test.rule_ids.end()) continue;
        r.expected = true;
        for (const RegressionRecording& recording : test.recordings)
          if (recording.match_count) r.match_count = *recording.match_count;
        check(r);
      }
    }
    return print(results, o.format);
  } catch (const std::exception& e) {
    std::cerr << "ruledex test: " << terminal_safe(e.what()) << "\n";
    return kInputError;
  }
}

}  // namespace

void add_test_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* test = app.add_subcommand("test", "Run rules on event recordings: did each fire, on which events, why not");
  test->add_option("RULE", options->rules, "Rule files or folders")->required();
  test->add_option("--events", options->events, "Event files or folders: EVTX, JSON, JSON Lines, gzip of those");
  test->add_option("--expect", options->expect, "A SigmaHQ regression info.yml: the rule must fire (match_count times)");
  test->add_option("--regression", options->regression,
                   "Run every info.yml below this folder on its recordings (EVTX and JSON)");
  test->add_option("--format", options->format, "text (default), json or junit")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  test->add_option("--logsource", options->logsource,
                   "The events' log source for Sigma rules, as product:X,category:Y,service:Z (else Windows routing)");
  test->add_flag("--no-prefilter", options->no_prefilter, "Evaluate every rule of an event's log source (slower)");
  test->callback([options, &exit_code] { exit_code = run_test(*options); });
}

}  // namespace ruledex::cli
