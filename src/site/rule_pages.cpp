// Rule pages: the page of `ruledex show` (render/rule_page.h) inside the site's
// frame, with techniques, same-action rules and corpus counts linked.

#include <nlohmann/json.hpp>

#include "render/rule_page.h"
#include "site/site_pages.h"

namespace ruledex::site {
namespace {

constexpr std::string_view kRoot = "../";

// Words the search matches besides the name: id, platform facts, ATT&CK, sources, indicator values.
std::string search_words(const Rule& rule) {
  constexpr size_t kMaxLength = 400;
  std::string words = rule.id;
  auto add = [&](std::string_view word) {
    if (words.size() + word.size() >= kMaxLength) return;
    words += ' ';
    words += word;
  };
  for (const std::string& tactic : rule.tactics) add(tactic);
  for (const Technique& technique : rule.techniques) {
    add(technique.id);
    add(technique.name);
  }
  for (const std::string& source : rule.data_sources) add(source);
  add(rule.file.substr(rule.file.find_last_of('/') + 1));
  for (const Predicate& predicate : rule.predicates)
    if (predicate.indicator)
      for (const std::string& value : predicate.values) add(value);
  return words;
}

}  // namespace

std::string rule_page_html(const PageContext& site, uint32_t r) {
  const Rule& rule = site.catalog.rules[r];
  const std::vector<ActionPeer>* peers = r < site.catalog.same_action.size() ? &site.catalog.same_action[r] : nullptr;
  render::PageLinks links;
  links.technique = [&](const Technique& technique) -> std::string {
    auto it = site.index.techniques.find(technique.id);
    if (it == site.index.techniques.end()) {
      std::string id = technique.id;
      for (char& c : id) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      it = site.index.techniques.find(id);
    }
    return it == site.index.techniques.end() ? "" : std::string(kRoot) + it->second.page;
  };
  links.same_action = [&](const Rule&, size_t i) -> std::string {
    if (!peers || i >= peers->size()) return "";
    return std::string(kRoot) + site.index.rule_pages[(*peers)[i].rule];
  };
  links.corpus = [&](const Predicate& predicate, size_t value) -> std::string {
    std::string href = site.index.indicator_href(predicate, value);
    return href.empty() ? href : std::string(kRoot) + href;
  };
  links.field = [&](const std::string& field) -> std::string {
    std::string href = site.index.field_href(field);
    return href.empty() ? href : std::string(kRoot) + href;
  };
  links.item = [&](const ItemRef& item) -> std::string {
    std::string href = site.index.item_href(item);
    return href.empty() ? href : std::string(kRoot) + href;
  };
  const render::Document document = render::rules_page({rule}, links);
  std::string out;
  out.reserve(8192 + rule.raw.size() * 3);
  begin_page(out, document.title, kRoot);
  // Where the rule sits: its platform and data sources, each a page of rules.
  out += "<p class=\"crumbs\">";
  append_link(out, kRoot, "index.html", "Rules");
  if (const NamedGroup* platform = find_group(site.index.platforms, platform_of(rule))) {
    out += " › ";
    append_link(out, kRoot, platform->page, platform->name);
  }
  for (size_t i = 0; i < rule.data_sources.size(); ++i) {
    const NamedGroup* source = find_group(site.index.data_sources, rule.data_sources[i]);
    if (!source) continue;
    out += i == 0 ? " › " : ", ";
    append_link(out, kRoot, source->page, source->name);
  }
  out += "</p>\n";
  out += render::write_html_blocks(document);
  end_page(out, kRoot);
  return out;
}

std::string search_index_js(const PageContext& site) {
  nlohmann::json rows = nlohmann::json::array();
  for (uint32_t r = 0; r < site.catalog.rules.size(); ++r) {
    const Rule& rule = site.catalog.rules[r];
    rows.push_back({rule_label(rule), site.index.rule_pages[r], rule.platform, rule.severity, search_words(rule)});
  }
  // Loaded by <script src>: a fetch() of JSON would be blocked on file://.
  return "window.RULEDEX_SEARCH = " + rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ";\n";
}

}  // namespace ruledex::site
