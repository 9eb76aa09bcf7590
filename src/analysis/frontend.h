#pragma once
// Front ends by query language: each analyses one rule's query (parse, errors
// as diagnostics at file positions, lowering into stages, predicates and output
// fields). New languages register here; callers only ask for a language.

#include <string_view>

#include "analysis/analyzer.h"
#include "model/rule.h"

namespace ruledex {

using FrontEnd = void (*)(Rule& rule, const AnalysisOptions& options);

// The front end for `language` ("kql", ...); null when there is none yet.
FrontEnd find_front_end(std::string_view language);

// The KQL front end (kql_frontend.cpp).
void analyze_kql_rule(Rule& rule, const AnalysisOptions& options);

// The Sigma front end (sigma_frontend.cpp): the rule's query is its YAML text.
void analyze_sigma_rule(Rule& rule, const AnalysisOptions& options);

// The YARA-L 2.0 front end (yaral_frontend.cpp).
void analyze_yaral_rule(Rule& rule, const AnalysisOptions& options);

// The kuery (Kibana KQL) front end of Elastic rules (kuery_frontend.cpp).
void analyze_kuery_rule(Rule& rule, const AnalysisOptions& options);

// The EQL front end of Elastic rules (eql_frontend.cpp).
void analyze_eql_rule(Rule& rule, const AnalysisOptions& options);

// The ES|QL front end of Elastic rules and hunting queries (esql_frontend.cpp).
void analyze_esql_rule(Rule& rule, const AnalysisOptions& options);

// The Lucene query_string front end of Elastic rules (lucene_frontend.cpp).
void analyze_lucene_rule(Rule& rule, const AnalysisOptions& options);

// The osquery SQL (SQLite SELECT) front end of Elastic hunting queries (sql_frontend.cpp).
void analyze_sql_rule(Rule& rule, const AnalysisOptions& options);

// The Splunk SPL front end (spl_frontend.cpp): macros expanded, then parsed.
void analyze_spl_rule(Rule& rule, const AnalysisOptions& options);

}  // namespace ruledex
