#pragma once
// The analysis pipeline for one file: decode -> read -> parse -> lower, each
// query through the front end of its language. One bad rule never throws:
// problems end up as diagnostics on the rules (or on the file).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/rule.h"

namespace ruledex {

class AttackCatalog;
class TableSchemas;

class FileReadError;

// The largest rule file read; a larger one is reported, not read.
constexpr uint64_t kMaxRuleFileBytes = uint64_t{64} << 20;
// The most diagnostics kept for one file, over the file and its rules; one
// more on the file counts those left out.
constexpr size_t kMaxDiagnosticsPerFile = 100;

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

// The bytes of a rule file as analyze_file reads them: a regular file of at
// most kMaxRuleFileBytes (a FIFO or device is refused, never waited on).
// Throws FileReadError, also for a folder (why it cannot be listed).
std::string read_rule_bytes(const std::filesystem::path& path);
// What analyze_file gives for a path read_rule_bytes refused: format
// "unreadable" and one error, "cannot read the file: <reason>" (or "cannot
// list the folder: <reason>").
FileAnalysis unreadable_file(const std::filesystem::path& path, const FileReadError& error);

// Every regular file below each path (or the path itself), sorted, skipping
// hidden folders and files and whatever is not a regular file (FIFOs,
// sockets, devices). A path that does not exist and a folder that cannot be
// listed are kept, so that analysing them reports the error.
std::vector<std::filesystem::path> collect_files(const std::vector<std::filesystem::path>& paths);

}  // namespace ruledex
