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
//
// Logic: one selection "query" on the query stage. Each group (the query,
// a parenthesized group, a field group) is a Lucene boolean query whose
// clauses the classic parser of query_string marks as Elasticsearch runs it
// (default operator OR, no AND-over-OR precedence): a clause next to AND, or
// with `+`, is MUST; with NOT, `!` or `-` MUST_NOT; a bare one SHOULD. The
// tree is all(MUST..., not MUST_NOT..., any(SHOULD...)), the SHOULD part only
// when there is no MUST (beside a MUST they only score, so `a AND b OR c`
// is a and b, and c's predicate is in no tree); a purely negative query
// matches everything else (Elasticsearch adds match-all). `*:*` is true.

#include "lucene/ast.h"
#include "model/rule.h"

namespace ruledex::lucene {

// `ast` is the parse of `rule.query`; stage lines count from rule.query_line.
void lower(const QueryAst& ast, Rule& rule);

}  // namespace ruledex::lucene
