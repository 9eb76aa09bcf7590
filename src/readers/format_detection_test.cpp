// Files of every platform are recognised by content; formats without a front
// end are listed as one rule each, support files as no rule.
#include "readers/format_detection.h"

#include <gtest/gtest.h>

#include "readers/rule_reader.h"

namespace ruledex {
namespace {

struct Expected {
  std::string_view platform, language, name, id;
};

void expect_listed(std::string_view path, std::string_view text, Expected expected) {
  SCOPED_TRACE(path);
  ReadResult result = read_rule_file(path, text);
  ASSERT_TRUE(result.recognised);
  EXPECT_EQ(result.platform, expected.platform);
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].platform, expected.platform);
  EXPECT_EQ(result.rules[0].language, expected.language);
  EXPECT_EQ(result.rules[0].name, expected.name);
  EXPECT_EQ(result.rules[0].id, expected.id);
  EXPECT_EQ(result.rules[0].raw, text);
}

TEST(FormatDetection, Sigma) {
  expect_listed("rules/x.yml",
                "title: Okta Session Impersonation\nid: fe04b26b\nstatus: test\nlogsource:\n  product: okta\n"
                "detection:\n  selection:\n    a: b\n  condition: selection\nlevel: high\n",
                {"sigma", "sigma", "Okta Session Impersonation", "fe04b26b"});
}

// JSON by the fields its rules carry; NDJSON by its one-object lines too.
TEST(FormatDetection, ElasticAndSecopsJson) {
  expect_listed("rules/x.json", R"({"name": "N", "rule_id": "r", "type": "query", "query": "a: b"})",
                {"elastic", "kuery", "N", "r"});
  expect_listed("export.ndjson", R"({"name": "N", "rule_id": "r", "type": "eql", "query": "any where true"})",
                {"elastic", "eql", "N", "r"});
  EXPECT_EQ(read_rule_file("export.json", "{\"rule_id\": \"a\", \"query\": \"x\"}\n{\"exported_count\": 1}\n").format,
            "kibana-ndjson");
  expect_listed("r.json", R"({"displayName": "d", "text": "rule r {\n meta:\n events:\n  $e.a = \"b\"\n condition:\n  $e\n}"})",
                {"chronicle", "yara-l", "r", "r"});
  EXPECT_EQ(read_rule_file("package.json", R"({"name": "x", "version": "1.0.0"})").format, "data");
}

TEST(FormatDetection, SplunkAppConfByNameAndStanzas) {
  EXPECT_EQ(readers::detect_format("app/default/savedsearches.conf", "[a]\nsearch = x\n").format,
            readers::FileFormat::splunk_conf);
  EXPECT_EQ(readers::detect_format("app/local/macros.conf", "# c\n[m]\ndefinition = x\n").format,
            readers::FileFormat::splunk_conf);
  EXPECT_EQ(readers::detect_format("app/default/app.conf", "[launcher]\nversion = 1\n").format,
            readers::FileFormat::support_file);
  EXPECT_EQ(readers::detect_format("etc/nginx/transforms.conf", "server { listen 80; }\n").format,
            readers::FileFormat::support_file);
}

TEST(FormatDetection, Splunk) {
  expect_listed("detections/x.yml",
                "name: 3CX Indicators\nid: 791b727c\ntype: TTP\nsearch: '| tstats count from datamodel=X'\n"
                "how_to_implement: Do it.\ntags:\n  mitre_attack_id:\n  - T1195\n",
                {"splunk", "spl", "3CX Indicators", "791b727c"});
}

TEST(FormatDetection, ElasticRuleAndHunt) {
  expect_listed("rules/aws/x.toml",
                "[metadata]\nmaturity = \"production\"\n\n[rule]\nname = \"AWS Redshift\"\nrule_id = \"015cca13\"\n"
                "language = \"kuery\"\ntype = \"query\"\nquery = '''\nevent.action:CreateCluster\n'''\n\n"
                "[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n[rule.threat.tactic]\nid = \"TA0003\"\nname = \"Persistence\"\n",
                {"elastic", "kuery", "AWS Redshift", "015cca13"});
  expect_listed("hunting/x.toml",
                "[hunt]\nuuid = \"e6e7\"\nname = \"EC2 calls\"\nlanguage = [\"ES|QL\"]\nmitre = [\"T1580\"]\nquery = [\"from x\"]\n",
                {"elastic", "esql", "EC2 calls", "e6e7"});
}

