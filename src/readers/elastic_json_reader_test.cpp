// Kibana rule exports (NDJSON) and detection-engine API JSON: the rule fields
// of the TOML reader, the query's line, the other objects of an export.
#include <gtest/gtest.h>

#include <string>

#include "readers/json_document.h"
#include "readers/rule_reader.h"

namespace ruledex {
namespace {

std::vector<std::string> metadata_values(const Rule& rule, std::string_view key) {
  std::vector<std::string> values;
  for (const auto& [k, v] : rule.metadata)
    if (k == key) values.push_back(v);
  return values;
}

std::string metadata_value(const Rule& rule, std::string_view key) {
  std::vector<std::string> values = metadata_values(rule, key);
  return values.empty() ? "<none>" : values[0];
}

TEST(KibanaNdjsonReader, RulesExceptionsConnectorsSummaryAndABadLine) {
  std::string text =
      R"({"name":"Net","rule_id":"r1","type":"query","language":"kuery","index":["logs-*"],"query":"host.name: a","enabled":false,"building_block_type":"default","exceptions_list":[{"id":"x","list_id":"L1","namespace_type":"single","type":"detection"}],"risk_score":21,"severity":"low","threat":[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0007","name":"Discovery","reference":""},"technique":[{"id":"T1046","name":"Network Service Discovery","reference":"","subtechnique":[]}]}]})"
      "\n"
      R"({"name":"Eql","rule_id":"r2","type":"eql","language":"eql","query":"process where process.name == \"a\"","enabled":true})"
      "\n"
      "{not json\n"
      R"({"list_id":"L1","name":"Hosts","type":"detection","description":"d"})"
      "\n"
      R"({"list_id":"L1","item_id":"i1","name":"lab","type":"simple","entries":[{"field":"host.name","operator":"included","type":"match_any","value":["lab1","lab2"]},{"field":"user.name","operator":"excluded","type":"exists"}]})"
      "\n"
      R"({"id":"c1","type":"action","attributes":{"actionTypeId":".email","name":"mail"}})"
      "\n"
      R"({"exported_count":5,"exported_rules_count":2,"missing_rules":[],"missing_rules_count":0})"
      "\n";
  ReadResult result = read_rule_file("export.ndjson", text);
  EXPECT_TRUE(result.recognised);
  EXPECT_EQ(result.format, "kibana-ndjson");
  ASSERT_EQ(result.rules.size(), 2u);
  const Rule& net = result.rules[0];
  EXPECT_EQ(net.name, "Net");
  EXPECT_EQ(net.id, "r1");
  EXPECT_EQ(net.platform, "elastic");
  EXPECT_EQ(net.language, "kuery");
  EXPECT_EQ(net.query, "host.name: a");
  EXPECT_EQ(net.query_line, 1u);
  EXPECT_EQ(net.raw, text.substr(0, text.find('\n')));
  EXPECT_EQ(net.data_sources, (std::vector<std::string>{"logs-*"}));
  EXPECT_EQ(net.tactics, (std::vector<std::string>{"Discovery"}));
  ASSERT_EQ(net.techniques.size(), 1u);
  EXPECT_EQ(net.techniques[0].id, "T1046");
  EXPECT_EQ(metadata_value(net, "enabled"), "false");
  EXPECT_EQ(metadata_value(net, "building_block_type"), "default");
  EXPECT_EQ(metadata_value(net, "exceptions_list"), "L1");
  EXPECT_EQ(metadata_values(net, "exception"),
            (std::vector<std::string>{"Hosts / lab: host.name is one of lab1, lab2 and user.name does not exist"}));
  const Rule& eql = result.rules[1];
  EXPECT_EQ(eql.language, "eql");
  EXPECT_EQ(eql.query_line, 2u);
  EXPECT_EQ(eql.query_index, 1u);
  EXPECT_EQ(eql.query_count, 2u);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(result.diagnostics[0].line, 3u);
  EXPECT_NE(result.diagnostics[0].message.find("invalid JSON"), std::string::npos);
}

