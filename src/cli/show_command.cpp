// `ruledex show FILE`: the rule page of every query in one rule file.
//
// Exit codes: 0 the page was written (whatever the rules' own diagnostics say);
// 1 the file was read but holds no rule ruledex reads; 2 usage or input errors
// (missing file, unreadable or malformed --attack / --schemas file).

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "analysis/analyzer.h"
#include "attack/attack_catalog.h"
#include "base/terminal_text.h"
#include "cli/commands.h"
#include "render/render.h"
#include "schema/table_schemas.h"

namespace ruledex::cli {
namespace {

constexpr int kShown = 0;
constexpr int kNoRule = 1;
constexpr int kInputError = 2;

struct ShowOptions {
  std::string file;
  std::string format = "text";
  std::string attack_file;
  std::string schemas_file;
};

int fail(const std::string& message, int code) {
  std::cerr << "ruledex show: " << terminal_safe(message) << "\n";
  return code;
}

void print_file_diagnostics(const FileAnalysis& analysis) {
  for (const auto& diagnostic : analysis.diagnostics) {
    std::cerr << terminal_safe(diagnostic.file.empty() ? analysis.path.string() : diagnostic.file);
    if (diagnostic.line > 0) std::cerr << ":" << diagnostic.line;
    if (diagnostic.line > 0 && diagnostic.column > 0) std::cerr << ":" << diagnostic.column;
    std::cerr << ": " << to_string(diagnostic.severity) << ": " << terminal_safe(diagnostic.message) << "\n";
  }
}

int run_show(const ShowOptions& options) {
  const std::filesystem::path path(options.file);
  std::error_code error;
  // An error here (no permission to look) is reported by reading the file.
  if (!std::filesystem::exists(path, error) && !error) return fail(options.file + ": no such file", kInputError);
  if (std::filesystem::is_directory(path, error))
    return fail(options.file + " is a folder; show takes one rule file (`ruledex stats` reads folders)", kInputError);
  const Format format = format_from_string(options.format).value_or(Format::text);

  std::optional<AttackCatalog> attack;
  std::optional<TableSchemas> schemas;
  FileAnalysis analysis;
  try {
    if (!options.attack_file.empty()) attack = AttackCatalog::load(options.attack_file);
    if (!options.schemas_file.empty()) schemas = TableSchemas::load_csv(options.schemas_file);
    AnalysisOptions analysis_options;
    analysis_options.attack = attack ? &*attack : nullptr;
    analysis_options.schemas = schemas ? &*schemas : nullptr;
    analysis = analyze_file(path, analysis_options);
  } catch (const std::exception& e) {
    return fail(e.what(), kInputError);
  }

  print_file_diagnostics(analysis);
  if (analysis.format == "unreadable") return fail(options.file + ": cannot be read", kInputError);
  if (!analysis.recognised)
    return fail(options.file + ": not a rule file ruledex recognises", kNoRule);
  if (analysis.rules.empty()) return fail(options.file + ": no queries found", kNoRule);
  std::cout << render_rules(analysis.rules, format);
  return kShown;
}

}  // namespace

void add_show_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* show = app.add_subcommand("show", "Show what the rules in one file do: the rule page");
  show->add_option("FILE", options->file, "A rule file (Sentinel YAML, Defender Markdown, KQL text)")->required();
  show->add_option("--format", options->format, "Output format: text (default), markdown, json or html")
      ->check(CLI::IsMember({"text", "markdown", "json", "html"}));
  show->add_option("--attack", options->attack_file,
                   "MITRE ATT&CK STIX bundle (enterprise-attack.json) for technique names");
  show->add_option("--schemas", options->schemas_file,
                   "Log Analytics table schema CSV, to name the columns that pass through from tables");
  show->callback([options, &exit_code] { exit_code = run_show(*options); });
}

}  // namespace ruledex::cli
