#include "base/text_structure.h"

#include <vector>

#include "base/source_text.h"

namespace ruledex {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

TextProblem problem_at(std::string_view text, uint32_t offset, std::string message) {
  LineIndex lines(text);
  return {lines.line(offset), lines.column(offset), std::move(message), offset};
}

std::string too_deep(uint32_t limit) { return "nesting deeper than " + std::to_string(limit) + " levels"; }

// JSON: arrays and objects, outside strings.
std::optional<uint32_t> json_too_deep_at(std::string_view text, uint32_t limit) {
  uint32_t depth = 0;
  bool in_string = false;
  for (uint32_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// TOML: the segments of the table header in force, plus open inline tables
// and arrays, plus the segments of the key being written.
class TomlScan {
 public:
  TomlScan(std::string_view text, uint32_t limit) : text_(text), limit_(limit) {}

  std::optional<uint32_t> too_deep_at() {
    for (i_ = 0; i_ < text_.size(); ++i_) {
      char c = text_[i_];
      if (c == '"' || c == '\'') {
        skip_string(c);
      } else if (c == '#') {
        while (i_ + 1 < text_.size() && text_[i_ + 1] != '\n') ++i_;
      } else if (c == '\n') {
        line_start_ = true;
        if (open_.empty()) start_key();
        continue;
      } else if (c == '[' && open_.empty() && line_start_) {
        header_ = true;
        start_key();
        if (i_ + 1 < text_.size() && text_[i_ + 1] == '[') ++i_;
      } else if (c == ']' && header_) {
        header_ = false;
        in_key_ = false;
        table_segments_ = segments_;
      } else if (c == '[' || c == '{') {
        open_.push_back(c);
        if (c == '{') start_key();
        if (depth() > limit_) return i_;
      } else if ((c == ']' || c == '}') && !open_.empty()) {
        open_.pop_back();
      } else if (c == ',' && !open_.empty() && open_.back() == '{') {
        start_key();
      } else if (c == '=') {
        in_key_ = false;
      } else if (c == '.' && in_key_) {
        ++segments_;
        if (depth() > limit_) return i_;
      }
      if (!is_space(c)) line_start_ = false;
    }
    return std::nullopt;
  }

 private:
  uint32_t depth() const {
    uint32_t key = in_key_ ? segments_ : 0;
    return header_ ? segments_ : table_segments_ + static_cast<uint32_t>(open_.size()) + key;
  }

  void start_key() {
    in_key_ = true;
    segments_ = 1;
  }

  // From the opening quote to the last character of the string.
  void skip_string(char quote) {
    bool multi_line = text_.substr(i_, 3) == std::string(3, quote);
    i_ += multi_line ? 3 : 1;
    for (; i_ < text_.size(); ++i_) {
      char c = text_[i_];
      if (c == '\\' && quote == '"') {
        ++i_;
      } else if (c == '\n' && !multi_line) {
        --i_;  // an unclosed string ends with its line; toml++ reports it
        return;
      } else if (c == quote && (!multi_line || text_.substr(i_, 3) == std::string(3, quote))) {
        if (!multi_line) return;
        i_ += 2;
        while (i_ + 1 < text_.size() && text_[i_ + 1] == quote) ++i_;  // `""""` ends with a quote inside
        return;
      }
    }
  }

  std::string_view text_;
  uint32_t limit_;
  uint32_t i_ = 0;
  std::vector<char> open_;  // '[' and '{' of open arrays and inline tables
  bool line_start_ = true;
  bool header_ = false;
  bool in_key_ = true;
  uint32_t segments_ = 1;
  uint32_t table_segments_ = 0;
};

// YAML: block collections by indentation, flow collections by brackets, and
// quoted scalars (which may span lines). The lines of block scalars (`|`,
// `>`) and of multi-line plain scalars are skipped: their indentation is text.
class YamlScan {
 public:
  YamlScan(std::string_view text, uint32_t limit) : text_(text), limit_(limit) {}

  std::optional<TextProblem> check() {
    size_t begin = 0;
    while (begin <= text_.size()) {
      size_t end = std::min(text_.find('\n', begin), text_.size());
      if (std::optional<uint32_t> at = scan_line(static_cast<uint32_t>(begin), static_cast<uint32_t>(end)))
        return problem_at(text_, *at, too_deep(limit_));
      begin = end + 1;
    }
    if (quote_) return problem_at(text_, quote_at_, "unclosed quote: the string opened here never ends");
    return std::nullopt;
  }

 private:
  uint32_t depth() const { return static_cast<uint32_t>(indents_.size()) + flow_; }

  void push_block(uint32_t column) { indents_.push_back(column); }

  // Returns the offset where nesting exceeds the limit, if it does on this line.
  std::optional<uint32_t> scan_line(uint32_t begin, uint32_t end) {
    std::string_view line = text_.substr(begin, end - begin);
    uint32_t indent = static_cast<uint32_t>(std::min(line.find_first_not_of(' '), line.size()));
    uint32_t at = begin;
    if (!quote_ && flow_ == 0) {
      std::string_view content = line.substr(indent);
      bool blank = content.find_first_not_of(" \t\r") == std::string_view::npos;
      if (text_lines_deeper_than_ && (blank || indent > *text_lines_deeper_than_)) return std::nullopt;
      text_lines_deeper_than_.reset();
      if (blank || content.starts_with('#') || (indent == 0 && content.starts_with('%'))) return std::nullopt;
      if (indent == 0 && (content.starts_with("---") || content.starts_with("..."))) {
        indents_.clear();
        return std::nullopt;
      }
      while (!indents_.empty() && indents_.back() >= indent) indents_.pop_back();
      push_block(indent);
      if (depth() > limit_) return begin + indent;
      at = begin + indent;
      line_indent_ = indent;
    }
    return scan_characters(at, end, begin);
  }

  std::optional<uint32_t> scan_characters(uint32_t at, uint32_t end, uint32_t line_begin) {
    bool token_start = !quote_;
    bool plain_value = false;
    for (uint32_t i = at; i < end; ++i) {
      char c = text_[i];
      char next = i + 1 < end ? text_[i + 1] : '\n';
      bool next_blank = is_space(next) || next == '\n' || next == '\r';
      if (quote_) {
        if (c == '\\' && quote_ == '"') ++i;
        else if (c == '\'' && quote_ == '\'' && next == '\'') ++i;
        else if (c == quote_) quote_ = 0;
        continue;
      }
      if (is_space(c) || c == '\r') continue;
      if (c == '#' && (i == line_begin || is_space(text_[i - 1]))) break;
      if (flow_ > 0 && (c == ']' || c == '}')) {
        --flow_;
        token_start = false;
        continue;
      }
      if (flow_ > 0 && c == ',') {
        token_start = true;
        continue;
      }
      if (c == ':' && (next_blank || (flow_ > 0 && !token_start))) {
        token_start = true;
        plain_value = false;
        continue;
      }
      if (!token_start) continue;  // inside a plain scalar
      if (c == '"' || c == '\'') {
        quote_ = c;
        quote_at_ = i;
        token_start = false;
      } else if (c == '[' || c == '{') {
        if (++flow_ + static_cast<uint32_t>(indents_.size()) > limit_) return i;
      } else if ((c == '-' || c == '?') && next_blank && flow_ == 0) {
        // A compact entry (`- - x`, `- key: x`) opens a level at its node.
        uint32_t node = i + 1;
        while (node < end && is_space(text_[node])) ++node;
        if (node < end && text_[node] != '#') {
          push_block(node - line_begin);
          if (depth() > limit_) return i;
        }
      } else if ((c == '|' || c == '>') && flow_ == 0) {
        text_lines_deeper_than_ = line_indent_;  // a block scalar's lines follow
        break;
      } else if (c == '&' || c == '!' || c == '*') {
        while (i + 1 < end && !is_space(text_[i + 1]) && (flow_ == 0 || text_[i + 1] != ',')) ++i;
        token_start = c != '*';
      } else {
        token_start = false;
        plain_value = flow_ == 0;
      }
    }
    // A plain scalar may go on over the more indented lines after it.
    if (plain_value && flow_ == 0 && !quote_) text_lines_deeper_than_ = line_indent_;
    return std::nullopt;
  }

  std::string_view text_;
  uint32_t limit_;
  std::vector<uint32_t> indents_;  // columns of the open block levels
  uint32_t flow_ = 0;              // open `[` and `{`
  char quote_ = 0;                 // the quote of an open quoted scalar
  uint32_t quote_at_ = 0;
  uint32_t line_indent_ = 0;
  std::optional<uint32_t> text_lines_deeper_than_;  // skip lines indented more: scalar text
};

}  // namespace

std::string located(std::string_view file, const TextProblem& problem) {
  return std::string(file) + ":" + std::to_string(problem.line) + ":" + std::to_string(problem.column) + ": " +
         problem.message;
}

std::optional<TextProblem> check_structure(std::string_view text, Notation notation, uint32_t limit) {
  if (notation == Notation::yaml) return YamlScan(text, limit).check();
  std::optional<uint32_t> at = notation == Notation::toml ? TomlScan(text, limit).too_deep_at()
                                                          : json_too_deep_at(text, limit);
  if (!at) return std::nullopt;
  return problem_at(text, *at, too_deep(limit));
}

}  // namespace ruledex
