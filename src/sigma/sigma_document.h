#pragma once
// One Sigma rule, read from its YAML text into plain data with positions:
// the logsource, the detection (search identifiers and conditions), a
// correlation or a filter, and the `fields` list. Metadata (title, tags, ...)
// is the rule reader's business (src/readers/sigma_yaml_reader.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.h"
#include "sigma/condition_ast.h"

namespace ruledex::sigma {

// A place in the rule text: byte offset, and 1-based line and column.
struct TextPos {
  uint32_t offset = 0;
  uint32_t line = 1;
  uint32_t column = 1;
};

// A top-level block or entry of the text: [begin, end) byte offsets.
struct Block {
  TextPos at;
  uint32_t end = 0;
};

enum class ValueKind { string, number, boolean, null };

struct Value {
  std::string text;  // as the YAML scalar holds it (Sigma escapes kept)
  ValueKind kind = ValueKind::string;
  TextPos at;
  uint32_t end = 0;
};

// `Field|mod1|mod2: value(s)`: a list of values means any of them, unless `all`.
struct FieldMatch {
  std::string field;                   // empty in a keyword map (`'|all': [...]`)
  std::vector<std::string> modifiers;  // as written, in order
  std::vector<Value> values;
  TextPos at;                          // of the key
  uint32_t end = 0;                    // after the last value
};

// A search identifier: a map (AND of its field matches), a list of maps (OR
// of them), or a list of keywords (OR of them, matched anywhere in the event).
struct SearchIdentifier {
  std::string name;
  std::vector<std::vector<FieldMatch>> maps;
  std::vector<Value> keywords;
  Block block;
};

struct ConditionText {
  std::string text;
  Condition parsed;
  TextPos at;  // of the condition's first character
  Block block; // the whole `condition:` entry
};

// The body of a `detection:` or a `filter:` block.
struct Detection {
  std::vector<SearchIdentifier> identifiers;
  std::vector<ConditionText> conditions;  // several: any of them (legacy lists)
  std::string timeframe;                  // legacy
  Block block;                            // `detection:` up to its last search identifier
};

struct Threshold {
  std::string comparison;  // gt, gte, lt, lte, eq, neq
  std::string value;
};

struct Correlation {
  std::string type;  // event_count, value_count, temporal, temporal_ordered, ...
  std::vector<std::string> rules;
  std::vector<std::string> group_by;
  std::string timespan;
  std::string field;  // value_count and the other value_* types
  std::vector<Threshold> condition;
  // Field aliases: alias -> (rule -> field).
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> aliases;
  std::string generate;
  Block block;
};

enum class DocumentKind { rule, correlation, filter };

struct Message {
  Severity severity = Severity::error;
  std::string message;
  TextPos at;
};

struct SigmaDocument {
  DocumentKind kind = DocumentKind::rule;
  std::vector<std::pair<std::string, std::string>> logsource;  // product, category, service, definition, ...
  std::optional<Block> logsource_block;
  std::optional<Detection> detection;  // a rule's detection or a filter's body
  std::vector<std::string> filter_rules;
  std::optional<Correlation> correlation;
  std::vector<std::string> fields;
  std::optional<Block> fields_block;
  std::vector<Message> messages;
};

// Reads a rule's text: one YAML document, or a legacy collection's global
// document followed by the rule's own (see documents.h). Never throws.
SigmaDocument read_sigma_document(std::string_view text);

}  // namespace ruledex::sigma
