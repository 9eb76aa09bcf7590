// Defender advanced hunting: Markdown pages with fenced KQL, and bare KQL files.
#include <gtest/gtest.h>

#include "readers/rule_reader.h"

namespace ruledex {
namespace {

constexpr std::string_view kPage = R"(
# When email was ZAPed.

This query finds
ZAPed mail.

Second paragraph.

## Query

```kusto
EmailUrlInfo
| where Url matches regex "x"
```
## Category

| Technique, tactic, or state | Covered? (v=yes) | Notes |
|------------------------|----------|-------|
| Initial access | v |  |
| Execution |  |  |
| Command and control | X |  |
| Vulnerability | V |  |

## Contributor info

**Contributor:** Pawel Partyka
)";

TEST(MarkdownReader, ReadsTitleDescriptionCategoryAndQuery) {
  ReadResult result = read_rule_file("Initial access/WhenZAPed.md", kPage);
  ASSERT_TRUE(result.recognised);
  EXPECT_EQ(result.format, "kql-markdown");
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  EXPECT_EQ(rule.name, "When email was ZAPed.");
  EXPECT_EQ(rule.id, "WhenZAPed");
  EXPECT_EQ(rule.description, "This query finds ZAPed mail.\nSecond paragraph.");
  EXPECT_EQ(rule.platform, "defender");
  EXPECT_EQ(rule.language, "kql");
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Initial Access", "Command and Control"}));
  ASSERT_FALSE(rule.metadata.empty());
  EXPECT_EQ(rule.metadata[0], (std::pair<std::string, std::string>{"category", "Vulnerability"}));
  EXPECT_EQ(rule.query, "EmailUrlInfo\n| where Url matches regex \"x\"");
  EXPECT_EQ(rule.query_line, 12u);
  EXPECT_EQ(rule.query_indent, 0u);
  EXPECT_EQ(rule.query_count, 1u);
  EXPECT_EQ(rule.raw, kPage);
}

TEST(MarkdownReader, EveryFenceKindAndSeveralBlocks) {
  std::string page =
      "# Title\n\n```Kusto\nA | take 1\n```\n\n```KQL\nB | count\n\nC | count\n```\n\n```\nD\n| where x == 1\n```\n\n"
      "```powershell\nGet-Process | where Name -eq x\n```\n\n```\nsome output, not a query\n```\n";
  ReadResult result = read_rule_file("q.md", page);
  ASSERT_EQ(result.rules.size(), 4u);
  EXPECT_EQ(result.rules[0].query, "A | take 1");
  EXPECT_EQ(result.rules[0].query_line, 4u);
  EXPECT_EQ(result.rules[1].query, "B | count");
  EXPECT_EQ(result.rules[2].query, "C | count");
  EXPECT_EQ(result.rules[2].query_line, 10u);
  EXPECT_EQ(result.rules[3].query, "D\n| where x == 1");
  for (uint32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(result.rules[i].query_index, i);
    EXPECT_EQ(result.rules[i].query_count, 4u);
    EXPECT_EQ(result.rules[i].name, "Title (query " + std::to_string(i + 1) + ")");
    EXPECT_EQ(result.rules[i].id, "q#" + std::to_string(i + 1));
    EXPECT_EQ(result.rules[i].raw, result.rules[i].query);
  }
}

TEST(MarkdownReader, UntaggedFenceUnderQueryHeadingIsKql) {
  ReadResult result = read_rule_file("q.md", "# T\n\n## Query\n```\nDeviceInfo\n```\n");
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].query, "DeviceInfo");
}

TEST(MarkdownReader, FenceTaggedWithAnotherLanguageIsKqlByContent) {
  for (std::string_view tag : {"C#", "sql", "text"}) {
    std::string page = "# T\n\n```" + std::string(tag) + "\nDeviceProcessEvents\n| where FileName == 'x'\n```\n";
    ReadResult result = read_rule_file("q.md", page);
    ASSERT_EQ(result.rules.size(), 1u) << tag;
    EXPECT_EQ(result.rules[0].query, "DeviceProcessEvents\n| where FileName == 'x'");
    ASSERT_EQ(result.diagnostics.size(), 1u) << tag;
    EXPECT_EQ(result.diagnostics[0].severity, Severity::warning);
    EXPECT_EQ(result.diagnostics[0].message, "code block tagged '" + std::string(tag) + "' holds KQL: read as KQL");
    EXPECT_EQ(result.diagnostics[0].line, 3u);
  }
  // A block in another language that is not KQL is not read.
  EXPECT_TRUE(read_rule_file("q.md", "# T\n\n```sql\nSELECT * FROM t\n```\n").rules.empty());
}

