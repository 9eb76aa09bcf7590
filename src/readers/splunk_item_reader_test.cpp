#include <gtest/gtest.h>

#include "readers/rule_reader.h"

namespace ruledex {
namespace {

std::string metadata(const RepositoryItem& item, std::string_view key) {
  for (const auto& [k, v] : item.metadata)
    if (k == key) return v;
  return "<absent>";
}

TEST(SplunkItemReader, ReadsAStory) {
  ReadResult read = read_rule_file("stories/aws_takeover.yml", R"(name: AWS Account Takeover
id: 4210b690-f3f1-4a04-8a5e-1e4c5b6f3fa0
version: 1
description: Monitor AWS for account takeover.
narrative: Attackers take over accounts.
references:
  - https://example.org/a
tags:
  category:
  - Cloud Security
  usecase: Advanced Threat Detection
)");
  EXPECT_EQ(read.format, "splunk-story");
  EXPECT_TRUE(read.rules.empty());
  ASSERT_EQ(read.items.size(), 1u);
  const RepositoryItem& story = read.items[0];
  EXPECT_EQ(story.kind, "story");
  EXPECT_EQ(story.name, "AWS Account Takeover");
  EXPECT_EQ(story.id, "4210b690-f3f1-4a04-8a5e-1e4c5b6f3fa0");
  EXPECT_EQ(story.description, "Monitor AWS for account takeover.");
  EXPECT_EQ(story.platform, "splunk");
  EXPECT_EQ(story.file, "stories/aws_takeover.yml");
  EXPECT_EQ(metadata(story, "narrative"), "Attackers take over accounts.");
  EXPECT_EQ(metadata(story, "references"), "https://example.org/a");
  EXPECT_EQ(metadata(story, "tags.category"), "Cloud Security");
  EXPECT_EQ(metadata(story, "tags.usecase"), "Advanced Threat Detection");
}

TEST(SplunkItemReader, ReadsAMacroWithArgumentsAndALookup) {
  ReadResult macro = read_rule_file("macros/m.yml", "arguments:\n  - field\ndefinition: 'convert ctime($field$)'\n"
                                                    "description: epoch to text\nname: security_content_ctime\n");
  ASSERT_EQ(macro.items.size(), 1u);
  EXPECT_EQ(macro.items[0].kind, "macro");
  EXPECT_EQ(macro.items[0].name, "security_content_ctime(1)");  // as Splunk keys it and searches call it
  EXPECT_EQ(metadata(macro.items[0], "definition"), "convert ctime($field$)");
  EXPECT_EQ(metadata(macro.items[0], "arguments"), "field");

  ReadResult lookup = read_rule_file("lookups/l.yml", "description: Domains.\nfilename: ioc_domains.csv\n"
                                                      "name: ioc_domains\nmatch_type: WILDCARD(domain)\n");
  ASSERT_EQ(lookup.items.size(), 1u);
  EXPECT_EQ(lookup.items[0].kind, "lookup");
  EXPECT_EQ(metadata(lookup.items[0], "filename"), "ioc_domains.csv");
  EXPECT_EQ(metadata(lookup.items[0], "match_type"), "WILDCARD(domain)");
  EXPECT_EQ(lookup.items[0].aliases, std::vector<std::string>{"ioc_domains.csv"});  // searches may name the file
}

TEST(SplunkItemReader, BrokenYamlIsAFileErrorWithItsPosition) {
  ReadResult read = read_rule_file("stories/bad.yml", "name: Story\nnarrative: [unclosed\n");
  EXPECT_TRUE(read.items.empty());
  ASSERT_EQ(read.diagnostics.size(), 1u);
  EXPECT_EQ(read.diagnostics[0].severity, Severity::error);
  EXPECT_NE(read.diagnostics[0].message.find("invalid YAML"), std::string::npos);
  EXPECT_GE(read.diagnostics[0].line, 2u);
}

TEST(SplunkItemReader, DetectionsNameTheirStoriesOnce) {
  ReadResult read = read_rule_file("detections/d.yml", R"(name: Detection
id: 1
type: TTP
search: '| tstats count from datamodel=Endpoint.Processes by Processes.process_name'
how_to_implement: x
known_false_positives: none
tags:
  analytic_story:
  - Story A
  - Story B
  - Story A
)");
  ASSERT_EQ(read.rules.size(), 1u);
  EXPECT_EQ(read.rules[0].items, (std::vector<ItemRef>{{"story", "Story A"}, {"story", "Story B"}}));
}

}  // namespace
}  // namespace ruledex
