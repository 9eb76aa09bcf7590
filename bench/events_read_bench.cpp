// Event reading throughput over inputs made from the shared Sigma regression
// recordings: JSON Lines (every JSON rendering compacted to one line per
// event, repeated to about 100,000 events) and EVTX (every recording's chunks
// one after another in one file, repeated). Counters give events/s and MB/s.
// EVTX note: these recordings hold one or two records per 64 KiB chunk where
// real logs hold a hundred or more, so the per-chunk work weighs more here.

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "events/event_reader.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

constexpr size_t kTargetEvents = 100000;
constexpr size_t kChunkSize = 65536;
constexpr size_t kFileHeaderSize = 4096;

struct EventInputs {
  std::string json_lines;
  std::string evtx;
  std::string error;
};

std::vector<fs::path> recordings(const fs::path& root) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.path().extension() == ".evtx") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

EventInputs load_inputs() {
  EventInputs inputs;
  const fs::path root = fs::path(RULEDEX_SHARED_DIR) / "events/sigma-regression";
  if (!fs::is_directory(root)) {
    inputs.error = "shared recordings not found at " + root.string() + " (set RULEDEX_SHARED_DIR)";
    return inputs;
  }
  std::string lines, chunks;
  size_t events = 0;
  for (const fs::path& evtx : recordings(root)) {
    std::ifstream json(fs::path(evtx).replace_extension(".json"));
    while (json >> std::ws && json.peek() != EOF) {
      nlohmann::json event;
      json >> event;
      lines += event.dump() + "\n";
      ++events;
    }
    const std::string bytes = read_whole(evtx);
    if (inputs.evtx.empty()) inputs.evtx = bytes.substr(0, kFileHeaderSize);
    for (size_t at = kFileHeaderSize; at + kChunkSize <= bytes.size(); at += kChunkSize) chunks += bytes.substr(at, kChunkSize);
  }
  if (events == 0) {
    inputs.error = "no recordings found";
    return inputs;
  }
  for (size_t copies = (kTargetEvents + events - 1) / events; copies > 0; --copies) {
    inputs.json_lines += lines;
    inputs.evtx += chunks;
  }
  return inputs;
}

const EventInputs& inputs() {
  static const EventInputs loaded = load_inputs();
  return loaded;
}

void read_all(benchmark::State& state, const std::string& bytes) {
  if (!bench::corpus_ready(state, inputs().error)) return;
  size_t events = 0, fields = 0;
  for (auto _ : state) {
    events = 0;
    events::read_event_bytes(
        bytes, "bench",
        [&](const events::Event& event) {
          ++events;
          fields += event.size();
          return true;
        },
        [](const events::EventProblem&) {});
  }
  benchmark::DoNotOptimize(fields);
  bench::report_throughput(state, events, static_cast<int64_t>(bytes.size()), "events");
}

void BM_ReadJsonLines(benchmark::State& state) { read_all(state, inputs().json_lines); }
BENCHMARK(BM_ReadJsonLines)->Unit(benchmark::kMillisecond);

void BM_ReadEvtx(benchmark::State& state) { read_all(state, inputs().evtx); }
BENCHMARK(BM_ReadEvtx)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ruledex

BENCHMARK_MAIN();
