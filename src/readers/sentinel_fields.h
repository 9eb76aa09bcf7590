#pragma once
// The fields of a Sentinel analytic rule -> Rule, one mapping for every
// Sentinel reader: the content repositories' YAML and the alertRules API
// properties of ARM templates, REST bodies and Bicep (given as YAML nodes).

#include <yaml-cpp/yaml.h>

#include <string_view>

#include "model/rule.h"

namespace ruledex::readers {

// Maps one field other than `query` (which the reader places itself): `name`
// (the API's `displayName`), description, severity, tactics, techniques,
// entity mappings, custom details, alert details override, ...; fields
// without a Rule member (queryFrequency, eventGroupingSettings,
// incidentConfiguration, ...) are kept as metadata. Throws YAML::Exception
// on a value of an unexpected shape.
void map_sentinel_field(std::string_view key, const YAML::Node& value, Rule& rule);

// True for the keys that make a rule without a `kind` a scheduled one.
bool is_schedule_key(std::string_view key);

}  // namespace ruledex::readers
