#include "catalog/catalog_search.h"

#include <algorithm>

#include <sqlite3.h>

#include "base/ascii_case.h"
#include "catalog/catalog_db.h"
#include "catalog/sqlite_handle.h"
#include "readers/reader_support.h"

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

// What a query asks of FTS5, counted the way FTS5 reads it: barewords and
// the words of "strings" are terms (not the operators AND, OR, NOT, NEAR, nor
// column names before ':' or in {...}); each '*' outside strings makes a
// prefix term.
struct QuerySize {
  size_t terms = 0;
  size_t prefix_terms = 0;
};

bool is_word_byte(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || (c >= '0' && c <= '9') || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z') || c == '_' ||
         c == 0x1A;
}

size_t count_words(std::string_view text) {
  size_t words = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if (is_word_byte(text[i]) && (i == 0 || !is_word_byte(text[i - 1]))) ++words;
  return words;
}

QuerySize measure(std::string_view query) {
  QuerySize size;
  bool in_column_set = false;
  for (size_t i = 0; i < query.size();) {
    const char c = query[i];
    if (c == '"') {
      size_t end = i + 1;
      while (end < query.size() && (query[end] != '"' || (end + 1 < query.size() && query[end + 1] == '"')))
        end += query[end] == '"' ? 2 : 1;
      size.terms += count_words(query.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (is_word_byte(c)) {
      size_t end = i;
      while (end < query.size() && is_word_byte(query[end])) ++end;
      const std::string_view word = query.substr(i, end - i);
      const size_t next = query.find_first_not_of(" \t\r\n", end);
      const bool column = in_column_set || (next != std::string_view::npos && query[next] == ':');
      if (!column && word != "AND" && word != "OR" && word != "NOT" && word != "NEAR") ++size.terms;
      i = end;
    } else {
      if (c == '*') ++size.prefix_terms;
      if (c == '{' || c == '}') in_column_set = c == '{';
      ++i;
    }
  }
  return size;
}

void check_query_size(std::string_view query) {
  const QuerySize size = measure(query);
  if (size.prefix_terms > kMaxPrefixTerms)
    throw SearchError("search query of " + std::to_string(size.prefix_terms) + " prefix terms (word*): at most " +
                      std::to_string(kMaxPrefixTerms) + " are searched at once");
  if (size.terms > kMaxQueryTerms)
    throw SearchError("search query of " + std::to_string(size.terms) + " terms: at most " +
                      std::to_string(kMaxQueryTerms) + " are searched at once");
  if (query.size() > kMaxQueryBytes)
    throw SearchError("search query of " + std::to_string(query.size()) + " bytes: at most " +
                      std::to_string(kMaxQueryBytes) + " are searched");
}

std::string duration_text(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  return ms >= 1000 && ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

std::string not_our_catalog() {
  return "not a ruledex catalog of schema version " + std::to_string(kCatalogSchemaVersion);
}

// Why SQLite stopped a search: the deadline; the user's FTS5 query, for a plain
// SQL error while rows are read (`query` is empty before: the schema is checked
// and the statement prepared first); else the catalog file.
SearchError failure(const sqlite::Error& e, const fs::path& file, std::string_view query,
                    std::chrono::milliseconds timeout) {
  if (e.code == SQLITE_INTERRUPT)
    return SearchError("search stopped after " + duration_text(timeout) +
                       ": narrow the query or the filters, or give it more time with --timeout");
  if (e.code == SQLITE_ERROR && !query.empty())
    return SearchError(std::string("invalid search query \"") + std::string(query) + "\": " + e.what() +
                       " (FTS5 syntax: words, \"phrases\", AND/OR/NOT, prefix*, column:word)");
  const std::string problem = e.code == SQLITE_CORRUPT                               ? "damaged catalog"
                              : e.code == SQLITE_ERROR || e.code == SQLITE_NOTADB ? not_our_catalog()
                                                                                   : "catalog cannot be read";
  return SearchError(file.string() + ": " + problem + " (SQLite: " + e.what() + "); rebuild it with `ruledex build`");
}

void check_schema(sqlite::Database& db, const fs::path& file, std::chrono::milliseconds timeout) {
  try {
    sqlite::Statement version = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    if (version.step() && version.column_text(0) == std::to_string(kCatalogSchemaVersion)) return;
  } catch (const sqlite::Error& e) {
    throw failure(e, file, "", timeout);
  }
  throw SearchError(file.string() + ": " + not_our_catalog() + "; rebuild it with `ruledex build`");
}

}  // namespace

std::vector<SearchHit> search_catalog(const fs::path& catalog, std::string_view query, const SearchFilters& filters,
                                      size_t limit, std::chrono::milliseconds timeout) {
  const bool full_text = query.find_first_not_of(" \t\r\n") != std::string_view::npos;
  if (!full_text) query = {};
  check_query_size(query);
  std::optional<std::string> technique;
  if (filters.technique) technique = ascii_upper(*filters.technique);
  if (technique && !readers::is_technique_id(*technique))
    throw SearchError("not an ATT&CK technique id: \"" + *technique + "\" (T1234 or T1234.567)");
  std::error_code ec;
  const fs::path file = fs::is_directory(catalog, ec) ? catalog / "catalog.db" : catalog;
  if (!fs::is_regular_file(file, ec)) throw SearchError(file.string() + ": no catalog here; run `ruledex build` first");
  std::optional<sqlite::Database> db;
  try {
    db.emplace(file, sqlite::Database::Mode::read_only);
  } catch (const sqlite::Error& e) {
    throw SearchError(e.what());
  }
  db->set_deadline(std::chrono::steady_clock::now() + timeout);
  check_schema(*db, file, timeout);

  Query q;
  q.sql =
      "SELECT r.id, r.rule_id, r.name, r.platform, r.severity, r.file, r.line, r.query_index,"
      " (SELECT group_concat(technique_id, ',') FROM rule_techniques t WHERE t.rule = r.id) FROM rules r";
  if (full_text) q.sql += " JOIN rules_fts ON rules_fts.rowid = r.id";
  q.sql += " WHERE 1";
  if (full_text) q.where("rules_fts MATCH ?", {std::string(query)});
  if (filters.platform) q.where("r.platform = ? COLLATE NOCASE", {*filters.platform});
  if (filters.severity) q.where("r.severity = ? COLLATE NOCASE", {*filters.severity});
  // The id itself and its sub-techniques (T1059.001 for T1059); the id was
  // checked, so the pattern holds no wildcard of the user's.
  if (technique)
    q.where("EXISTS (SELECT 1 FROM rule_techniques t WHERE t.rule = r.id"
            " AND (t.technique_id = ? OR t.technique_id GLOB ?))",
            {*technique, *technique + ".[0-9][0-9][0-9]"});
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
  if (limit) q.sql += " LIMIT " + std::to_string(std::min<size_t>(limit, INT64_MAX));

  std::vector<SearchHit> hits;
  std::optional<sqlite::Statement> prepared;
  try {
    prepared.emplace(db->prepare(q.sql));
  } catch (const sqlite::Error& e) {
    throw failure(e, file, "", timeout);
  }
  try {
    sqlite::Statement& statement = *prepared;
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
  } catch (const sqlite::Error& e) {
    throw failure(e, file, query, timeout);
  }
  return hits;
}

}  // namespace ruledex
