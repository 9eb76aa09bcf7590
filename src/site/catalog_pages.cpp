// The catalog's overview pages: index, matrix, platforms, tactics,
// techniques, data sources, fields and repository items (stories, macros, lookups).

#include <algorithm>
#include <cmath>

#include "render/rule_facts.h"
#include "site/site_pages.h"

namespace ruledex::site {
namespace {

constexpr std::string_view kTop = "";
constexpr std::string_view kRoot = "../";

void append_count_cell(std::string& out, size_t count) {
  out += "<td class=\"num\">";
  out += std::to_string(count);
  out += "</td>";
}

// Shade 1..5 on a log scale of the rule count, 0 for none.
int shade(size_t count, size_t max_count) {
  if (count == 0) return 0;
  if (max_count <= 1) return 5;
  double ratio = std::log(static_cast<double>(count)) / std::log(static_cast<double>(max_count));
  return 1 + std::clamp(static_cast<int>(ratio * 4.0 + 0.5), 0, 4);
}

std::string technique_label(const TechniqueEntry& technique) {
  return technique.name.empty() ? technique.id : technique.id + " " + technique.name;
}

struct CountRow {
  std::string_view page;
  std::string name;
  size_t rules = 0;
};

// A two-column table of linked names and rule counts; row_of(item) gives a CountRow.
template <typename Items, typename RowOf>
void append_count_table(std::string& out, std::string_view heading, const Items& items, std::string_view root,
                        RowOf row_of) {
  out += "<table class=\"counts\">\n<thead><tr><th>";
  append_escaped(out, heading);
  out += "</th><th>Rules</th></tr></thead>\n<tbody>\n";
  for (const auto& item : items) {
    const CountRow row = row_of(item);
    out += "<tr><td>";
    append_link(out, root, row.page, row.name);
    out += "</td>";
    append_count_cell(out, row.rules);
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

// Platforms, data sources, tactics and fields: page, name, rules.
template <typename Entry>
CountRow count_row(const Entry& entry) {
  return {entry.page, entry.name, entry.rules.size()};
}

void append_paragraph(std::string& out, std::string_view text, std::string_view css_class = {}) {
  out += css_class.empty() ? "<p>" : "<p class=\"" + std::string(css_class) + "\">";
  append_escaped(out, text);
  out += "</p>\n";
}

bool has_error(const Rule& rule) {
  return std::any_of(rule.diagnostics.begin(), rule.diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

// Platforms with how many of their rules were analysed (have stages) and how many have errors:
// a platform whose language ruledex cannot read yet shows up here, not silently dropped.
void append_platform_table(std::string& out, const PageContext& site) {
  out += "<table class=\"counts\">\n<thead><tr><th>Platform</th><th>Rules</th><th>Analysed</th>"
         "<th>With errors</th></tr></thead>\n<tbody>\n";
  for (const NamedGroup& platform : site.index.platforms) {
    size_t analysed = 0, with_errors = 0;
    for (uint32_t r : platform.rules) {
      analysed += !site.catalog.rules[r].stages.empty();
      with_errors += has_error(site.catalog.rules[r]);
    }
    out += "<tr><td>";
    append_link(out, kTop, platform.page, platform.name);
    out += "</td>";
    for (size_t count : {platform.rules.size(), analysed, with_errors}) append_count_cell(out, count);
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

}  // namespace

std::string index_page_html(const PageContext& site) {
  const Catalog& catalog = site.catalog;
  std::string out;
  out.reserve(64 * 1024);
  begin_page(out, "Detection rule catalog", kTop);
  append_heading(out, 1, "Detection rule catalog");
  size_t with_errors = 0;
  for (const Rule& rule : catalog.rules) with_errors += has_error(rule);
  append_paragraph(out, count_text(catalog.rules.size(), "rule", "rules") + " from " +
                            count_text(catalog.files.size(), "file", "files") + "; " +
                            count_text(site.index.techniques.size(), "ATT&CK technique", "ATT&CK techniques") +
                            " covered; " + count_text(with_errors, "rule", "rules") + " with errors.");

  append_heading(out, 2, "Search", "search");
  out += "<div class=\"search\"><input id=\"q\" type=\"search\" autocomplete=\"off\" "
         "placeholder=\"Rule name, technique, table, field value…\" aria-label=\"Search the rules\">"
         "<p id=\"search-status\" class=\"muted\">Search needs JavaScript.</p><ol id=\"results\"></ol></div>\n";

  append_heading(out, 2, "Platforms", "platforms");
  append_platform_table(out, site);

  append_heading(out, 2, "ATT&CK tactics", "tactics");
  out += "<p>";
  append_link(out, kTop, "matrix.html", "Coverage matrix");
  out += "</p>\n";
  append_count_table(out, "Tactic", site.index.tactics, kTop, count_row<TacticEntry>);

  append_heading(out, 2, "More");
  out += "<ul>\n<li>";
  append_link(out, kTop, "sources.html", count_text(site.index.data_sources.size(), "data source", "data sources"));
  out += "</li>\n<li>";
  append_link(out, kTop, "fields.html", count_text(site.index.fields.size(), "field", "fields"));
  for (const ItemKind& kind : site.index.item_kinds) {
    out += "</li>\n<li>";
    append_link(out, kTop, kind.page, kind.title + " (" + std::to_string(kind.items.size()) + ")");
  }
  out += "</li>\n</ul>\n";
  end_page(out, kTop, {"search-index.js", "search.js"});
  return out;
}

std::string matrix_page_html(const PageContext& site) {
  std::string out;
  out.reserve(256 * 1024);
  begin_page(out, "ATT&CK coverage matrix", kTop);
  append_heading(out, 1, "ATT&CK coverage matrix");
  const bool with_gaps = std::any_of(site.index.tactics.begin(), site.index.tactics.end(),
                                     [](const TacticEntry& t) { return !t.gaps.empty(); });
  append_paragraph(out, "Techniques the rules name, by tactic; the darker the cell, the more rules cover it (at most " +
                            count_text(site.index.max_technique_rules, "rule", "rules") + ")." +
                            (with_gaps ? " Dashed cells: ATT&CK techniques no rule names." : ""));
  out += "<div class=\"matrix\">\n";
  for (const TacticEntry& tactic : site.index.tactics) {
    out += "<section class=\"tactic\"><h2>";
    append_link(out, kTop, tactic.page, tactic.name);
    out += " <span class=\"n\">";
    out += std::to_string(tactic.techniques.size());
    out += "</span></h2>\n";
    // Covered techniques and gaps, merged in id order.
    auto gap = tactic.gaps.begin();
    auto write_gaps_before = [&](std::string_view id) {
      for (; gap != tactic.gaps.end() && (id.empty() || gap->first < id); ++gap) {
        out += "<span class=\"cell s0\" title=\"no rule\"><span class=\"id\">";
        append_escaped(out, gap->first);
        out += "</span> ";
        append_escaped(out, gap->second);
        out += "</span>\n";
      }
    };
    for (const std::string& id : tactic.techniques) {
      write_gaps_before(id);
      const TechniqueEntry& technique = site.index.techniques.at(id);
      out += "<a class=\"cell s";
      out += std::to_string(shade(technique.rules.size(), site.index.max_technique_rules));
      out += id.find('.') != std::string::npos ? " sub" : "";
      out += "\" href=\"";
      append_escaped(out, technique.page);
      out += "\" title=\"";
      append_escaped(out, count_text(technique.rules.size(), "rule", "rules"));
      out += "\"><span class=\"id\">";
      append_escaped(out, technique.id);
      out += "</span> ";
      append_escaped(out, technique.name);
      out += " <span class=\"n\">";
      out += std::to_string(technique.rules.size());
      out += "</span></a>\n";
    }
    write_gaps_before({});
    out += "</section>\n";
  }
  out += "</div>\n";
  end_page(out, kTop);
  return out;
}

std::string group_page_html(const PageContext& site, const NamedGroup& group, std::string_view kind) {
  std::string out;
  out.reserve(1024 + group.rules.size() * 256);
  begin_page(out, group.name, kRoot);
  append_heading(out, 1, group.name);
  append_paragraph(out, std::string(kind) + ": " + count_text(group.rules.size(), "rule", "rules") + ".");
  append_rule_table(out, site, group.rules, kRoot);
  end_page(out, kRoot);
  return out;
}

std::string groups_list_html(const PageContext& site, const std::vector<NamedGroup>& groups, std::string_view title,
                             std::string_view kind) {
  std::string out;
  out.reserve(1024 + groups.size() * 128);
  begin_page(out, title, kTop);
  append_heading(out, 1, title);
  append_count_table(out, kind, groups, kTop, count_row<NamedGroup>);
  end_page(out, kTop);
  return out;
}

std::string tactic_page_html(const PageContext& site, const TacticEntry& tactic) {
  std::string out;
  out.reserve(4096 + tactic.rules.size() * 256);
  begin_page(out, tactic.name, kRoot);
  append_heading(out, 1, tactic.id.empty() ? tactic.name : tactic.id + " " + tactic.name);
  append_heading(out, 2, "Covered techniques");
  std::vector<const TechniqueEntry*> techniques;
  for (const std::string& id : tactic.techniques) techniques.push_back(&site.index.techniques.at(id));
  if (techniques.empty()) append_paragraph(out, "No rule names a technique of this tactic.");
  else
    append_count_table(out, "Technique", techniques, kRoot, [](const TechniqueEntry* t) {
      return CountRow{t->page, technique_label(*t), t->rules.size()};
    });
  append_heading(out, 2, "Rules naming the tactic");
  append_rule_table(out, site, tactic.rules, kRoot);
  end_page(out, kRoot);
  return out;
}

std::string technique_page_html(const PageContext& site, const TechniqueEntry& technique) {
  std::string out;
  out.reserve(4096 + technique.rules.size() * 256);
  begin_page(out, technique_label(technique), kRoot);
  append_heading(out, 1, technique_label(technique));
  if (technique.revoked || technique.deprecated)
    append_paragraph(out, technique.revoked ? "ATT&CK has revoked this technique." : "ATT&CK has deprecated this technique.",
                     "note");
  out += "<p>Tactics: ";
  for (size_t i = 0; i < technique.tactics.size(); ++i) {
    if (i > 0) out += ", ";
    const TacticEntry& tactic = site.index.tactics[technique.tactics[i]];
    append_link(out, kRoot, tactic.page, tactic.name);
  }
  if (technique.tactics.empty()) out += "none known";
  out += "</p>\n";
  append_heading(out, 2, count_text(technique.rules.size(), "rule covers it", "rules cover it"));
  append_rule_table(out, site, technique.rules, kRoot);
  end_page(out, kRoot);
  return out;
}

std::string fields_list_html(const PageContext& site) {
  std::string out;
  out.reserve(4096 + site.index.fields.size() * 128);
  begin_page(out, "Fields", kTop);
  append_heading(out, 1, "Fields");
  append_paragraph(out, "Fields the rules compare, with the number of rules comparing each.");
  append_count_table(out, "Field", site.index.fields, kTop, count_row<FieldEntry>);
  end_page(out, kTop);
  return out;
}

std::string field_page_html(const PageContext& site, const FieldEntry& field) {
  std::string out;
  out.reserve(4096 + field.rules.size() * 256 + field.indicators.size() * 512);
  begin_page(out, field.name, kRoot);
  append_heading(out, 1, field.name);
  append_paragraph(out, count_text(field.rules.size(), "rule compares", "rules compare") + " this field; " +
                            count_text(field.indicators.size(), "indicator value", "indicator values") + ".");
  if (!field.indicators.empty()) {
    append_heading(out, 2, "Indicator values");
    out += "<table class=\"indicators\">\n<thead><tr><th>Operator</th><th>Negated</th><th>Case</th><th>Value</th>"
           "<th>Rules</th></tr></thead>\n<tbody>\n";
    for (const IndicatorGroup& group : field.indicators) {
      const Predicate& p = *group.example;
      out += "<tr id=\"";
      out += group.anchor;
      out += "\"><td>";
      append_escaped(out, to_string(p.op));
      out += p.negated ? "</td><td>yes</td><td>" : "</td><td>no</td><td>";
      if (render::op_has_case(p.op)) out += p.case_sensitive ? "sensitive" : "insensitive";
      out += "</td><td><code>";
      append_escaped(out, group.value);
      out += "</code></td><td><ul class=\"compact\">";
      for (uint32_t r : group.rules) {
        out += "<li>";
        append_link(out, kRoot, site.index.rule_pages[r], rule_label(site.catalog.rules[r]));
        out += "</li>";
      }
      out += "</ul></td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  append_heading(out, 2, "Rules comparing the field");
  append_rule_table(out, site, field.rules, kRoot);
  end_page(out, kRoot);
  return out;
}

std::string items_list_html(const PageContext& site, const ItemKind& kind) {
  std::string out;
  out.reserve(1024 + kind.items.size() * 160);
  begin_page(out, kind.title, kTop);
  append_heading(out, 1, kind.title);
  append_count_table(out, "Name", kind.items, kTop, [&](uint32_t i) {
    return CountRow{site.index.item_pages[i], site.catalog.items[i].name, site.catalog.item_rules[i].size()};
  });
  end_page(out, kTop);
  return out;
}

std::string item_page_html(const PageContext& site, uint32_t i) {
  const RepositoryItem& item = site.catalog.items[i];
  const RuleList& rules = site.catalog.item_rules[i];
  std::string out;
  out.reserve(4096 + item.description.size() + rules.size() * 256);
  begin_page(out, item.name, kRoot);
  append_heading(out, 1, item.name);
  append_paragraph(out, item.kind + (item.id.empty() ? "" : " " + item.id) + " · " + item.file, "muted");
  if (!item.description.empty()) append_paragraph(out, item.description);
  if (!item.metadata.empty()) {
    out += "<dl class=\"fields\">\n";
    for (const auto& [key, value] : item.metadata) {
      out += "<dt>";
      append_escaped(out, key);
      out += "</dt><dd>";
      append_escaped(out, value);
      out += "</dd>\n";
    }
    out += "</dl>\n";
  }
  append_heading(out, 2, count_text(rules.size(), "rule names it", "rules name it"));
  append_rule_table(out, site, rules, kRoot);
  end_page(out, kRoot);
  return out;
}

}  // namespace ruledex::site