TEST(FormatDetection, ElasticThreatsAndMachineLearning) {
  ReadResult result = read_rule_file(
      "rules/ml.toml",
      "[rule]\nname = \"ML\"\nrule_id = \"m1\"\ntype = \"machine_learning\"\n\n[[rule.threat]]\n"
      "[[rule.threat.technique]]\nid = \"T1078\"\nname = \"Valid Accounts\"\n[[rule.threat.technique.subtechnique]]\n"
      "id = \"T1078.004\"\nname = \"Cloud Accounts\"\n[rule.threat.tactic]\nname = \"Initial Access\"\n");
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  EXPECT_EQ(rule.language, "");
  EXPECT_EQ(rule.tactics, (std::vector<std::string>{"Initial Access"}));
  ASSERT_EQ(rule.techniques.size(), 2u);
  EXPECT_EQ(rule.techniques[1].id, "T1078.004");
  ASSERT_EQ(rule.diagnostics.size(), 1u);
  EXPECT_EQ(rule.diagnostics[0].severity, Severity::note);
}

TEST(FormatDetection, BrokenTomlIsAnErrorWithPosition) {
  ReadResult result = read_rule_file("rules/bad.toml", "[rule]\nname = \"x\nrule_id = 1\n");
  ASSERT_EQ(result.rules.size(), 1u);
  ASSERT_FALSE(result.rules[0].diagnostics.empty());
  EXPECT_EQ(result.rules[0].diagnostics[0].severity, Severity::error);
  EXPECT_EQ(result.rules[0].diagnostics[0].line, 2u);
}

TEST(FormatDetection, ChronicleByExtensionAndByContent) {
  std::string rule = "/*\n * Copyright\n */\n\nrule suspicious_ports {\n meta:\n    author = \"F\"\n"
                     "    description = \"Detects ports\"\n\n  events:\n    $e.target.port = 4444\n\n  condition:\n    $e\n}\n";
  expect_listed("rules/x.yaral", rule, {"chronicle", "yara-l", "suspicious_ports", "suspicious_ports"});
  expect_listed("rules/no_extension", rule, {"chronicle", "yara-l", "suspicious_ports", "suspicious_ports"});
  EXPECT_EQ(read_rule_file("rules/x.yaral", rule).rules[0].description, "Detects ports");
}

TEST(FormatDetection, SupportFilesAreNoRules) {
  struct Case {
    std::string_view path, text, format, platform;
  };
  for (const Case& c : {
           Case{"macros/admon.yml", "definition: source=ActiveDirectory\ndescription: x\nname: admon\n", "splunk-macro", "splunk"},
           Case{"lookups/d.yml", "description: A list\nfilename: domains.csv\nname: domains\n", "splunk-lookup", "splunk"},
           Case{"stories/s.yml", "name: Story\nid: c4d7\nnarrative: 'Long text'\n", "splunk-story", "splunk"},
           Case{"reference_lists/hacktool_regex", "/*\n * Copyright\n */\n//A list\nAkagi.exe\nCertify.exe\n", "text", ""},
           Case{"LICENSES/sentinel-LICENSE.txt", "MIT License\n\nCopyright (c) Microsoft\n", "license", ""},
           Case{"MANIFEST.tsv", "path\tcommit\n", "data", ""},
           Case{"notes.txt", "Just prose | with a bar.\n", "text", ""},
           Case{"empty.txt", " \n\n", "empty", ""},
           Case{"other.yaml", "a: 1\nb: 2\n", "yaml", ""},
       }) {
    SCOPED_TRACE(c.path);
    ReadResult result = read_rule_file(c.path, c.text);
    EXPECT_FALSE(result.recognised);
    EXPECT_TRUE(result.rules.empty());
    EXPECT_EQ(result.format, c.format);
    EXPECT_EQ(result.platform, c.platform);
  }
}

TEST(FormatDetection, BareKqlByContentAndLocation) {
  EXPECT_EQ(readers::detect_format("Discovery/PrevalentLogons", "DeviceLogonEvents\n| where A == 1\n").format,
            readers::FileFormat::kql_text);
  EXPECT_EQ(readers::detect_format("x/Parsers/Vendor/VendorParser", "Syslog\n| extend A = 1\n").format,
            readers::FileFormat::sentinel_parser);
  EXPECT_EQ(readers::detect_format("a.txt", "let x = 1;\nx").format, readers::FileFormat::kql_text);
  EXPECT_EQ(readers::detect_format("a.csl", "Anything").format, readers::FileFormat::kql_text);
}

TEST(FormatDetection, LooksLikeKqlIgnoresStringsAndComments) {
  EXPECT_TRUE(readers::looks_like_kql("T\n| where x"));
  EXPECT_FALSE(readers::looks_like_kql("print '| where x'"));
  EXPECT_FALSE(readers::looks_like_kql("// | where x\nfoo"));
  EXPECT_FALSE(readers::looks_like_kql("grep x | wc -l"));
}

}  // namespace
}  // namespace ruledex
