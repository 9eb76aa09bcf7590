#pragma once
// The evaluator benchmark's events: made at benchmark time from the shared
// Sigma regression recordings (concatenated SigmaHQ JSON renderings of
// Windows events), never committed. Each generated event copies one recording,
// keeps its {"Event": {"System": ..., "EventData": ...}} layout (so Sigma
// routing applies) and varies what differs between real events: hosts, process
// ids, GUIDs, hashes, record ids and increasing timestamps always; and, for most
// events, users, file names (under the same folders, data files for data files),
// registry keys (an application key of the same hive) and
// command line arguments too, so that they no longer match the recording's rule.
// A few percent keep those, and match as the recording did.

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ruledex::bench {

// The recordings' events, sorted by file; empty with `error` set when the shared data is absent.
std::vector<nlohmann::ordered_json> regression_events(const std::filesystem::path& shared_dir, std::string& error);

struct VariedEventsOptions {
  size_t count = 1000000;
  double matching_share = 0.03;  // events that keep the recording's names, arguments and users
  unsigned seed = 12;            // the same seed writes the same file
};

// Writes `options.count` events made from `templates` as JSON Lines.
void write_varied_events(const std::vector<nlohmann::ordered_json>& templates, const VariedEventsOptions& options,
                         std::ostream& out);

// `path` when it exists, else written there first from the recordings under `shared_dir`.
// Empty with `error` set when neither works.
std::filesystem::path ensure_varied_events(const std::filesystem::path& path, const std::filesystem::path& shared_dir,
                                           const VariedEventsOptions& options, std::string& error);

// Every recording's EVTX file as one: the first file's header, then every file's
// chunks (one or two records each), all of them `copies` times.
std::string repeated_evtx(const std::filesystem::path& shared_dir, size_t copies, std::string& error);

}  // namespace ruledex::bench
