#pragma once
// Lowering: a Lucene query_string syntax tree -> the neutral model (model/rule.h).
//
// Stages: `source` (the rule's index patterns, when it has any) and `query`
// (the whole query). Predicates, flat (an OR keeps its operands as separate
// predicates, as the other lowerings do); NOT, `!` and `-` negate what they
// cover, `+` changes nothing. A term or phrase is eq, a term with `*`/`?` is
// wildcard, `/re/` is regex, `_exists_:f` and `f:*` are exists; a range is
// between when both ends are inclusive and given, else one gt/ge and one lt/le
// predicate per given end. Lucene compares keyword fields exactly, so
// predicates are case-sensitive (text fields are analysed; the mapping is not
// known offline, keyword fields are the common case in ECS).
// Indicators: fields compared with exact values. Not indicators: bare terms
// (the default field, an empty field name), fields with a `*` in their name,
// fuzzy terms (term~) and phrases with a slop ("a b"~2).

#include "lucene/ast.h"
#include "model/rule.h"

namespace ruledex::lucene {

// `ast` is the parse of `rule.query`; stage lines count from rule.query_line.
void lower(const QueryAst& ast, Rule& rule);

}  // namespace ruledex::lucene