TEST(ElasticJsonReader, ApiRuleWithTypePartsAndTheQueryLine) {
  std::string text =
      "{\n"
      "  \"name\": \"Brute force\",\n"
      "  \"rule_id\": \"b1\",\n"
      "  \"type\": \"threshold\",\n"
      "  \"index\": [\"logs-system.auth-*\"],\n"
      "  \"query\": \"event.outcome: failure\",\n"
      "  \"threshold\": {\"field\": [\"user.name\"], \"value\": 20, \"cardinality\": [{\"field\": \"source.ip\", \"value\": 5}]},\n"
      "  \"investigation_fields\": {\"field_names\": [\"host.name\"]}\n"
      "}\n";
  ReadResult result = read_rule_file("rules/brute.json", text);
  EXPECT_EQ(result.format, "elastic-json");
  ASSERT_EQ(result.rules.size(), 1u);
  const Rule& rule = result.rules[0];
  EXPECT_EQ(rule.kind, "threshold");
  EXPECT_EQ(rule.language, "kuery");  // the API's default for a threshold rule
  EXPECT_EQ(rule.query_line, 6u);
  EXPECT_EQ(rule.raw, text);
  EXPECT_EQ(metadata_value(rule, "threshold.value"), "20");
  EXPECT_EQ(metadata_value(rule, "threshold.cardinality.field"), "source.ip");
  ASSERT_EQ(rule.output_fields.size(), 2u);
  EXPECT_EQ(rule.output_fields[0].name, "user.name");
  EXPECT_EQ(rule.output_fields[0].stage, "threshold");
  EXPECT_EQ(rule.output_fields[1].stage, "investigation");
}

TEST(ElasticJsonReader, ArraysSavedObjectsAndAlertingRules) {
  std::string text =
      "[\n"
      "  {\"type\": \"security-rule\", \"id\": \"n1_2\", \"attributes\": {\"name\": \"New\", \"rule_id\": \"n1\",\n"
      "   \"type\": \"new_terms\", \"language\": \"kuery\", \"query\": \"event.category: process\",\n"
      "   \"new_terms_fields\": [\"host.id\", \"process.executable\"], \"history_window_start\": \"now-7d\"}},\n"
      "  {\"type\": \"alert\", \"attributes\": {\"name\": \"Es query\", \"alertTypeId\": \".es-query\",\n"
      "   \"params\": {\"searchType\": \"esqlQuery\", \"esqlQuery\": {\"esql\": \"FROM logs-* | LIMIT 1\"}}}},\n"
      "  {\"type\": \"security-rule\", \"attributes\": {\"name\": \"Hand-written\", \"query\": \"a: b\"}},\n"
      "  {\"unrelated\": true}\n"
      "]\n";
  ReadResult result = read_rule_file("rules.json", text);
  EXPECT_EQ(result.format, "elastic-json");
  ASSERT_EQ(result.rules.size(), 3u);
  const Rule& terms = result.rules[0];
  EXPECT_EQ(terms.id, "n1");
  EXPECT_EQ(terms.query_line, 3u);
  EXPECT_EQ(terms.raw.substr(0, 25), "{\"type\": \"security-rule\",");
  ASSERT_EQ(terms.output_fields.size(), 2u);
  EXPECT_EQ(terms.output_fields[1].name, "process.executable");
  EXPECT_EQ(terms.output_fields[1].stage, "new_terms");
  EXPECT_EQ(metadata_value(terms, "new_terms.history_window_start"), "now-7d");
  const Rule& alerting = result.rules[1];
  EXPECT_EQ(alerting.language, "esql");
  EXPECT_EQ(alerting.query, "FROM logs-* | LIMIT 1");
  EXPECT_EQ(alerting.query_line, 6u);
  EXPECT_EQ(result.rules[2].id, "rules#3");  // no rule_id: told apart by its place
  EXPECT_EQ(result.rules[2].language, "kuery");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 8u);
}

TEST(ElasticJsonReader, MachineLearningRulesHaveNoQuery) {
  ReadResult result = read_rule_file(
      "ml.json", R"({"name":"ML","rule_id":"m","type":"machine_learning","machine_learning_job_id":["j1","j2"],"anomaly_threshold":50})");
  ASSERT_EQ(result.rules.size(), 1u);
  EXPECT_EQ(result.rules[0].language, "");
  EXPECT_EQ(metadata_value(result.rules[0], "machine_learning_job_id"), "j1, j2");
  ASSERT_EQ(result.rules[0].diagnostics.size(), 1u);
  EXPECT_EQ(result.rules[0].diagnostics[0].severity, Severity::note);
}

