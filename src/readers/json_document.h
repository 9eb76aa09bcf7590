#pragma once
// JSON rule files (Kibana exports, detection-engine and SecOps API bodies):
// parsed with nlohmann-json under a nesting bound, with the file line of each
// string member kept, so that a reader can say where a rule's query starts.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "model/diagnostic.h"

namespace ruledex::readers {

class JsonDocument {
 public:
  // Deeper documents are refused (an error, never a stack overflow).
  static constexpr uint32_t kMaxDepth = 128;

  // Parses `text`, whose first line is file line `first_line`. On failure
  // value() is null and error() says why, at its file line and column.
  // `text` must outlive the document.
  JsonDocument(std::string_view text, std::string_view path, uint32_t first_line = 1);

  const nlohmann::json& value() const { return value_; }
  const std::optional<Diagnostic>& error() const { return error_; }

  // The file line of `object[key]` when it is a string member of an object of
  // this document (by reference, not a copy); 0 when unknown.
  uint32_t line_of(const nlohmann::json& object, std::string_view key) const;
  // The object's text as written, from `{` to `}`; empty when unknown.
  std::string_view source_of(const nlohmann::json& object) const;
  // The file line where the object starts; 0 when unknown.
  uint32_t line_of(const nlohmann::json& object) const;

 private:
  friend class JsonBuilder;
  nlohmann::json value_;
  std::optional<Diagnostic> error_;
  std::string_view text_;  // the caller's, which outlives the document
  std::map<std::pair<const void*, std::string>, uint32_t, std::less<>> string_lines_;
  struct Span {
    uint32_t begin = 0;
    uint32_t end = 0;
    uint32_t line = 0;
  };
  std::map<const void*, Span> object_spans_;
};

// Helpers for reading members that may be absent or of another type.
const nlohmann::json* member(const nlohmann::json& object, std::string_view key);
std::string string_member(const nlohmann::json& object, std::string_view key);

}  // namespace ruledex::readers
