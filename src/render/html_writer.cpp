// One self-contained HTML page: inline CSS, no scripts, no external resources.
// Everything that comes from a rule is escaped.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "render/document.h"

namespace ruledex::render {
namespace {

constexpr std::string_view kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem;
       padding: 0 1rem; color: #1f2328; line-height: 1.45; }
h1 { font-size: 1.6rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #eaeef2; padding-bottom: .2rem; }
h3, h4, h5, h6 { font-size: 1.05rem; margin-top: 1.2rem; }
p { white-space: pre-wrap; }
p.note { background: #fff8c5; border-left: 4px solid #d4a72c; padding: .4rem .7rem; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .7rem; overflow-x: auto; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; vertical-align: top;
         white-space: pre-wrap; }
th { background: #f6f8fa; }
dl.fields { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
dl.fields dt { font-weight: 600; }
dl.fields dd { margin: 0; white-space: pre-wrap; }
)";

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7F) out += "\uFFFD";
        else out += c;
    }
  }
  return out;
}

namespace {

std::string escape(std::string_view text) { return escape_html(text); }

// A language hint as a class name: letters, digits and dashes only.
std::string class_token(std::string_view text) {
  std::string out;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') out += c;
  return out;
}

void write_block(std::string& out, const Heading& heading) {
  std::string tag = "h" + std::to_string(std::clamp(heading.level, 1, 6));
  out += "<" + tag + ">" + escape(heading.text) + "</" + tag + ">\n";
}

void write_block(std::string& out, const Paragraph& paragraph) {
  out += paragraph.note ? "<p class=\"note\">" : "<p>";
  out += escape(paragraph.text) + "</p>\n";
}

void write_block(std::string& out, const CodeBlock& code) {
  out += "<pre><code";
  if (std::string token = class_token(code.language); !token.empty()) out += " class=\"language-" + token + "\"";
  out += ">" + escape(code.text) + "</code></pre>\n";
}

void write_block(std::string& out, const Table& table) {
  out += "<table>\n<thead><tr>";
  for (const auto& cell : table.header) out += "<th>" + escape(cell) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    out += "<tr>";
    for (size_t i = 0; i < table.header.size(); ++i) {
      std::string text = i < row.size() ? escape(row[i]) : "";
      const std::string* href = r < table.links.size() && i < table.links[r].size() ? &table.links[r][i] : nullptr;
      if (href && !href->empty() && !text.empty()) text = "<a href=\"" + escape(*href) + "\">" + text + "</a>";
      out += "<td>" + text + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

void write_block(std::string& out, const FieldList& fields) {
  out += "<dl class=\"fields\">\n";
  for (const auto& [label, value] : fields.items)
    out += "<dt>" + escape(label) + "</dt><dd>" + escape(value) + "</dd>\n";
  out += "</dl>\n";
}

}  // namespace

std::string write_html(const Document& document) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // No script, frame or remote resource may run or load, whatever a rule holds.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escape(document.title) + "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  out += write_html_blocks(document);
  out += "</body>\n</html>\n";
  return out;
}

std::string write_html_blocks(const Document& document) {
  std::string out;
  for (const auto& block : document.blocks) std::visit([&](const auto& b) { write_block(out, b); }, block);
  return out;
}

}  // namespace ruledex::render
