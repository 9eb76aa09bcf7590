#pragma once
// The language-neutral rule model: plain data that every front end lowers into
// and everything downstream (catalog, renderers, lint) reads. No parsing here.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/diagnostic.h"
#include "model/logic.h"
#include "model/operator.h"
#include "model/repository_item.h"
#include "model/source_range.h"

namespace ruledex {

// One pipeline stage: a run of consecutive operators of one kind, merged.
struct Stage {
  std::string kind;     // "source", or the language's keyword: "where", "extend", "mv-expand", ...
  uint32_t steps = 1;   // how many operators were merged into this stage
  SourceRange range;    // the stage's text in the query
  uint32_t line = 0;    // 1-based line in the rule file where the stage starts
};

struct Predicate {
  std::string field;                // as written, e.g. "EventName" or "process.name"
  Op op = Op::eq;
  std::vector<std::string> values;  // unquoted literal values; empty for exists
  bool negated = false;
  bool case_sensitive = false;
  // A source field compared with literal values only (not a computed column,
  // not a comparison inside iif/case): the rule's indicators.
  bool indicator = false;
  SourceRange range;
  uint32_t stage = 0;  // index into Rule::stages
  // Sigma field modifiers as written (`contains`, `base64offset`, `windash`,
  // ...), so that a value kept as written shows how it is transformed.
  std::vector<std::string> modifiers;
  // Filled in a catalog: per value, how many other rules have an indicator
  // with the same field, operator, flags and value. Empty outside a catalog.
  std::vector<uint32_t> corpus;
};

struct OutputField {
  std::string name;
  std::string stage;     // kind of the stage that produced it
  uint32_t stage_index = 0;
  // Set when the columns of a table pass through and no schema names them:
  // the field stands for "all columns of <all_columns_of>".
  std::string all_columns_of;
  // What the platform does with the field beyond showing it, when it does
  // something: "alerting score" for a Chronicle outcome's $risk_score.
  std::string role = {};
};

struct Technique {
  std::string id;    // T1059 or T1059.001
  std::string name;  // filled in from ATT&CK when a bundle is given
};

// Sentinel entity mappings: an entity type and its identifier -> column pairs.
struct EntityMapping {
  std::string entity_type;
  std::vector<std::pair<std::string, std::string>> fields;  // identifier, column
};

// Another rule that pins the same operation (API call, event id, action type).
struct SameAction {
  std::string id;
  std::string name;
  std::string platform;
  std::string action;  // the shared action value, e.g. GetCallerIdentity
};

// Rule::metadata key of the query with its macros expanded, for languages
// with macros (Splunk's SPL): rule pages show it as the expanded query.
inline constexpr std::string_view kExpandedQueryKey = "expanded search";

struct Rule {
  // Metadata.
  std::string id;
  std::string name;
  std::string description;
  std::string platform;  // sentinel, defender, sigma, elastic, splunk, chronicle
  std::string language;  // kql, sigma, eql, kuery, esql, lucene, spl, yara-l
  std::string severity;
  std::string status;
  std::string kind;  // Scheduled, NRT, hunting, query, ...
  std::vector<std::string> tactics;
  std::vector<Technique> techniques;
  std::vector<std::string> data_sources;
  // Other metadata as written (queryFrequency, version, tags, ...), key -> value.
  std::vector<std::pair<std::string, std::string>> metadata;

  // Sentinel alert shaping.
  std::vector<EntityMapping> entity_mappings;
  std::vector<std::pair<std::string, std::string>> custom_details;      // key -> column
  std::vector<std::pair<std::string, std::string>> alert_details;       // key -> format

  // Where the rule comes from.
  std::string file;
  std::string raw;           // the rule body exactly as written in the file
  uint32_t raw_line = 1;     // 1-based file line where raw begins (a stanza of a many-rule file)
  std::string query;         // the query text the front end parsed
  uint32_t query_line = 0;   // 1-based file line of the query's first line
  uint32_t query_indent = 0; // columns the file indents each query line by
  uint32_t query_index = 0;  // 0-based position among the queries of one file
  uint32_t query_count = 1;
  // Set when the file writes the query as one escaped string (a JSON "...\n..."
  // value, a Bicep '...\n...' literal): every query line sits on file line
  // query_line, and query_indent (the column after the quote) fits its first line.
  bool query_on_one_line = false;

  // Analysis.
  std::vector<Stage> stages;
  std::vector<Predicate> predicates;
  std::vector<OutputField> output_fields;
  std::vector<Diagnostic> diagnostics;
  // What the predicates mean together (see model/logic.h). Empty selections:
  // the front end did not say (a rule that did not parse).
  RuleLogic logic;

  // Repository items the rule belongs to or calls (Splunk stories, macros,
  // lookups), each once, in the order first named.
  std::vector<ItemRef> items;

  // Filled in a catalog: rules of this and of other platforms detecting the same action.
  std::vector<SameAction> same_action;
};

// The 1-based file line of the query's 1-based line `query_line_number`.
inline uint32_t query_file_line(const Rule& rule, uint32_t query_line_number) {
  uint32_t first = rule.query_line > 0 ? rule.query_line : 1;
  return rule.query_on_one_line ? first : first + query_line_number - 1;
}

}  // namespace ruledex
