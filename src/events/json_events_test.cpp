#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "events/event_test_support.h"

namespace ruledex::events {
namespace {

using testing::read_bytes;

std::string gzip(std::string_view text) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

TEST(JsonEvents, NestedObjectsArraysNumbersBooleansAndNull) {
  auto read = read_bytes(R"({"process": {"name": "a.exe", "parent": {"name": "b.exe", "pid": 12}},
  "tags": ["x", "y"], "ok": true, "bad": false, "gone": null, "n": 1.50, "big": 18446744073709551616,
  "dns.question": "kept.as.written", "hits": [{"ip": "1.1.1.1"}, {"ip": "2.2.2.2", "port": 53}],
  "@timestamp": "2024-01-02T03:04:05Z"})");
  ASSERT_TRUE(read.ok);
  ASSERT_EQ(read.events.size(), 1u);
  EXPECT_TRUE(read.problems.empty());
  const auto& event = read.events[0];
  EXPECT_EQ(event.text(),
            "process.name=a.exe\nprocess.parent.name=b.exe\nprocess.parent.pid=12\ntags=x\ntags=y\nok=true\nbad=false\n"
            "gone=\nn=1.50\nbig=18446744073709551616\ndns.question=kept.as.written\nhits.ip=1.1.1.1\nhits.ip=2.2.2.2\n"
            "hits.port=53\n@timestamp=2024-01-02T03:04:05Z\n");
  EXPECT_EQ(std::get<2>(event.fields[2]), ValueType::number);
  EXPECT_EQ(std::get<2>(event.fields[5]), ValueType::boolean);
  EXPECT_EQ(std::get<2>(event.fields[7]), ValueType::null);
  EXPECT_EQ(std::get<2>(event.fields[3]), ValueType::string);
  EXPECT_EQ(event.time, "2024-01-02T03:04:05Z");
  EXPECT_EQ(event.line, 1u);
}

TEST(JsonEvents, TimeFromTheFirstKnownField) {
  auto read = read_bytes(R"({"metadata": {"event_timestamp": "late"}, "timestamp": "early"})");
  ASSERT_EQ(read.events.size(), 1u);
  EXPECT_EQ(read.events[0].time, "early");
  read = read_bytes(R"({"metadata": {"event_timestamp": "udm"}})");
  EXPECT_EQ(read.events[0].time, "udm");
}

TEST(JsonEvents, WindowsRenderingInTheSigmaLayout) {
  auto read = read_bytes(R"({"Event": {"#attributes": {"xmlns": "x"},
    "System": {"Provider": {"#attributes": {"Name": "Microsoft-Windows-Sysmon", "Guid": "5770385F-C22A-43E0-BF4C-06F5698FFBD9"}},
      "EventID": {"#attributes": {"Qualifiers": 16384}, "#text": 7045}, "Level": 4, "Keywords": "0x80",
      "TimeCreated": {"#attributes": {"SystemTime": "2025-10-24T23:41:00.601559Z"}}, "EventRecordID": 23503,
      "Correlation": null, "Execution": {"#attributes": {"ProcessID": 3308, "ThreadID": 4008}},
      "Channel": "System", "Computer": "dc", "Security": {"#attributes": {"UserID": "S-1-5-18"}}},
    "EventData": {"ServiceName": "evil", "ProcessGuid": "5AA13A44-0C90-68FC-BF1D-000000004002", "Empty": null,
      "Data": ["one", "two"]}}})");
  ASSERT_EQ(read.events.size(), 1u) << (read.problems.empty() ? "" : read.problems[0].message);
  const auto& event = read.events[0];
  EXPECT_EQ(event.text(),
            "Provider_Name=Microsoft-Windows-Sysmon\nProvider_Guid={5770385F-C22A-43E0-BF4C-06F5698FFBD9}\n"
            "EventID_Qualifiers=16384\nEventID=7045\nLevel=4\nKeywords=0x80\n"
            "TimeCreated_SystemTime=2025-10-24T23:41:00.601559Z\nEventRecordID=23503\nExecution_ProcessID=3308\n"
            "Execution_ThreadID=4008\nChannel=System\nComputer=dc\nSecurity_UserID=S-1-5-18\nServiceName=evil\n"
            "ProcessGuid={5AA13A44-0C90-68FC-BF1D-000000004002}\nEmpty=\nData=one\nData=two\n");
  EXPECT_EQ(event.record, 23503u);
  EXPECT_EQ(event.time, "2025-10-24T23:41:00.601559Z");
}

