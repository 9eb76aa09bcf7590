#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "readers/rule_reader.h"

namespace ruledex {
namespace {

std::string metadata(const Rule& rule, std::string_view key) {
  for (const auto& [k, v] : rule.metadata)
    if (k == key) return v;
  return "<absent>";
}

constexpr std::string_view kSavedSearches = R"(# comment header
[default]

[ESCU - Suspicious 7z - Rule]
description = Finds 7z writing to a share.
action.correlationsearch.enabled = 1
action.correlationsearch.label = ESCU - Suspicious 7z - Rule
action.correlationsearch.annotations = {"analytic_story": ["Ransomware"], "kill_chain_phases": ["Exploitation"], "mitre_attack": ["T1560.001", "Archive Collected Data"]}
action.notable.param.rule_title = Suspicious 7z
action.notable.param.severity = high
action.risk.param._risk_message = archive by $user$
cron_schedule = 0 * * * *
dispatch.earliest_time = -70m@m
dispatch.latest_time = -10m@m
enableSched = 1
disabled = true
search = | tstats count from datamodel=Endpoint.Processes where Processes.process_name="7z.exe" \
by Processes.process | `drop_dm_object_name(Processes)`

[[T1070] Indicator Removal on Host]
search = index=main process_name="wevtutil.exe"\
    | table process_name

[not a search]
cron_schedule = 0 * * * *
)";

TEST(SplunkConfReader, SavedSearchesAreRules) {
  ReadResult read = read_rule_file("app/default/savedsearches.conf", kSavedSearches);
  EXPECT_TRUE(read.recognised);
  EXPECT_EQ(read.format, "splunk-conf");
  EXPECT_TRUE(read.diagnostics.empty());
  ASSERT_EQ(read.rules.size(), 2u);
  const Rule& rule = read.rules[0];
  EXPECT_EQ(rule.name, "ESCU - Suspicious 7z - Rule");
  EXPECT_EQ(rule.platform, "splunk");
  EXPECT_EQ(rule.language, "spl");
  EXPECT_EQ(rule.description, "Finds 7z writing to a share.");
  EXPECT_EQ(rule.severity, "high");
  EXPECT_EQ(rule.status, "disabled");
  EXPECT_EQ(rule.kind, "correlation search");
  EXPECT_EQ(rule.query,
            "| tstats count from datamodel=Endpoint.Processes where Processes.process_name=\"7z.exe\" \n"
            "by Processes.process | `drop_dm_object_name(Processes)`");
  EXPECT_EQ(rule.query_line, 17u);
  EXPECT_EQ(rule.query_indent, 9u);
  EXPECT_EQ(rule.raw_line, 4u);
  EXPECT_TRUE(rule.raw.starts_with("[ESCU - Suspicious 7z - Rule]\n"));
  ASSERT_EQ(rule.techniques.size(), 1u);
  EXPECT_EQ(rule.techniques[0].id, "T1560.001");
  EXPECT_EQ(rule.items, (std::vector<ItemRef>{{"story", "Ransomware"}}));
  EXPECT_EQ(metadata(rule, "cron_schedule"), "0 * * * *");
  EXPECT_EQ(metadata(rule, "dispatch.earliest_time"), "-70m@m");
  EXPECT_EQ(metadata(rule, "dispatch.latest_time"), "-10m@m");
  EXPECT_EQ(metadata(rule, "enableSched"), "1");
  EXPECT_EQ(metadata(rule, "disabled"), "true");
  EXPECT_EQ(metadata(rule, "kill_chain_phases"), "Exploitation");
  EXPECT_EQ(metadata(rule, "action.notable.param.rule_title"), "Suspicious 7z");
  EXPECT_EQ(metadata(rule, "action.risk.param._risk_message"), "archive by $user$");
  EXPECT_EQ(metadata(rule, "action.correlationsearch.label"), "ESCU - Suspicious 7z - Rule");

  const Rule& hunting = read.rules[1];
  EXPECT_EQ(hunting.name, "[T1070] Indicator Removal on Host");
  EXPECT_EQ(hunting.query, "index=main process_name=\"wevtutil.exe\"\n    | table process_name");
  EXPECT_EQ(hunting.status, "enabled");
  EXPECT_EQ(hunting.kind, "saved search");
}

TEST(SplunkConfReader, BadLinesAndBadAnnotationsAreDiagnostics) {
  std::string deep(200, '[');
  ReadResult read = read_rule_file("savedsearches.conf",
                                   "[a]\nthis line is nothing\nsearch = index=x\naction.correlationsearch.annotations = " +
                                       deep + "\n");
  ASSERT_EQ(read.diagnostics.size(), 1u);
  EXPECT_EQ(read.diagnostics[0].line, 2u);
  ASSERT_EQ(read.rules.size(), 1u);
  EXPECT_TRUE(read_rule_file("savedsearches.conf", "[]\nsearch = index=x\n").rules.empty());  // no name: no rule
  ASSERT_EQ(read.rules[0].diagnostics.size(), 1u);
  EXPECT_EQ(read.rules[0].diagnostics[0].severity, Severity::warning);
  EXPECT_EQ(read.rules[0].diagnostics[0].line, 4u);
}

TEST(SplunkConfReader, MacrosAndLookupsAreItems) {
  ReadResult macros = read_rule_file("app/default/macros.conf",
                                     "[default]\n[sysmon]\ndefinition = index=sysmon\ndescription = Sysmon data\n"
                                     "[ctime(1)]\nargs = field\ndefinition = convert ctime($field$)\n");
  EXPECT_EQ(macros.format, "splunk-conf");
  ASSERT_EQ(macros.items.size(), 2u);
  EXPECT_EQ(macros.items[0].kind, "macro");
  EXPECT_EQ(macros.items[0].name, "sysmon");
  EXPECT_EQ(macros.items[0].description, "Sysmon data");
  EXPECT_EQ(macros.items[1].name, "ctime(1)");

  ReadResult transforms = read_rule_file("app/default/transforms.conf",
                                         "[tools]\nfilename = tools.csv\n# description = x\n"
                                         "[baseline]\ncollection = baseline\nexternal_type = kvstore\n"
                                         "[extract_field]\nREGEX = (?<x>\\d+)\n");
  ASSERT_EQ(transforms.items.size(), 2u);
  EXPECT_EQ(transforms.items[0].kind, "lookup");
  EXPECT_EQ(transforms.items[0].aliases, (std::vector<std::string>{"tools.csv"}));
  EXPECT_EQ(transforms.items[1].name, "baseline");

  ReadResult collections = read_rule_file("elsewhere/collections.conf", "[kv_only]\nenforceTypes = false\n");
  ASSERT_EQ(collections.items.size(), 1u);
  EXPECT_EQ(collections.items[0].name, "kv_only");
}

TEST(SplunkConfReader, OtherConfFilesAreNotRules) {
  ReadResult app = read_rule_file("app/default/app.conf", "[launcher]\nversion = 1.0\n");
  EXPECT_FALSE(app.recognised);
  EXPECT_TRUE(app.rules.empty());
}

// An app folder on disk: local/ changes only the keys it sets; a stanza only
// in local/ is a search too; the local file itself gives nothing twice.
TEST(SplunkConfReader, LocalOverridesDefaultKeyByKey) {
  namespace fs = std::filesystem;
  fs::path app = fs::temp_directory_path() / "ruledex_conf_reader_layers";
  fs::remove_all(app);
  fs::create_directories(app / "default");
  fs::create_directories(app / "local");
  std::string default_text = "[r]\nsearch = index=a\ndisabled = 1\ncron_schedule = 0 * * * *\n";
  std::ofstream(app / "default" / "savedsearches.conf") << default_text;
  std::string local_text = "[r]\ndisabled = 0\n[mine]\nsearch = index=b\n";
  std::ofstream(app / "local" / "savedsearches.conf") << local_text;

  ReadResult merged = read_rule_file((app / "default" / "savedsearches.conf").string(), default_text);
  ASSERT_EQ(merged.rules.size(), 2u);
  EXPECT_EQ(merged.rules[0].name, "r");
  EXPECT_EQ(merged.rules[0].status, "enabled");
  EXPECT_EQ(merged.rules[0].query, "index=a");
  EXPECT_EQ(metadata(merged.rules[0], "cron_schedule"), "0 * * * *");
  EXPECT_EQ(merged.rules[1].name, "mine");
  EXPECT_EQ(merged.rules[1].file, (app / "local" / "savedsearches.conf").generic_string());

  ReadResult local = read_rule_file((app / "local" / "savedsearches.conf").string(), local_text);
  EXPECT_TRUE(local.rules.empty());
  fs::remove_all(app);
}

}  // namespace
}  // namespace ruledex
