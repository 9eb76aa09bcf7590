#pragma once
// The frame every page of the site shares, and the pieces pages repeat: links,
// rule tables, counts. Hrefs are relative: `root` leads from the page's folder
// back to the site's top ("" or "../").

#include <string>
#include <string_view>

#include "site/site_index.h"

namespace ruledex::site {

struct PageContext {
  const Catalog& catalog;
  const SiteIndex& index;
};

// The page's start up to the opening of <main>, with the navigation bar.
void begin_page(std::string& out, std::string_view title, std::string_view root);
// Closes <main> and the page; `scripts` are root-relative script files to load (search only).
void end_page(std::string& out, std::string_view root, std::initializer_list<std::string_view> scripts = {});

void append_escaped(std::string& out, std::string_view text);
// <a href="root+href">text</a>, both escaped.
void append_link(std::string& out, std::string_view root, std::string_view href, std::string_view text);
// <h1>, <h2>, ... with escaped text and an optional id.
void append_heading(std::string& out, int level, std::string_view text, std::string_view id = {});

// The name a rule is listed under: its name, else its id, else its file.
std::string rule_label(const Rule& rule);

// A table of rules: name (linked), platform, severity, techniques.
void append_rule_table(std::string& out, const PageContext& site, const RuleList& rules, std::string_view root);

// "1 rule", "12 rules".
std::string count_text(size_t count, std::string_view one, std::string_view many);

}  // namespace ruledex::site
