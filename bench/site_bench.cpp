// Site page writing for one rule whose indicator has N values (an `in (...)`
// list), N = 1k, 10k, 100k: the rule's page and the field page listing the
// values. Time per value should stay flat as N grows (linear page writing).
// Needs no corpus: the rule is made here.

#include <benchmark/benchmark.h>

#include <string>

#include "bench_support.h"
#include "catalog/catalog.h"
#include "catalog/corpus_counts.h"
#include "site/site_index.h"
#include "site/site_pages.h"

namespace ruledex {
namespace {

Catalog one_rule_with_values(size_t count) {
  Predicate in;
  in.field = "Process";
  in.op = Op::in;
  in.indicator = true;
  std::string list;
  for (size_t v = 0; v < count; ++v) {
    in.values.push_back("process-" + std::to_string(v) + ".exe");
    list += (v ? ", \"" : "\"") + in.values.back() + "\"";
  }
  Rule rule;
  rule.id = "44444444-0000-0000-0000-000000000004";
  rule.name = "Many values";
  rule.platform = "sentinel";
  rule.language = "kql";
  rule.file = "rules/many.kql";
  rule.query = "SecurityEvent\n| where Process in (" + list + ")\n";
  rule.raw = rule.query;
  rule.predicates.push_back(std::move(in));
  Catalog catalog;
  catalog.rules.push_back(std::move(rule));
  fill_corpus_counts(catalog.rules);
  return catalog;
}

void BM_SitePagesOfOneRule(benchmark::State& state) {
  const size_t values = static_cast<size_t>(state.range(0));
  const Catalog catalog = one_rule_with_values(values);
  const site::SiteIndex index = site::index_catalog(catalog, nullptr);
  const site::PageContext context{catalog, index};
  int64_t bytes = 0;
  for (auto _ : state) {
    std::string rule_page = site::rule_page_html(context, 0);
    std::string field_page = site::field_page_html(context, index.fields.front());
    bytes = static_cast<int64_t>(rule_page.size() + field_page.size());
    benchmark::DoNotOptimize(rule_page.data());
    benchmark::DoNotOptimize(field_page.data());
  }
  bench::report_throughput(state, values, bytes, "values");
}
BENCHMARK(BM_SitePagesOfOneRule)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ruledex

BENCHMARK_MAIN();
