// `ruledex build PATH... -o OUT`: the catalog of every rule below the paths.
//
// Exit codes: 0 the catalog was built (or was up to date); 1 it was built but
// some rules have errors and --strict was given; 2 usage or I/O errors.

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/terminal_text.h"
#include "catalog/catalog_builder.h"
#include "site/site_writer.h"
#include "cli/commands.h"

namespace ruledex::cli {
namespace {

constexpr int kBuilt = 0;
constexpr int kBuiltWithErrors = 1;
constexpr int kInputError = 2;

struct BuildCommandOptions {
  std::vector<std::string> paths;
  std::string out;
  std::string attack_file;
  std::string schemas_file;
  std::string families_file;
  unsigned jobs = 0;
  bool strict = false;
  bool force = false;
};

// The running executable's size and time: a rebuilt tool analyses afresh.
std::string tool_identity() {
  struct stat info {};
  if (stat("/proc/self/exe", &info) != 0) return "ruledex unknown build";
  return fmt::format("ruledex exe={}:{}.{}", info.st_size, info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
}

void show_progress(const BuildProgress& p) {
  const double seconds = p.elapsed.count();
  if (p.writing) {
    std::cerr << fmt::format("\r\033[Kwriting the catalog of {} rules", p.rules) << std::flush;
    return;
  }
  const double rate = seconds > 0 ? p.rules / seconds : 0;
  std::string eta = "-";
  if (p.files_done > 0 && p.files_done < p.files_total)
    eta = fmt::format("{:.0f}s", std::ceil(seconds * (p.files_total - p.files_done) / p.files_done));
  // \r and erase-line: one line that updates in place.
  std::cerr << fmt::format("\r\033[Kfiles {}/{}  rules {}  {:.0f} rules/s  left {}", p.files_done, p.files_total,
                           p.rules, rate, eta)
            << std::flush;
}

int run_build(const BuildCommandOptions& command) {
  BuildOptions options;
  for (const std::string& path : command.paths) options.inputs.emplace_back(path);
  options.out = command.out;
  if (!command.attack_file.empty()) options.attack_file = command.attack_file;
  if (!command.schemas_file.empty()) options.schemas_file = command.schemas_file;
  if (!command.families_file.empty()) options.families_file = command.families_file;
  options.jobs = command.jobs;
  options.force = command.force;
  options.tool_identity = tool_identity();
  options.extra_outputs = [](const Catalog& catalog, const AttackCatalog* attack, const std::filesystem::path& folder) {
    write_site(catalog, attack, folder / "site");
  };
  const bool terminal = isatty(STDERR_FILENO);
  if (terminal) options.progress = show_progress;

  BuildReport report;
  try {
    report = build_catalog(options);
  } catch (const BuildError& e) {
    if (terminal) std::cerr << "\r\033[K";
    std::cerr << "ruledex build: " << terminal_safe(e.what()) << "\n";
    return kInputError;
  }
  if (terminal) std::cerr << "\r\033[K";
  for (const std::string& note : report.notes) std::cerr << "ruledex build: " << terminal_safe(note) << "\n";
  for (const std::string& failure : report.failures) std::cerr << terminal_safe(failure) << "\n";
  std::cerr << fmt::format("{} {}: {} rules from {} files ({} reused), {} rules with errors\n",
                           report.up_to_date ? "up to date" : "built", terminal_safe(command.out), report.rules,
                           report.files, report.files_reused, report.rules_with_errors);
  return command.strict && report.rules_with_errors > 0 ? kBuiltWithErrors : kBuilt;
}

}  // namespace

void add_build_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BuildCommandOptions>();
  CLI::App* build = app.add_subcommand("build", "Build the catalog of every rule below the paths");
  build->add_option("PATH", options->paths, "Rule files or folders (read recursively)")->required();
  build->add_option("-o,--out", options->out, "Output folder: catalog.db, rules.ndjson, attack-layer.json")
      ->required();
  build->add_option("--attack", options->attack_file,
                    "MITRE ATT&CK STIX bundle (enterprise-attack.json) for technique names and tactics");
  build->add_option("--schemas", options->schemas_file,
                    "Log Analytics table schema CSV, to name the columns that pass through from tables");
  build->add_option("--action-families", options->families_file,
                    "Data-source families and action fields (default: the built-in data/action_families.json)");
  build->add_option("-j,--jobs", options->jobs, "Analysis threads (default: one per core)")
      ->check(CLI::Range(1u, 1024u));
  build->add_flag("--strict", options->strict, "Exit 1 when any rule has an error");
  build->add_flag("--force", options->force, "Rebuild everything: analyse every file afresh, ignoring the cache");
  build->callback([options, &exit_code] { exit_code = run_build(*options); });
}

}  // namespace ruledex::cli
