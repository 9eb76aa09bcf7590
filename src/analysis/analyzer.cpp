#include "analysis/analyzer.h"

#include <algorithm>
#include <exception>

#include "analysis/attack_enrichment.h"
#include "analysis/frontend.h"
#include "base/source_text.h"
#include "readers/rule_reader.h"

namespace ruledex {
namespace {

// True when file line `line` lies in the rule's text: the whole file for rules
// whose raw body is the file, else the lines of its query.
bool rule_covers_line(const Rule& rule, uint32_t line, size_t file_size) {
  if (rule.raw.size() == file_size) return true;
  uint32_t last = rule.query_line + static_cast<uint32_t>(std::count(rule.query.begin(), rule.query.end(), '\n'));
  return line >= rule.query_line && line <= last;
}

// Puts each file-level diagnostic on the rules whose text holds its line;
// the others stay on the file.
void attach_to_rules(std::vector<Diagnostic> diagnostics, size_t file_size, FileAnalysis& analysis) {
  for (Diagnostic& diagnostic : diagnostics) {
    bool attached = false;
    for (Rule& rule : analysis.rules) {
      if (diagnostic.line == 0 || !rule_covers_line(rule, diagnostic.line, file_size)) continue;
      rule.diagnostics.push_back(diagnostic);
      attached = true;
    }
    if (!attached) analysis.diagnostics.push_back(std::move(diagnostic));
  }
}

void analyze_rule(Rule& rule, const AnalysisOptions& options) {
  if (options.attack) enrich_attack(rule, *options.attack);
  if (rule.language.empty()) return;
  FrontEnd front_end = find_front_end(rule.language);
  if (!front_end) {
    rule.diagnostics.push_back({Severity::note, "no front end for " + rule.language + " yet", rule.file, 0, 0});
    return;
  }
  if (rule.query.find_first_not_of(" \t\n") == std::string::npos) return;  // the reader said why
  try {
    front_end(rule, options);
  } catch (const std::exception& e) {
    rule.diagnostics.push_back({Severity::error, std::string("internal error while analysing the query: ") + e.what(),
                                rule.file, rule.query_line, 0});
  }
}

}  // namespace

FileAnalysis analyze_text(const std::filesystem::path& path, std::string_view bytes, const AnalysisOptions& options) {
  FileAnalysis analysis;
  analysis.path = path;
  std::string file = path.generic_string();
  DecodedText decoded = decode_text(bytes);
  ReadResult read = read_rule_file(file, decoded.text);
  analysis.recognised = read.recognised;
  analysis.format = std::move(read.format);
  analysis.platform = std::move(read.platform);
  analysis.rules = std::move(read.rules);
  analysis.items = std::move(read.items);
  for (Rule& rule : analysis.rules) analyze_rule(rule, options);

  std::vector<Diagnostic> file_diagnostics = std::move(read.diagnostics);
  for (const TextRepair& repair : decoded.repairs)
    file_diagnostics.push_back({Severity::warning, "text repaired: " + repair.message, file, repair.line, repair.column});
  attach_to_rules(std::move(file_diagnostics), decoded.text.size(), analysis);
  return analysis;
}

FileAnalysis analyze_file(const std::filesystem::path& path, const AnalysisOptions& options) {
  std::string bytes;
  try {
    bytes = read_file_bytes(path);
  } catch (const std::exception& e) {
    FileAnalysis analysis;
    analysis.path = path;
    analysis.format = "unreadable";
    analysis.diagnostics.push_back({Severity::error, std::string("cannot read the file: ") + e.what(),
                                    path.generic_string(), 0, 0});
    return analysis;
  }
  return analyze_text(path, bytes, options);
}

std::vector<std::filesystem::path> collect_files(const std::vector<std::filesystem::path>& paths) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const fs::path& root : paths) {
    std::error_code error;
    if (!fs::is_directory(root, error)) {
      files.push_back(root);
      continue;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error), end;
    for (; !error && it != end; it.increment(error)) {
      bool hidden = it->path().filename().string().starts_with('.');
      if (hidden) {
        if (it->is_directory(error)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(error)) files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace ruledex
