#include "render/rule_page.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "render/logic_outline.h"
#include "render/rule_facts.h"

namespace ruledex::render {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// Values as quoted strings, so a comma or a space inside one stays visible.
std::string quoted_values(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const auto& value : values)
    quoted.push_back(nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return join(quoted, ", ");
}

std::string rule_title(const Rule& rule) {
  if (!rule.name.empty()) return rule.name;
  if (!rule.id.empty()) return rule.id;
  std::string file = std::filesystem::path(rule.file).filename().string();
  if (rule.query_count > 1) return "Query " + std::to_string(rule.query_index + 1) + " of " + file;
  return file.empty() ? "Rule" : file;
}

std::string location(std::string_view file, uint32_t line, uint32_t column) {
  std::string out(file);
  if (line > 0) out += ":" + std::to_string(line);
  if (line > 0 && column > 0) out += ":" + std::to_string(column);
  return out;
}

// The fence label of the query language, as Markdown highlighters name it.
std::string query_language_label(const Rule& rule) { return rule.language == "kql" ? "kusto" : rule.language; }

std::string code_language(const Rule& rule) {
  std::string extension = std::filesystem::path(rule.file).extension().string();
  if (extension == ".yaml" || extension == ".yml") return "yaml";
  if (extension == ".json") return "json";
  if (extension == ".toml") return "toml";
  if (extension == ".conf") return "ini";  // a Splunk app stanza
  return query_language_label(rule);
}

std::string stage_heading(const Stage& stage, size_t index) {
  std::string heading = "Stage " + std::to_string(index + 1) + ": " + stage.kind;
  if (stage.steps > 1) heading += " (" + std::to_string(stage.steps) + " consecutive steps)";
  return heading;
}

const std::vector<std::string> kPredicateHeader = {"Field", "Operator", "Negated", "Case", "Values"};

// `values`: the Values cell, all of the predicate's values or one of them.
std::vector<std::string> predicate_row(const Predicate& predicate, std::string values) {
  std::string case_text;
  if (op_has_case(predicate.op)) case_text = predicate.case_sensitive ? "case-sensitive" : "case-insensitive";
  return {predicate.field.empty() ? "(any field)" : predicate.field, std::string(to_string(predicate.op)),
          predicate.negated ? "yes" : "no", case_text, std::move(values)};
}

std::vector<std::string> predicate_row(const Predicate& predicate) {
  return predicate_row(predicate, quoted_values(predicate.values));
}

// Appends the blocks of one rule's page; `level` is the level of its title.
class RulePageBuilder {
 public:
  RulePageBuilder(const Rule& rule, int level, const PageLinks& links, std::vector<Block>& out)
      : rule_(rule), level_(level), links_(links), out_(out) {}

  void build() {
    out_.push_back(Heading{level_, rule_title(rule_)});
    if (!rule_.description.empty()) out_.push_back(Paragraph{rule_.description});
    add_metadata();
    add_attack();
    add_same_action();
    add_items();
    add_body();
    add_stages();
    add_logic();
    add_indicators();
    add_output_fields();
    add_alert_shaping();
    add_diagnostics();
  }

 private:
  void section(std::string title) { out_.push_back(Heading{level_ + 1, std::move(title)}); }
  void none(std::string text) { out_.push_back(Paragraph{std::move(text)}); }

  void add_metadata() {
    section("Metadata");
    FieldList fields;
    auto add = [&](std::string label, std::string value) {
      if (!value.empty()) fields.items.emplace_back(std::move(label), std::move(value));
    };
    add("Platform", rule_.platform);
    add("Language", rule_.language);
    add("Severity", rule_.severity);
    add("Status", rule_.status);
    add("Kind", rule_.kind);
    add("Id", rule_.id);
    add("File", location(rule_.file, rule_.query_line, 0));
    if (rule_.query_count > 1)
      add("Query", std::to_string(rule_.query_index + 1) + " of " + std::to_string(rule_.query_count));
    add("Data sources", join(rule_.data_sources, ", "));
    for (const auto& [key, value] : rule_.metadata)
      if (key != kExpandedQueryKey) add(key, value);  // a section of its own
    out_.push_back(std::move(fields));
  }

  void add_attack() {
    section("MITRE ATT&CK coverage");
    if (rule_.tactics.empty() && rule_.techniques.empty()) return none("No tactics or techniques listed.");
    if (!rule_.tactics.empty()) out_.push_back(FieldList{{{"Tactics", join(rule_.tactics, ", ")}}});
    if (rule_.techniques.empty()) return;
    Table table{{"Technique", "Name"}, {}};
    for (const auto& technique : rule_.techniques) {
      table.rows.push_back({technique.id, technique.name});
      if (links_.technique) table.links.push_back({links_.technique(technique)});
    }
    out_.push_back(std::move(table));
  }

