// Evaluator throughput (issue 12): rules of the shared corpus, analysed once
// outside the timed loop, over the events eval_events.h makes from the shared
// regression recordings (1,000,000 JSON Lines, written on first use to
// RULEDEX_BENCH_EVENTS, default BUILD/bench-out/eval_events.jsonl). Single
// thread, so events/s is per core.
//
// - BM_Evaluate: events parsed beforehand (the first kPreparsed of the file),
//   evaluation alone; BM_ReadEvaluate: the whole file read and evaluated;
//   BM_Read: reading alone, for the difference;
// - rule sets: every Sigma rule, every tenth of them, every rule of the corpus
//   (all platforms; those without logic meet no event), and the Sigma rules
//   with the prefilter off (every routed rule evaluated; a tenth of the events);
// - BM_EvtxReadEvaluate: the recordings' EVTX files, repeated, read and evaluated.
// Counters: events/s, detections (and undecided), per event the rules routed to
// it and the rules evaluated (those the prefilter let through).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bench_support.h"
#include "cli/rule_loading.h"
#include "eval/rule_set.h"
#include "eval_events.h"
#include "events/event_reader.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

constexpr size_t kPreparsed = 100000;
constexpr size_t kEvtxCopies = 10;

fs::path shared_dir() {
  const char* shared = std::getenv("RULEDEX_SHARED_DIR");
  return shared ? shared : RULEDEX_SHARED_DIR;
}

struct Rules {
  std::vector<Rule> rules;
  size_t with_logic = 0;
  std::string error;
};

Rules make_rules(std::vector<Rule> rules) {
  Rules out;
  out.rules = std::move(rules);
  for (const Rule& rule : out.rules) out.with_logic += rule.logic.selections.empty() ? 0 : 1;
  if (out.rules.empty()) out.error = "no rules in the shared corpus at " + (shared_dir() / "corpus").string();
  return out;
}

enum class Which { sigma, sigma_tenth, all };

const Rules& sigma_rules() {
  static const Rules rules = [] {
    std::vector<Rule> sigma;
    if (fs::is_directory(shared_dir() / "corpus/sigma"))
      for (Rule& rule : cli::load_rules({shared_dir() / "corpus/sigma"}).rules)
        if (rule.language == "sigma") sigma.push_back(std::move(rule));
    return make_rules(std::move(sigma));
  }();
  return rules;
}

const Rules& rules(Which which) {
  if (which == Which::sigma) return sigma_rules();
  if (which == Which::sigma_tenth) {
    static const Rules tenth = [] {
      std::vector<Rule> out;
      for (size_t i = 0; i < sigma_rules().rules.size(); i += 10) out.push_back(sigma_rules().rules[i]);
      return make_rules(std::move(out));
    }();
    return tenth;
  }
  static const Rules all = [] {
    std::vector<Rule> out;
    if (fs::is_directory(shared_dir() / "corpus")) out = cli::load_rules({shared_dir() / "corpus"}).rules;
    return make_rules(std::move(out));
  }();
  return all;
}

struct EventFile {
  fs::path path;
  int64_t bytes = 0;
  std::string error;
};

const EventFile& event_file() {
  static const EventFile file = [] {
    EventFile out;
    const char* chosen = std::getenv("RULEDEX_BENCH_EVENTS");
    const fs::path path = chosen ? fs::path(chosen) : fs::path(RULEDEX_BENCH_OUT) / "eval_events.jsonl";
    out.path = bench::ensure_varied_events(path, shared_dir(), {}, out.error);
    if (!out.path.empty()) out.bytes = static_cast<int64_t>(fs::file_size(out.path));
    return out;
  }();
  return file;
}

const std::vector<events::Event>& preparsed() {
  static const std::vector<events::Event> events = [] {
    std::vector<events::Event> out;
    if (event_file().path.empty()) return out;
    out.reserve(kPreparsed);
    events::read_events(
        event_file().path,
        [&](const events::Event& event) {
          out.push_back(event);
          return out.size() < kPreparsed;
        },
        [](const events::EventProblem&) {});
    return out;
  }();
  return events;
}

struct Evtx {
  std::string bytes;
  std::string error;
};

const Evtx& evtx() {
  static const Evtx loaded = [] {
    Evtx out;
    out.bytes = bench::repeated_evtx(shared_dir(), kEvtxCopies, out.error);
    return out;
  }();
  return loaded;
}

// One pass of events through a fresh rule set; the set is built and its figures read outside the timing.
class Pass {
 public:
  Pass(benchmark::State& state, const Rules& rules, bool prefilter) : state_(state), rules_(rules) {
    options_.prefilter = prefilter;
  }

