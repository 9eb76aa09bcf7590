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

std::string why_not_literal(const Predicate& predicate) {
  const std::string written = predicate.values.empty() ? "" : predicate.values.front();
  if (written.starts_with('%')) return "reference list " + written + " is not in the repository";
  if (written.starts_with('$')) return "compares with " + written;
  return "compares a computed value";
}

}  // namespace

Leaf yaral_leaf(const Rule&, const Predicate& predicate, FieldNames& names) {
  if (!predicate.indicator && predicate.op != Op::exists) return unknown_leaf(why_not_literal(predicate));
  return dialect_leaf(predicate, names, kYaral);
}

}  // namespace ruledex::eval
