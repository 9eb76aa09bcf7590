#include "cli/rule_run.h"

#include <unistd.h>

#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "analysis/analyzer.h"
#include "base/terminal_text.h"
#include "events/event_reader.h"

namespace ruledex::cli {
namespace {

class Progress {
 public:
  Progress(bool enabled, uint64_t total_bytes) : enabled_(enabled && isatty(STDERR_FILENO)), total_(total_bytes) {}
  ~Progress() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
  }
  void update(uint64_t events, uint64_t bytes_done, size_t file, size_t files) {
    if (!enabled_ || (events & 0x3FF) != 0) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    double elapsed = std::chrono::duration<double>(now - start_).count();
    double rate = elapsed > 0 ? static_cast<double>(events) / elapsed : 0;
    double left = bytes_done > 0 && total_ > bytes_done ? elapsed * static_cast<double>(total_ - bytes_done) / static_cast<double>(bytes_done) : 0;
    std::cerr << fmt::format("\r\033[K{} events, {:.0f} events/s, file {}/{}, about {:.0f} s left", events, rate, file, files, left)
              << std::flush;
    drawn_ = true;
  }

 private:
  bool enabled_;
  uint64_t total_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_ = start_;
};

}  // namespace

RunTotals run_events(eval::RuleSet& rules, const std::vector<std::filesystem::path>& files, const RunSink& on_detection,
                     bool progress) {
  RunTotals totals;
  std::vector<uint64_t> sizes;
  uint64_t total_bytes = 0;
  for (const auto& file : files) {
    std::error_code error;
    uint64_t size = std::filesystem::file_size(file, error);
    sizes.push_back(error ? 0 : size);
    total_bytes += sizes.back();
  }
  Progress bar(progress, total_bytes);
  auto start = std::chrono::steady_clock::now();
  uint64_t done_bytes = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    auto on_event = [&](const events::Event& event) {
      ++totals.events;
      rules.add(event, [&](const eval::Detection& d) { on_detection(d, &event); });
      bar.update(totals.events, done_bytes, i + 1, files.size());
      return true;
    };
    auto on_problem = [&](const events::EventProblem& problem) {
      ++totals.problems;
      std::string where = problem.file;
      if (problem.record) where += ": record " + std::to_string(problem.record);
      if (problem.line) where += ":" + std::to_string(problem.line);
      std::cerr << terminal_safe(where) << ": " << terminal_safe(problem.message) << "\n";
    };
    events::read_events(files[i], on_event, on_problem);
    done_bytes += sizes[i];
  }
  rules.finish([&](const eval::Detection& d) { on_detection(d, nullptr); });
  totals.bytes = total_bytes;
  totals.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return totals;
}

std::vector<std::filesystem::path> event_files(const std::vector<std::string>& paths) {
  std::vector<std::filesystem::path> out;
  for (const std::string& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      out.emplace_back(path);
      continue;
    }
    for (const std::filesystem::path& file : collect_files({path})) {
      std::filesystem::path name = file.filename();
      if (name.extension() == ".gz") name = name.stem();
      const std::string extension = name.extension().string();
      if (extension == ".evtx" || extension == ".json" || extension == ".jsonl" || extension == ".ndjson") out.push_back(file);
    }
  }
  return out;
}

std::optional<eval::LogSource> parse_log_source(const std::string& text, std::string& error) {
  eval::LogSource source;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t colon = item.find(':');
    std::string key = item.substr(0, colon), value = colon == std::string::npos ? "" : item.substr(colon + 1);
    if (key == "product") source.product = value;
    else if (key == "category") source.category = value;
    else if (key == "service") source.service = value;
    else {
      error = "--logsource takes product:X,category:Y,service:Z, not `" + item + "`";
      return std::nullopt;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return source;
}

}  // namespace ruledex::cli
