#include "kql/ast_dump.h"

namespace ruledex::kql {
namespace {

class Dumper {
 public:
  std::string out;

  void expr(const Expr* e) {
    if (!e) {
      out += "<null>";
      return;
    }
    switch (e->kind) {
      case ExprKind::Literal: return literal(static_cast<const LiteralExpr&>(*e));
      case ExprKind::Name: {
        auto& n = static_cast<const NameExpr&>(*e);
        if (n.bracketed) {
          out += "['" + n.name + "']";
        } else {
          out += n.name;
        }
        return;
      }
      case ExprKind::Member: {
        auto& m = static_cast<const MemberExpr&>(*e);
        open(".");
        item(m.object);
        out += ' ' + m.member + ')';
        return;
      }
      case ExprKind::Index: {
        auto& ix = static_cast<const IndexExpr&>(*e);
        open(ix.slice_end ? "[:]" : "[]");
        item(ix.object);
        item(ix.index);
        if (ix.slice_end) item(ix.slice_end);
        out += ')';
        return;
      }
      case ExprKind::Unary: {
        auto& u = static_cast<const UnaryExpr&>(*e);
        open(u.op);
        item(u.operand);
        out += ')';
        return;
      }
      case ExprKind::Binary: {
        auto& b = static_cast<const BinaryExpr&>(*e);
        open(b.op);
        item(b.lhs);
        item(b.rhs);
        out += ')';
        return;
      }
      case ExprKind::In: {
        auto& in = static_cast<const InExpr&>(*e);
        open(in.op);
        item(in.lhs);
        for (const Expr* x : in.items) item(x);
        out += ')';
        return;
      }
      case ExprKind::Between: {
        auto& b = static_cast<const BetweenExpr&>(*e);
        open(b.negated ? "!between" : "between");
        item(b.lhs);
        item(b.low);
        item(b.high);
        out += ')';
        return;
      }
      case ExprKind::Call: {
        auto& c = static_cast<const CallExpr&>(*e);
        open("call");
        item(c.callee);
        for (const Argument& a : c.args) {
          out += ' ';
          if (!a.name.empty()) out += std::string(a.name) + '=';
          expr(a.value);
        }
        out += ')';
        return;
      }
      case ExprKind::Tabular: return pipeline(*static_cast<const TabularExpr&>(*e).pipeline);
      case ExprKind::Lambda: {
        auto& l = static_cast<const LambdaExpr&>(*e);
        open(l.view ? "view" : "lambda");
        out += ' ';
        params(l.params);
        for (const Statement* s : l.body) {
          out += ' ';
          statement(*s);
        }
        out += ')';
        return;
      }
    }
  }

  void pipeline(const Pipeline& p) {
    open("pipe");
    for (const Operator* op : p.operators) {
      out += ' ';
      op_(*op);
    }
    out += ')';
  }

  void statement(const Statement& s) {
    switch (s.kind) {
      case StatementKind::Let: open("let "); out += s.name; break;
      case StatementKind::Query: open("query"); break;
      case StatementKind::Set: open("set "); out += s.name; break;
      case StatementKind::Declare: open("declare "); out += std::string(s.name) + ' '; params(s.params); out += ')'; return;
      case StatementKind::Alias: open("alias "); out += s.name; break;
      case StatementKind::Pattern: open("pattern "); out += std::string(s.name) + ')'; return;
    }
    if (s.value) item(s.value);
    out += ')';
  }

 private:
  void open(std::string_view head) {
    out += '(';
    out += head;
  }
  void item(const Expr* e) {
    out += ' ';
    expr(e);
  }

