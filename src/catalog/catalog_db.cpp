#include "catalog/catalog_db.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "attack/attack_catalog.h"
#include "base/ascii_case.h"
#include "catalog/sqlite_handle.h"

namespace ruledex {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
  id INTEGER PRIMARY KEY, path TEXT NOT NULL, recognised INTEGER NOT NULL, format TEXT NOT NULL,
  platform TEXT NOT NULL, rule_count INTEGER NOT NULL);
CREATE TABLE rules (
  id INTEGER PRIMARY KEY, rule_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
  platform TEXT NOT NULL, language TEXT NOT NULL, severity TEXT NOT NULL, status TEXT NOT NULL,
  kind TEXT NOT NULL, file TEXT NOT NULL, file_id INTEGER NOT NULL REFERENCES files(id),
  line INTEGER NOT NULL, query_index INTEGER NOT NULL, query_count INTEGER NOT NULL,
  query TEXT NOT NULL, raw TEXT NOT NULL, error_count INTEGER NOT NULL);
CREATE TABLE rule_metadata (rule INTEGER NOT NULL REFERENCES rules(id), key TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE stages (
  rule INTEGER NOT NULL REFERENCES rules(id), position INTEGER NOT NULL, kind TEXT NOT NULL,
  steps INTEGER NOT NULL, line INTEGER NOT NULL, begin_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,
  PRIMARY KEY (rule, position));
CREATE TABLE predicates (
  id INTEGER PRIMARY KEY, rule INTEGER NOT NULL REFERENCES rules(id), position INTEGER NOT NULL,
  stage INTEGER NOT NULL, field TEXT NOT NULL, op TEXT NOT NULL, negated INTEGER NOT NULL,
  case_sensitive INTEGER NOT NULL, indicator INTEGER NOT NULL,
  begin_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, modifiers TEXT NOT NULL);
CREATE TABLE predicate_values (
  predicate INTEGER NOT NULL REFERENCES predicates(id), position INTEGER NOT NULL, value TEXT NOT NULL,
  corpus INTEGER, PRIMARY KEY (predicate, position));
CREATE TABLE output_fields (
  rule INTEGER NOT NULL REFERENCES rules(id), position INTEGER NOT NULL, name TEXT NOT NULL,
  stage TEXT NOT NULL, stage_index INTEGER NOT NULL, all_columns_of TEXT NOT NULL, role TEXT NOT NULL,
  PRIMARY KEY (rule, position));
CREATE TABLE techniques (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_name TEXT NOT NULL, tactics TEXT NOT NULL,
  revoked INTEGER NOT NULL, deprecated INTEGER NOT NULL, rule_count INTEGER NOT NULL);
CREATE TABLE rule_techniques (
  rule INTEGER NOT NULL REFERENCES rules(id), technique_id TEXT NOT NULL REFERENCES techniques(id),
  name TEXT NOT NULL);
CREATE TABLE tactics (id TEXT PRIMARY KEY, name TEXT NOT NULL, shortname TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE rule_tactics (rule INTEGER NOT NULL REFERENCES rules(id), tactic TEXT NOT NULL, tactic_key TEXT NOT NULL);
CREATE TABLE data_sources (rule INTEGER NOT NULL REFERENCES rules(id), name TEXT NOT NULL);
CREATE TABLE diagnostics (
  id INTEGER PRIMARY KEY, rule INTEGER REFERENCES rules(id), file TEXT NOT NULL, severity TEXT NOT NULL,
  message TEXT NOT NULL, line INTEGER NOT NULL, "column" INTEGER NOT NULL);
CREATE TABLE same_action (
  rule INTEGER NOT NULL REFERENCES rules(id), other INTEGER NOT NULL REFERENCES rules(id),
  action TEXT NOT NULL, same_platform INTEGER NOT NULL);
CREATE TABLE entity_mappings (
  rule INTEGER NOT NULL REFERENCES rules(id), entity_type TEXT NOT NULL, identifier TEXT NOT NULL,
  column_name TEXT NOT NULL);
CREATE TABLE custom_details (rule INTEGER NOT NULL REFERENCES rules(id), key TEXT NOT NULL, column_name TEXT NOT NULL);
CREATE TABLE alert_details (rule INTEGER NOT NULL REFERENCES rules(id), key TEXT NOT NULL, format TEXT NOT NULL);
CREATE TABLE items (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, item_id TEXT NOT NULL, name TEXT NOT NULL,
  description TEXT NOT NULL, platform TEXT NOT NULL, file TEXT NOT NULL,
  file_id INTEGER NOT NULL REFERENCES files(id), rule_count INTEGER NOT NULL);
CREATE TABLE item_metadata (item INTEGER NOT NULL REFERENCES items(id), key TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE rule_items (
  rule INTEGER NOT NULL REFERENCES rules(id), kind TEXT NOT NULL, name TEXT NOT NULL, item INTEGER REFERENCES items(id));
CREATE VIRTUAL TABLE rules_fts USING fts5(
  name, description, query, fields, "values", content='', tokenize="unicode61 tokenchars '_'");
)sql";

// Built after the inserts: cheaper than maintaining them row by row.
constexpr std::string_view kIndexes = R"sql(
CREATE INDEX rules_platform ON rules(platform);
CREATE INDEX rules_file ON rules(file_id);
CREATE INDEX rule_metadata_rule ON rule_metadata(rule);
CREATE INDEX predicates_rule ON predicates(rule);
CREATE INDEX predicates_field ON predicates(field);
CREATE INDEX predicate_values_value ON predicate_values(value COLLATE NOCASE);
CREATE INDEX output_fields_name ON output_fields(name);
CREATE INDEX rule_techniques_rule ON rule_techniques(rule);
CREATE INDEX rule_techniques_technique ON rule_techniques(technique_id);
CREATE INDEX rule_tactics_rule ON rule_tactics(rule);
CREATE INDEX rule_tactics_key ON rule_tactics(tactic_key);
CREATE INDEX data_sources_rule ON data_sources(rule);
CREATE INDEX data_sources_name ON data_sources(name COLLATE NOCASE);
CREATE INDEX diagnostics_rule ON diagnostics(rule);
CREATE INDEX same_action_rule ON same_action(rule);
CREATE INDEX entity_mappings_rule ON entity_mappings(rule);
CREATE INDEX custom_details_rule ON custom_details(rule);
CREATE INDEX alert_details_rule ON alert_details(rule);
CREATE INDEX items_name ON items(kind, name);
CREATE INDEX item_metadata_item ON item_metadata(item);
CREATE INDEX rule_items_rule ON rule_items(rule);
CREATE INDEX rule_items_item ON rule_items(item);
)sql";

struct Inserts {
  explicit Inserts(sqlite::Database& db)
      : meta(db.prepare("INSERT INTO meta VALUES (?, ?)")),
        file(db.prepare("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)")),
        rule(db.prepare("INSERT INTO rules VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
        metadata(db.prepare("INSERT INTO rule_metadata VALUES (?, ?, ?)")),
        stage(db.prepare("INSERT INTO stages VALUES (?, ?, ?, ?, ?, ?, ?)")),
        predicate(db.prepare("INSERT INTO predicates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
        value(db.prepare("INSERT INTO predicate_values VALUES (?, ?, ?, ?)")),
        output_field(db.prepare("INSERT INTO output_fields VALUES (?, ?, ?, ?, ?, ?, ?)")),
        technique(db.prepare("INSERT INTO techniques VALUES (?, ?, ?, ?, ?, ?, ?)")),
        rule_technique(db.prepare("INSERT INTO rule_techniques VALUES (?, ?, ?)")),
        tactic(db.prepare("INSERT INTO tactics VALUES (?, ?, ?, ?)")),
        rule_tactic(db.prepare("INSERT INTO rule_tactics VALUES (?, ?, ?)")),
        data_source(db.prepare("INSERT INTO data_sources VALUES (?, ?)")),
        diagnostic(db.prepare("INSERT INTO diagnostics (rule, file, severity, message, line, \"column\") "
                              "VALUES (?, ?, ?, ?, ?, ?)")),
        same_action(db.prepare("INSERT INTO same_action VALUES (?, ?, ?, ?)")),
        entity_mapping(db.prepare("INSERT INTO entity_mappings VALUES (?, ?, ?, ?)")),
        custom_detail(db.prepare("INSERT INTO custom_details VALUES (?, ?, ?)")),
        alert_detail(db.prepare("INSERT INTO alert_details VALUES (?, ?, ?)")),
        item(db.prepare("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")),
        item_metadata(db.prepare("INSERT INTO item_metadata VALUES (?, ?, ?)")),
        rule_item(db.prepare("INSERT INTO rule_items VALUES (?, ?, ?, ?)")),
        fts(db.prepare("INSERT INTO rules_fts (rowid, name, description, query, fields, \"values\") "
                       "VALUES (?, ?, ?, ?, ?, ?)")) {}

  sqlite::Statement meta, file, rule, metadata, stage, predicate, value, output_field, technique,
      rule_technique, tactic, rule_tactic, data_source, diagnostic, same_action, entity_mapping, custom_detail,
      alert_detail, item, item_metadata, rule_item, fts;
};

// Tactic names differ by platform ("CredentialAccess", "credential-access",
// "Credential Access"): the key drops case, spaces, dashes and underscores.


std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

void insert_diagnostic(Inserts& in, std::optional<int64_t> rule, const std::string& file, const Diagnostic& d) {
  in.diagnostic.run(rule, d.file.empty() ? file : d.file, to_string(d.severity), d.message, d.line, d.column);
}

void insert_rule(Inserts& in, int64_t id, int64_t file_id, const Rule& rule, int64_t& next_predicate) {
  int64_t errors = 0;
  for (const Diagnostic& d : rule.diagnostics) errors += d.severity == Severity::error;
  in.rule.run(id, rule.id, rule.name, rule.description, rule.platform, rule.language, rule.severity, rule.status,
              rule.kind, rule.file, file_id, rule.query_line, rule.query_index, rule.query_count, rule.query,
              rule.raw, errors);
  for (const auto& [key, value] : rule.metadata) in.metadata.run(id, key, value);
  for (uint32_t s = 0; s < rule.stages.size(); ++s) {
    const Stage& stage = rule.stages[s];
    in.stage.run(id, s, stage.kind, stage.steps, stage.line, stage.range.begin, stage.range.end);
  }
  std::string fields, values;  // for the full-text index
  for (uint32_t p = 0; p < rule.predicates.size(); ++p) {
    const Predicate& predicate = rule.predicates[p];
    int64_t predicate_id = next_predicate++;
    in.predicate.run(predicate_id, id, p, predicate.stage, predicate.field, to_string(predicate.op),
                     predicate.negated, predicate.case_sensitive, predicate.indicator, predicate.range.begin,
                     predicate.range.end, join(predicate.modifiers, ","));
    (fields += predicate.field) += ' ';
    for (uint32_t v = 0; v < predicate.values.size(); ++v) {
      std::optional<int64_t> corpus;
      if (v < predicate.corpus.size()) corpus = predicate.corpus[v];
      in.value.run(predicate_id, v, predicate.values[v], corpus);
      (values += predicate.values[v]) += '\n';
    }
  }
  for (uint32_t o = 0; o < rule.output_fields.size(); ++o) {
    const OutputField& field = rule.output_fields[o];
    in.output_field.run(id, o, field.name, field.stage, field.stage_index, field.all_columns_of, field.role);
    (fields += field.name) += ' ';
  }
  for (const Technique& technique : rule.techniques) in.rule_technique.run(id, ascii_upper(technique.id), technique.name);
  for (const std::string& tactic : rule.tactics) in.rule_tactic.run(id, tactic, tactic_key(tactic));
  for (const std::string& data_source : rule.data_sources) in.data_source.run(id, data_source);
  for (const Diagnostic& d : rule.diagnostics) insert_diagnostic(in, id, rule.file, d);
  for (const EntityMapping& mapping : rule.entity_mappings)
    for (const auto& [identifier, column] : mapping.fields)
      in.entity_mapping.run(id, mapping.entity_type, identifier, column);
  for (const auto& [key, column] : rule.custom_details) in.custom_detail.run(id, key, column);
  for (const auto& [key, format] : rule.alert_details) in.alert_detail.run(id, key, format);
  in.fts.run(id, rule.name, rule.description, rule.query, fields, values);
}

// Techniques the rules name, with ATT&CK facts when a bundle was given.
void insert_techniques(Inserts& in, const Catalog& catalog, const AttackCatalog* attack) {
  std::map<std::string, std::pair<std::string, int64_t>> named;  // id -> name from a rule, rule count
  for (const Rule& rule : catalog.rules) {
    std::vector<std::string> seen;
    for (const Technique& technique : rule.techniques) {
      std::string id = ascii_upper(technique.id);
      if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
      seen.push_back(id);
      auto& entry = named[id];
      if (entry.first.empty()) entry.first = technique.name;
      ++entry.second;
    }
  }
  for (const auto& [id, entry] : named) {
    const AttackTechnique* known = attack ? attack->technique(id) : nullptr;
    if (known)
      in.technique.run(id, known->name, known->parent_name, join(known->tactics, ","), known->revoked,
                       known->deprecated, entry.second);
    else
      in.technique.run(id, entry.first, "", "", false, false, entry.second);
  }
  if (!attack) return;
  for (uint32_t t = 0; t < attack->tactics().size(); ++t) {
    const AttackTactic& tactic = attack->tactics()[t];
    in.tactic.run(tactic.id, tactic.name, tactic.shortname, t);
  }
}

// Items with their metadata, and every item a rule names (item NULL when the
// catalog holds no item of that kind and name).
void insert_items(Inserts& in, const Catalog& catalog) {
  std::map<std::pair<std::string, std::string>, int64_t> ids;  // kind, name -> first item id
  for (uint32_t f = 0; f < catalog.files.size(); ++f) {
    const CatalogFile& file = catalog.files[f];
    for (uint32_t i = file.first_item; i < file.first_item + file.item_count; ++i) {
      const RepositoryItem& item = catalog.items[i];
      const int64_t id = i + 1;
      in.item.run(id, item.kind, item.id, item.name, item.description, item.platform, item.file, f + 1,
                  static_cast<int64_t>(i < catalog.item_rules.size() ? catalog.item_rules[i].size() : 0));
      for (const auto& [key, value] : item.metadata) in.item_metadata.run(id, key, value);
      ids.emplace(std::pair(item.kind, item.name), id);
      for (const std::string& alias : item.aliases) ids.emplace(std::pair(item.kind, alias), id);
    }
  }
  for (uint32_t r = 0; r < catalog.rules.size(); ++r)
    for (const ItemRef& ref : catalog.rules[r].items) {
      std::optional<int64_t> item;
      if (auto found = ids.find({ref.kind, ref.name}); found != ids.end()) item = found->second;
      in.rule_item.run(r + 1, ref.kind, ref.name, item);
    }
}

}  // namespace

std::string_view catalog_schema_sql() { return kSchema; }

void write_catalog_db(const std::filesystem::path& path, const Catalog& catalog, const AttackCatalog* attack) {
  sqlite::Database db(path, sqlite::Database::Mode::create);
  // A fresh file renamed into place only when complete: no journal needed.
  db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;"
          "PRAGMA page_size = 8192; PRAGMA cache_size = -65536;");
  db.exec("BEGIN");
  db.exec(kSchema);
  {
    Inserts in(db);
    in.meta.run("schema_version", std::to_string(kCatalogSchemaVersion));
    in.meta.run("rule_count", std::to_string(catalog.rules.size()));
    in.meta.run("file_count", std::to_string(catalog.files.size()));
    in.meta.run("item_count", std::to_string(catalog.items.size()));
    in.meta.run("attack", attack ? "yes" : "no");
    int64_t next_predicate = 1;
    for (uint32_t f = 0; f < catalog.files.size(); ++f) {
      const CatalogFile& file = catalog.files[f];
      in.file.run(f + 1, file.path, file.recognised, file.format, file.platform, file.rule_count);
      for (const Diagnostic& d : file.diagnostics) insert_diagnostic(in, std::nullopt, file.path, d);
      for (uint32_t r = file.first_rule; r < file.first_rule + file.rule_count; ++r)
        insert_rule(in, r + 1, f + 1, catalog.rules[r], next_predicate);
    }
    for (uint32_t r = 0; r < catalog.same_action.size(); ++r)
      for (const ActionPeer& peer : catalog.same_action[r])
        in.same_action.run(r + 1, peer.rule + 1, peer.action,
                           catalog.rules[peer.rule].platform == catalog.rules[r].platform);
    insert_techniques(in, catalog, attack);
    insert_items(in, catalog);
  }
  db.exec(kIndexes);
  db.exec("COMMIT");
}

}  // namespace ruledex
