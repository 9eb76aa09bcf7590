#pragma once
// ATT&CK facts for a rule's tactics and techniques, from a STIX bundle.

#include "attack/attack_catalog.h"
#include "model/rule.h"

namespace ruledex {

// Names the rule's techniques (sub-techniques as "Parent: Name"), writes its
// tactics as ATT&CK names them, and warns about unknown, revoked and
// deprecated techniques.
void enrich_attack(Rule& rule, const AttackCatalog& catalog);

}  // namespace ruledex