  void literal(const LiteralExpr& l) {
    switch (l.literal) {
      case LiteralKind::String:
        out += '"';
        for (char c : l.value) {
          if (c == '"' || c == '\\') out += '\\';
          out += c;
        }
        out += '"';
        return;
      case LiteralKind::Dynamic:
        if (l.shape == LiteralExpr::Shape::Scalar) {
          out += "(dynamic ";
          expr(l.elements.empty() ? nullptr : l.elements[0]);
          out += ')';
          return;
        }
        out += l.shape == LiteralExpr::Shape::Bag ? '{' : '[';
        for (size_t i = 0; i < l.elements.size(); ++i) {
          if (i) out += ' ';
          if (i < l.keys.size()) out += l.keys[i] + ':';
          expr(l.elements[i]);
        }
        out += l.shape == LiteralExpr::Shape::Bag ? '}' : ']';
        return;
      case LiteralKind::Null: out += "null"; if (!l.type.empty()) out += ':' + std::string(l.type); return;
      case LiteralKind::Long: out += "long:"; break;
      case LiteralKind::Real: out += "real:"; break;
      case LiteralKind::Bool: out += "bool:"; break;
      case LiteralKind::DateTime: out += "datetime:"; break;
      case LiteralKind::TimeSpan: out += "timespan:"; break;
      case LiteralKind::Guid: out += "guid:"; break;
      case LiteralKind::Typed: out += std::string(l.type) + ':'; break;
    }
    out += l.value;
  }

  void params(const std::vector<Parameter>& ps) {
    out += '(';
    for (size_t i = 0; i < ps.size(); ++i) {
      if (i) out += ' ';
      out += std::string(ps[i].name) + ':' + std::string(ps[i].type);
      if (ps[i].default_value) {
        out += '=';
        expr(ps[i].default_value);
      }
    }
    out += ')';
  }

  void named(const NamedExpr& n) {
    bool wrap = !n.order.empty() || !n.nulls.empty();
    if (wrap) out += '(';
    if (!n.names.empty()) {
      if (n.names.size() == 1) {
        out += n.names[0];
      } else {
        out += '(';
        for (size_t i = 0; i < n.names.size(); ++i) out += (i ? " " : "") + std::string(n.names[i]);
        out += ')';
      }
      if (!n.type.empty() && !n.expr) out += ':' + std::string(n.type);
      if (n.expr) out += '=';
    }
    if (n.expr) expr(n.expr);
    if (n.expr && !n.type.empty()) out += " to " + std::string(n.type);
    if (!n.order.empty()) out += ' ' + std::string(n.order);
    if (!n.nulls.empty()) out += " nulls " + std::string(n.nulls);
    if (wrap) out += ')';
  }

  void named_list(std::string_view label, const std::vector<NamedExpr>& list) {
    if (list.empty()) return;
    if (!label.empty()) out += std::string(" ") + std::string(label);
    for (const NamedExpr& n : list) {
      out += ' ';
      named(n);
    }
  }

  void op_(const Operator& op) {
    out += '(' + op.keyword;
    for (const OperatorOption& o : op.options) {
      out += ' ' + std::string(o.name) + '=';
      expr(o.value);
    }
    named_list("", op.items);
    if (op.predicate) item(op.predicate);
    named_list("with", op.pattern);
    named_list("by", op.by);
    if (!op.on.empty()) {
      out += " on";
      for (const Expr* e : op.on) item(e);
    }
    for (size_t i = 0; i < op.subqueries.size(); ++i) {
      out += ' ';
      if (i < op.subquery_names.size() && !op.subquery_names[i].empty()) out += std::string(op.subquery_names[i]) + '=';
      pipeline(*op.subqueries[i]);
    }
    out += ')';
  }
};

}  // namespace

std::string dump(const Expr& expr) {
  Dumper d;
  d.expr(&expr);
  return d.out;
}

std::string dump(const Pipeline& pipeline) {
  Dumper d;
  d.pipeline(pipeline);
  return d.out;
}

std::string dump(const Statement& statement) {
  Dumper d;
  d.statement(statement);
  return d.out;
}

std::string dump(const Ast& ast) {
  std::string out;
  for (const Statement* s : ast.statements) {
    if (!out.empty()) out += '\n';
    out += dump(*s);
  }
  return out;
}

}  // namespace ruledex::kql
