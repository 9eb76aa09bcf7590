#pragma once
// A small, format-neutral page model. The rule page is built once as a
// Document (rule_page.h); each output format only knows how to write these
// few block kinds, so the section logic lives in one place.

#include <string>
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

}  // namespace ruledex::render
