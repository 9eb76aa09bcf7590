#pragma once
// Thin RAII over the SQLite3 C API: a connection and prepared statements.
// Errors throw sqlite::Error with SQLite's message and result code.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace ruledex::sqlite {

class Statement;

struct Error : std::runtime_error {
  Error(const std::string& message, int code) : std::runtime_error(message), code(code) {}
  int code;  // SQLite's primary result code: SQLITE_ERROR, SQLITE_CORRUPT, SQLITE_INTERRUPT, ...
};

class Database {
 public:
  // read_only opens a file that may come from anyone: its schema is not
  // trusted (no functions or virtual tables run from its views or triggers)
  // and the connection is defensive (no writes to the schema or shadow tables).
  enum class Mode { read_only, create };
  Database(const std::filesystem::path& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  sqlite3* handle() { return db_; }

  // Statements running past the deadline stop with SQLITE_INTERRUPT.
  void set_deadline(std::chrono::steady_clock::time_point deadline);

 private:
  static int past_deadline(void* database);

  sqlite3* db_ = nullptr;
  std::chrono::steady_clock::time_point deadline_ = {};
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds parameters 1..n in order: strings, integers, bools, or std::nullopt for NULL.
  template <typename... Args>
  Statement& bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }
  void bind(int index, std::string_view text);
  void bind(int index, const std::string& text) { bind(index, std::string_view(text)); }
  void bind(int index, const char* text) { bind(index, std::string_view(text)); }
  void bind(int index, int64_t value);
  void bind(int index, uint32_t value) { bind(index, static_cast<int64_t>(value)); }
  void bind(int index, int value) { bind(index, static_cast<int64_t>(value)); }
  void bind(int index, bool value) { bind(index, static_cast<int64_t>(value)); }
  void bind(int index, std::nullopt_t);
  void bind(int index, std::optional<int64_t> value);

  // Runs an insert/update with the given parameters and resets for the next.
  template <typename... Args>
  void run(const Args&... args) {
    bind_all(args...);
    step();
    reset();
  }

  bool step();  // true while a row is available
  void reset();
  int64_t column_int(int column) const;
  std::string column_text(int column) const;
  bool column_is_null(int column) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace ruledex::sqlite