  template <typename Feed>
  void run(Feed&& feed) {
    for (auto _ : state_) {
      state_.PauseTiming();
      auto set = std::make_unique<eval::RuleSet>(rules_.rules, options_);
      detections_ = undecided_ = 0;
      state_.ResumeTiming();
      events_ = feed([&](const events::Event& event) { set->add(event, sink()); });
      set->finish(sink());
      state_.PauseTiming();
      routed_ = evaluated_ = 0;
      for (uint32_t i = 0; i < set->size(); ++i) {
        eval::RuleStats s = set->stats(i);
        routed_ += s.routed;
        evaluated_ += s.evaluated;
      }
      set.reset();
      state_.ResumeTiming();
    }
  }

  void report(int64_t bytes) const {
    bench::report_throughput(state_, events_, bytes, "events");
    const double events = static_cast<double>(std::max<size_t>(events_, 1));
    state_.counters["rules"] = static_cast<double>(rules_.rules.size());
    state_.counters["with_logic"] = static_cast<double>(rules_.with_logic);
    state_.counters["detections"] = static_cast<double>(detections_);
    state_.counters["undecided"] = static_cast<double>(undecided_);
    state_.counters["routed/event"] = static_cast<double>(routed_) / events;
    state_.counters["evaluated/event"] = static_cast<double>(evaluated_) / events;
  }

 private:
  eval::DetectionSink sink() {
    return [this](const eval::Detection& d) { ++(d.truth == eval::Truth::yes ? detections_ : undecided_); };
  }

  benchmark::State& state_;
  const Rules& rules_;
  eval::RuleSetOptions options_;
  size_t events_ = 0;
  uint64_t detections_ = 0, undecided_ = 0, routed_ = 0, evaluated_ = 0;
};

bool ready(benchmark::State& state, const Rules& rules, const std::string& events_error) {
  return bench::corpus_ready(state, rules.error) && bench::corpus_ready(state, events_error);
}

// Reads `bytes` (or the file `path` when bytes is empty), each event to `add`: the events read.
template <typename Add>
size_t read_into(const fs::path& path, std::string_view bytes, Add&& add) {
  size_t events = 0;
  auto on_event = [&](const events::Event& event) {
    ++events;
    add(event);
    return true;
  };
  auto on_problem = [](const events::EventProblem&) {};
  if (bytes.empty()) events::read_events(path, on_event, on_problem);
  else events::read_event_bytes(bytes, "bench.evtx", on_event, on_problem);
  return events;
}

void BM_Evaluate(benchmark::State& state, Which which, bool prefilter) {
  const Rules& set = rules(which);
  if (!ready(state, set, event_file().error)) return;
  // Without the prefilter every routed rule (about 1,000 per event) is evaluated: a tenth of the events is enough.
  const std::span<const events::Event> events(preparsed().data(), prefilter ? preparsed().size() : preparsed().size() / 10);
  Pass pass(state, set, prefilter);
  pass.run([&](auto&& add) {
    for (const events::Event& event : events) add(event);
    return events.size();
  });
  pass.report(0);  // events in memory: no bytes read
}

void BM_ReadEvaluate(benchmark::State& state, Which which) {
  const Rules& set = rules(which);
  if (!ready(state, set, event_file().error)) return;
  Pass pass(state, set, true);
  pass.run([&](auto&& add) { return read_into(event_file().path, {}, add); });
  pass.report(event_file().bytes);
}

void BM_Read(benchmark::State& state) {
  if (!bench::corpus_ready(state, event_file().error)) return;
  size_t events = 0, fields = 0;
  for (auto _ : state) events = read_into(event_file().path, {}, [&](const events::Event& event) { fields += event.size(); });
  benchmark::DoNotOptimize(fields);
  bench::report_throughput(state, events, event_file().bytes, "events");
}

void BM_EvtxReadEvaluate(benchmark::State& state, Which which) {
  const Rules& set = rules(which);
  if (!ready(state, set, evtx().error)) return;
  Pass pass(state, set, true);
  pass.run([&](auto&& add) { return read_into({}, evtx().bytes, add); });
  pass.report(static_cast<int64_t>(evtx().bytes.size()));
}

BENCHMARK_CAPTURE(BM_Evaluate, sigma, Which::sigma, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Evaluate, sigma_no_prefilter, Which::sigma, false)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(BM_Evaluate, sigma_tenth, Which::sigma_tenth, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Evaluate, all_rules, Which::all, true)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Read)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(BM_ReadEvaluate, sigma, Which::sigma)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(BM_ReadEvaluate, sigma_tenth, Which::sigma_tenth)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(BM_ReadEvaluate, all_rules, Which::all)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(BM_EvtxReadEvaluate, sigma, Which::sigma)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ruledex

BENCHMARK_MAIN();
