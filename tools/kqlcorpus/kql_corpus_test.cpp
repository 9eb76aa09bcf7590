#include "kql_corpus.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <unistd.h>

namespace ruledex {
namespace {

// A file of its own per process: several test runs may share the machine.
std::filesystem::path write_temp(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(KqlCorpus, JsonLinesRoundTrip) {
  std::vector<CorpusQuery> queries = {
      {"a/rule one.yaml", 12, 2, "T\n| where Name == \"caf\xC3\xA9\"\n| take 1"},
      {"b.md", 3, 0, "let x = @'c:\\temp';\nx"},
  };
  auto path = write_temp("kqlcorpus_roundtrip.jsonl", to_jsonl(queries));
  auto back = read_jsonl(path);
  std::filesystem::remove(path);
  ASSERT_EQ(back.size(), queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    EXPECT_EQ(back[i].file, queries[i].file);
    EXPECT_EQ(back[i].line, queries[i].line);
    EXPECT_EQ(back[i].indent, queries[i].indent);
    EXPECT_EQ(back[i].text, queries[i].text);
  }
}

TEST(KqlCorpus, RecordsCarryOurParseErrors) {
  std::string out = to_jsonl({{"ok.kql", 1, 0, "T | take 1"}, {"bad.kql", 1, 0, "T\n| where A == "}});
  auto newline = out.find('\n');
  auto ok = nlohmann::json::parse(out.substr(0, newline));
  auto bad = nlohmann::json::parse(out.substr(newline + 1));
  EXPECT_TRUE(ok["errors"].empty());
  ASSERT_FALSE(bad["errors"].empty());
  EXPECT_EQ(bad["errors"][0]["line"], 2);
  EXPECT_FALSE(bad["errors"][0]["message"].get<std::string>().empty());
}

TEST(KqlCorpus, RejectsMalformedLines) {
  auto path = write_temp("kqlcorpus_bad.jsonl", "{\"text\": \"T\"}\nnot json\n");
  EXPECT_THROW(read_jsonl(path), std::runtime_error);
  std::filesystem::remove(path);
}

TEST(KqlCorpus, FindsTheQueryOfTheExampleRule) {
  auto queries = load_kql_queries({std::filesystem::path(RULEDEX_SOURCE_DIR) / "examples" / "sentinel"});
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_NE(queries[0].file.find("aws_getcalleridentity_assumed_role.yaml"), std::string::npos);
  EXPECT_GT(queries[0].line, 1u);
  EXPECT_NE(queries[0].text.find("GetCallerIdentity"), std::string::npos);
}

}  // namespace
}  // namespace ruledex
