#include "esql/extraction_patterns.h"

#include <gtest/gtest.h>

namespace ruledex::esql {
namespace {

using Fields = std::vector<std::string>;

TEST(EsqlExtractionPatterns, DissectKeys) {
  EXPECT_EQ(dissect_fields("%{a} %{?skip} %{+a} %{+a/2} %{b->} %{} %{*key} %{&key} %{c.d}"), (Fields{"a", "b", "c.d"}));
  EXPECT_EQ(dissect_fields("verdict=%{Esql.verdict} confidence=%{Esql.confidence}"),
            (Fields{"Esql.verdict", "Esql.confidence"}));
  EXPECT_EQ(dissect_fields("no keys %{unclosed"), Fields{});
}

TEST(EsqlExtractionPatterns, GrokFields) {
  EXPECT_EQ(grok_fields("%{IP:ip} %{NUMBER:bytes:int} %{GREEDYDATA} (?<user>[a-z]+) (?<=x)(?<!y) %{WORD:ip}"),
            (Fields{"ip", "bytes", "user"}));
  EXPECT_EQ(grok_fields("^(?:%{URIPROTO:proto}://)?%{URIHOST:host}(?:/%{GREEDYDATA})?$"), (Fields{"proto", "host"}));
  EXPECT_EQ(grok_fields("%{broken"), Fields{});
}

}  // namespace
}  // namespace ruledex::esql
