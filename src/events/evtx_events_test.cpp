#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "events/event_test_support.h"

namespace ruledex::events {
namespace {

namespace fs = std::filesystem;
using testing::CopiedEvent;

fs::path regression_dir() { return fs::path(RULEDEX_SHARED_DIR) / "events/sigma-regression/regression_data"; }

// Each recording: its .evtx and the .json rendering beside it.
std::vector<fs::path> recordings() {
  std::vector<fs::path> found;
  if (!fs::is_directory(regression_dir())) return found;
  for (const auto& entry : fs::recursive_directory_iterator(regression_dir()))
    if (entry.path().extension() == ".evtx") found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  return found;
}

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The EVTX record identifier of a file's first record (chunk header). It is
// what problems name: the event's EventRecordID is in its XML, which a bad
// chunk does not give. (In these exported recordings the identifiers start
// at 1 while EventRecordID keeps the original log's number.)
uint64_t first_record_identifier(const std::string& bytes) {
  uint64_t id = 0;
  std::memcpy(&id, bytes.data() + 4096 + 24, sizeof id);
  return id;
}

#define SKIP_WITHOUT_RECORDINGS(list)                                                           \
  if ((list).empty()) GTEST_SKIP() << "no EVTX recordings under " << regression_dir().string() \
                                   << " (set RULEDEX_SHARED_DIR)"

// What the JSON rendering cannot carry: SystemTime to 100 ns (".0722135Z";
// the JSON has microseconds); values compare as text without the blanks around them.
std::string comparable(const std::string& name, std::string value) {
  const size_t begin = value.find_first_not_of(" \t\r\n");
  value = begin == std::string::npos ? "" : value.substr(begin, value.find_last_not_of(" \t\r\n") - begin + 1);
  if (name == "TimeCreated_SystemTime" && value.size() == 28 && value.back() == 'Z') value = value.substr(0, 26) + "Z";
  return value;
}

std::multimap<std::string, std::string> field_map(const CopiedEvent& event) {
  std::multimap<std::string, std::string> fields;
  for (const auto& [name, value, type] : event.fields) fields.emplace(name, comparable(name, value));
  return fields;
}

TEST(EvtxEvents, RecordCountsMatchTheJsonRenderings) {
  const auto paths = recordings();
  SKIP_WITHOUT_RECORDINGS(paths);
  size_t records = 0;
  for (const fs::path& evtx : paths) {
    auto from_evtx = testing::read_file(evtx);
    auto from_json = testing::read_file(fs::path(evtx).replace_extension(".json"));
    EXPECT_TRUE(from_evtx.ok) << evtx;
    EXPECT_TRUE(from_evtx.problems.empty()) << evtx << ": " << from_evtx.problems[0].message;
    EXPECT_TRUE(from_json.problems.empty()) << evtx << ": " << from_json.problems[0].message;
    EXPECT_EQ(from_evtx.events.size(), from_json.events.size()) << evtx;
    for (const CopiedEvent& event : from_evtx.events) {
      EXPECT_NE(event.record, 0u) << evtx;
      EXPECT_FALSE(event.time.empty()) << evtx;
    }
    records += from_evtx.events.size();
  }
  std::cout << paths.size() << " recordings, " << records << " records\n";
}

// The EVTX reading and the JSON reading of one recording give the same fields
// with the same values, event by event (matched by record id).
TEST(EvtxEvents, EvtxAndJsonGiveTheSameFields) {
  const auto paths = recordings();
  SKIP_WITHOUT_RECORDINGS(paths);
  size_t compared = 0;
  for (const fs::path& evtx : paths) {
    auto from_evtx = testing::read_file(evtx);
    auto from_json = testing::read_file(fs::path(evtx).replace_extension(".json"));
    std::map<uint64_t, const CopiedEvent*> json_by_record;
    for (const CopiedEvent& event : from_json.events) json_by_record[event.record] = &event;
    for (const CopiedEvent& event : from_evtx.events) {
      auto json = json_by_record.find(event.record);
      ASSERT_NE(json, json_by_record.end()) << evtx << " record " << event.record;
      EXPECT_EQ(field_map(event), field_map(*json->second)) << evtx << " record " << event.record << "\nEVTX:\n"
                                                            << event.text() << "JSON:\n" << json->second->text();
      ++compared;
    }
  }
  std::cout << compared << " events compared\n";
}

TEST(EvtxEvents, TruncatedFileIsReportedWithItsRecords) {
  const auto paths = recordings();
  SKIP_WITHOUT_RECORDINGS(paths);
  const std::string bytes = read_whole(paths[0]);
  const auto whole = testing::read_bytes(bytes);
  ASSERT_FALSE(whole.events.empty());
  const auto read = testing::read_bytes(std::string_view(bytes).substr(0, bytes.size() - 1000));
  EXPECT_TRUE(read.ok);
  EXPECT_TRUE(read.events.empty());
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].file, "test");
  EXPECT_EQ(read.problems[0].record, first_record_identifier(bytes));
  EXPECT_NE(read.problems[0].message.find("truncated"), std::string::npos) << read.problems[0].message;
  // Within the file header: nothing to read at all.
  const auto header_only = testing::read_bytes(std::string_view(bytes).substr(0, 100));
  EXPECT_FALSE(header_only.ok);
  EXPECT_EQ(header_only.problems.size(), 1u);
}

TEST(EvtxEvents, CorruptedChunkIsReportedAndTheNextOneRead) {
  const auto paths = recordings();
  SKIP_WITHOUT_RECORDINGS(paths);
  const std::string first = read_whole(paths[0]);
  const std::string second = read_whole(paths[1]);
  ASSERT_GE(first.size(), 4096u + 65536u);
  // Two chunks: the first's records damaged, the second intact.
  std::string bytes = first.substr(0, 4096 + 65536) + second.substr(4096, 65536);
  bytes[4096 + 700] ^= 0x5A;
  const auto read = testing::read_bytes(bytes);
  const auto intact = testing::read_bytes(second);
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_NE(read.problems[0].message.find("corrupted chunk"), std::string::npos) << read.problems[0].message;
  EXPECT_EQ(read.problems[0].record, first_record_identifier(first));
  ASSERT_EQ(read.events.size(), intact.events.size());
  EXPECT_EQ(read.events[0].text(), intact.events[0].text());
  // Without the checksum check the damaged chunk goes to libevtx, which must not crash.
  EventReaderOptions unchecked;
  unchecked.evtx_verify_checksums = false;
  testing::read_bytes(bytes, unchecked);
}

}  // namespace
}  // namespace ruledex::events