TEST(MarkdownReader, UnfencedQueryUnderQueryHeading) {
  ReadResult result = read_rule_file(
      "q.md", "# T\n\n## Query\n\nThis finds x.\n\nDeviceEvents\n| where ActionType == 'x'\n\n## Notes\n\nNone\n");
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].query, "DeviceEvents\n| where ActionType == 'x'");
  EXPECT_EQ(result.rules[0].query_line, 7u);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message, "query section without a code fence: its text read as KQL");
  // A fence in the section is what is read.
  EXPECT_EQ(read_rule_file("q.md", "# T\n## Query\nSee:\n```kusto\nA | take 1\n```\n").rules.size(), 1u);
}

TEST(MarkdownReader, FileWithoutExtension) {
  ReadResult result = read_rule_file("queries/Find zapped mail", kPage);
  ASSERT_TRUE(result.recognised);
  EXPECT_EQ(result.format, "kql-markdown");
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].query, "EmailUrlInfo\n| where Url matches regex \"x\"");
}

TEST(MarkdownReader, UnclosedFenceRunsToTheEnd) {
  ReadResult result = read_rule_file("q.md", "# T\n```kusto\nA\n| take 1\n");
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].query, "A\n| take 1");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::warning);
  EXPECT_EQ(result.diagnostics[0].line, 2u);
}

TEST(MarkdownReader, MarkdownWithoutKqlIsNoRule) {
  ReadResult result = read_rule_file("README.md", "# Read me\n\nSome `kusto` words.\n\n```bash\nmake\n```\n");
  EXPECT_FALSE(result.recognised);
  EXPECT_TRUE(result.rules.empty());
  EXPECT_EQ(result.format, "markdown");
}

TEST(KqlTextReader, SplitsQueriesAndNamesThem) {
  std::string text = "// Count events\nDeviceEvents | count\n\n// Recent logons\nlet since = 1d;\n\nDeviceLogonEvents\n"
                     "| where Timestamp > ago(since)\n\n| take 10\n";
  ReadResult result = read_rule_file("Webcasts/Episode 1.txt", text);
  ASSERT_TRUE(result.recognised);
  EXPECT_EQ(result.format, "kql-text");
  ASSERT_EQ(result.rules.size(), 2u);
  EXPECT_EQ(result.rules[0].name, "Episode 1 (query 1)");
  EXPECT_EQ(result.rules[0].id, "Episode 1#1");
  EXPECT_EQ(result.rules[0].description, "Count events");
  EXPECT_EQ(result.rules[0].query_line, 1u);
  EXPECT_EQ(result.rules[1].name, "Episode 1 (query 2)");
  EXPECT_EQ(result.rules[1].description, "Recent logons");
  EXPECT_EQ(result.rules[1].query_line, 4u);
  EXPECT_EQ(result.rules[1].query,
            "// Recent logons\nlet since = 1d;\n\nDeviceLogonEvents\n| where Timestamp > ago(since)\n\n| take 10");
  EXPECT_EQ(result.rules[1].kind, "hunting");
  EXPECT_EQ(result.rules[1].platform, "defender");
}

TEST(KqlTextReader, SingleQueryKeepsTheWholeFileAsRaw) {
  std::string text = "\n// c\nT | take 1\n\n";
  ReadResult result = read_rule_file("q.kql", text);
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].name, "q");
  EXPECT_EQ(result.rules[0].raw, text);
  EXPECT_EQ(result.rules[0].query, "// c\nT | take 1");
  EXPECT_EQ(result.rules[0].query_line, 2u);
}

TEST(KqlTextReader, CommentOnlyFileWarns) {
  ReadResult result = read_rule_file("q.csl", "// nothing\n// here\n");
  EXPECT_TRUE(result.recognised);
  EXPECT_TRUE(result.rules.empty());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::warning);
}

TEST(SentinelParserReader, FunctionBodyIsOneQuery) {
  std::string text = "// Parser for X\n// Usage: save as function\n\nlet a = 1;\n\nSyslog\n| where x == a\n\nSyslog | take 1\n";
  ReadResult result = read_rule_file("Parsers/X/XParser", text);
  ASSERT_TRUE(result.recognised);
  EXPECT_EQ(result.format, "sentinel-parser");
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].platform, "sentinel");
  EXPECT_EQ(result.rules[0].kind, "parser");
  EXPECT_EQ(result.rules[0].query, text);
  EXPECT_EQ(result.rules[0].query_line, 1u);
  EXPECT_EQ(result.rules[0].description, "Parser for X Usage: save as function");
}

}  // namespace
}  // namespace ruledex