// The TOML reader and the JSON reader share one field mapping: the same rule
// written both ways reads the same.
TEST(ElasticJsonReader, SameRuleAsTomlReadsTheSame) {
  std::string toml =
      "[rule]\nname = \"R\"\nrule_id = \"id1\"\ntype = \"new_terms\"\nlanguage = \"kuery\"\nrisk_score = 47\n"
      "index = [\"logs-*\"]\nquery = \"a: b\"\n"
      "[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n[rule.threat.tactic]\nid = \"TA0002\"\nname = \"Execution\"\n"
      "reference = \"\"\n[[rule.threat.technique]]\nid = \"T1059\"\nname = \"Command\"\nreference = \"\"\n"
      "[rule.new_terms]\nfield = \"new_terms_fields\"\nvalue = [\"host.id\"]\n"
      "[[rule.new_terms.history_window_start]]\nfield = \"history_window_start\"\nvalue = \"now-14d\"\n";
  std::string json =
      R"({"name":"R","rule_id":"id1","type":"new_terms","language":"kuery","risk_score":47,"index":["logs-*"],"query":"a: b",)"
      R"("threat":[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0002","name":"Execution","reference":""},)"
      R"("technique":[{"id":"T1059","name":"Command","reference":""}]}],"new_terms_fields":["host.id"],"history_window_start":"now-14d"})";
  Rule from_toml = read_rule_file("r.toml", toml).rules.at(0);
  Rule from_json = read_rule_file("r.json", json).rules.at(0);
  EXPECT_EQ(from_toml.name, from_json.name);
  EXPECT_EQ(from_toml.id, from_json.id);
  EXPECT_EQ(from_toml.kind, from_json.kind);
  EXPECT_EQ(from_toml.language, from_json.language);
  EXPECT_EQ(from_toml.query, from_json.query);
  EXPECT_EQ(from_toml.tactics, from_json.tactics);
  EXPECT_EQ(from_toml.data_sources, from_json.data_sources);
  EXPECT_EQ(from_toml.metadata, from_json.metadata);
  ASSERT_EQ(from_toml.output_fields.size(), 1u);
  ASSERT_EQ(from_json.output_fields.size(), 1u);
  EXPECT_EQ(from_toml.output_fields[0].name, from_json.output_fields[0].name);
  ASSERT_EQ(from_json.techniques.size(), 1u);
  EXPECT_EQ(from_toml.techniques[0].id, from_json.techniques[0].id);
}

TEST(JsonDocument, DeepNestingIsAnErrorNotACrash) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  readers::JsonDocument document(deep, "deep.json");
  ASSERT_TRUE(document.error().has_value());
  EXPECT_NE(document.error()->message.find("nested deeper than 128"), std::string::npos);
  EXPECT_TRUE(document.value().is_null());
  std::string fine = std::string(100, '[') + std::string(100, ']');
  EXPECT_FALSE(readers::JsonDocument(fine, "fine.json").error().has_value());
  ReadResult result = read_rule_file("deep.ndjson", "{\"rule_id\":" + deep + "}\n{\"rule_id\":\"x\",\"query\":\"a:b\"}\n");
  EXPECT_EQ(result.rules.size(), 1u);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 1u);
}

TEST(JsonDocument, ErrorsAndStringLinesAreFileLines) {
  readers::JsonDocument document("{\n  \"a\": \"x\",\n  \"b\": [1,\n", "f.json", 10);
  ASSERT_TRUE(document.error().has_value());
  EXPECT_EQ(document.error()->line, 12u);
  readers::JsonDocument good("{\n  \"a\": 1,\n  \"q\": \"text\"\n}", "g.json", 1);
  EXPECT_EQ(good.line_of(good.value(), "q"), 3u);
  EXPECT_EQ(good.line_of(good.value(), "a"), 0u);  // not a string
  EXPECT_EQ(good.line_of(good.value()), 1u);
}

}  // namespace
}  // namespace ruledex
