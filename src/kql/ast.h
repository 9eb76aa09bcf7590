#pragma once
// The KQL syntax tree: plain data with byte spans into the query text. It says
// what was written, not what it means; lowering (kql/lowering.h) gives meaning.
//
// Nodes live in the Ast arena and point at each other with raw pointers; names
// and token texts are string_views into the query text, which must outlive the
// tree. Kinds are tags for static_cast, as in Clang (see `as<T>()`).

#include <cstdint>
#include <memory>
#include <memory_resource>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ruledex::kql {

// Byte offsets [begin, end) into the query text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// ---------------------------------------------------------------- expressions

enum class ExprKind : uint8_t {
  Literal,   // "x", @'x', 1, 1.5, true, 1d, datetime(...), guid(...), dynamic(...), long(null)
  Name,      // Column, ['Column'], $left, $right, *, T* (wildcard table names)
  Member,    // a.b, a['b']
  Index,     // a[0], a[-1], a[1:3]
  Unary,     // -x, +x, !x (the only unary operators; `not(x)` is a Call)
  Binary,    // arithmetic, comparison, string operators, and/or, `matches regex`
  In,        // x in (..), in~, !in, !in~, has_any, has_all, has_any_cs, ...
  Between,   // x between (a .. b), !between
  Call,      // f(x, y), f(name=value), T.f(), pack(*)
  Tabular,   // a tabular expression in scalar position: toscalar(T | ...), x in (T | ...)
  Lambda,    // (x:string, T:(*)) { body } in let statements
};

enum class LiteralKind : uint8_t {
  String,    // value: the decoded text
  Long,
  Real,
  Bool,
  Null,      // typed nulls: long(null), datetime(null), ...
  DateTime,  // datetime(...)
  TimeSpan,  // 1d, 10m, time(...), timespan(...)
  Guid,
  Dynamic,   // dynamic(...): elements/keys below
  Typed,     // other typed literals, e.g. int(5), real(nan); type holds the type name
};

struct Expr {
  ExprKind kind;
  Span span;

  explicit Expr(ExprKind k) : kind(k) {}
  template <class T>
  const T* as() const {
    return kind == T::kKind ? static_cast<const T*>(this) : nullptr;
  }
};

struct LiteralExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Literal;
  LiteralExpr() : Expr(kKind) {}
  LiteralKind literal = LiteralKind::String;
  std::string_view text;  // the literal as written
  std::string value;      // strings: decoded (quotes and escapes removed); others: inner text
  std::string_view type;  // the type name of typed literals: datetime, int, dynamic, ...
  // dynamic arrays: elements; dynamic property bags: keys[i] -> elements[i].
  std::vector<const Expr*> elements;
  std::vector<std::string> keys;
  // Dynamic literals: what the brackets held. A scalar, dynamic("x"), is elements[0].
  enum class Shape : uint8_t { Scalar, Array, Bag };
  Shape shape = Shape::Scalar;
};

struct NameExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Name;
  NameExpr() : Expr(kKind) {}
  std::string name;  // the name, without brackets or quotes
  bool bracketed = false;  // written as ['name'] or ["name"]
  bool wildcard = false;   // contains '*' (project-away Col*, union Sec*)
};

struct MemberExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Member;
  MemberExpr() : Expr(kKind) {}
  const Expr* object = nullptr;
  std::string member;
};

struct IndexExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Index;
  IndexExpr() : Expr(kKind) {}
  const Expr* object = nullptr;
  const Expr* index = nullptr;
  const Expr* slice_end = nullptr;  // a[1:3]
};

struct UnaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Unary;
  UnaryExpr() : Expr(kKind) {}
  std::string_view op;  // "-", "+", "!"
  const Expr* operand = nullptr;
};

