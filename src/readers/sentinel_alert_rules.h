#pragma once
// Sentinel alert-rule resources, whichever deployment file declares them (ARM
// JSON, REST bodies, Bicep): their resource types, and a resource's evaluated
// JSON -> the rule the Sentinel YAML reader would give.

#include <string_view>

#include "model/rule.h"
#include "readers/json_values.h"

namespace ruledex::readers {

// …/alertRules and …/AlertRuleTemplates in any spelling and case, with or
// without an `@apiVersion` (Bicep).
bool is_alert_rule_type(std::string_view type);

// `resource` is {type, name, kind, properties} with its values evaluated, or
// a REST body {kind, properties}. The query's place in the file is left to the
// caller. Kinds other than Scheduled and NRT run Sentinel's built-in logic and
// have no query: a note says so. `deployed_query` is the expression a query
// only a deployment knows is written as (`[parameters('query')]`, a Bicep
// parameter without a default): no query, with a note.
Rule alert_rule_from_resource(std::string_view path, const Json& resource, std::string_view deployed_query = {});

// The rule id a resource name ends with: "ws/Microsoft.SecurityInsights/<id>"
// -> "<id>"; empty when that part is an unevaluated expression.
std::string rule_id_from_name(std::string_view name);

}  // namespace ruledex::readers