TEST(JsonEvents, WindowsUserDataChildrenByName) {
  auto read = read_bytes(R"({"Event": {"System": {"EventID": 5858},
    "UserData": {"Operation_ClientFailure": {"#attributes": {"xmlns": "w"}, "Id": "{0}", "ClientProcessId": 25920,
      "Nested": {"Inner": "v"}}}}})");
  ASSERT_EQ(read.events.size(), 1u);
  EXPECT_EQ(read.events[0].text(), "EventID=5858\nId={0}\nClientProcessId=25920\nNested.Inner=v\n");
}

TEST(JsonEvents, WindowsNamedDataElements) {
  auto read = read_bytes(R"({"Event": {"EventData": {"Data": [{"#attributes": {"Name": "A"}, "#text": "1"},
    {"#attributes": {"Name": "B"}}, "unnamed"]}}})");
  ASSERT_EQ(read.events.size(), 1u);
  EXPECT_EQ(read.events[0].text(), "A=1\nB=\nData=unnamed\n");
}

TEST(JsonEvents, JsonLinesGoOnAfterAnInvalidLine) {
  auto read = read_bytes("{\"a\": 1}\n{\"a\": 2}\n{\"a\": \"unterminated}\n{\"a\": 3,}\n{\"a\": {\"b\": 1}\nnot json\n\n{\"a\": 4}\n");
  ASSERT_TRUE(read.ok);
  ASSERT_EQ(read.events.size(), 3u);
  EXPECT_EQ(read.events[0].line, 1u);
  EXPECT_EQ(read.events[1].line, 2u);
  EXPECT_EQ(read.events[2].line, 8u);
  EXPECT_EQ(read.events[2].text(), "a=4\n");
  ASSERT_EQ(read.problems.size(), 4u);
  EXPECT_EQ(read.problems[0].line, 3u);
  EXPECT_EQ(read.problems[1].line, 4u);
  EXPECT_EQ(read.problems[2].line, 5u);
  EXPECT_EQ(read.problems[3].line, 6u);
  EXPECT_EQ(read.problems[0].file, "test");
}

// A JSON Lines line is first parsed whole: one holding more than an event is still split.
TEST(JsonEvents, JsonLinesWithMoreThanOneEventOnALine) {
  auto read = read_bytes("{\"a\": 1}\n{\"a\": 2} {\"a\": 3}\r\n{\"a\": 4} x\n{\"a\": 5}  \n");
  ASSERT_TRUE(read.ok);
  ASSERT_EQ(read.events.size(), 5u);
  EXPECT_EQ(read.events[1].line, 2u);
  EXPECT_EQ(read.events[2].line, 2u);
  EXPECT_EQ(read.events[2].text(), "a=3\n");
  EXPECT_EQ(read.events[3].line, 3u);
  EXPECT_EQ(read.events[4].line, 4u);
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].line, 3u);
}

TEST(JsonEvents, ConcatenatedPrettyObjectsWithTheirLines) {
  auto read = read_bytes("{\n  \"a\": {\n    \"b\": 1\n  }\n}\n{\n  \"a\": \"x\\n}\"\n}\n\n{\n  \"broken\": {\n{\n  \"c\": [1,\n 2]\n}\n");
  ASSERT_EQ(read.events.size(), 3u);
  EXPECT_EQ(read.events[0].line, 1u);
  EXPECT_EQ(read.events[0].text(), "a.b=1\n");
  EXPECT_EQ(read.events[1].line, 6u);
  EXPECT_EQ(read.events[1].text(), "a=x\n}\n");
  EXPECT_EQ(read.events[2].line, 12u);
  EXPECT_EQ(read.events[2].text(), "c=1\nc=2\n");
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].line, 10u);
}

