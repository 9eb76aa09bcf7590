#include "render/render.h"

#include "render/document.h"
#include "render/rule_page.h"

namespace ruledex {

std::optional<Format> format_from_string(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "markdown") return Format::markdown;
  if (name == "json") return Format::json;
  if (name == "html") return Format::html;
  return std::nullopt;
}

std::string render_rules(const std::vector<Rule>& rules, Format format) {
  switch (format) {
    case Format::json: {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      if (rules.size() == 1) out = rule_to_json(rules.front());
      else
        for (const auto& rule : rules) out.push_back(rule_to_json(rule));
      // A stray invalid byte in a rule must not abort the whole output.
      return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    case Format::markdown: return render::write_markdown(render::rules_page(rules));
    case Format::html: return render::write_html(render::rules_page(rules));
    case Format::text: break;
  }
  return render::write_text(render::rules_page(rules));
}

}  // namespace ruledex
