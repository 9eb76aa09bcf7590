#pragma once
// Every KQL query of a set of rule files, as the readers find them: the input
// of the parser benchmark, the fuzz seeds and the differential test against
// the official parser (tools/kusto-oracle).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ruledex {

struct CorpusQuery {
  std::string file;   // the rule file, as collected
  uint32_t line = 0;    // 1-based file line of the query's first line
  uint32_t indent = 0;  // columns the file indents each query line by
  std::string text;     // the query text the KQL front end parses
};

// Reads every file below `paths` (collect_files) through decode_text and
// read_rule_file, and keeps the queries of rules whose language is KQL.
// Throws std::runtime_error naming the file when one cannot be read.
std::vector<CorpusQuery> load_kql_queries(const std::vector<std::filesystem::path>& paths);

// One JSON line per query: {"file", "line", "indent", "text", "errors"}, where
// errors are ruledex's own parse errors [{"message", "offset", "line",
// "column"}] (offset in bytes into text; line and column 1-based in text), so
// the differential test against the official parser needs no other tool.
std::string to_jsonl(const std::vector<CorpusQuery>& queries);

// The queries back from such JSON lines (only "text" is required).
// Throws std::runtime_error on a malformed line.
std::vector<CorpusQuery> read_jsonl(const std::filesystem::path& path);

}  // namespace ruledex
