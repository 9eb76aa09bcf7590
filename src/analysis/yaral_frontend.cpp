#include "analysis/frontend.h"
#include "analysis/parse_errors.h"
#include "yaral/lowering.h"
#include "yaral/parser.h"
#include "yaral/reference_lists.h"

namespace ruledex {

// The rule's query is its whole file. Reference lists are looked up beside the
// rule file (see yaral::find_reference_list): this reads the file system at
// analysis time.
void analyze_yaral_rule(Rule& rule, const AnalysisOptions& options) {
  yaral::RuleAst ast = yaral::parse(rule.query);
  add_parse_errors(rule, ast.errors);
  yaral::LowerOptions lower_options;
  if (!rule.file.empty())
    lower_options.find_list = [&rule](std::string_view name) { return yaral::find_reference_list(rule.file, name); };
  yaral::lower(ast, rule, lower_options);
}

}  // namespace ruledex