TEST(JsonEvents, TopLevelArray) {
  auto read = read_bytes("[\n  {\"a\": 1},\n  {\"a\": 2}, 7,\n  {\"a\": [3, 4]}\n]\n");
  ASSERT_EQ(read.events.size(), 3u);
  EXPECT_EQ(read.events[1].line, 3u);
  EXPECT_EQ(read.events[2].text(), "a=3\na=4\n");
  ASSERT_EQ(read.problems.size(), 1u);  // the 7
  EXPECT_EQ(read.problems[0].line, 3u);
}

TEST(JsonEvents, GzipOfJsonLines) {
  std::string lines;
  for (int i = 0; i < 50000; ++i) lines += "{\"i\": " + std::to_string(i) + ", \"s\": \"some text to compress\"}\n";
  auto read = read_bytes(gzip(lines) + gzip("{\"last\": true}\n"));
  EXPECT_TRUE(read.problems.empty());
  ASSERT_EQ(read.events.size(), 50001u);
  EXPECT_EQ(read.events[49999].text(), "i=49999\ns=some text to compress\n");
  EXPECT_EQ(read.events[49999].line, 50000u);
  EXPECT_EQ(read.events[50000].text(), "last=true\n");
}

TEST(JsonEvents, TruncatedGzipIsReported) {
  std::string compressed = gzip("{\"a\": 1}\n{\"a\": 2}\n");
  auto read = read_bytes(std::string_view(compressed).substr(0, compressed.size() - 6));
  ASSERT_FALSE(read.problems.empty());
  EXPECT_NE(read.problems.back().message.find("gzip"), std::string::npos) << read.problems.back().message;
}

TEST(JsonEvents, EventOverMaxEventBytesIsSkipped) {
  EventReaderOptions options;
  options.max_event_bytes = 1 << 20;
  const std::string huge = "{\"big\": \"" + std::string(3 << 20, 'x') + "\"}\n";
  auto read = read_bytes("{\"a\": 1}\n" + huge + "{\"a\": 2}\n", options);
  ASSERT_EQ(read.events.size(), 2u);
  EXPECT_EQ(read.events[1].line, 3u);
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].line, 2u);
  EXPECT_NE(read.problems[0].message.find("max_event_bytes"), std::string::npos);
  // Just over the bound, inside one read block.
  options.max_event_bytes = 100;
  read = read_bytes("{\"big\": \"" + std::string(200, 'x') + "\"}\n{\"a\": 2}\n", options);
  ASSERT_EQ(read.events.size(), 1u);
  EXPECT_EQ(read.problems.size(), 1u);
}

TEST(JsonEvents, InvalidUtf8IsReplaced) {
  auto read = read_bytes("{\"a\": \"ok \xC3\xA9 bad \xFF\xC3 end\"}\n");
  ASSERT_EQ(read.events.size(), 1u);
  EXPECT_EQ(read.events[0].text(), "a=ok \xC3\xA9 bad \xEF\xBF\xBD\xEF\xBF\xBD end\n");
}

TEST(JsonEvents, DeepNestingIsReportedNotFollowed) {
  const std::string deep = "{\"a\": " + std::string(200, '[') + std::string(200, ']') + "}\n{\"b\": 1}\n";
  auto read = read_bytes(deep);
  ASSERT_EQ(read.events.size(), 1u);
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].line, 1u);
}

TEST(JsonEvents, StopsWhenAskedTo) {
  int seen = 0;
  read_event_bytes("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}\n", "t", [&](const Event&) { return ++seen < 2; },
                   [](const EventProblem&) {});
  EXPECT_EQ(seen, 2);
}

TEST(JsonEvents, MissingFileCannotBeRead) {
  auto read = testing::read_file("/nonexistent/events.json");
  EXPECT_FALSE(read.ok);
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].file, "/nonexistent/events.json");
}

}  // namespace
}  // namespace ruledex::events
