#pragma once
// Multi-document Sigma files: where each YAML document sits, and which
// documents make up one rule. A legacy collection starts with an
// `action: global` document merged into each document after it (until an
// `action: reset`); Sigma 2 files put rules, correlations and filters one
// after another, each its own rule.

#include <cstdint>
#include <string_view>
#include <vector>

namespace ruledex::sigma {

struct DocumentSpan {
  uint32_t begin = 0;  // byte offsets of the document's text, markers excluded
  uint32_t end = 0;
  uint32_t line = 1;   // 1-based line of `begin`
};

// The documents of a YAML stream, split at `---` and `...` lines (which YAML
// only allows at column 0 as markers). Blank and comment-only documents are
// dropped.
std::vector<DocumentSpan> split_documents(std::string_view text);

// The value of a document's top-level `action:` key, if any ("global",
// "reset", "repeat"), found without parsing YAML.
std::string_view collection_action(std::string_view document);

// One rule of a file: its text [begin, end) starts at the collection's global
// document when there is one, so that the text is contiguous in the file.
struct RuleSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t line = 1;
  std::vector<uint32_t> documents;  // indices into the split documents: global first, then the rule's own
};

std::vector<RuleSpan> rule_spans(std::string_view text, const std::vector<DocumentSpan>& documents);

}  // namespace ruledex::sigma
