// libFuzzer: the evaluator (src/eval) on a rule and the events of the input.
// The first byte chooses the rule: even, rule (byte / 2) of a fixed set, the
// rest of the input being an event file (read_event_bytes: JSON, JSON Lines,
// the Windows rendering); odd, the rule text itself (a Sigma file through
// analyze_text) up to the first NUL, the events after it. The fixed set: the
// hand-written rules of fuzz/seeds/evaluator-rules and, when fuzz/run.sh
// finds the shared corpus, a sample of its Sigma rules (EVALUATOR_FUZZ_RULES:
// folders separated by ':').
//
// Checks: the detections, per event and at the end of the stream, are the
// same with the prefilter on, off and in explain mode (which also describes
// every miss); each names the rule and says why when undecided; heap and time
// stay bounded (resource_guard.h).

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "analysis/analyzer.h"
#include "eval/rule_set.h"
#include "events/event_reader.h"
#include "model_checks.h"
#include "resource_guard.h"

namespace ruledex::fuzz {
namespace {

namespace fs = std::filesystem;

// Every rule with a logic from the rule files below `folders` (':'-separated), sorted by file.
std::vector<Rule> load_rules(const std::string& folders) {
  std::vector<fs::path> roots;
  for (size_t at = 0; at <= folders.size();) {
    size_t end = std::min(folders.find(':', at), folders.size());
    if (end > at) roots.emplace_back(folders.substr(at, end - at));
    at = end + 1;
  }
  std::vector<Rule> rules;
  for (const fs::path& file : collect_files(roots))
    for (Rule& rule : analyze_file(file).rules)
      if (!rule.logic.selections.empty()) rules.push_back(std::move(rule));
  return rules;
}

const std::vector<Rule>& fixed_rules() {
  static const std::vector<Rule> rules = [] {
    const char* chosen = std::getenv("EVALUATOR_FUZZ_RULES");
    return load_rules(chosen ? chosen : RULEDEX_SOURCE_DIR "/fuzz/seeds/evaluator-rules");
  }();
  return rules;
}

using Fired = std::tuple<uint32_t, std::string, eval::Truth>;  // rule, group, truth

// Per event and once for the end of the stream, the detections (sorted).
std::vector<std::vector<Fired>> evaluate(std::span<const Rule> rules, std::string_view events, bool prefilter, bool explain) {
  eval::RuleSetOptions options;
  options.prefilter = prefilter;
  options.explain = explain;
  eval::RuleSet set(rules, options);
  std::vector<std::vector<Fired>> out(1);
  auto sink = [&](const eval::Detection& d) {
    check(d.rule < rules.size());
    check(d.truth != eval::Truth::unknown || !d.reason.empty());
    out.back().emplace_back(d.rule, d.group, d.truth);
  };
  events::read_event_bytes(
      events, "fuzz-input",
      [&](const events::Event& event) {
        set.add(event, sink);
        std::sort(out.back().begin(), out.back().end());
        out.emplace_back();
        return true;
      },
      [](const events::EventProblem&) {});
  set.finish(sink);
  std::sort(out.back().begin(), out.back().end());
  return out;
}

void check_agreement(std::span<const Rule> rules, std::string_view events) {
  if (rules.empty()) return;
  const auto with = evaluate(rules, events, true, false);
  check(with == evaluate(rules, events, false, false));
  check(with == evaluate(rules, events, true, true));
}

}  // namespace
}  // namespace ruledex::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ruledex;
  fuzz::ResourceGuard guard(size);
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (mode % 2 == 0) {
    const std::vector<Rule>& rules = fuzz::fixed_rules();
    if (!rules.empty()) fuzz::check_agreement({&rules[(mode / 2) % rules.size()], 1}, rest);
    return 0;
  }
  const size_t nul = std::min(rest.find('\0'), rest.size());
  FileAnalysis analysis = analyze_text("rules/fuzz.yml", rest.substr(0, nul));
  fuzz::check_agreement(analysis.rules, nul < rest.size() ? rest.substr(nul + 1) : std::string_view());
  return 0;
}
