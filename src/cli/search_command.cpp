// `ruledex search QUERY --catalog OUT`: full-text search over a built catalog
// with filters; a table (names cut to the width on a terminal) or JSON.
//
// Exit codes: 0 the search ran (with or without hits); 2 usage errors, a
// missing or damaged catalog, an invalid or too large FTS5 query, or a search
// that ran past --timeout.

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/terminal_text.h"
#include "catalog/catalog_search.h"
#include "cli/commands.h"
#include "readers/reader_support.h"

namespace ruledex::cli {
namespace {

constexpr int kSearched = 0;
constexpr int kInputError = 2;

struct SearchCommandOptions {
  std::string query;
  std::string catalog;
  SearchFilters filters;
  int64_t limit = 0;  // 0: every hit
  double timeout_seconds = std::chrono::duration<double>(kDefaultSearchTimeout).count();
  bool json = false;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::string location(const SearchHit& hit) {
  std::string where = hit.line > 0 ? hit.file + ":" + std::to_string(hit.line) : hit.file;
  return hit.query_index > 0 ? where + " #" + std::to_string(hit.query_index + 1) : where;
}

// Display width of UTF-8 text, counting one column per code point.
size_t width_of(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return width;
}

// Cuts text to a display width, marking the cut with an ellipsis: at the end,
// or at the start for paths (whose end says the most).
std::string cut(const std::string& text, size_t width, bool keep_end = false) {
  const size_t have = width_of(text);
  if (have <= width) return keep_end ? text : text + std::string(width - have, ' ');
  size_t skip = keep_end ? have - (width - 1) : 0, keep = width - 1, seen = 0;
  std::string out = keep_end ? "…" : "";
  for (char c : text) {
    bool starts_code_point = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_code_point) ++seen;
    if (seen > skip && seen <= skip + keep) out += c;
  }
  return keep_end ? out : out + "…";
}

void print_table(const std::vector<SearchHit>& hits, bool terminal) {
  enum { kPlatform, kSeverity, kTechniques, kName, kFile };
  std::vector<std::vector<std::string>> rows = {{"PLATFORM", "SEVERITY", "TECHNIQUES", "NAME", "FILE"}};
  for (const SearchHit& hit : hits)
    rows.push_back({terminal_safe(hit.platform), terminal_safe(hit.severity), terminal_safe(join(hit.techniques)),
                    terminal_safe(hit.name), terminal_safe(location(hit))});
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width_of(row[c]));
  if (terminal) {
    // Fit the terminal: techniques, then file paths (from the left), then names give way.
    winsize size{};
    const size_t columns = ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col ? size.ws_col : 120;
    widths[kTechniques] = std::min<size_t>(widths[kTechniques], 20);
    const size_t fixed = widths[kPlatform] + widths[kSeverity] + widths[kTechniques] + 8;
    const size_t room = columns > fixed + 40 ? columns - fixed : 40;
    widths[kName] = std::min(widths[kName], std::max<size_t>(room / 2, room > widths[kFile] ? room - widths[kFile] : 0));
    widths[kFile] = std::max<size_t>(room - widths[kName], 12);
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c)
      line += c == kFile ? cut(row[c], widths[c], true) : cut(row[c], widths[c]) + "  ";
    std::cout << line << "\n";
  }
}

int run_search(const SearchCommandOptions& options) {
  std::vector<SearchHit> hits;
  try {
    const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::duration<double>(options.timeout_seconds));
    hits = search_catalog(options.catalog, options.query, options.filters, static_cast<size_t>(options.limit),
                          timeout);
  } catch (const SearchError& e) {
    std::cerr << "ruledex search: " << terminal_safe(e.what()) << "\n";
    return kInputError;
  }
  if (options.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const SearchHit& hit : hits)
      out.push_back({{"id", hit.rule_id},
                     {"name", hit.name},
                     {"platform", hit.platform},
                     {"severity", hit.severity},
                     {"techniques", hit.techniques},
                     {"file", hit.file},
                     {"line", hit.line},
                     {"query_index", hit.query_index},
                     {"catalog_id", hit.catalog_id}});
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kSearched;
  }
  if (hits.empty()) {
    std::cerr << "no rules found\n";
    return kSearched;
  }
  print_table(hits, isatty(STDOUT_FILENO));
  return kSearched;
}

CLI::Option* add_filter(CLI::App* command, const std::string& name, std::optional<std::string>& target,
                        const std::string& help) {
  return command->add_option_function<std::string>(name, [&target](const std::string& value) { target = value; },
                                                    help);
}

const CLI::Validator kTechniqueId(
    [](const std::string& value) {
      return readers::is_technique_id(value) ? std::string()
                                             : "\"" + terminal_safe(value) + "\" is not an ATT&CK technique id "
                                               "(T1234 or T1234.567)";
    },
    "ID");

}  // namespace

void add_search_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SearchCommandOptions>();
  CLI::App* search = app.add_subcommand("search", "Search a built catalog (FTS5 query syntax) with filters");
  search->add_option("QUERY", options->query,
                     "Words, \"phrases\", AND/OR/NOT, prefix*, column:word (columns: name, description, query, "
                     "fields, values); empty: every rule the filters keep");
  search->add_option("--catalog", options->catalog, "The folder `ruledex build -o` wrote")->required();
  SearchFilters& f = options->filters;
  add_filter(search, "--platform", f.platform, "sentinel, defender, sigma, elastic, splunk, chronicle");
  add_filter(search, "--technique", f.technique, "ATT&CK technique id; T1059 includes its sub-techniques")
      ->check(kTechniqueId);
  add_filter(search, "--tactic", f.tactic, "ATT&CK tactic name, shortname or id");
  add_filter(search, "--field", f.field, "A field the rule filters on");
  add_filter(search, "--value", f.value, "A value the rule filters on (with --field: on that field)");
  add_filter(search, "--data-source", f.data_source, "A table, index or log source");
  add_filter(search, "--severity", f.severity, "Rule severity");
  add_filter(search, "--item", f.item, "A Splunk analytic story, macro or lookup the rule names");
  search->add_option("--limit", options->limit, "At most this many rules")
      ->check(CLI::Range(int64_t{1}, std::numeric_limits<int64_t>::max()));
  search->add_option("--timeout", options->timeout_seconds, "Stop a search running longer than this many seconds")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 3600.0));
  search->add_flag("--json", options->json, "JSON output");
  search->callback([options, &exit_code] { exit_code = run_search(*options); });
}

}  // namespace ruledex::cli
