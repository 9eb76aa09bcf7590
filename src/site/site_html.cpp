#include "site/site_html.h"

#include "render/document.h"

namespace ruledex::site {

void append_escaped(std::string& out, std::string_view text) { out += render::escape_html(text); }

void append_link(std::string& out, std::string_view root, std::string_view href, std::string_view text) {
  out += "<a href=\"";
  out += root;
  append_escaped(out, href);
  out += "\">";
  append_escaped(out, text);
  out += "</a>";
}

void append_heading(std::string& out, int level, std::string_view text, std::string_view id) {
  const char digit = static_cast<char>('0' + level);
  out += "<h";
  out += digit;
  if (!id.empty()) {
    out += " id=\"";
    append_escaped(out, id);
    out += '"';
  }
  out += '>';
  append_escaped(out, text);
  out += "</h";
  out += digit;
  out += ">\n";
}

void begin_page(std::string& out, std::string_view title, std::string_view root) {
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // Only the site's own style sheet and scripts may load; nothing a rule holds can run.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; "
         "script-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  append_escaped(out, title);
  out += " · ruledex</title>\n<link rel=\"stylesheet\" href=\"";
  out += root;
  out += "site.css\">\n</head>\n<body>\n<nav class=\"top\">";
  append_link(out, root, "index.html", "ruledex");
  append_link(out, root, "matrix.html", "ATT&CK matrix");
  append_link(out, root, "index.html#platforms", "Platforms");
  append_link(out, root, "sources.html", "Data sources");
  append_link(out, root, "fields.html", "Fields");
  append_link(out, root, "index.html#search", "Search");
  out += "</nav>\n<main>\n";
}

void end_page(std::string& out, std::string_view root, std::initializer_list<std::string_view> scripts) {
  out += "</main>\n";
  for (std::string_view script : scripts) {
    out += "<script src=\"";
    out += root;
    out += script;
    out += "\"></script>\n";
  }
  out += "</body>\n</html>\n";
}

std::string rule_label(const Rule& rule) {
  if (!rule.name.empty()) return rule.name;
  if (!rule.id.empty()) return rule.id;
  std::string label = rule.file.substr(rule.file.find_last_of('/') + 1);
  if (rule.query_count > 1) label += " (query " + std::to_string(rule.query_index + 1) + ")";
  return label;
}

std::string count_text(size_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

void append_rule_table(std::string& out, const PageContext& site, const RuleList& rules, std::string_view root) {
  out += "<table class=\"rules\">\n<thead><tr><th>Rule</th><th>Platform</th><th>Severity</th><th>Techniques</th>"
         "</tr></thead>\n<tbody>\n";
  for (uint32_t r : rules) {
    const Rule& rule = site.catalog.rules[r];
    out += "<tr><td>";
    append_link(out, root, site.index.rule_pages[r], rule_label(rule));
    out += "</td><td>";
    append_escaped(out, rule.platform);
    out += "</td><td>";
    append_escaped(out, rule.severity);
    out += "</td><td>";
    for (size_t t = 0; t < rule.techniques.size(); ++t) {
      if (t > 0) out += ' ';
      append_escaped(out, rule.techniques[t].id);
    }
    out += "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

}  // namespace ruledex::site
