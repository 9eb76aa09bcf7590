#include "sigma/documents.h"

#include "base/trim.h"

namespace ruledex::sigma {
namespace {

// `---` or `...` followed by the end of the line or a blank.
bool is_marker(std::string_view line, std::string_view marker) {
  return line.starts_with(marker) && (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

bool has_content(std::string_view text) {
  size_t at = 0;
  while (at < text.size()) {
    size_t eol = text.find('\n', at);
    std::string_view line = trim(text.substr(at, eol == std::string_view::npos ? eol : eol - at));
    if (!line.empty() && !line.starts_with('#') && !line.starts_with('%')) return true;
    if (eol == std::string_view::npos) break;
    at = eol + 1;
  }
  return false;
}

}  // namespace

std::vector<DocumentSpan> split_documents(std::string_view text) {
  std::vector<DocumentSpan> documents;
  DocumentSpan current{0, 0, 1};
  auto close = [&](uint32_t end) {
    current.end = end;
    if (has_content(text.substr(current.begin, current.end - current.begin))) documents.push_back(current);
  };
  uint32_t line_number = 1;
  for (size_t at = 0; at <= text.size();) {
    size_t eol = text.find('\n', at);
    size_t line_end = eol == std::string_view::npos ? text.size() : eol;
    std::string_view line = text.substr(at, line_end - at);
    uint32_t next = static_cast<uint32_t>(eol == std::string_view::npos ? text.size() : eol + 1);
    bool start = is_marker(line, "---"), stop = is_marker(line, "...");
    if (start || stop) {
      close(static_cast<uint32_t>(at));
      // Content after `---` on the marker line belongs to the new document.
      bool inline_content = start && !trim(line.substr(3)).empty() && !trim(line.substr(3)).starts_with('#');
      current = inline_content ? DocumentSpan{static_cast<uint32_t>(at), 0, line_number}
                               : DocumentSpan{next, 0, line_number + 1};
    }
    if (eol == std::string_view::npos) break;
    at = next;
    ++line_number;
  }
  close(static_cast<uint32_t>(text.size()));
  return documents;
}

std::string_view collection_action(std::string_view document) {
  size_t at = 0;
  while (at < document.size()) {
    size_t eol = document.find('\n', at);
    std::string_view line = document.substr(at, eol == std::string_view::npos ? eol : eol - at);
    if (line.starts_with("action:")) return trim(line.substr(7));
    if (eol == std::string_view::npos) break;
    at = eol + 1;
  }
  return {};
}

std::vector<RuleSpan> rule_spans(std::string_view text, const std::vector<DocumentSpan>& documents) {
  std::vector<RuleSpan> rules;
  // The global document in force, if any (documents.size() when none).
  uint32_t global = static_cast<uint32_t>(documents.size());
  for (uint32_t i = 0; i < documents.size(); ++i) {
    const DocumentSpan& document = documents[i];
    std::string_view action = collection_action(text.substr(document.begin, document.end - document.begin));
    if (action == "global") {
      global = i;
      continue;
    }
    if (action == "reset") {
      global = static_cast<uint32_t>(documents.size());
      continue;
    }
    bool has_global = global < documents.size();
    const DocumentSpan& first = has_global ? documents[global] : document;
    RuleSpan rule{first.begin, document.end, first.line, {}};
    if (has_global) rule.documents.push_back(global);
    rule.documents.push_back(i);
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace ruledex::sigma
