// YARA-L 2.0's meaning of the operators (Google SecOps, "YARA-L 2.0
// language syntax"):
// - `=`, `!=` exact and case-sensitive; `nocase` folds ASCII case;
// - `/regex/` and re.regex(): RE2 searched anywhere in the value, `nocase`
//   folding case; strings.contains/starts_with/ends_with likewise;
// - net.ip_in_range_cidr(): CIDR;
// - `in %list`: the reference list's values when the repository has the
//   list (string, regex or cidr lists); unknown otherwise;
// - <, <=, >, >= on numbers;
// - a number compares as a number with a number value;
// - a UDM field the event lacks holds its default, read as an empty string
//   (so `$e.f != ""` needs the field).
// A comparison with a placeholder (`$user`), another event's field or a
// computed value is unknown: it joins events or computes, which one event's
// values cannot decide.

#include "eval/semantics_common.h"

namespace ruledex::eval {
namespace {

constexpr Dialect kYaral{
    .numbers = NumberEquality::typed,
    .absent = Leaf::Absent::empty,
};

// Why the predicate compares no UDM field with literals (the front end writes
// other operands as written: `$user`, `$e2.principal.ip`, `%list`, `f(x)`);
// nothing when it does.
std::optional<std::string> not_literal(const Predicate& predicate) {
  if (predicate.indicator || predicate.op == Op::exists) return std::nullopt;
  if (predicate.field.find_first_of("$(") != std::string::npos) return "compares a computed value";
  for (const std::string& value : predicate.values) {
    if (value.starts_with('%')) return "reference list " + value + " is not in the repository";
    if (value.starts_with('$')) return "compares with " + value;
  }
  return std::nullopt;
}

}  // namespace

Leaf yaral_leaf(const Rule&, const Predicate& predicate, FieldNames& names) {
  if (std::optional<std::string> reason = not_literal(predicate)) return unknown_leaf(std::move(*reason));
  return dialect_leaf(predicate, names, kYaral);
}

}  // namespace ruledex::eval
