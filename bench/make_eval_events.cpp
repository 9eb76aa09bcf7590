// make_eval_events OUT.jsonl [COUNT]: writes the evaluator benchmark's events
// (eval_events.h; default 1,000,000) from the shared regression recordings.
// make_eval_events --evtx OUT.evtx COPIES: every recording's EVTX chunks, COPIES times, as one file.
// The recordings: RULEDEX_SHARED_DIR, else the shared folder configured at build time.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "eval_events.h"

namespace {

std::filesystem::path shared_dir() {
  const char* shared = std::getenv("RULEDEX_SHARED_DIR");
  return shared ? shared : RULEDEX_SHARED_DIR;
}

int fail(const std::string& error) {
  std::cerr << "make_eval_events: " << error << "\n";
  return 1;
}

int write_evtx(const std::filesystem::path& out, size_t copies) {
  std::string error;
  const std::string bytes = ruledex::bench::repeated_evtx(shared_dir(), copies, error);
  if (bytes.empty()) return fail(error);
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << bytes;
  return file ? 0 : fail(out.string() + ": cannot be written");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage = "usage: make_eval_events OUT.jsonl [COUNT] | --evtx OUT.evtx COPIES\n";
  if (argc == 4 && std::string(argv[1]) == "--evtx") return write_evtx(argv[2], std::stoull(argv[3]));
  if (argc < 2 || argc > 3 || argv[1][0] == '-') {
    std::cerr << usage;
    return 2;
  }
  ruledex::bench::VariedEventsOptions options;
  if (argc == 3) options.count = std::stoull(argv[2]);
  const std::filesystem::path out = argv[1];
  std::filesystem::remove(out);
  std::string error;
  if (ruledex::bench::ensure_varied_events(out, shared_dir(), options, error).empty()) return fail(error);
  return 0;
}
