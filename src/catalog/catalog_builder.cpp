#include "catalog/catalog_builder.h"

#include <stdio.h>  // renameat2
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <fstream>
#include <mutex>
#include <thread>

#include "analysis/analyzer.h"
#include "attack/attack_catalog.h"
#include "base/source_text.h"
#include "catalog/action_families.h"
#include "catalog/analysis_cache.h"
#include "catalog/attack_layer.h"
#include "catalog/catalog_db.h"
#include "catalog/catalog_folder.h"
#include "catalog/corpus_counts.h"
#include "catalog/repository_items.h"
#include "render/render.h"
#include "schema/table_schemas.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;


std::string read_option_file(const fs::path& path, std::string_view option) {
  try {
    return read_file_bytes(path);
  } catch (const FileReadError& e) {
    throw BuildError(std::string(option) + " " + e.what());
  }
}

std::string hex(uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

// Runs work(i) for i in [0, count) on `jobs` threads, reporting progress from
// the calling thread. Each i runs exactly once; results go where work puts them.
void parallel_for(size_t count, unsigned jobs, const std::function<void(size_t)>& work,
                  const std::function<void(size_t done)>& tick) {
  std::atomic<size_t> next{0}, done{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < count;) {
      work(i);
      done.fetch_add(1);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < std::max(1u, jobs); ++t) threads.emplace_back(worker);
  if (tick) {
    while (done.load() < count) {
      tick(done.load());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    tick(count);
  }
  for (std::thread& thread : threads) thread.join();
}

// Runs every task on a thread of its own (writers mostly wait on I/O) and
// rethrows the first failure once all are done.
void run_concurrently(const std::vector<std::function<void()>>& tasks) {
  std::vector<std::exception_ptr> errors(tasks.size());
  std::vector<std::thread> threads;
  for (size_t t = 0; t < tasks.size(); ++t)
    threads.emplace_back([&, t] {
      try {
        tasks[t]();
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
}

FileAnalysis failed_analysis(const fs::path& path, std::string format, std::string message) {
  FileAnalysis failed;
  failed.path = path;
  failed.format = std::move(format);
  failed.diagnostics.push_back({Severity::error, std::move(message), path.string(), 0, 0});
  return failed;
}

// Reads and analyses one file, setting its content hash when it can be read.
FileAnalysis analyze_safely(const fs::path& path, const AnalysisOptions& options, uint64_t& hash) {
  std::string bytes;
  try {
    bytes = read_rule_bytes(path);
  } catch (const FileReadError& e) {
    return unreadable_file(path, e);
  }
  hash = content_hash(bytes);
  try {
    return analyze_text(path, bytes, options);
  } catch (const std::exception& e) {
    return failed_analysis(path, "", std::string("analysis failed: ") + e.what());
  }
}

std::string failure_line(const std::string& file, const Diagnostic& d) {
  const std::string& where = d.file.empty() ? file : d.file;
  if (d.line == 0) return where + ": " + d.message;
  return where + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message;
}

void report_failures(const Catalog& catalog, BuildReport& report) {
  for (const CatalogFile& file : catalog.files) {
    for (const Diagnostic& d : file.diagnostics)
      if (d.severity == Severity::error) report.failures.push_back(failure_line(file.path, d));
    for (uint32_t r = file.first_rule; r < file.first_rule + file.rule_count; ++r) {
      bool failed = false;
      for (const Diagnostic& d : catalog.rules[r].diagnostics)
        if (d.severity == Severity::error) {
          report.failures.push_back(failure_line(file.path, d));
          failed = true;
        }
      report.rules_with_errors += failed;
    }
  }
  report.rules = catalog.rules.size();
}

// Throws the error of a stream that failed, naming its cause.
void check_written(std::ofstream& out, const fs::path& path) {
  if (!out.flush()) throw BuildError(path.string() + ": cannot write the file: " + std::strerror(errno));
}

void write_text(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  check_written(out, path);
}

void write_ndjson(const fs::path& path, const Catalog& catalog) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const Rule& rule : catalog.rules) {
    // A stray invalid byte in one rule must not abort the whole output.
    out << rule_to_json(rule).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  check_written(out, path);
}

// Whether path is folder or below it, comparing components.
bool is_within(const fs::path& path, const fs::path& folder) {
  return std::mismatch(folder.begin(), folder.end(), path.begin(), path.end()).first == folder.end();
}

fs::path real_path(const fs::path& path) {
  std::error_code ec;
  fs::path real = fs::weakly_canonical(fs::absolute(path), ec);
  if (ec) real = fs::absolute(path).lexically_normal();
  return real.has_filename() ? real : real.parent_path();
}

// Where the catalog goes: OUT's real path, through symlinks (dangling ones too).
fs::path resolve_out(const fs::path& out) {
  fs::path path = fs::absolute(out).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  std::error_code ec;
  for (int hops = 0; hops < 40 && fs::is_symlink(path, ec); ++hops) {
    const fs::path target = fs::read_symlink(path, ec);
    if (ec) break;
    path = (path.parent_path() / target).lexically_normal();  // an absolute target replaces the parent
    if (!path.has_filename()) path = path.parent_path();
  }
  return real_path(path);
}

// Refuses an OUT that is an input or holds one; returns the folders of the
// inputs' files to leave out, as the inputs name them, when OUT is inside an input.
std::vector<fs::path> check_out_against_inputs(const fs::path& out, const BuildOptions& options) {
  std::vector<fs::path> excluded;
  for (const fs::path& input : options.inputs) {
    const fs::path real = real_path(input);
    if (is_within(real, out))
      throw BuildError(options.out.string() + ": is or holds the input " + input.string() +
                       "; refusing to build the catalog there");
    if (is_within(out, real)) excluded.push_back((input / out.lexically_relative(real)).lexically_normal());
  }
  return excluded;
}

std::vector<fs::path> input_files(const BuildOptions& options, const std::vector<fs::path>& excluded) {
  std::vector<fs::path> paths = collect_files(options.inputs);
  std::erase_if(paths, [&](const fs::path& path) {
    const fs::path normal = path.lexically_normal();
    return std::any_of(excluded.begin(), excluded.end(), [&](const fs::path& out) { return is_within(normal, out); });
  });
  return paths;
}

// Puts `fresh` in place of `out` in one step when out exists (rename-exchange),
// then removes the previous catalog.
void move_into_place(const fs::path& fresh, const fs::path& out) {
  std::error_code ec;
  if (fs::exists(out, ec)) {
    if (renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) != 0)
      throw BuildError(out.string() + ": cannot replace the catalog: " + std::strerror(errno));
    fs::remove_all(fresh, ec);  // now the previous catalog
    return;
  }
  fs::rename(fresh, out, ec);
  if (ec) throw BuildError(out.string() + ": cannot create the catalog: " + ec.message());
}

// A process's start time (/proc/PID/stat field 22); nullopt when there is no such process.
std::optional<std::string> process_start(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return std::nullopt;
  const size_t name_end = stat.rfind(')');  // the name in parentheses may hold spaces
  if (name_end == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(name_end + 1));
  std::string field;
  for (int number = 3; number <= 22; ++number)
    if (!(fields >> field)) return std::nullopt;
  return field;
}

// Names this build among all processes, over pid reuse: pid-starttime.
std::string build_id() {
  const std::string pid = std::to_string(getpid());
  return pid + "-" + process_start(pid).value_or("0");
}

// Temporary folders of builds that were killed: .OUT.tmp-<pid>-<start> of no
// live process started then (.OUT.tmp-<pid>, of older builds: of no live process).
void remove_stale_temporaries(const fs::path& out) {
  const std::string prefix = "." + out.filename().string() + ".tmp-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(out.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string id = name.substr(prefix.size());
    const size_t dash = id.find('-');
    const std::string pid = id.substr(0, dash), start = dash == std::string::npos ? "" : id.substr(dash + 1);
    auto digits = [](const std::string& text) { return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos; };
    if (!digits(pid) || (dash != std::string::npos && !digits(start))) continue;
    const std::optional<std::string> running = process_start(pid);
    if (!running || (!start.empty() && *running != start)) fs::remove_all(entry.path(), ec);
  }
}

struct Keys {
  std::string analysis;  // what the analysis of one file depends on besides its bytes
  std::string build;     // what the whole output depends on besides the files
};

// The option files, read up front: their contents are part of the cache keys.
struct OptionFiles {
  std::string attack;
  std::string schemas;
  std::string families_text{ActionFamilies::builtin_text()};
  std::optional<ActionFamilies> families;  // from --action-families

  explicit OptionFiles(const BuildOptions& options) {
    if (options.attack_file) attack = read_option_file(*options.attack_file, "--attack");
    if (options.schemas_file) schemas = read_option_file(*options.schemas_file, "--schemas");
    if (!options.families_file) return;
    families_text = read_option_file(*options.families_file, "--action-families");
    try {
      families = ActionFamilies::parse(families_text, options.families_file->string());
    } catch (const std::runtime_error& e) {
      throw BuildError(e.what());
    }
  }

  Keys keys(const BuildOptions& options) const {
    Keys keys;
    keys.analysis = options.tool_identity + " attack=" + (options.attack_file ? hex(content_hash(attack)) : "-") +
                    " schemas=" + (options.schemas_file ? hex(content_hash(schemas)) : "-");
    keys.build = keys.analysis + " families=" + hex(content_hash(families_text)) +
                 " db=" + std::to_string(kCatalogSchemaVersion) + " json=" + std::to_string(kRuleJsonSchemaVersion);
    return keys;
  }
};

// The parsed --attack and --schemas files, parsed once on first need (an
// up-to-date or fully cached build never parses them). Thread-safe.
class LazyAnalysisOptions {
 public:
  LazyAnalysisOptions(const BuildOptions& options, const OptionFiles& files) : options_(options), files_(files) {}

  // Throws BuildError when a file is malformed.
  const AnalysisOptions& get() {
    std::call_once(loaded_, [this] {
      try {
        if (options_.attack_file) attack_ = AttackCatalog::parse(files_.attack, options_.attack_file->string());
        if (options_.schemas_file) schemas_ = TableSchemas::parse_csv(files_.schemas, options_.schemas_file->string());
      } catch (const std::exception& e) {
        error_ = e.what();
      }
      analysis_.attack = attack_ ? &*attack_ : nullptr;
      analysis_.schemas = schemas_ ? &*schemas_ : nullptr;
    });
    if (error_) throw BuildError(*error_);
    return analysis_;
  }

 private:
  const BuildOptions& options_;
  const OptionFiles& files_;
  std::once_flag loaded_;
  std::optional<std::string> error_;
  std::optional<AttackCatalog> attack_;
  std::optional<TableSchemas> schemas_;
  AnalysisOptions analysis_;
};

// Hashes of every file's content; 0 with hashed[i] false when unreadable.
struct FileHashes {
  std::vector<uint64_t> hashes;
  std::vector<char> hashed;
};

FileHashes hash_files(const std::vector<fs::path>& paths, unsigned jobs) {
  FileHashes result{std::vector<uint64_t>(paths.size()), std::vector<char>(paths.size(), 0)};
  parallel_for(
      paths.size(), jobs,
      [&](size_t i) {
        try {
          result.hashes[i] = content_hash(read_rule_bytes(paths[i]));
          result.hashed[i] = 1;
        } catch (const FileReadError&) {
        }
      },
      {});
  return result;
}

// The same files with the same contents under the same keys (the outputs are checked apart).
bool is_up_to_date(const AnalysisCache& cache, const Keys& keys, const std::vector<fs::path>& paths,
                   const FileHashes& files) {
  if (cache.build_key() != keys.build || cache.files().size() != paths.size()) return false;
  for (size_t i = 0; i < paths.size(); ++i)
    if (!files.hashed[i] || cache.files()[i].first != paths[i].string() || cache.files()[i].second != files.hashes[i])
      return false;
  return true;
}

Catalog assemble(std::vector<CachedFile>& results) {
  Catalog catalog;
  size_t rules = 0;
  for (const CachedFile& result : results) rules += result.rules.size();
  catalog.rules.reserve(rules);
  for (CachedFile& result : results) {
    CatalogFile file;
    file.path = std::move(result.path);
    file.recognised = result.recognised;
    file.format = std::move(result.format);
    file.platform = std::move(result.platform);
    file.diagnostics = std::move(result.diagnostics);
    file.first_rule = static_cast<uint32_t>(catalog.rules.size());
    file.rule_count = static_cast<uint32_t>(result.rules.size());
    file.first_item = static_cast<uint32_t>(catalog.items.size());
    file.item_count = static_cast<uint32_t>(result.items.size());
    for (Rule& rule : result.rules) catalog.rules.push_back(std::move(rule));
    for (RepositoryItem& item : result.items) catalog.items.push_back(std::move(item));
    catalog.files.push_back(std::move(file));
  }
  results.clear();
  return catalog;
}

// Writes every output into a fresh folder next to OUT, then swaps it in: a
// failed build leaves OUT as it was.
void write_outputs(const BuildOptions& options, const fs::path& out, const Catalog& catalog,
                   const AttackCatalog* attack, const Keys& keys, const BuildReport& report,
                   const std::vector<uint64_t>& hashes) {
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  remove_stale_temporaries(out);
  const fs::path fresh = out.parent_path() / ("." + out.filename().string() + ".tmp-" + build_id());
  fs::remove_all(fresh, ec);
  if (!fs::create_directories(fresh / "cache", ec) || ec)
    throw BuildError(fresh.string() + ": cannot create the folder: " + ec.message());
  try {
    std::vector<std::function<void()>> writers = {
        [&] { write_catalog_db(fresh / "catalog.db", catalog, attack); },
        [&] {
          write_ndjson(fresh / "rules.ndjson", catalog);
          write_text(fresh / "attack-layer.json", attack_layer_json(catalog, attack).dump(2) + "\n");
          AnalysisCache::save(fresh / "cache" / "analysis.bin", keys.analysis, keys.build,
                              {report.rules, report.rules_with_errors, report.failures}, catalog, hashes);
        }};
    if (options.extra_outputs) writers.push_back([&] { options.extra_outputs(catalog, attack, fresh); });
    run_concurrently(writers);
    write_text(fresh / kCatalogMarker, catalog_marker(fresh, {catalog.rules.size(), catalog.files.size()}));
    move_into_place(fresh, out);
  } catch (const BuildError&) {
    fs::remove_all(fresh, ec);
    throw;
  } catch (const std::exception& e) {
    fs::remove_all(fresh, ec);
    throw BuildError(out.string() + ": " + e.what());
  }
}

}  // namespace

BuildReport build_catalog(const BuildOptions& options) {
  const auto start = Clock::now();
  for (const fs::path& input : options.inputs) {
    std::error_code ec;
    if (!fs::exists(input, ec)) throw BuildError(input.string() + ": no such file or folder");
  }
  const fs::path out = resolve_out(options.out);
  const std::vector<fs::path> excluded = check_out_against_inputs(out, options);
  if (std::optional<std::string> refusal = why_not_replaceable(out))
    throw BuildError(options.out.string() + ": " + *refusal + "; refusing to replace it");
  const unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  const OptionFiles option_files(options);
  const Keys keys = option_files.keys(options);
  LazyAnalysisOptions analysis_options(options, option_files);

  const std::vector<fs::path> paths = input_files(options, excluded);
  AnalysisCache cache;
  if (!options.force) cache = AnalysisCache::load(out / "cache" / "analysis.bin", keys.analysis);
  BuildReport report;
  report.files = paths.size();
  if (cache.damaged()) report.notes.push_back("cache: damaged index ignored, every file re-analysed");

  // With a cache, hash every file first: when nothing changed and the outputs
  // are intact, the catalog stands.
  FileHashes files{std::vector<uint64_t>(paths.size()), std::vector<char>(paths.size(), 0)};
  if (!cache.empty()) {
    files = hash_files(paths, jobs);
    const bool unchanged = is_up_to_date(cache, keys, paths, files);
    const std::optional<std::string> damage = unchanged ? catalog_damage(out) : std::nullopt;
    if (damage) {
      report.notes.push_back("catalog damaged (" + *damage + "); rebuilding");
      cache.clear();
    } else if (unchanged) {
      report.up_to_date = true;
      report.files_reused = paths.size();
      report.rules = cache.summary().rules;
      report.rules_with_errors = cache.summary().rules_with_errors;
      report.failures = cache.summary().failures;
      return report;
    }
  }

  // Reuse or analyse every file, in parallel, results in file order.
  std::vector<CachedFile> results(paths.size());
  std::atomic<size_t> rule_count{0}, reused{0}, damaged{0};
  std::function<void(size_t)> tick;
  if (options.progress)
    tick = [&](size_t done) { options.progress({false, done, paths.size(), rule_count.load(), Clock::now() - start}); };
  std::exception_ptr error;
  std::mutex error_mutex;
  parallel_for(
      paths.size(), jobs,
      [&](size_t i) {
        CachedFile& result = results[i];
        if (files.hashed[i]) {
          CacheLookup hit = cache.find(paths[i].string(), files.hashes[i]);
          if (hit.file) {
            result = std::move(*hit.file);
            rule_count.fetch_add(result.rules.size());
            reused.fetch_add(1);
            return;
          }
          damaged.fetch_add(hit.damaged);
        }
        try {
          const AnalysisOptions& analysis = analysis_options.get();
          FileAnalysis analysed = analyze_safely(paths[i], analysis, files.hashes[i]);
          result.path = paths[i].string();
          result.recognised = analysed.recognised;
          result.format = std::move(analysed.format);
          result.platform = std::move(analysed.platform);
          result.diagnostics = std::move(analysed.diagnostics);
          result.rules = std::move(analysed.rules);
          result.items = std::move(analysed.items);
          rule_count.fetch_add(result.rules.size());
        } catch (const BuildError&) {
          std::lock_guard lock(error_mutex);
          if (!error) error = std::current_exception();
        }
      },
      tick);
  if (error) std::rethrow_exception(error);
  cache.clear();
  report.files_reused = reused.load();
  report.damaged_cache_entries = damaged.load();
  if (report.damaged_cache_entries > 0)
    report.notes.push_back("cache: " + std::to_string(report.damaged_cache_entries) +
                           (report.damaged_cache_entries == 1 ? " damaged entry" : " damaged entries") +
                           " ignored, re-analysed");

  Catalog catalog = assemble(results);
  report_failures(catalog, report);
  const AttackCatalog* attack = analysis_options.get().attack;  // names for the outputs
  fill_corpus_counts(catalog.rules);
  catalog.item_rules = rules_naming_items(catalog.rules, catalog.items);
  catalog.same_action =
      fill_same_action(catalog.rules, option_files.families ? *option_files.families : ActionFamilies::builtin());

  if (options.progress) options.progress({true, paths.size(), paths.size(), catalog.rules.size(), Clock::now() - start});
  write_outputs(options, out, catalog, attack, keys, report, files.hashes);
  return report;
}

}  // namespace ruledex
