#include "spl/commands.h"

#include <algorithm>
#include <array>

#include "base/ascii_case.h"
#include "spl/lexer.h"

namespace ruledex::spl {
namespace {

// Sorted: searched with binary search.
constexpr auto kCommands = std::to_array<std::string_view>({
    "abstract", "accum", "addcoltotals", "addinfo", "addtotals", "analyzefields", "anomalies", "anomalousvalue",
    "anomalydetection", "append", "appendcols", "appendpipe", "apply", "arules", "associate", "audit",
    "autoregress", "bin", "bucket", "bucketdir", "chart", "cluster", "cofilter", "collect", "concurrency",
    "contingency", "convert", "correlate", "counttable", "crawl", "cyberchef", "datamodel", "datamodelsimple", "dbinspect",
    "dbxquery", "dedup", "delete", "deletemodel", "delta", "diff", "discretize", "distinct", "dump", "entitymerge",
    "erex", "eval", "eventcount", "eventstats", "expand", "extract", "fieldformat", "fields", "fieldsummary",
    "file", "filldown", "fillnull", "findtypes", "fit", "flatten", "folderize", "foreach", "format", "from",
    "fromjson", "gauge", "gentimes", "geom", "geomfilter", "geostats", "head", "highlight", "history", "iconify",
    "import", "inputcsv", "inputintelligence", "inputlookup", "iplocation", "join", "kmeans", "kv", "kvform",
    "ldapfetch", "ldapfilter", "ldapgroup", "ldapsearch", "ldaptestconnection", "listmodels", "loadjob",
    "localize", "localop", "lookup", "makecontinuous", "makejson", "makemv", "makeresults", "map", "mcatalog",
    "mcollect", "metadata", "metasearch", "meventcollect", "mpreview", "msearch", "mstats", "multikv",
    "multisearch", "mvcombine", "mvexpand", "nomv", "outlier", "outputcsv", "outputlookup", "outputtext",
    "overlap", "pivot", "predict", "rangemap", "rare", "redistribute", "regex", "reltime", "rename", "replace",
    "require", "rest", "return", "reverse", "rex", "rtorder", "run", "sample", "savedsearch", "score", "script",
    "scrub", "search", "searchtxn", "select", "selfjoin", "sendalert", "sendemail", "set", "setfields", "sichart",
    "sirare", "sistats", "sitimechart", "sitop", "sort", "spath", "stats", "strcat", "streamstats", "summary",
    "table", "tags", "tail", "timechart", "timewrap", "tojson", "top", "transaction", "transpose", "trendline",
    "tscollect", "tstats", "typeahead", "typelearner", "typer", "union", "uniq", "untable", "walklex", "where",
    "x11", "xmlkv", "xmlunescape", "xpath", "xsdisplayconcept", "xsdisplaycontext", "xsfindbestconcept",
    "xslistconcepts", "xslistcontexts", "xsupdateddcontext", "xswhere", "xyseries",
});

}  // namespace

bool is_known_command(std::string_view name) {
  return std::binary_search(kCommands.begin(), kCommands.end(), name);
}

bool is_spl2(std::string_view search) {
  std::vector<Token> tokens = tokenize(search);
  size_t first = tokens.empty() || tokens[0].kind != TokenKind::pipe ? 0 : 1;
  for (size_t i = first; i + 1 < tokens.size(); ++i) {
    bool command = i == first || tokens[i - 1].kind == TokenKind::pipe;
    if (!command || tokens[i].kind != TokenKind::word) continue;
    std::string name = ascii_lower(tokens[i].text);
    const Token& after = tokens[i + 1];
    if (name == "into" && after.kind == TokenKind::word) return true;
    if (name == "from" && after.kind == TokenKind::word && i + 2 < tokens.size() &&
        tokens[i + 2].kind == TokenKind::lparen && tokens[i + 2].begin == after.end)
      return true;
  }
  return false;
}

}  // namespace ruledex::spl
