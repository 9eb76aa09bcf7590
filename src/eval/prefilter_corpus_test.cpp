// The literal prefilter changes nothing but speed: every Sigma rule of the
// shared corpus over the shared regression recordings (JSON and EVTX), and
// over near misses of them (each recording with one field left out, where a
// rule's literal may be missing while the rest matches), gives the same
// detections with the prefilter on and off. Skips without the shared data.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <tuple>

#include "analysis/analyzer.h"
#include "base/parallel.h"
#include "eval/rule_set.h"
#include "events/event_reader.h"

namespace ruledex::eval {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = RULEDEX_SHARED_DIR;

std::vector<Rule> sigma_corpus() {
  std::vector<fs::path> files = collect_files({kShared / "corpus/sigma"});
  std::vector<FileAnalysis> analyses(files.size());
  parallel_for(files.size(), [&](size_t i) { analyses[i] = analyze_file(files[i]); });
  std::vector<Rule> rules;
  for (FileAnalysis& analysis : analyses)
    for (Rule& rule : analysis.rules)
      if (rule.language == "sigma") rules.push_back(std::move(rule));
  return rules;
}

std::vector<events::Event> recordings() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(kShared / "events/sigma-regression"))
    if (entry.path().extension() == ".json" || entry.path().extension() == ".evtx") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<events::Event> out;
  for (const fs::path& file : files)
    events::read_events(
        file,
        [&](const events::Event& e) {
          out.push_back(e);
          return true;
        },
        [](const events::EventProblem&) {});
  return out;
}

// `event` without its field `skip`.
events::Event without(const events::Event& event, size_t skip) {
  events::Event out;
  out.file = event.file;
  out.record = event.record;
  out.line = event.line;
  out.time = event.time;
  for (size_t i = 0; i < event.size(); ++i)
    if (i != skip) out.add(event.field(i).name, event.field(i).value, event.field(i).type);
  return out;
}

using Fired = std::tuple<uint32_t, std::string, Truth>;  // rule, group, truth

// Per event (and once more for the end of the stream), the detections, sorted.
std::vector<std::vector<Fired>> hunt(const std::vector<Rule>& rules, const std::vector<events::Event>& events, bool prefilter) {
  RuleSetOptions options;
  options.prefilter = prefilter;
  RuleSet set(rules, options);
  std::vector<std::vector<Fired>> out;
  auto sink = [&](const Detection& d) { out.back().emplace_back(d.rule, d.group, d.truth); };
  for (const events::Event& e : events) {
    out.emplace_back();
    set.add(e, sink);
    std::sort(out.back().begin(), out.back().end());
  }
  out.emplace_back();
  set.finish(sink);
  std::sort(out.back().begin(), out.back().end());
  return out;
}

TEST(PrefilterCorpus, SameDetectionsOnAndOffOverTheRegressionRecordings) {
  if (!fs::is_directory(kShared / "corpus/sigma") || !fs::is_directory(kShared / "events/sigma-regression"))
    GTEST_SKIP() << "shared corpus or recordings not found under " << kShared;
  const std::vector<Rule> rules = sigma_corpus();
  std::vector<events::Event> events = recordings();
  ASSERT_GT(rules.size(), 1000u);
  ASSERT_GT(events.size(), 100u);
  const size_t recorded = events.size();
  for (size_t e = 0; e < recorded; ++e)
    for (size_t f = 0; f < events[e].size(); ++f) events.push_back(without(events[e], f));

  const auto on = hunt(rules, events, true), off = hunt(rules, events, false);
  ASSERT_EQ(on.size(), off.size());
  size_t detections = 0, differing = 0;
  for (size_t i = 0; i < on.size(); ++i) {
    detections += on[i].size();
    if (on[i] == off[i]) continue;
    if (++differing <= 5) {
      auto names = [&](const std::vector<Fired>& fired) {
        std::string text;
        for (const auto& [rule, group, truth] : fired) text += rules[rule].file + " (" + std::string(to_string(truth)) + ") ";
        return text;
      };
      ADD_FAILURE() << "event " << i << (i < events.size() ? " of " + events[i].file : " (end)") << ": on " << names(on[i])
                    << "; off " << names(off[i]);
    }
  }
  EXPECT_EQ(differing, 0u);
  // The recordings were made to fire their rules: a prefilter that let nothing through would agree trivially.
  EXPECT_GT(detections, recorded);
  std::cout << rules.size() << " Sigma rules, " << events.size() << " events (" << recorded << " recorded), " << detections
            << " detections, identical with the prefilter on and off\n";
}

}  // namespace
}  // namespace ruledex::eval
