#pragma once
// The analysis pipeline for one file: decode -> read -> parse -> lower, each
// query through the front end of its language. One bad rule never throws:
// problems end up as diagnostics on the rules (or on the file).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/rule.h"

namespace ruledex {

class AttackCatalog;
class TableSchemas;

struct AnalysisOptions {
  const AttackCatalog* attack = nullptr;  // technique names, revoked/deprecated warnings
  const TableSchemas* schemas = nullptr;  // pass-through columns of tables
};

struct FileAnalysis {
  std::filesystem::path path;
  bool recognised = false;  // false: not a rule file (or unreadable)
  std::string format;       // see ReadResult::format; "unreadable" when the file could not be read
  std::string platform;     // when known, also for files that hold no rule
  std::vector<Rule> rules;
  std::vector<RepositoryItem> items;  // what a file holding no rule defines (Splunk story, macro, lookup)
  // Problems that belong to no single rule: I/O errors, repaired bytes outside
  // every query. Problems inside a rule's text are on the rule.
  std::vector<Diagnostic> diagnostics;
};

FileAnalysis analyze_file(const std::filesystem::path& path, const AnalysisOptions& options = {});
// The same on bytes already in memory (tests, fuzzing).
FileAnalysis analyze_text(const std::filesystem::path& path, std::string_view bytes,
                          const AnalysisOptions& options = {});

// Every regular file below each path (or the path itself), sorted, skipping
// hidden folders and files. A path that does not exist is kept, so that
// analysing it reports the error.
std::vector<std::filesystem::path> collect_files(const std::vector<std::filesystem::path>& paths);

}  // namespace ruledex
