#include "site/site_writer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

#include "site/site_pages.h"

namespace ruledex {

// The assets, compiled in from src/site/assets (see CMakeLists.txt).
extern const std::string_view kSiteCss;
extern const std::string_view kSiteSearchJs;

namespace {

namespace fs = std::filesystem;

class SiteFiles {
 public:
  explicit SiteFiles(fs::path dir) : dir_(std::move(dir)) {
    for (const char* folder : {"", "rules", "platforms", "tactics", "techniques", "sources", "fields"}) {
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
    ++report_.pages;
    report_.bytes += text.size();
  }

  const SiteReport& report() const { return report_; }

 private:
  fs::path dir_;
  SiteReport report_;
};

}  // namespace

SiteReport write_site(const Catalog& catalog, const AttackCatalog* attack, const std::filesystem::path& dir) {
  const site::SiteIndex index = site::index_catalog(catalog, attack);
  const site::PageContext context{catalog, index};
  SiteFiles files(dir);
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
  for (uint32_t r = 0; r < catalog.rules.size(); ++r)
    files.write(index.rule_pages[r], site::rule_page_html(context, r));
  return files.report();
}

}  // namespace ruledex
