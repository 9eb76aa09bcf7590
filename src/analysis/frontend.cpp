#include "analysis/frontend.h"

#include <array>
#include <utility>

namespace ruledex {

FrontEnd find_front_end(std::string_view language) {
  static constexpr std::array<std::pair<std::string_view, FrontEnd>, 9> kFrontEnds = {{
      {"kql", &analyze_kql_rule},
      {"sigma", &analyze_sigma_rule},
      {"yara-l", &analyze_yaral_rule},
      {"kuery", &analyze_kuery_rule},
      {"eql", &analyze_eql_rule},
      {"esql", &analyze_esql_rule},
      {"lucene", &analyze_lucene_rule},
      {"sql", &analyze_sql_rule},
      {"spl", &analyze_spl_rule},
  }};
  for (const auto& [name, front_end] : kFrontEnds)
    if (name == language) return front_end;
  return nullptr;
}

}  // namespace ruledex
