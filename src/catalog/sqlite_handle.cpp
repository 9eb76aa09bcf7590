#include "catalog/sqlite_handle.h"

#include <stdexcept>

#include <sqlite3.h>

namespace ruledex::sqlite {
namespace {

[[noreturn]] void fail(sqlite3* db) { throw Error(sqlite3_errmsg(db), sqlite3_errcode(db) & 0xFF); }

}  // namespace

Database::Database(const std::filesystem::path& path, Mode mode) {
  int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    Error error(path.string() + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"),
                db_ ? sqlite3_errcode(db_) & 0xFF : SQLITE_NOMEM);
    sqlite3_close(db_);
    db_ = nullptr;
    throw error;
  }
  if (mode == Mode::read_only) {
    sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  }
}

Database::~Database() { sqlite3_close(db_); }

void Database::exec(std::string_view sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw Error(message, sqlite3_errcode(db_) & 0xFF);
  }
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }

void Database::set_deadline(std::chrono::steady_clock::time_point deadline) {
  deadline_ = deadline;
  constexpr int kInstructionsBetweenChecks = 1000;
  sqlite3_progress_handler(db_, kInstructionsBetweenChecks, &Database::past_deadline, this);
}

int Database::past_deadline(void* database) {
  return std::chrono::steady_clock::now() > static_cast<Database*>(database)->deadline_ ? 1 : 0;
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) fail(db);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

void Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void Statement::bind(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

void Statement::bind(int index, std::nullopt_t) { sqlite3_bind_null(stmt_, index); }

void Statement::bind(int index, std::optional<int64_t> value) {
  if (value)
    bind(index, *value);
  else
    bind(index, std::nullopt);
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::column_int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::column_text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  return text ? std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column)) : std::string();
}

bool Statement::column_is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

}  // namespace ruledex::sqlite
