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
#include <sstream>
#include <thread>

#include "analysis/analyzer.h"
#include "attack/attack_catalog.h"
#include "catalog/action_families.h"
#include "catalog/analysis_cache.h"
#include "catalog/attack_layer.h"
#include "catalog/catalog_db.h"
#include "catalog/corpus_counts.h"
#include "render/render.h"
#include "schema/table_schemas.h"

namespace ruledex {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kOutputs[] = {"catalog.db", "rules.ndjson", "attack-layer.json"};

std::optional<std::string> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return buffer.str();
}

std::string read_option_file(const fs::path& path, std::string_view option) {
  std::optional<std::string> bytes = read_bytes(path);
  if (!bytes) throw BuildError(std::string(option) + " " + path.string() + ": cannot read the file");
  return std::move(*bytes);
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

FileAnalysis analyze_safely(const fs::path& path, const std::optional<std::string>& bytes,
                            const AnalysisOptions& options) {
  if (!bytes) {
    FileAnalysis failed{path};
    failed.format = "unreadable";
    failed.diagnostics.push_back({Severity::error, "cannot read the file", path.string(), 0, 0});
    return failed;
  }
  try {
    return analyze_text(path, *bytes, options);
  } catch (const std::exception& e) {
    FileAnalysis failed{path};
    failed.diagnostics.push_back({Severity::error, std::string("analysis failed: ") + e.what(), path.string(), 0, 0});
    return failed;
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
  report.files = catalog.files.size();
}

bool is_catalog_folder(const fs::path& out) {
  std::error_code ec;
  if (!fs::exists(out, ec)) return true;
  if (!fs::is_directory(out, ec)) return false;
  if (fs::is_empty(out, ec)) return true;
  return fs::exists(out / "catalog.db", ec) || fs::exists(out / "cache", ec);
}

bool outputs_exist(const fs::path& out) {
  std::error_code ec;
  for (const char* name : kOutputs)
    if (!fs::exists(out / name, ec)) return false;
  return true;
}

void write_text(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out.flush()) throw BuildError(path.string() + ": cannot write the file");
}

void write_ndjson(const fs::path& path, const Catalog& catalog) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const Rule& rule : catalog.rules) {
    // A stray invalid byte in one rule must not abort the whole output.
    out << rule_to_json(rule).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  if (!out.flush()) throw BuildError(path.string() + ": cannot write the file");
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

// Temporary folders of builds that were killed: .OUT.tmp-<pid> of no live process.
void remove_stale_temporaries(const fs::path& out) {
  const std::string prefix = "." + out.filename().string() + ".tmp-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(out.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string pid = name.substr(prefix.size());
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (!fs::exists(fs::path("/proc") / pid, ec)) fs::remove_all(entry.path(), ec);
  }
}

struct Keys {
  std::string analysis;  // what the analysis of one file depends on besides its bytes
  std::string build;     // what the whole output depends on besides the files
};

}  // namespace

