// Chronicle YARA-L 2.0 rules: one rule per file, the whole file being the
// query the YARA-L front end analyses. The metadata comes from the parsed
// `meta:` section (and ATT&CK also from outcome variables that name it).
#include <cctype>

#include "readers/chronicle_rules.h"
#include "readers/format_readers.h"
#include "readers/reader_support.h"
#include "readers/tactic_names.h"
#include "yaral/parser.h"

namespace ruledex::readers {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool digits_at(std::string_view text, size_t at, size_t n) {
  if (at + n > text.size()) return false;
  for (size_t i = at; i < at + n; ++i)
    if (!is_digit(text[i])) return false;
  return true;
}

// Technique ids anywhere in a value: "T1078", "t1003", "T1003.001", and the
// URL form ".../techniques/T1078/004/".
std::vector<std::string> technique_ids(std::string_view text) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != 'T' && text[i] != 't') continue;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))) continue;
    if (!digits_at(text, i + 1, 4) || digits_at(text, i + 5, 1)) continue;
    std::string id = "T" + std::string(text.substr(i + 1, 4));
    size_t end = i + 5;
    if (end < text.size() && (text[end] == '.' || text[end] == '/') && digits_at(text, end + 1, 3) &&
        !digits_at(text, end + 4, 1)) {
      id += "." + std::string(text.substr(end + 1, 3));
      end += 4;
    }
    ids.push_back(std::move(id));
    i = end - 1;
  }
  return ids;
}

bool is_attack_key(std::string_view key) {
  std::string k = lower(key);
  return k.find("mitre") != std::string::npos || k.find("tactic") != std::string::npos ||
         k.find("technique") != std::string::npos || k.find("attack") != std::string::npos;
}

// ATT&CK from a meta or outcome value: tactic names or TA ids (comma lists
// such as "Execution, t1204, t1059" too) and technique ids in any form.
void add_attack(Rule& rule, std::string_view key, std::string_view value) {
  if (!is_attack_key(key)) return;
  for (std::string& id : technique_ids(value)) add_technique(rule, std::move(id));
  if (lower(key).find("technique") != std::string::npos) return;  // names like "Impact" are technique names here
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    if (std::optional<std::string> tactic = tactic_for_id(item)) {
      add_unique(rule.tactics, std::move(*tactic));
    } else if (std::optional<std::string> named = canonical_tactic(item)) {
      add_unique(rule.tactics, std::move(*named));
    }
  }
}

// The text of a meta value: strings without quotes, numbers and booleans as written.
std::string constant_text(const yaral::RuleAst& ast, yaral::ExprId id, std::string_view text) {
  if (id == yaral::kNoExpr) return {};
  const yaral::Expr& value = ast.at(id);
  if (value.kind == yaral::ExprKind::String) return value.value;
  return std::string(text.substr(value.span.begin, value.span.end - value.span.begin));
}

void read_meta(const yaral::RuleAst& ast, std::string_view text, Rule& rule) {
  const yaral::Section* meta = ast.section(yaral::SectionKind::Meta);
  if (!meta) return;
  for (const yaral::KeyValue& entry : meta->entries) {
    std::string key(entry.key);
    std::string value = constant_text(ast, entry.value, text);
    add_attack(rule, key, value);
    if (key == "description") {
      rule.description = std::move(value);
    } else if (key == "severity") {
      rule.severity = std::move(value);
    } else if (key == "rule_name") {
      rule.name = std::move(value);
    } else if (key == "rule_id") {
      rule.id = std::move(value);
    } else if (key == "type") {
      rule.kind = std::move(value);
    } else if (key == "data_source") {
      add_unique(rule.data_sources, std::move(value));
    } else {
      rule.metadata.emplace_back(std::move(key), std::move(value));
    }
  }
}

// Outcome variables that restate ATT&CK ($mitre_attack_technique_id = "T1562").
void read_outcome_attack(const yaral::RuleAst& ast, Rule& rule) {
  const yaral::Section* outcome = ast.section(yaral::SectionKind::Outcome);
  if (!outcome) return;
  for (const yaral::Assignment& assignment : outcome->assignments) {
    const yaral::Expr& value = ast.at(assignment.value);
    if (value.kind == yaral::ExprKind::String) add_attack(rule, assignment.variable, value.value);
  }
}

}  // namespace

Rule read_yaral_rule(std::string_view path, std::string query, uint32_t query_line) {
  Rule rule = new_rule(path, "chronicle", "yara-l");
  rule.query = std::move(query);
  rule.query_line = query_line;
  // Parse errors are the front end's to report; here the tree only gives the metadata.
  yaral::RuleAst ast = yaral::parse(rule.query);
  if (!ast.name.empty()) {
    rule.name = rule.id = std::string(ast.name);
    rule.metadata.emplace_back("rule", std::string(ast.name));
  }
  read_meta(ast, rule.query, rule);
  read_outcome_attack(ast, rule);
  apply_rule_config(rule);
  return rule;
}

ReadResult read_chronicle_yaral(std::string_view path, std::string_view text) {
  ReadResult result{.recognised = true, .format = "chronicle-yara-l", .platform = "chronicle"};
  Rule rule = read_yaral_rule(path, std::string(text), 1);
  rule.raw = rule.query;
  result.rules.push_back(std::move(rule));
  return result;
}

}  // namespace ruledex::readers
