// The readers over the shared corpus: every Sentinel and Defender file yields
// rules, queries sit exactly where the rule says in the file, and each platform
// yields at least as many rules as it did when this test was written.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "base/source_text.h"
#include "readers/rule_reader.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(RULEDEX_SHARED_DIR) / "corpus";

struct CorpusFile {
  fs::path path;
  std::string text;
  ReadResult result;
};

const std::vector<CorpusFile>& corpus() {
  static const std::vector<CorpusFile> files = [] {
    std::vector<CorpusFile> out;
    for (const auto& entry : fs::recursive_directory_iterator(kCorpus)) {
      if (!entry.is_regular_file()) continue;
      CorpusFile file{entry.path(), decode_text(read_file_bytes(entry.path())).text, {}};
      file.result = read_rule_file(file.path.generic_string(), file.text);
      out.push_back(std::move(file));
    }
    return out;
  }();
  return files;
}

#define SKIP_WITHOUT_CORPUS() \
  if (!fs::is_directory(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus << " (RULEDEX_SHARED_DIR)"

bool under(const fs::path& path, std::string_view folder) {
  return path.generic_string().find("/corpus/" + std::string(folder) + "/") != std::string::npos;
}

TEST(CorpusReaders, EverySentinelAndDefenderFileYieldsRules) {
  SKIP_WITHOUT_CORPUS();
  for (const CorpusFile& file : corpus()) {
    if (!under(file.path, "sentinel") && !under(file.path, "sentinel-modern") && !under(file.path, "defender")) continue;
    if (file.path.extension() == ".tsv") continue;  // the folder's manifest
    if (file.text.find_first_not_of(" \t\n") == std::string::npos) continue;  // defender has one empty file
    EXPECT_TRUE(file.result.recognised) << file.path << " read as " << file.result.format;
    EXPECT_FALSE(file.result.rules.empty()) << file.path;
    for (const Rule& rule : file.result.rules) {
      EXPECT_EQ(rule.language, "kql") << file.path;
      EXPECT_FALSE(rule.name.empty()) << file.path;
      EXPECT_FALSE(rule.query.empty()) << file.path << " " << rule.name;
    }
  }
}

// Each query line is the file line at query_line + i with query_indent columns
// removed: the contract that puts parse errors at the right file position.
TEST(CorpusReaders, QueriesSitWhereTheRuleSays) {
  SKIP_WITHOUT_CORPUS();
  size_t checked = 0;
  for (const CorpusFile& file : corpus()) {
    for (const Rule& rule : file.result.rules) {
      if (rule.language != "kql") continue;
      LineIndex file_lines(file.text);
      LineIndex query_lines(rule.query);
      for (uint32_t i = 1; i <= query_lines.line_count(); ++i) {
        uint32_t begin = query_lines.line_start(i);
        uint32_t end = i < query_lines.line_count() ? query_lines.line_start(i + 1) - 1 : rule.query.size();
        std::string_view query_line = std::string_view(rule.query).substr(begin, end - begin);
        uint32_t file_line = rule.query_line + i - 1;
        ASSERT_LE(file_line, file_lines.line_count()) << file.path;
        uint32_t file_begin = file_lines.line_start(file_line);
        std::string_view line = std::string_view(file.text).substr(file_begin, query_line.size() + rule.query_indent);
        if (query_line.empty()) continue;  // blank lines of block scalars may be shorter than the indentation
        EXPECT_EQ(line.substr(std::min<size_t>(rule.query_indent, line.size())), query_line)
            << file.path << " query line " << i;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 900u);
}

TEST(CorpusReaders, RulesPerPlatformFloor) {
  SKIP_WITHOUT_CORPUS();
  std::map<std::string, size_t> rules;
  std::map<std::string, size_t> files_without_rules;
  for (const CorpusFile& file : corpus()) {
    for (const Rule& rule : file.result.rules) ++rules[rule.platform];
    if (!file.result.recognised) ++files_without_rules[file.result.format];
  }
  // Measured when written: sentinel 490, defender 562, sigma 3616, elastic 2106,
  // splunk 1575, chronicle 806.
  EXPECT_GE(rules["sentinel"], 490u);
  EXPECT_GE(rules["defender"], 540u);
  EXPECT_GE(rules["sigma"], 3616u);
  EXPECT_GE(rules["elastic"], 2106u);
  EXPECT_GE(rules["splunk"], 1575u);
  EXPECT_GE(rules["chronicle"], 806u);
  // Support files are recognised as such, not read as rules.
  EXPECT_EQ(files_without_rules["splunk-macro"], 189u);
  EXPECT_EQ(files_without_rules["splunk-lookup"], 79u);
  EXPECT_EQ(files_without_rules["splunk-story"], 261u);
  EXPECT_EQ(files_without_rules["license"], 8u);
}

TEST(CorpusReaders, WebcastFilesHoldManyQueries) {
  SKIP_WITHOUT_CORPUS();
  size_t webcast_files = 0;
  for (const CorpusFile& file : corpus()) {
    if (file.path.generic_string().find("/Webcasts/") == std::string::npos) continue;
    ++webcast_files;
    EXPECT_GE(file.result.rules.size(), 10u) << file.path;
    for (const Rule& rule : file.result.rules) EXPECT_EQ(rule.query_count, file.result.rules.size());
  }
  EXPECT_GE(webcast_files, 9u);
}

}  // namespace
}  // namespace ruledex
