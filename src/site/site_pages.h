#pragma once
// The page writers of the site, each returning one file's text.

#include <string>
#include <string_view>

#include "site/site_html.h"

namespace ruledex {
class AttackCatalog;
}

namespace ruledex::site {

std::string rule_page_html(const PageContext& site, uint32_t rule);
// search-index.js: the rows the search script filters, as one global.
std::string search_index_js(const PageContext& site);

std::string index_page_html(const PageContext& site);
std::string matrix_page_html(const PageContext& site);
std::string group_page_html(const PageContext& site, const NamedGroup& group, std::string_view kind);
std::string groups_list_html(const PageContext& site, const std::vector<NamedGroup>& groups, std::string_view title,
                             std::string_view kind);
std::string tactic_page_html(const PageContext& site, const TacticEntry& tactic);
std::string technique_page_html(const PageContext& site, const TechniqueEntry& technique);
std::string fields_list_html(const PageContext& site);
std::string field_page_html(const PageContext& site, const FieldEntry& field);
// Stories, macros, lookups: the list of one kind, and one item with the rules naming it.
std::string items_list_html(const PageContext& site, const ItemKind& kind);
std::string item_page_html(const PageContext& site, uint32_t item);

}  // namespace ruledex::site
