#pragma once
// A small, format-neutral page model. The rule page is built once as a
// Document (rule_page.h); each output format only knows how to write these
// few block kinds, so the section logic lives in one place.

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ruledex::render {

struct Heading {
  int level = 1;  // 1 = page title
  std::string text;
};

struct Paragraph {
  std::string text;  // may hold line breaks, kept as written
  bool note = false; // a remark the reader should not miss (a likely mistake in the rule)
};

struct CodeBlock {
  std::string language;  // "yaml", "kusto", ... (a hint for Markdown and HTML)
  std::string text;      // written exactly, never reflowed
};

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // Optional link targets, shaped like rows ("" = none). Only HTML writes them.
  std::vector<std::vector<std::string>> links = {};
};

// Label: value lines.
struct FieldList {
  std::vector<std::pair<std::string, std::string>> items;
};

using Block = std::variant<Heading, Paragraph, CodeBlock, Table, FieldList>;

struct Document {
  std::string title;
  std::vector<Block> blocks;
};

std::string write_text(const Document& document);
std::string write_markdown(const Document& document);
std::string write_html(const Document& document);
// The blocks alone, for pages that bring their own <head> and frame (the static site).
std::string write_html_blocks(const Document& document);
// Text as HTML element content or attribute value.
std::string escape_html(std::string_view text);

}  // namespace ruledex::render
