#include <gtest/gtest.h>

#include "readers/rule_reader.h"

namespace ruledex {
namespace {

std::string metadata(const Rule& rule, std::string_view key) {
  for (const auto& [k, v] : rule.metadata)
    if (k == key) return v;
  return "<absent>";
}

// Detection spec v2 (security_content before 2020): the search under
// detect.splunk.correlation_rule, ATT&CK under mappings.
TEST(SplunkYamlReader, ReadsTheSpecV2Layout) {
  constexpr std::string_view kText = R"(name: Detect Mimikatz Via PowerShell
id: 7cd0f2e2-0000-4c4e-a5b5-11a1f0a8ff63
version: '1'
spec_version: 2
creation_date: '2019-02-14'
description: Finds Mimikatz run through PowerShell.
how_to_implement: Ingest process events.
known_false_positives: None.
security_domain: endpoint
data_metadata:
  data_models:
  - Endpoint
  data_source:
  - Sysmon
  providing_technologies:
  - Microsoft Windows
detect:
  splunk:
    correlation_rule:
      search: '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=powershell.exe
        by Processes.dest | `drop_dm_object_name(Processes)`'
      schedule:
        cron_schedule: 0 * * * *
        earliest_time: -70m@m
        latest_time: -10m@m
mappings:
  kill_chain_phases:
  - Installation
  mitre_attack:
  - T1059.001
)";
  ReadResult read = read_rule_file("detections/detect_mimikatz.yml", kText);
  EXPECT_EQ(read.format, "splunk-yaml");
  ASSERT_EQ(read.rules.size(), 1u);
  const Rule& rule = read.rules[0];
  EXPECT_EQ(rule.name, "Detect Mimikatz Via PowerShell");
  EXPECT_EQ(rule.language, "spl");
  EXPECT_TRUE(rule.diagnostics.empty());
  EXPECT_TRUE(rule.query.starts_with("| tstats count from datamodel=Endpoint.Processes"));
  EXPECT_EQ(rule.query_line, 20u);
  ASSERT_EQ(rule.techniques.size(), 1u);
  EXPECT_EQ(rule.techniques[0].id, "T1059.001");
  EXPECT_EQ(rule.data_sources, std::vector<std::string>{"Sysmon"});
  EXPECT_EQ(metadata(rule, "schedule.cron_schedule"), "0 * * * *");
  EXPECT_EQ(metadata(rule, "schedule.earliest_time"), "-70m@m");
  EXPECT_EQ(metadata(rule, "kill_chain_phases"), "Installation");
  EXPECT_EQ(metadata(rule, "spec_version"), "2");
}

// ESCU's `___ssa` detections are SPL2 (Splunk's streaming pipelines): said
// so, never parsed as SPL.
TEST(SplunkYamlReader, Spl2SearchesAreAnotherLanguage) {
  constexpr std::string_view kText = R"(name: Attempted Credential Dump - SSA
id: 14038953-e5f2-4daf-acff-5452062baf03
type: SSA
description: x
how_to_implement: x
search: '
| from read_ssa_enriched_events()
| eval process_name=lower(ucast(map_get(input_event, "process_name"), "string", null))
| where process_name="reg.exe"
| into write_ssa_detected_events();
'
tags:
  mitre_attack_id:
  - T1003
)";
  ReadResult read = read_rule_file("detections/endpoint/x___ssa.yml", kText);
  ASSERT_EQ(read.rules.size(), 1u);
  const Rule& rule = read.rules[0];
  EXPECT_EQ(rule.language, "spl2");
  ASSERT_EQ(rule.diagnostics.size(), 1u);
  EXPECT_EQ(rule.diagnostics[0].severity, Severity::note);
  EXPECT_NE(rule.diagnostics[0].message.find("SPL2"), std::string::npos);
  // SPL's own `| from datamodel:...` stays SPL.
  ReadResult spl = read_rule_file("d.yml", "name: a\nhow_to_implement: x\nsearch: '| from datamodel:Endpoint.Processes'\n");
  ASSERT_EQ(spl.rules.size(), 1u);
  EXPECT_EQ(spl.rules[0].language, "spl");
}

}  // namespace
}  // namespace ruledex