BuildReport build_catalog(const BuildOptions& options) {
  const auto start = Clock::now();
  for (const fs::path& input : options.inputs) {
    std::error_code ec;
    if (!fs::exists(input, ec)) throw BuildError(input.string() + ": no such file or folder");
  }
  if (!is_catalog_folder(options.out))
    throw BuildError(options.out.string() + ": exists and is not a ruledex catalog; refusing to replace it");
  const unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());

  // Keys first: the option files are read now, parsed only if a file needs analysis.
  std::string attack_bytes = options.attack_file ? read_option_file(*options.attack_file, "--attack") : "";
  std::string schemas_bytes = options.schemas_file ? read_option_file(*options.schemas_file, "--schemas") : "";
  std::optional<ActionFamilies> custom_families;
  std::string families_text(ActionFamilies::builtin_text());
  if (options.families_file) {
    families_text = read_option_file(*options.families_file, "--action-families");
    try {
      custom_families = ActionFamilies::parse(families_text, options.families_file->string());
    } catch (const std::runtime_error& e) {
      throw BuildError(e.what());
    }
  }
  Keys keys;
  keys.analysis = options.tool_identity + " attack=" + (options.attack_file ? hex(content_hash(attack_bytes)) : "-") +
                  " schemas=" + (options.schemas_file ? hex(content_hash(schemas_bytes)) : "-");
  keys.build = keys.analysis + " families=" + hex(content_hash(families_text)) +
               " db=" + std::to_string(kCatalogSchemaVersion) + " json=" + std::to_string(kRuleJsonSchemaVersion);

  std::vector<fs::path> paths = collect_files(options.inputs);
  const fs::path cache_file = options.out / "cache" / "analysis.bin";
  AnalysisCache cache = AnalysisCache::load(cache_file, keys.analysis);

  BuildReport report;
  std::vector<uint64_t> hashes(paths.size());
  std::vector<char> hashed(paths.size(), 0);
  std::atomic<size_t> rule_count{0};
  auto tick_for = [&](size_t total) -> std::function<void(size_t)> {
    if (!options.progress) return {};
    return [&, total](size_t done) {
      options.progress({false, done, total, rule_count.load(), Clock::now() - start});
    };
  };

  // Phase 1, with a cache only: hash every file; nothing changed -> done.
  if (!cache.empty()) {
    parallel_for(
        paths.size(), jobs,
        [&](size_t i) {
          if (std::optional<std::string> bytes = read_bytes(paths[i])) {
            hashes[i] = content_hash(*bytes);
            hashed[i] = 1;
          }
        },
        {});
    bool unchanged = cache.build_key() == keys.build && cache.files().size() == paths.size() &&
                     std::find(hashed.begin(), hashed.end(), 0) == hashed.end() && outputs_exist(options.out);
    for (size_t i = 0; unchanged && i < paths.size(); ++i)
      unchanged = cache.files()[i].first == paths[i].string() && cache.files()[i].second == hashes[i];
    if (unchanged) {
      report.up_to_date = true;
      report.files = report.files_reused = paths.size();
      report.rules = cache.summary().rules;
      report.rules_with_errors = cache.summary().rules_with_errors;
      report.failures = cache.summary().failures;
      return report;
    }
  }

  // Phase 2: reuse or analyse every file. The option files are parsed on first need.
  std::optional<AttackCatalog> attack;
  std::optional<TableSchemas> schemas;
  std::once_flag options_loaded;
  std::exception_ptr options_error;
  AnalysisOptions analysis_options;
  auto load_options = [&] {
    try {
      if (options.attack_file) attack = AttackCatalog::parse(attack_bytes, options.attack_file->string());
      if (options.schemas_file) schemas = TableSchemas::parse_csv(schemas_bytes, options.schemas_file->string());
    } catch (const std::exception& e) {
      options_error = std::make_exception_ptr(BuildError(e.what()));
    }
    analysis_options.attack = attack ? &*attack : nullptr;
    analysis_options.schemas = schemas ? &*schemas : nullptr;
  };
  if (cache.empty()) std::call_once(options_loaded, load_options);

  std::vector<CachedFile> results(paths.size());
  std::atomic<size_t> reused{0};
  parallel_for(
      paths.size(), jobs,
      [&](size_t i) {
        const std::string path = paths[i].string();
        if (hashed[i]) {
          if (std::optional<CachedFile> hit = cache.find(path, hashes[i])) {
            rule_count.fetch_add(hit->rules.size());
            reused.fetch_add(1);
            results[i] = std::move(*hit);
            return;
          }
        }
        std::call_once(options_loaded, load_options);
        if (options_error) return;
        std::optional<std::string> bytes = read_bytes(paths[i]);
        if (bytes) hashes[i] = content_hash(*bytes);
        FileAnalysis analysis = analyze_safely(paths[i], bytes, analysis_options);
        CachedFile& result = results[i];
        result.path = path;
        result.recognised = analysis.recognised;
        result.format = std::move(analysis.format);
        result.platform = std::move(analysis.platform);
        result.diagnostics = std::move(analysis.diagnostics);
        result.rules = std::move(analysis.rules);
        rule_count.fetch_add(result.rules.size());
      },
      tick_for(paths.size()));
  if (options_error) std::rethrow_exception(options_error);
  cache.clear();
  report.files_reused = reused.load();

  Catalog catalog;
  catalog.rules.reserve(rule_count.load());
  for (CachedFile& result : results) {
    CatalogFile file;
    file.path = std::move(result.path);
    file.recognised = result.recognised;
    file.format = std::move(result.format);
    file.platform = std::move(result.platform);
    file.diagnostics = std::move(result.diagnostics);
    file.first_rule = static_cast<uint32_t>(catalog.rules.size());
    file.rule_count = static_cast<uint32_t>(result.rules.size());
    for (Rule& rule : result.rules) catalog.rules.push_back(std::move(rule));
    catalog.files.push_back(std::move(file));
  }
  results.clear();
  report_failures(catalog, report);

  std::call_once(options_loaded, load_options);  // ATT&CK names for the outputs
  if (options_error) std::rethrow_exception(options_error);
  fill_corpus_counts(catalog.rules);
  catalog.same_action =
      fill_same_action(catalog.rules, custom_families ? *custom_families : ActionFamilies::builtin());

  if (options.progress) options.progress({true, paths.size(), paths.size(), catalog.rules.size(), Clock::now() - start});
  // Write everything next to OUT, then swap it in: a failed build leaves OUT as it was.
  fs::path out = fs::absolute(options.out).lexically_normal();
  if (!out.has_filename()) out = out.parent_path();
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  remove_stale_temporaries(out);
  const fs::path fresh = out.parent_path() / ("." + out.filename().string() + ".tmp-" + std::to_string(getpid()));
  fs::remove_all(fresh, ec);
  if (!fs::create_directories(fresh / "cache", ec) || ec)
    throw BuildError(fresh.string() + ": cannot create the folder: " + ec.message());
  try {
    std::exception_ptr side_error;
    std::thread side([&] {
      try {
        write_ndjson(fresh / "rules.ndjson", catalog);
        write_text(fresh / "attack-layer.json",
                   attack_layer_json(catalog, analysis_options.attack).dump(2) + "\n");
        AnalysisCache::save(fresh / "cache" / "analysis.bin", keys.analysis, keys.build,
                            {report.rules, report.rules_with_errors, report.failures}, catalog, hashes);
      } catch (...) {
        side_error = std::current_exception();
      }
    });
    try {
      write_catalog_db(fresh / "catalog.db", catalog, analysis_options.attack);
    } catch (...) {
      side.join();
      throw;
    }
    side.join();
    if (side_error) std::rethrow_exception(side_error);
    if (options.extra_outputs) options.extra_outputs(catalog, analysis_options.attack, fresh);
    move_into_place(fresh, out);
  } catch (const BuildError&) {
    fs::remove_all(fresh, ec);
    throw;
  } catch (const std::exception& e) {
    fs::remove_all(fresh, ec);
    throw BuildError(out.string() + ": " + e.what());
  }
  return report;
}

}  // namespace ruledex
