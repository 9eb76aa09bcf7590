#include "schema/table_schemas.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "base/source_text.h"

namespace ruledex {
namespace {

constexpr std::array<std::string_view, 4> kHeader = {"table_name", "column_name", "column_type",
                                                     "description"};

// Reads RFC 4180 records: fields separated by commas, optionally quoted, with
// "" standing for a quote and quoted fields free to hold commas and newlines.
class CsvReader {
 public:
  CsvReader(std::string_view text, std::string_view file_name) : text_(text), file_(file_name) {}

  bool at_end() const { return pos_ >= text_.size(); }
  uint32_t line() const { return line_; }

  // Reads one record; `record_line` is set to the line it starts on.
  std::vector<std::string> next(uint32_t& record_line) {
    record_line = line_;
    std::vector<std::string> fields;
    while (true) {
      fields.push_back(read_field());
      if (at_end()) return fields;
      char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return fields;
    }
  }

  [[noreturn]] void fail(uint32_t line, const std::string& message) const {
    throw std::runtime_error(std::string(file_) + ":" + std::to_string(line) + ": " + message);
  }

 private:
  std::string read_field() {
    if (at_end() || text_[pos_] != '"') {
      size_t end = text_.find_first_of(",\r\n\"", pos_);
      if (end == std::string_view::npos) end = text_.size();
      if (end < text_.size() && text_[end] == '"') fail(line_, "quote inside an unquoted field");
      std::string field(text_.substr(pos_, end - pos_));
      pos_ = end;
      return field;
    }
    uint32_t start_line = line_;
    ++pos_;  // the opening quote
    std::string field;
    while (true) {
      if (at_end()) fail(start_line, "unterminated quoted field");
      char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      field += c;
    }
    if (!at_end() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
      fail(line_, "text after the closing quote of a field");
    return field;
  }

  std::string_view text_;
  std::string_view file_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
};

}  // namespace

TableSchemas TableSchemas::load_csv(const std::filesystem::path& path) {
  std::string bytes;
  try {
    bytes = read_file_bytes(path);
  } catch (const FileReadError& e) {
    throw std::runtime_error(path.string() + ": cannot read: " + e.reason());
  }
  return parse_csv(decode_text(bytes).text, path.string());
}

TableSchemas TableSchemas::parse_csv(std::string_view text, std::string_view file_name) {
  CsvReader reader(text, file_name);
  uint32_t line = 1;
  if (reader.at_end()) reader.fail(1, "empty file, expected the header table_name,column_name,column_type,description");
  std::vector<std::string> header = reader.next(line);
  if (header.size() != kHeader.size() || !std::equal(header.begin(), header.end(), kHeader.begin()))
    reader.fail(line, "expected the header table_name,column_name,column_type,description");

  TableSchemas schemas;
  // A few tables list a column twice; the first listing wins.
  std::unordered_set<std::string> seen;
  while (!reader.at_end()) {
    std::vector<std::string> fields = reader.next(line);
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (fields.size() != kHeader.size())
      reader.fail(line, "expected 4 fields, found " + std::to_string(fields.size()));
    if (fields[0].empty() || fields[1].empty()) reader.fail(line, "empty table or column name");
    if (!seen.insert(fields[0] + '\n' + fields[1]).second) continue;
    schemas.tables_[fields[0]].push_back(Column{std::move(fields[1]), std::move(fields[2])});
  }
  return schemas;
}

const std::vector<Column>* TableSchemas::columns(std::string_view table) const {
  auto it = tables_.find(std::string(table));
  return it == tables_.end() ? nullptr : &it->second;
}

}  // namespace ruledex
