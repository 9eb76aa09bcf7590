// Throughput of the value-matching primitives of src/match on made-up values
// (no corpus needed): one scan of a 1 KB event text against 10,000 literals
// (Hyperscan and the fallback), and each matcher over a typical command line.
// Bytes/s is the text scanned; items/s the matches tried.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "match/case.h"
#include "match/cidr.h"
#include "match/kql_term.h"
#include "match/literal_set.h"
#include "match/number.h"
#include "match/regex.h"
#include "match/sigma_transform.h"
#include "match/wildcard.h"

namespace ruledex::match {
namespace {

const std::string kCommandLine =
    "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -NoProfile -ExecutionPolicy Bypass "
    "-Command \"& {Get-ChildItem -Path C:\\Users\\Public -Recurse | Where-Object {$_.Length -gt 1MB}}\"";

// About 1 KB of event text: the command line and the fields around it.
std::string event_text() {
  std::string text;
  while (text.size() < 1024)
    text += kCommandLine + " ParentImage=C:\\Windows\\explorer.exe User=CORP\\alice LogonId=0x3e7 ";
  text.resize(1024);
  return text;
}

// Literals like a rule set's: mostly absent from the text, a few present.
std::vector<LiteralSet::Entry> literals(size_t count) {
  std::vector<LiteralSet::Entry> entries;
  uint64_t state = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < count; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    std::string literal = "\\tool" + std::to_string(state >> 40) + ".exe";
    if (i % 1000 == 0) literal = i % 2000 == 0 ? "powershell.exe" : "-executionpolicy bypass";
    entries.push_back({std::move(literal), static_cast<uint32_t>(i), i % 3 != 0});
  }
  return entries;
}

void set_throughput(benchmark::State& state, size_t bytes) {
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}

void BM_LiteralSetScan(benchmark::State& state) {
  const auto backend = state.range(1) ? LiteralSet::Backend::automatic : LiteralSet::Backend::fallback;
  const LiteralSet set(literals(static_cast<size_t>(state.range(0))), backend);
  const std::string text = event_text();
  std::vector<uint32_t> ids;
  for (auto _ : state) {
    set.scan(text, ids);
    benchmark::DoNotOptimize(ids.data());
  }
  state.counters["found"] = static_cast<double>(ids.size());
  set_throughput(state, text.size());
}
BENCHMARK(BM_LiteralSetScan)->ArgNames({"literals", "hyperscan"})
    ->Args({10000, 1})->Args({1000, 1})->Args({10000, 0})->Unit(benchmark::kMicrosecond);

void BM_LiteralSetCompile(benchmark::State& state) {
  const auto entries = literals(10000);
  for (auto _ : state) benchmark::DoNotOptimize(LiteralSet(entries));
}
BENCHMARK(BM_LiteralSetCompile)->Unit(benchmark::kMillisecond);

void BM_NeedleContains(benchmark::State& state) {
  const Needle needle("where-object", static_cast<Case>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(needle.contains(kCommandLine));
  set_throughput(state, kCommandLine.size());
}
BENCHMARK(BM_NeedleContains)->ArgName("case")->DenseRange(0, 2);

void BM_NeedleContainsNonAscii(benchmark::State& state) {
  const Needle needle("où-est", Case::unicode_insensitive);
  const std::string text = kCommandLine + " Élève";
  for (auto _ : state) benchmark::DoNotOptimize(needle.contains(text));
  set_throughput(state, text.size());
}
BENCHMARK(BM_NeedleContainsNonAscii);

void BM_WildcardGeneral(benchmark::State& state) {
  const Wildcard wildcard("*\\powershell.exe*-ExecutionPolicy?Bypass*-Command*", Case::ascii_insensitive);
  for (auto _ : state) benchmark::DoNotOptimize(wildcard.matches(kCommandLine));
  set_throughput(state, kCommandLine.size());
}
BENCHMARK(BM_WildcardGeneral);

void BM_WildcardEndswith(benchmark::State& state) {
  const Wildcard wildcard("*\\powershell.exe", Case::ascii_insensitive);
  for (auto _ : state) benchmark::DoNotOptimize(wildcard.matches(kCommandLine));
  set_throughput(state, kCommandLine.size());
}
BENCHMARK(BM_WildcardEndswith);

void BM_KqlHas(benchmark::State& state) {
  const TermNeedle needle("bypass");
  for (auto _ : state) benchmark::DoNotOptimize(needle.found_in(kCommandLine));
  set_throughput(state, kCommandLine.size());
}
BENCHMARK(BM_KqlHas);

void BM_CidrContains(benchmark::State& state) {
  const std::vector<std::string> prefixes{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fe80::/10"};
  const CidrSet set = std::move(*CidrSet::compile(std::span<const std::string>(prefixes)).set);
  for (auto _ : state) {
    benchmark::DoNotOptimize(set.contains("192.168.10.20"));
    benchmark::DoNotOptimize(set.contains("2001:db8::1"));
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_CidrContains);

void BM_Regex(benchmark::State& state) {
  // RE2 takes the first; the lookahead sends the second to PCRE2 (JIT).
  const char* pattern = state.range(0) == 0 ? "(?i)-exec[a-z]*\\s+bypass" : "(?i)-exec[a-z]*\\s+(?=bypass)";
  const Regex regex = std::move(*Regex::compile(pattern).regex);
  for (auto _ : state) benchmark::DoNotOptimize(regex.match(kCommandLine));
  state.SetLabel(regex.engine() == RegexEngine::re2 ? "re2" : "pcre2");
  set_throughput(state, kCommandLine.size());
}
BENCHMARK(BM_Regex)->ArgName("pcre2")->DenseRange(0, 1);

void BM_NumberParse(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(Number::parse("0x3e7"));
    benchmark::DoNotOptimize(Number::parse("4688"));
    benchmark::DoNotOptimize(Number::parse("1.25"));
  }
  state.SetItemsProcessed(state.iterations() * 3);
}
BENCHMARK(BM_NumberParse);

void BM_SigmaWideBase64Offset(benchmark::State& state) {
  const Transform chain[] = {Transform::utf16le, Transform::base64offset};
  for (auto _ : state) benchmark::DoNotOptimize(transform("Invoke-Mimikatz", chain));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SigmaWideBase64Offset);

}  // namespace
}  // namespace ruledex::match

BENCHMARK_MAIN();
