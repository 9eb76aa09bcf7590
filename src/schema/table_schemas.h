#pragma once
// Log Analytics table schemas (table, column, type), read from the CSV that
// Sentinel tooling publishes: table_name,column_name,column_type,description.

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ruledex {

struct Column {
  std::string name;
  std::string type;
};

class TableSchemas {
 public:
  // Throws std::runtime_error with file and line on unreadable or malformed input.
  static TableSchemas load_csv(const std::filesystem::path& path);
  static TableSchemas parse_csv(std::string_view text, std::string_view file_name);

  // Columns of a table in file order; null when the table is unknown.
  // Table names compare case-sensitively, as in KQL.
  const std::vector<Column>* columns(std::string_view table) const;
  size_t table_count() const { return tables_.size(); }

 private:
  std::unordered_map<std::string, std::vector<Column>> tables_;
};

}  // namespace ruledex