  void add_same_action() {
    if (rule_.same_action.empty()) return;
    section("Rules detecting the same action");
    // Rules of the rule's own platform, then the same operation seen through another platform's rules.
    for (bool same_platform : {true, false}) {
      Table table{{"Rule", "Id", "Platform", "Action"}, {}};
      for (size_t i = 0; i < rule_.same_action.size(); ++i) {
        const SameAction& other = rule_.same_action[i];
        if ((other.platform == rule_.platform) != same_platform) continue;
        table.rows.push_back({other.name.empty() ? other.id : other.name, other.id, other.platform, other.action});
        if (links_.same_action) table.links.push_back({links_.same_action(rule_, i)});
      }
      if (table.rows.empty()) continue;
      out_.push_back(Heading{level_ + 2, same_platform ? "On this platform" : "On other platforms"});
      out_.push_back(std::move(table));
    }
  }

  void add_items() {
    if (rule_.items.empty()) return;
    section("Stories, macros and lookups");
    Table table{{"Kind", "Name"}, {}};
    for (const ItemRef& item : rule_.items) {
      table.rows.push_back({item.kind, item.name});
      if (links_.item) table.links.push_back({links_.item(item)});
    }
    out_.push_back(std::move(table));
  }

  void add_body() {
    section("Rule body");
    const std::string& body = rule_.raw.empty() ? rule_.query : rule_.raw;
    out_.push_back(CodeBlock{code_language(rule_), body});
    add_expanded_query();
  }

  // The query as written and with its macros expanded.
  void add_expanded_query() {
    auto expanded = std::find_if(rule_.metadata.begin(), rule_.metadata.end(),
                                 [](const auto& entry) { return entry.first == kExpandedQueryKey; });
    if (expanded == rule_.metadata.end()) return;
    section("Query as written");
    out_.push_back(CodeBlock{query_language_label(rule_), rule_.query});
    section("Expanded query");
    out_.push_back(CodeBlock{query_language_label(rule_), expanded->second});
  }

  void add_stages() {
    section("Stages and predicates");
    if (rule_.stages.empty()) return none("No stages: the query was not analysed.");
    for (size_t i = 0; i < rule_.stages.size(); ++i) {
      const Stage& stage = rule_.stages[i];
      out_.push_back(Heading{level_ + 2, stage_heading(stage, i)});
      out_.push_back(CodeBlock{query_language_label(rule_), std::string(stage_text(rule_, stage))});
      Table predicates{kPredicateHeader, {}};
      predicates.header.push_back("Indicator");
      for (const auto& predicate : rule_.predicates) {
        if (predicate.stage != i) continue;
        predicates.rows.push_back(predicate_row(predicate));
        predicates.rows.back().push_back(predicate.indicator ? "yes" : "no");
      }
      if (!predicates.rows.empty()) out_.push_back(std::move(predicates));
    }
  }

  void add_logic() {
    std::string outline = logic_outline(rule_);
    if (outline.empty()) return;
    section("Logic");
    out_.push_back(CodeBlock{"text", std::move(outline)});
  }

  void add_indicators() {
    section("Indicators");
    Table table{kPredicateHeader, {}};
    bool with_corpus = std::any_of(rule_.predicates.begin(), rule_.predicates.end(),
                                   [](const Predicate& p) { return p.indicator && !p.corpus.empty(); });
    if (with_corpus) table.header.push_back("Other rules");
    for (const auto& predicate : rule_.predicates) {
      if (!predicate.indicator) continue;
      if (links_.corpus && with_corpus) {
        add_linked_indicator(predicate, table);
        continue;
      }
      table.rows.push_back(predicate_row(predicate));
      if (!with_corpus) continue;
      std::vector<std::string> counts;
      for (uint32_t count : predicate.corpus) counts.push_back(std::to_string(count));
      table.rows.back().push_back(join(counts, ", "));
    }
    if (table.rows.empty()) return none("No indicators: no source field is compared with literal values.");
    out_.push_back(Paragraph{"The source fields the rule compares with literal values."});
    if (with_corpus)
      out_.push_back(Paragraph{"Other rules: per value, how many other rules of the catalog look for the same field, "
                               "operator and value."});
    out_.push_back(std::move(table));
  }

  // One row per value, so that each count can link to the rules it counts.
  // Each row holds its own value only: a copy of the whole list per row was
  // quadratic in the values.
  void add_linked_indicator(const Predicate& predicate, Table& table) {
    for (size_t v = 0; v < std::max<size_t>(predicate.values.size(), 1); ++v) {
      const bool counted = v < predicate.corpus.size();
      table.rows.push_back(predicate_row(predicate, v < predicate.values.size() ? quoted_values({predicate.values[v]})
                                                                                : std::string()));
      const size_t columns = table.rows.back().size();
      table.rows.back().push_back(counted ? std::to_string(predicate.corpus[v]) : "");
      table.links.resize(table.rows.size(), std::vector<std::string>(columns));
      if (links_.field) table.links.back().front() = links_.field(predicate.field);
      table.links.back().push_back(counted ? links_.corpus(predicate, v) : "");
    }
  }

