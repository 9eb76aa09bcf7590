#include "site/site_writer.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "site/site_pages.h"
#include "site/site_paths.h"

namespace ruledex {

// The assets, compiled in from src/site/assets (see CMakeLists.txt).
extern const std::string_view kSiteCss;
extern const std::string_view kSiteSearchJs;

namespace {

namespace fs = std::filesystem;

class SiteFiles {
 public:
  SiteFiles(fs::path dir, const std::vector<site::ItemKind>& item_kinds) : dir_(std::move(dir)) {
    std::vector<std::string> folders = {"", "rules", "platforms", "tactics", "techniques", "sources", "fields"};
    for (const site::ItemKind& kind : item_kinds) folders.push_back(site::item_folder(kind.kind));
    for (const std::string& folder : folders) {
      std::error_code ec;
      fs::create_directories(dir_ / folder, ec);
      if (ec) throw std::runtime_error((dir_ / folder).string() + ": cannot create the folder: " + ec.message());
    }
  }

  void write(std::string_view relative, std::string_view text) {
    const std::string path = (dir_ / relative).string();
    FILE* file = std::fopen(path.c_str(), "wb");
    bool ok = file && std::fwrite(text.data(), 1, text.size(), file) == text.size();
    if (file) ok = std::fclose(file) == 0 && ok;
    if (!ok) throw std::runtime_error(path + ": cannot write the file: " + std::strerror(errno));
    pages_.fetch_add(1, std::memory_order_relaxed);
    bytes_.fetch_add(text.size(), std::memory_order_relaxed);
  }

  SiteReport report() const { return {pages_.load(), bytes_.load()}; }

 private:
  fs::path dir_;
  std::atomic<size_t> pages_{0}, bytes_{0};
};

// Runs write(i) for i in [0, count) on every core; rethrows the first error.
void parallel_write(size_t count, const std::function<void(size_t)>& write) {
  const unsigned jobs = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
  std::atomic<size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    try {
      for (size_t i; (i = next.fetch_add(1)) < count;) write(i);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
      next.store(count);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < jobs; ++j) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace

SiteReport write_site(const Catalog& catalog, const AttackCatalog* attack, const std::filesystem::path& dir) {
  const site::SiteIndex index = site::index_catalog(catalog, attack);
  const site::PageContext context{catalog, index};
  SiteFiles files(dir, index.item_kinds);
  files.write("site.css", kSiteCss);
  files.write("search.js", kSiteSearchJs);
  files.write("search-index.js", site::search_index_js(context));
  files.write("index.html", site::index_page_html(context));
  files.write("matrix.html", site::matrix_page_html(context));
  files.write("sources.html", site::groups_list_html(context, index.data_sources, "Data sources", "Data source"));
  files.write("fields.html", site::fields_list_html(context));
  for (const site::NamedGroup& platform : index.platforms)
    files.write(platform.page, site::group_page_html(context, platform, "Platform"));
  for (const site::NamedGroup& source : index.data_sources)
    files.write(source.page, site::group_page_html(context, source, "Data source"));
  for (const site::TacticEntry& tactic : index.tactics) files.write(tactic.page, site::tactic_page_html(context, tactic));
  for (const auto& [id, technique] : index.techniques)
    files.write(technique.page, site::technique_page_html(context, technique));
  for (const site::FieldEntry& field : index.fields) files.write(field.page, site::field_page_html(context, field));
  for (const site::ItemKind& kind : index.item_kinds) {
    files.write(kind.page, site::items_list_html(context, kind));
    for (uint32_t item : kind.items) files.write(index.item_pages[item], site::item_page_html(context, item));
  }
  // Rule pages are most of the bytes: written on every core.
  parallel_write(catalog.rules.size(), [&](size_t r) {
    files.write(index.rule_pages[r], site::rule_page_html(context, static_cast<uint32_t>(r)));
  });
  return files.report();
}

}  // namespace ruledex