struct BinaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Binary;
  BinaryExpr() : Expr(kKind) {}
  // Lower-case canonical text: "and", "or", "==", "!=", "=~", "!~", "<", "<=",
  // ">", ">=", "+", "-", "*", "/", "%", "contains", "!contains_cs", "has",
  // "startswith", "hasprefix", "matches regex", "like", ...
  std::string op;
  const Expr* lhs = nullptr;
  const Expr* rhs = nullptr;
};

struct InExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::In;
  InExpr() : Expr(kKind) {}
  std::string op;  // "in", "in~", "!in", "!in~", "has_any", "has_all", "has_any_cs", ...
  const Expr* lhs = nullptr;
  std::vector<const Expr*> items;  // scalar items, or one Tabular/Name/dynamic item
};

struct BetweenExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Between;
  BetweenExpr() : Expr(kKind) {}
  bool negated = false;  // !between
  const Expr* lhs = nullptr;
  const Expr* low = nullptr;
  const Expr* high = nullptr;
};

struct Argument {
  std::string_view name;  // empty unless written name=value
  const Expr* value = nullptr;
};

struct CallExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Call;
  CallExpr() : Expr(kKind) {}
  const Expr* callee = nullptr;  // a Name, or a Member for T.f() / database("x").T
  std::string function;          // the called name, lower-cased for built-ins is NOT done: as written
  std::vector<Argument> args;
};

struct Pipeline;

struct TabularExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Tabular;
  TabularExpr() : Expr(kKind) {}
  const Pipeline* pipeline = nullptr;
};

struct Parameter {
  std::string_view name;
  std::string_view type;  // "string", "dynamic", "(*)", "(TimeGenerated:datetime)", ...
  const Expr* default_value = nullptr;
};

struct Statement;

struct LambdaExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Lambda;
  LambdaExpr() : Expr(kKind) {}
  std::vector<Parameter> params;
  std::vector<const Statement*> body;  // let statements, then the result expression
  bool view = false;                   // written `view (...) { ... }`
};

// ------------------------------------------------------------ tabular operators

// An expression with the names it is given: `A = expr`, `(A, B) = expr`,
// `expr`, `Col:type` (parse patterns, datatable and externaldata schemas),
// `expr asc nulls last` (sort keys).
struct NamedExpr {
  std::vector<std::string_view> names;
  const Expr* expr = nullptr;  // null for bare `Col:type` declarations
  std::string_view type;       // `:type` or `to typeof(type)`
  std::string_view order;      // sort keys: "asc", "desc" or empty
  std::string_view nulls;      // sort keys: "first", "last" or empty
  Span span;
};

// `name=value` operator parameters: kind=inner, hint.strategy=shuffle,
// withsource=T, isfuzzy=true, with_itemindex=i, bagexpansion=array, flags=...
struct OperatorOption {
  std::string_view name;
  const Expr* value = nullptr;
  Span span;
};

// One tabular operator. Operators share one shape; the fields used by each
// keyword are:
//   where, filter, search, parse-where:    predicate
//   extend, project, project-keep, project-away, project-reorder, distinct,
//   print, serialize, project-rename (names=new, expr=old), summarize (aggregates),
//   make-series (aggregates), mv-expand, mv-apply (expanded columns):  items
//   summarize, make-series, partition, facet, top-nested(levels), sort/order,
//   top (sort keys), reduce:                                           by
//   take, limit, top, sample, sample-distinct, top-hitters:            count (items[0] expr)
//   join, lookup:  subqueries[0] = right side; on = join conditions
//   union, fork, facet, find in(...): subqueries = the legs / branches
//   mv-apply, partition: subqueries[0] = the applied subquery
//   parse, parse-where, parse-kv: items[0] = input expr; pattern = the pattern parts
//      (unnamed Literal = text to match, named = column with optional type)
//   evaluate, invoke: items[0] = the Call; render, as: items[0] = a Name
//   datatable, externaldata: pattern = schema columns; items = values / urls
//   range: items[0] = named column; options from/to/step
//   make-series: on = axis; options from/to/step (or `in range(...)`)
//   scan: body kept as raw span (declare/with steps are rare)
// Options hold every `name=value` parameter and the `with (...)` property
// bags of render, externaldata, parse-kv and scan.
struct Operator {
  std::string keyword;  // lower-case canonical keyword: "where", "project-away", "mv-expand", ...
  Span span;            // from the keyword (or the source's first token) to the operator's end
  Span keyword_span;
  std::vector<OperatorOption> options;
  std::vector<NamedExpr> items;
  std::vector<NamedExpr> by;
  std::vector<NamedExpr> pattern;
  std::vector<const Expr*> on;
  std::vector<const Pipeline*> subqueries;
  std::vector<std::string_view> subquery_names;  // fork `( ... ) as name` / union legs; parallel to subqueries, may be empty
  const Expr* predicate = nullptr;
};

