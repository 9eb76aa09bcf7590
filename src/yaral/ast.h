#pragma once
// The YARA-L 2.0 syntax tree: plain data with byte spans into the rule text.
// It says what was written, not what it means; lowering (yaral/lowering.h)
// gives meaning.
//
// Expressions live in one vector per rule and refer to each other by index, so
// a tree copies and moves as a value. Names are string_views into the rule
// text, which must outlive the tree.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::yaral {

// Byte offsets [begin, end) into the rule text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

using ExprId = uint32_t;
inline constexpr ExprId kNoExpr = UINT32_MAX;

enum class ExprKind : uint8_t {
  String,         // "x" or `x`; value: the decoded text
  Regex,          // /x/; value: the pattern between the slashes
  Number,         // 42, 1.5; value: as written
  Bool,           // true, false
  Field,          // $e.principal.ip, $e.additional.fields["key"]; name: e, value: the path
  Variable,       // $e, $user, $risk_score (event, placeholder, match or outcome variable); name: e
  Count,          // #e; name: e
  ReferenceList,  // %name or %table.column; name: as written without %
  Call,           // re.regex(a, b), max(x), if(c, a, b); name: the function with its namespace
  Not,            // not x, !x; children: the operand
  Negate,         // -x
  Quantified,     // any $e.f = "x", all $e.f != "x"; name: any/all; children: the comparison
  And,            // a and b and c: all operands as children
  Or,             // a or b or c
  Compare,        // a = b, a != b, a < b, ... ; name: the operator; children: lhs, rhs
  In,             // a in %list, a in regex %list, a in cidr %list; name: "", regex, cidr
  Arithmetic,     // a + b, a - b, a * b, a / b; name: the operator
  Error,          // what could not be parsed; an error says why
};

struct Expr {
  ExprKind kind = ExprKind::Error;
  Span span;
  std::string_view name;
  std::string value;
  // `nocase` after a comparison, a regex, a function call or a list lookup.
  bool nocase = false;
  uint16_t depth = 1;  // nesting depth of the subtree (a leaf is 1), bounded by the parser
  std::vector<ExprId> children;
};

enum class SectionKind : uint8_t { Meta, Events, Match, Outcome, Condition, Options };

// `key = value` in meta and options.
struct KeyValue {
  std::string_view key;
  Span key_span;
  ExprId value = kNoExpr;  // String, Number, Bool
};

// `$name = expression` in outcome.
struct Assignment {
  std::string_view variable;  // without the $
  Span variable_span;
  ExprId value = kNoExpr;
};

// `$a, $b over 5m [before|after $e]` in match.
struct MatchClause {
  std::vector<ExprId> variables;  // Variable (or Field) expressions
  std::string_view window;        // "5m"; empty without `over`
  Span window_span;
  std::string_view anchor_kind;  // "after", "before" or empty (a hop window)
  ExprId anchor = kNoExpr;       // the event variable a sliding window hangs on
};

struct Section {
  SectionKind kind = SectionKind::Meta;
  Span span;                            // from the section keyword to the end of its last item
  Span body;                            // after the colon: the section's items
  std::vector<KeyValue> entries;        // meta, options
  std::vector<ExprId> statements;       // events and condition: each one is ANDed with the others
  std::vector<Assignment> assignments;  // outcome
  MatchClause match;                    // match
};

struct ParseError {
  uint32_t offset = 0;
  std::string message;
};

struct RuleAst {
  std::string_view name;  // after `rule`
  Span name_span;
  Span span;  // `rule` to the closing brace
  std::vector<Section> sections;
  std::vector<Expr> exprs;
  std::vector<ParseError> errors;

  const Expr& at(ExprId id) const { return exprs[id]; }
  const Section* section(SectionKind kind) const {
    for (const Section& s : sections)
      if (s.kind == kind) return &s;
    return nullptr;
  }
};

std::string_view to_string(SectionKind kind);

}  // namespace ruledex::yaral
