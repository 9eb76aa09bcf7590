// End-to-end tests of the ruledex command: the built binary, run as a user runs it.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

namespace {

struct Invocation {
  int exit_code = -1;
  std::string out;
};

std::string quoted(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

Invocation ruledex(const std::vector<std::string>& args) {
  std::string command = quoted(RULEDEX_BINARY);
  for (const auto& arg : args) command += " " + quoted(arg);
  command += " 2>/dev/null";
  Invocation run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) run.out.append(buffer.data(), n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::filesystem::path shared_dir() { return RULEDEX_SHARED_DIR; }

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  auto dir = std::filesystem::temp_directory_path() / "ruledex-cli-test";
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(ShowCommand, SeedRuleJsonContract) {
  auto seed = shared_dir() / "seed" / "AWS_CredentialHijack.yaml";
  if (!std::filesystem::exists(seed)) GTEST_SKIP() << "shared data not found at " << shared_dir();
  Invocation run = ruledex({"show", seed.string(), "--format", "json", "--attack",
                     (shared_dir() / "attack" / "enterprise-attack.json").string()});
  ASSERT_EQ(run.exit_code, 0);
  auto rule = nlohmann::json::parse(run.out);

  EXPECT_EQ(rule["id"], "32555639-b639-4c2b-afda-c0ae0abefa55");
  EXPECT_EQ(rule["platform"], "sentinel");
  EXPECT_EQ(rule["language"], "kql");
  EXPECT_EQ(rule["severity"], "Low");
  EXPECT_EQ(rule["techniques"], nlohmann::json::parse(R"([{"id":"T1580","name":"Cloud Infrastructure Discovery"}])"));

  std::vector<std::pair<std::string, int>> stages;
  for (const auto& stage : rule["stages"]) stages.emplace_back(stage["kind"], stage["steps"]);
  EXPECT_EQ(stages, (std::vector<std::pair<std::string, int>>{
                        {"source", 1}, {"where", 1}, {"extend", 4}, {"summarize", 1}, {"extend", 1}, {"sort", 1}}));
  EXPECT_EQ(rule["stages"][0]["line"], 27);  // the query's first line in the file

  auto expected_indicators = nlohmann::json::parse(R"([
    {"field":"EventName","op":"eq","negated":false,"case_sensitive":false,"values":["GetCallerIdentity"]},
    {"field":"UserIdentityType","op":"eq","negated":false,"case_sensitive":false,"values":["AssumedRole"]}])");
  ASSERT_EQ(rule["indicators"].size(), 2u);
  for (size_t i = 0; i < 2; ++i)
    for (const auto& [key, value] : expected_indicators[i].items()) EXPECT_EQ(rule["indicators"][i][key], value) << key;

  std::set<std::string> fields;
  for (const auto& field : rule["output_fields"]) {
    fields.insert(field["name"]);
    EXPECT_EQ(field["stage"], field["name"] == "timestamp" ? "extend" : "summarize") << field["name"];
  }
  EXPECT_EQ(fields, (std::set<std::string>{
                        "AWSRegion", "AccountName", "AccountUPNSuffix", "AdditionalEventData", "EndTime",
                        "EventName", "EventSource", "EventTypeName", "RecipientAccountId", "ResponseElements",
                        "SessionMfaAuthenticated", "SourceIpAddress", "StartTime", "UserAgent",
                        "UserIdentityAccountId", "UserIdentityPrincipalid", "UserIdentityType",
                        "UserIdentityUserName", "timestamp"}));
  EXPECT_TRUE(rule["diagnostics"].empty());
}

TEST(ShowCommand, ExampleThatShipsWithTheProject) {
  Invocation run = ruledex({"show", std::string(RULEDEX_SOURCE_DIR) + "/examples/sentinel/aws_getcalleridentity_assumed_role.yaml"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("Stages and predicates"), std::string::npos);
  EXPECT_NE(run.out.find("GetCallerIdentity"), std::string::npos);
}

TEST(ShowCommand, SeveralQueriesGiveAnArray) {
  auto file = temp_file("two.kql", "DeviceEvents\n| where ActionType == \"A\"\n\nDeviceEvents\n| where ActionType == \"B\"\n");
  Invocation run = ruledex({"show", file.string(), "--format", "json"});
  ASSERT_EQ(run.exit_code, 0);
  auto rules = nlohmann::json::parse(run.out);
  ASSERT_TRUE(rules.is_array());
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[1]["indicators"][0]["values"][0], "B");
  EXPECT_EQ(rules[1]["stages"][0]["line"], 4);
}

TEST(ShowCommand, BrokenQueryReportsLineAndColumn) {
  auto file = temp_file("broken.yaml",
                        "id: x\nname: broken\nseverity: Low\nqueryFrequency: 1h\ntactics: []\nquery: |\n"
                        "  SecurityEvent\n  | where EventID == (4624\n  | project Account\n");
  Invocation run = ruledex({"show", file.string(), "--format", "json"});
  ASSERT_EQ(run.exit_code, 0);  // the page is written; the rule carries its error
  auto rule = nlohmann::json::parse(run.out);
  ASSERT_FALSE(rule["diagnostics"].empty());
  EXPECT_EQ(rule["diagnostics"][0]["severity"], "error");
  // Found where the query ends (after `Account` on file line 9), pointing back
  // at the '(' on line 8, columns shifted by the YAML indent.
  EXPECT_EQ(rule["diagnostics"][0]["line"], 9);
  EXPECT_EQ(rule["diagnostics"][0]["column"], 20);
  EXPECT_NE(rule["diagnostics"][0]["message"].get<std::string>().find("(opened at line 8, column 22)"),
            std::string::npos)
      << rule["diagnostics"][0]["message"];
}

TEST(ShowCommand, HtmlNeverCarriesRuleMarkup) {
  auto file = temp_file("xss.kql", "SecurityEvent | where Account == \"<script>alert(1)</script>\"\n");
  Invocation run = ruledex({"show", file.string(), "--format", "html"});
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.find("<script>alert"), std::string::npos);
  EXPECT_NE(run.out.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(ShowCommand, ExitCodes) {
  EXPECT_EQ(ruledex({"show", "/nonexistent/rule.yaml"}).exit_code, 2);
  EXPECT_EQ(ruledex({"show"}).exit_code, 2);
  EXPECT_EQ(ruledex({"show", temp_file("data.csv", "a,b\n1,2\n").string()}).exit_code, 1);
  EXPECT_EQ(ruledex({"show", temp_file("r.kql", "T | take 1\n").string(), "--attack", "/nonexistent.json"}).exit_code, 2);
}

TEST(StatsCommand, CountsAndExitsZeroOnFailures) {
  auto dir = std::filesystem::temp_directory_path() / "ruledex-cli-stats";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "good.kql") << "SigninLogs | where ResultType == 50126\n";
  std::ofstream(dir / "bad.kql") << "SigninLogs | wher ResultType == 50126\n";
  Invocation run = ruledex({"stats", dir.string(), "--json"});
  ASSERT_EQ(run.exit_code, 0);
  auto stats = nlohmann::json::parse(run.out);
  ASSERT_EQ(stats["failures"].size(), 1u);
  EXPECT_NE(stats["failures"][0]["file"].get<std::string>().find("bad.kql"), std::string::npos);
  EXPECT_EQ(stats["failures"][0]["line"], 1);
  EXPECT_EQ(stats["failures"][0]["column"], 14);
  EXPECT_EQ(stats["platforms"][0]["clean"], 1);
  EXPECT_EQ(stats["platforms"][0]["failed"], 1);
}

TEST(StatsCommand, CountsUnknownSplMacrosAndCommands) {
  auto dir = std::filesystem::temp_directory_path() / "ruledex-cli-stats-spl" / "detections";
  std::filesystem::remove_all(dir.parent_path());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a.yml") << "name: A\nid: 1\nhow_to_implement: x\nsearch: '`nope` | frobnicate | stats count | `a_filter`'\n";
  std::ofstream(dir / "b.yml") << "name: B\nid: 2\nhow_to_implement: x\nsearch: '| tstats count from datamodel=X | frobnicate'\n";
  Invocation text = ruledex({"stats", dir.string()});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("unknown names in splunk (warnings): unknown SPL command 2, unknown macro 1"),
            std::string::npos)
      << text.out;
  auto stats = nlohmann::json::parse(ruledex({"stats", dir.string(), "--json"}).out);
  ASSERT_EQ(stats["platforms"].size(), 1u);
  EXPECT_EQ(stats["platforms"][0]["clean"], 2);
  EXPECT_EQ(stats["platforms"][0]["unknown"]["unknown SPL command"], 2);
  EXPECT_EQ(stats["platforms"][0]["unknown"]["unknown macro"], 1);
  ASSERT_EQ(stats["unknown_names"].size(), 2u);
  EXPECT_EQ(stats["unknown_names"][0]["message"], "unknown SPL command 'frobnicate'");
  EXPECT_EQ(stats["unknown_names"][0]["count"], 2);
}

// A Splunk app folder: its searches, with local/ over default/ and the app's
// own macros (local/ over default/ too) expanded.
TEST(BuildCommand, SplunkAppSearchesExpandTheAppsMacros) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "ruledex-cli-splunk-app";
  fs::remove_all(root);
  fs::create_directories(root / "app" / "default");
  fs::create_directories(root / "app" / "local");
  std::ofstream(root / "app" / "default" / "macros.conf") << "[sysmon]\ndefinition = index=old\n";
  std::ofstream(root / "app" / "local" / "macros.conf") << "[sysmon]\ndefinition = index=sysmon\n";
  std::ofstream(root / "app" / "default" / "savedsearches.conf")
      << "[Suspicious 7z]\nsearch = `sysmon` EventCode=1 \\\n| where process_name=\"7z.exe\"\ndisabled = 1\n";
  std::ofstream(root / "app" / "local" / "savedsearches.conf") << "[Suspicious 7z]\ndisabled = 0\n";
  Invocation run = ruledex({"build", (root / "app").string(), "-o", (root / "out").string()});
  ASSERT_EQ(run.exit_code, 0) << run.out;
  std::ifstream in(root / "out" / "rules.ndjson");
  std::string line;
  std::vector<nlohmann::json> rules;
  while (std::getline(in, line))
    if (!line.empty()) rules.push_back(nlohmann::json::parse(line));
  fs::remove_all(root);
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0]["name"], "Suspicious 7z");
  EXPECT_EQ(rules[0]["language"], "spl");
  EXPECT_EQ(rules[0]["status"], "enabled");
  EXPECT_EQ(rules[0]["metadata"]["expanded search"], "index=sysmon EventCode=1 \n| where process_name=\"7z.exe\"");
  EXPECT_EQ(rules[0]["items"], nlohmann::json::parse(R"([{"kind": "macro", "name": "sysmon"}])"));
  EXPECT_EQ(rules[0]["indicators"].size(), 2u);
}

}  // namespace
