#include "catalog/catalog_search.h"

#include <algorithm>

#include "catalog/catalog_db.h"
#include "catalog/sqlite_handle.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;

// Same normalisation as rule_tactics.tactic_key, in SQL.
constexpr std::string_view kTacticKeySql = "lower(replace(replace(replace({}, ' ', ''), '-', ''), '_', ''))";

std::string tactic_key_sql(std::string_view column) {
  std::string sql(kTacticKeySql);
  sql.replace(sql.find("{}"), 2, column);
  return sql;
}

struct Query {
  std::string sql;
  std::vector<std::string> params;

  void where(std::string_view clause, std::initializer_list<std::string> values) {
    sql += " AND ";
    sql += clause;
    params.insert(params.end(), values);
  }
};

void check_schema(sqlite::Database& db, const fs::path& file) {
  try {
    sqlite::Statement version = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    if (version.step() && version.column_text(0) == std::to_string(kCatalogSchemaVersion)) return;
  } catch (const std::runtime_error&) {
  }
  throw SearchError(file.string() + ": not a ruledex catalog of schema version " +
                    std::to_string(kCatalogSchemaVersion) + "; rebuild it with `ruledex build`");
}

}  // namespace

std::vector<SearchHit> search_catalog(const fs::path& catalog, std::string_view query, const SearchFilters& filters,
                                      size_t limit) {
  std::error_code ec;
  const fs::path file = fs::is_directory(catalog, ec) ? catalog / "catalog.db" : catalog;
  if (!fs::is_regular_file(file, ec)) throw SearchError(file.string() + ": no catalog here; run `ruledex build` first");
  std::optional<sqlite::Database> db;
  try {
    db.emplace(file, sqlite::Database::Mode::read_only);
  } catch (const std::runtime_error& e) {
    throw SearchError(e.what());
  }
  check_schema(*db, file);

  const bool full_text = query.find_first_not_of(" \t\r\n") != std::string_view::npos;
  Query q;
  q.sql =
      "SELECT r.id, r.rule_id, r.name, r.platform, r.severity, r.file, r.line, r.query_index,"
      " (SELECT group_concat(technique_id, ',') FROM rule_techniques t WHERE t.rule = r.id) FROM rules r";
  if (full_text) q.sql += " JOIN rules_fts ON rules_fts.rowid = r.id";
  q.sql += " WHERE 1";
  if (full_text) q.where("rules_fts MATCH ?", {std::string(query)});
  if (filters.platform) q.where("r.platform = ? COLLATE NOCASE", {*filters.platform});
  if (filters.severity) q.where("r.severity = ? COLLATE NOCASE", {*filters.severity});
  if (filters.technique)
    q.where("EXISTS (SELECT 1 FROM rule_techniques t WHERE t.rule = r.id"
            " AND (t.technique_id = upper(?) OR t.technique_id LIKE upper(?) || '.%'))",
            {*filters.technique, *filters.technique});
  if (filters.tactic)
    q.where("EXISTS (SELECT 1 FROM rule_tactics a WHERE a.rule = r.id AND (a.tactic_key = " + tactic_key_sql("?") +
                " OR a.tactic_key IN (SELECT " + tactic_key_sql("name") + " FROM tactics WHERE id = upper(?))))",
            {*filters.tactic, *filters.tactic});
  if (filters.field && !filters.value)
    q.where("EXISTS (SELECT 1 FROM predicates p WHERE p.rule = r.id AND p.field = ? COLLATE NOCASE)", {*filters.field});
  if (filters.value) {
    std::string clause =
        "EXISTS (SELECT 1 FROM predicates p JOIN predicate_values v ON v.predicate = p.id"
        " WHERE p.rule = r.id AND v.value = ? COLLATE NOCASE";
    if (filters.field) {
      q.where(clause + " AND p.field = ? COLLATE NOCASE)", {*filters.value, *filters.field});
    } else {
      q.where(clause + ")", {*filters.value});
    }
  }
  if (filters.data_source)
    q.where("EXISTS (SELECT 1 FROM data_sources d WHERE d.rule = r.id AND d.name = ? COLLATE NOCASE)",
            {*filters.data_source});
  // Weights: name, description, query, fields, values.
  if (filters.item)
    q.where("EXISTS (SELECT 1 FROM rule_items i WHERE i.rule = r.id AND i.name = ? COLLATE NOCASE)", {*filters.item});
  q.sql += full_text ? " ORDER BY bm25(rules_fts, 10.0, 4.0, 1.0, 2.0, 3.0), r.name, r.id" : " ORDER BY r.name, r.id";
  if (limit) q.sql += " LIMIT " + std::to_string(limit);

  std::vector<SearchHit> hits;
  try {
    sqlite::Statement statement = db->prepare(q.sql);
    for (size_t i = 0; i < q.params.size(); ++i) statement.bind(static_cast<int>(i + 1), q.params[i]);
    while (statement.step()) {
      SearchHit hit;
      hit.catalog_id = statement.column_int(0);
      hit.rule_id = statement.column_text(1);
      hit.name = statement.column_text(2);
      hit.platform = statement.column_text(3);
      hit.severity = statement.column_text(4);
      hit.file = statement.column_text(5);
      hit.line = static_cast<uint32_t>(statement.column_int(6));
      hit.query_index = static_cast<uint32_t>(statement.column_int(7));
      std::string techniques = statement.column_text(8);
      for (size_t start = 0; start < techniques.size();) {
        size_t comma = std::min(techniques.find(',', start), techniques.size());
        hit.techniques.push_back(techniques.substr(start, comma - start));
        start = comma + 1;
      }
      hits.push_back(std::move(hit));
    }
  } catch (const std::runtime_error& e) {
    // With a valid schema, what fails is the user's FTS5 query.
    throw SearchError(std::string("invalid search query \"") + std::string(query) + "\": " + e.what() +
                      " (FTS5 syntax: words, \"phrases\", AND/OR/NOT, prefix*, column:word)");
  }
  return hits;
}

}  // namespace ruledex
