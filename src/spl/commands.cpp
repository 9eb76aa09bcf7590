#include "spl/commands.h"

#include <algorithm>
#include <array>

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

}  // namespace ruledex::spl
