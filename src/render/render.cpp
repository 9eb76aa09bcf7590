#include "render/render.h"

namespace ruledex {
// placeholder
nlohmann::json rule_to_json(const Rule&) { return nlohmann::json::object(); }
std::string render_rules(const std::vector<Rule>&, Format) { return {}; }
}  // namespace ruledex
