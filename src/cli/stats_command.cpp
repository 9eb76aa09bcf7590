// `ruledex stats DIR...`: what the analysis finds in a tree of rule files, per
// platform: files, rules and queries, how many queries parse cleanly, the
// names the front ends did not know (warnings with an unknown_kind: SPL
// macros and commands), and every error as
// `file:line:column: message`. Exit code 0 whenever it ran.

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "analysis/frontend.h"
#include "base/parallel.h"
#include "base/terminal_text.h"
#include "cli/commands.h"

namespace ruledex::cli {
namespace {

struct Failure {
  Diagnostic diagnostic;
  std::string rule;  // the rule's name; empty for file-level problems
};

// What one file contributes; small, so the whole tree's summaries stay cheap.
struct FileSummary {
  std::string platform;
  std::string format;
  bool has_rules = false;
  size_t rules = 0;
  size_t queries = 0;      // rules analysed by a front end
  size_t clean = 0;        // of those, without error diagnostics
  size_t unsupported = 0;  // rules of a language without a front end
  std::vector<Failure> failures;
  std::vector<std::pair<std::string, std::string>> unknown;  // "unknown macro", its warning's message
};

bool has_error(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

void add_errors(const std::vector<Diagnostic>& diagnostics, const std::string& rule, std::vector<Failure>& out) {
  for (const Diagnostic& diagnostic : diagnostics)
    if (diagnostic.severity == Severity::error) out.push_back({diagnostic, rule});
}

FileSummary summarise(const std::filesystem::path& path) {
  FileAnalysis analysis = analyze_file(path);
  FileSummary summary;
  summary.platform = analysis.platform;
  summary.format = analysis.format;
  summary.has_rules = analysis.recognised;
  summary.rules = analysis.rules.size();
  for (const Rule& rule : analysis.rules) {
    bool analysed = !rule.language.empty() && find_front_end(rule.language) && !rule.query.empty();
    if (analysed) {
      ++summary.queries;
      if (!has_error(rule.diagnostics)) ++summary.clean;
    } else if (!rule.language.empty() && !find_front_end(rule.language)) {
      ++summary.unsupported;
    }
    add_errors(rule.diagnostics, rule.name, summary.failures);
    for (const Diagnostic& d : rule.diagnostics)
      if (!d.unknown_kind.empty()) summary.unknown.emplace_back("unknown " + d.unknown_kind, d.message);
  }
  add_errors(analysis.diagnostics, "", summary.failures);
  return summary;
}

// Summaries in file order, computed on every core.
std::vector<FileSummary> summarise_all(const std::vector<std::filesystem::path>& files) {
  std::vector<FileSummary> summaries(files.size());
  parallel_for(files.size(), [&](size_t i) { summaries[i] = summarise(files[i]); });
  return summaries;
}

struct PlatformTotals {
  size_t files = 0, rules = 0, queries = 0, clean = 0, unsupported = 0;
  std::map<std::string, size_t> unknown_kinds;     // "unknown macro" -> warnings
  std::map<std::pair<std::string, std::string>, size_t> unknown_messages;  // kind, message -> warnings
};

struct Totals {
  size_t files = 0;
  std::vector<std::pair<std::string, PlatformTotals>> platforms;  // KQL platforms first
  std::map<std::string, size_t> other_files;                     // files holding no rule, by format
  std::vector<Failure> failures;
};

int platform_rank(const std::string& platform) {
  static const std::vector<std::string> kOrder = {"sentinel", "defender", "sigma", "elastic", "splunk", "chronicle"};
  auto it = std::find(kOrder.begin(), kOrder.end(), platform);
  return static_cast<int>(it - kOrder.begin());
}

Totals add_up(std::vector<FileSummary>& summaries) {
  Totals totals;
  totals.files = summaries.size();
  std::map<std::string, PlatformTotals> platforms;
  for (FileSummary& file : summaries) {
    if (file.has_rules) {
      PlatformTotals& p = platforms[file.platform];
      ++p.files;
      p.rules += file.rules;
      p.queries += file.queries;
      p.clean += file.clean;
      p.unsupported += file.unsupported;
      for (const auto& [kind, message] : file.unknown) {
        ++p.unknown_kinds[kind];
        ++p.unknown_messages[{kind, message}];
      }
    } else {
      ++totals.other_files[file.platform.empty() ? file.format : file.platform + " " + file.format];
    }
    for (Failure& failure : file.failures) totals.failures.push_back(std::move(failure));
  }
  totals.platforms.assign(platforms.begin(), platforms.end());
  std::stable_sort(totals.platforms.begin(), totals.platforms.end(),
                   [](const auto& a, const auto& b) { return platform_rank(a.first) < platform_rank(b.first); });
  return totals;
}

std::string location(const Diagnostic& d) {
  std::string out = terminal_safe(d.file);
  if (d.line > 0) out += fmt::format(":{}", d.line);
  if (d.line > 0 && d.column > 0) out += fmt::format(":{}", d.column);
  return out;
}

void print_text(const Totals& totals) {
  fmt::print("{} files\n\n", totals.files);
  fmt::print("{:<12}{:>7}{:>7}{:>9}{:>7}{:>8}{:>14}\n", "platform", "files", "rules", "queries", "clean", "failed",
             "no front end");
  for (const auto& [name, p] : totals.platforms)
    fmt::print("{:<12}{:>7}{:>7}{:>9}{:>7}{:>8}{:>14}\n", name, p.files, p.rules, p.queries, p.clean,
               p.queries - p.clean, p.unsupported);
  if (!totals.other_files.empty()) {
    size_t count = 0;
    std::string kinds;
    for (const auto& [format, n] : totals.other_files) {
      count += n;
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", format, n);
    }
    fmt::print("\nfiles holding no rule: {} ({})\n", count, kinds);
  }
  for (const auto& [name, p] : totals.platforms) {
    if (p.unknown_kinds.empty()) continue;
    std::string kinds;
    for (const auto& [kind, n] : p.unknown_kinds) kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", kind, n);
    fmt::print("\nunknown names in {} (warnings): {}\n", name, kinds);
    for (const auto& [message, n] : p.unknown_messages) fmt::print("{:>7}  {}\n", n, terminal_safe(message.second));
  }
  if (!totals.failures.empty()) {
    fmt::print("\nfailures ({}):\n", totals.failures.size());
    for (const Failure& failure : totals.failures)
      fmt::print("{}: {}\n", location(failure.diagnostic), terminal_safe(failure.diagnostic.message));
  }
}

void print_json(const Totals& totals) {
  nlohmann::ordered_json out;
  out["files"] = totals.files;
  out["platforms"] = nlohmann::ordered_json::array();
  for (const auto& [name, p] : totals.platforms)
    out["platforms"].push_back({{"platform", name}, {"files", p.files}, {"rules", p.rules}, {"queries", p.queries},
                                {"clean", p.clean}, {"failed", p.queries - p.clean}, {"no_front_end", p.unsupported},
                                {"unknown", p.unknown_kinds}});
  out["files_without_rules"] = totals.other_files;
  out["unknown_names"] = nlohmann::ordered_json::array();
  for (const auto& [name, p] : totals.platforms)
    for (const auto& [message, n] : p.unknown_messages)
      out["unknown_names"].push_back(
          {{"platform", name}, {"kind", message.first}, {"message", message.second}, {"count", n}});
  out["failures"] = nlohmann::ordered_json::array();
  for (const Failure& f : totals.failures)
    out["failures"].push_back({{"file", f.diagnostic.file}, {"line", f.diagnostic.line},
                               {"column", f.diagnostic.column}, {"message", f.diagnostic.message}, {"rule", f.rule}});
  std::cout << out.dump(2) << "\n";
}

}  // namespace

void add_stats_command(CLI::App& app, int& exit_code) {
  struct Options {
    std::vector<std::string> paths;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("stats", "Count the rules and queries in folders and list every parse failure");
  command->add_option("paths", options->paths, "Rule files or folders")->required();
  command->add_flag("--json", options->json, "Write the statistics as JSON");
  command->callback([options, &exit_code] {
    std::vector<std::filesystem::path> roots(options->paths.begin(), options->paths.end());
    std::vector<FileSummary> summaries = summarise_all(collect_files(roots));
    Totals totals = add_up(summaries);
    if (options->json) {
      print_json(totals);
    } else {
      print_text(totals);
    }
    exit_code = 0;
  });
}

}  // namespace ruledex::cli
