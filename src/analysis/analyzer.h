#pragma once
// The analysis pipeline for one file: decode -> read -> parse -> lower, each
// query through the front end of its language. One bad rule never throws:
// problems end up as diagnostics on the rules (or on a placeholder rule).

#include <filesystem>
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
  bool recognised = false;
  std::vector<Rule> rules;
  std::vector<Diagnostic> diagnostics;  // problems that belong to no single rule
};

FileAnalysis analyze_file(const std::filesystem::path& path, const AnalysisOptions& options = {});
// The same on text already in memory (tests, fuzzing).
FileAnalysis analyze_text(const std::filesystem::path& path, std::string_view bytes,
                          const AnalysisOptions& options = {});

// Every regular file below each path (or the path itself), sorted, skipping
// hidden folders.
std::vector<std::filesystem::path> collect_files(const std::vector<std::filesystem::path>& paths);

}  // namespace ruledex