// `source | op | op ...`. The first operator is the source: keyword "source"
// with items[0] holding a table reference or function call, or an operator
// that starts a query on its own (union, print, range, datatable,
// externaldata, find, search, evaluate).
struct Pipeline {
  std::vector<const Operator*> operators;
  Span span;
};

// ----------------------------------------------------------------- statements

enum class StatementKind : uint8_t {
  Let,       // let name = scalar | tabular | lambda | materialize(...) | view () {...}
  Query,     // a tabular or scalar expression (normally a pipeline)
  Set,       // set option = value
  Declare,   // declare query_parameters(...), declare pattern ...
  Alias,     // alias database x = cluster(...).database(...)
  Pattern,   // declare pattern / pattern name = ...
};

struct Statement {
  StatementKind kind;
  Span span;
  std::string_view name;           // let/set/alias: the bound name
  const Expr* value = nullptr;     // let: the bound expression; query: the expression
  std::vector<Parameter> params;   // declare query_parameters
};

// ----------------------------------------------------------------------- tree

struct ParseError {
  static constexpr uint32_t kNoOffset = UINT32_MAX;
  std::string message;
  uint32_t offset = 0;                   // byte offset into the query text
  uint32_t related_offset = kNoOffset;   // e.g. the '(' an expected ')' would close
};

// A parsed query: statements in order, the nodes' storage, and errors.
// Nodes are placed in a monotonic arena (one allocation per block, not per
// node); the destructors of nodes that own memory run when the Ast dies.
class Ast {
 public:
  std::vector<const Statement*> statements;
  std::vector<ParseError> errors;

  Ast() : arena_(std::make_unique<std::pmr::monotonic_buffer_resource>()) {}
  Ast(Ast&& other) noexcept
      : statements(std::move(other.statements)),
        errors(std::move(other.errors)),
        arena_(std::move(other.arena_)),
        destructors_(std::exchange(other.destructors_, {})) {}
  Ast& operator=(Ast&& other) noexcept {
    if (this != &other) {
      destroy_nodes();
      statements = std::move(other.statements);
      errors = std::move(other.errors);
      arena_ = std::move(other.arena_);
      destructors_ = std::exchange(other.destructors_, {});
    }
    return *this;
  }
  Ast(const Ast&) = delete;
  Ast& operator=(const Ast&) = delete;
  ~Ast() { destroy_nodes(); }

  template <class T>
  T* make() {
    T* node = new (arena_->allocate(sizeof(T), alignof(T))) T();
    if constexpr (!std::is_trivially_destructible_v<T>)
      destructors_.push_back({node, [](void* p) { static_cast<T*>(p)->~T(); }});
    return node;
  }

 private:
  struct Destructor {
    void* node;
    void (*destroy)(void*);
  };
  void destroy_nodes() {
    for (auto it = destructors_.rbegin(); it != destructors_.rend(); ++it) it->destroy(it->node);
    destructors_.clear();
  }
  std::unique_ptr<std::pmr::monotonic_buffer_resource> arena_;
  std::vector<Destructor> destructors_;
};

}  // namespace ruledex::kql
