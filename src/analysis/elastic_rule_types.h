#pragma once
// Elastic rule types whose alert is more than a match of the query: a
// threshold rule counts matches per group, a new_terms rule alerts on values
// first seen. The readers keep their settings (threshold fields as output
// fields of stage "threshold", threshold.value, threshold.cardinality.*,
// new_terms fields, new_terms.history_window_start, `from`); the kuery and
// Lucene front ends call this after lowering the query.

#include "model/rule.h"

namespace ruledex {

// For rule.kind "threshold": shape threshold, group_by the threshold fields,
// condition `count >= value` (and `distinct <field> >= value` per
// cardinality), window the rule's look-back (`from = "now-9m"`: 9m). For
// "new_terms": shape new_terms, group_by the new terms fields, window the
// history window (`now-14d`: 14d). Other rules, and rules without a
// selection (the query did not parse), are left as they are.
void apply_elastic_rule_type(Rule& rule);

}  // namespace ruledex