  void add_output_fields() {
    section("Output fields");
    if (rule_.output_fields.empty()) return none("No output fields known.");
    std::vector<const OutputField*> fields;
    for (const auto& field : rule_.output_fields) fields.push_back(&field);
    // Named columns by name (byte order, as the catalog sorts), pass-through tables last.
    std::stable_sort(fields.begin(), fields.end(), [](const OutputField* a, const OutputField* b) {
      bool a_all = !a->all_columns_of.empty(), b_all = !b->all_columns_of.empty();
      if (a_all != b_all) return b_all;
      return a_all ? a->all_columns_of < b->all_columns_of : a->name < b->name;
    });
    const std::vector<ColumnUse> uses = column_uses(rule_);
    Table table{{"Field", "Stage", "Used by"}, {}};
    for (const OutputField* field : fields) {
      if (!field->all_columns_of.empty()) {
        table.rows.push_back({"all columns of " + field->all_columns_of, field->stage, ""});
        continue;
      }
      std::vector<std::string> users;
      if (!field->role.empty()) users.push_back(field->role);
      for (const auto& use : uses)
        if (use.column == field->name) users.push_back(use.user);
      table.rows.push_back({field->name, field->stage, join(users, ", ")});
    }
    out_.push_back(std::move(table));
  }

  // Whether a column the alert shaping uses is among the query's output fields:
  // "yes", "no", or why the page cannot tell. Only "no" hints at a mistake in the rule.
  std::string output_status(std::string_view column) const {
    if (is_output_field(rule_, column)) return "yes";
    if (rule_.output_fields.empty()) return "unknown";
    for (const auto& field : rule_.output_fields)
      if (!field.all_columns_of.empty()) return "maybe (all columns of " + field.all_columns_of + ")";
    return "no";
  }

  bool surely_missing(std::string_view column) const { return output_status(column) == "no"; }

  void add_alert_shaping() {
    if (!rule_.entity_mappings.empty()) {
      section("Entity mappings");
      Table table{{"Entity", "Identifier", "Column", "Output field"}, {}};
      for (const auto& mapping : rule_.entity_mappings)
        for (const auto& [identifier, column] : mapping.fields)
          table.rows.push_back({mapping.entity_type, identifier, column, output_status(column)});
      out_.push_back(std::move(table));
    }
    if (!rule_.custom_details.empty()) {
      section("Custom details");
      Table table{{"Detail", "Column", "Output field"}, {}};
      for (const auto& [key, column] : rule_.custom_details) table.rows.push_back({key, column, output_status(column)});
      out_.push_back(std::move(table));
    }
    if (!rule_.alert_details.empty()) {
      section("Alert details override");
      FieldList fields;
      for (const auto& [key, format] : rule_.alert_details) fields.items.emplace_back(key, format);
      out_.push_back(std::move(fields));
    }
    for (const auto& use : column_uses(rule_))
      if (surely_missing(use.column))
        out_.push_back(Paragraph{"Column " + use.column + " (" + use.user + ") is not an output field of the query.",
                                 true});
  }

  void add_diagnostics() {
    section("Diagnostics");
    if (rule_.diagnostics.empty()) return none("None.");
    Table table{{"Severity", "Location", "Message"}, {}};
    for (const auto& diagnostic : rule_.diagnostics) {
      const std::string& file = diagnostic.file.empty() ? rule_.file : diagnostic.file;
      table.rows.push_back({std::string(to_string(diagnostic.severity)),
                            location(file, diagnostic.line, diagnostic.column), diagnostic.message});
    }
    out_.push_back(std::move(table));
  }

  const Rule& rule_;
  int level_;
  const PageLinks& links_;
  std::vector<Block>& out_;
};

}  // namespace

Document rules_page(const std::vector<Rule>& rules, const PageLinks& links) {
  Document document;
  if (rules.size() == 1) {
    document.title = rule_title(rules.front());
    RulePageBuilder(rules.front(), 1, links, document.blocks).build();
    return document;
  }
  document.title = rules.empty() ? "No rules" : rules.front().file;
  document.blocks.push_back(Heading{1, document.title});
  document.blocks.push_back(Paragraph{std::to_string(rules.size()) + " queries."});
  for (const auto& rule : rules) RulePageBuilder(rule, 2, links, document.blocks).build();
  return document;
}

}  // namespace ruledex::render
