#include "analysis/analyzer.h"

#include <algorithm>
#include <exception>
#include <iterator>

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

// Keeps kMaxDiagnosticsPerFile diagnostics of the file and its rules: errors
// first, then warnings, then notes, each in file order. A rule keeps its first
// error even past the cap, so that it still counts as failed. One diagnostic
// more on the file counts the ones left out, here and before (left_out).
void cap_diagnostics(FileAnalysis& analysis, size_t left_out) {
  std::vector<std::vector<Diagnostic>*> lists = {&analysis.diagnostics};
  for (Rule& rule : analysis.rules) lists.push_back(&rule.diagnostics);
  size_t total = 0;
  for (const auto* list : lists) total += list->size();
  if (total <= kMaxDiagnosticsPerFile && left_out == 0) return;

  std::vector<std::vector<char>> keep(lists.size());
  size_t kept = 0;
  for (size_t l = 0; l < lists.size(); ++l) {
    keep[l].resize(lists[l]->size());
    auto first_error = std::find_if(lists[l]->begin(), lists[l]->end(),
                                    [](const Diagnostic& d) { return d.severity == Severity::error; });
    if (l > 0 && first_error != lists[l]->end()) {
      keep[l][first_error - lists[l]->begin()] = 1;
      ++kept;
    }
  }
  for (Severity severity : {Severity::error, Severity::warning, Severity::note})
    for (size_t l = 0; l < lists.size(); ++l)
      for (size_t d = 0; d < lists[l]->size() && kept < kMaxDiagnosticsPerFile; ++d)
        if (!keep[l][d] && (*lists[l])[d].severity == severity) {
          keep[l][d] = 1;
          ++kept;
        }
  for (size_t l = 0; l < lists.size(); ++l) {
    std::vector<Diagnostic> kept_here;
    for (size_t d = 0; d < lists[l]->size(); ++d)
      if (keep[l][d]) kept_here.push_back(std::move((*lists[l])[d]));
    left_out += lists[l]->size() - kept_here.size();
    *lists[l] = std::move(kept_here);
  }
  analysis.diagnostics.push_back({Severity::warning,
                                  "... and " + std::to_string(left_out) + " more diagnostics (at most " +
                                      std::to_string(kMaxDiagnosticsPerFile) + " are kept per file)",
                                  analysis.path.generic_string(), 0, 0});
}

// Adds the regular files below `root` to files, and each folder that cannot be
// listed. Links to folders are not followed (no loops); links to files are.
void add_folder_files(const std::filesystem::path& root, std::vector<std::filesystem::path>& files) {
  namespace fs = std::filesystem;
  std::vector<fs::path> folders = {root};
  while (!folders.empty()) {
    const fs::path folder = std::move(folders.back());
    folders.pop_back();
    std::error_code error;
    fs::directory_iterator it(folder, error), end;
    for (; !error && it != end; it.increment(error)) {
      if (it->path().filename().string().starts_with('.')) continue;  // hidden
      std::error_code status_error;  // a dangling or looping link is no file: skipped
      if (fs::is_directory(it->symlink_status(status_error)))
        folders.push_back(it->path());
      else if (it->is_regular_file(status_error))
        files.push_back(it->path());
    }
    if (error) files.push_back(folder);
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
  DecodedText decoded = decode_text(bytes, kMaxDiagnosticsPerFile);
  std::vector<Diagnostic> text_diagnostics;
  for (TextProblem& problem : decoded.problems)
    text_diagnostics.push_back({Severity::warning, std::move(problem.message), file, problem.line, problem.column});
  if (!decoded.is_text) {
    analysis.format = "binary";
    analysis.diagnostics = std::move(text_diagnostics);
    return analysis;
  }
  ReadResult read = read_rule_file(file, decoded.text);
  analysis.recognised = read.recognised;
  analysis.format = std::move(read.format);
  analysis.platform = std::move(read.platform);
  analysis.rules = std::move(read.rules);
  analysis.items = std::move(read.items);
  for (Rule& rule : analysis.rules) analyze_rule(rule, options);

  std::vector<Diagnostic> file_diagnostics = std::move(read.diagnostics);
  std::move(text_diagnostics.begin(), text_diagnostics.end(), std::back_inserter(file_diagnostics));
  attach_to_rules(std::move(file_diagnostics), decoded.text.size(), analysis);
  cap_diagnostics(analysis, decoded.problems_left_out);
  return analysis;
}

std::string read_rule_bytes(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    std::filesystem::directory_iterator listing(path, error);
    throw FileReadError(path, error ? error.message() : "is a folder");
  }
  return read_file_bytes(path, kMaxRuleFileBytes);
}

FileAnalysis unreadable_file(const std::filesystem::path& path, const FileReadError& error) {
  std::error_code ec;
  const char* what = std::filesystem::is_directory(path, ec) ? "cannot list the folder: " : "cannot read the file: ";
  FileAnalysis analysis;
  analysis.path = path;
  analysis.format = "unreadable";
  analysis.diagnostics.push_back({Severity::error, what + error.reason(), path.generic_string(), 0, 0});
  return analysis;
}

FileAnalysis analyze_file(const std::filesystem::path& path, const AnalysisOptions& options) {
  std::string bytes;
  try {
    bytes = read_rule_bytes(path);
  } catch (const FileReadError& e) {
    return unreadable_file(path, e);
  }
  return analyze_text(path, bytes, options);
}

std::vector<std::filesystem::path> collect_files(const std::vector<std::filesystem::path>& paths) {
  std::vector<std::filesystem::path> files;
  for (const std::filesystem::path& root : paths) {
    std::error_code error;
    if (std::filesystem::is_directory(root, error))
      add_folder_files(root, files);
    else
      files.push_back(root);
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace ruledex
