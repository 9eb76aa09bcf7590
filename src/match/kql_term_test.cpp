#include "match/kql_term.h"

#include <gtest/gtest.h>

#include <vector>

namespace ruledex::match {
namespace {

bool has(std::string_view value, std::string_view needle) { return TermNeedle(needle).found_in(value); }
bool has_cs(std::string_view value, std::string_view needle) {
  return TermNeedle(needle, TermMatch::whole, Case::sensitive).found_in(value);
}
bool hasprefix(std::string_view value, std::string_view needle, Case c = Case::unicode_insensitive) {
  return TermNeedle(needle, TermMatch::prefix, c).found_in(value);
}
bool hassuffix(std::string_view value, std::string_view needle, Case c = Case::unicode_insensitive) {
  return TermNeedle(needle, TermMatch::suffix, c).found_in(value);
}

// The examples of the Kusto "String operators" table.
TEST(KqlTerm, TheDocsExamples) {
  EXPECT_TRUE(has("North America", "america"));
  EXPECT_FALSE(has("North America", "amer"));  // "North America" !has "amer"
  EXPECT_TRUE(has_cs("North America", "America"));
  EXPECT_FALSE(has_cs("North America", "amer"));
  EXPECT_FALSE(has_cs("North America", "america"));
  EXPECT_TRUE(hasprefix("North America", "ame"));
  EXPECT_FALSE(hasprefix("North America", "mer"));
  EXPECT_TRUE(hasprefix("North America", "Ame", Case::sensitive));
  EXPECT_FALSE(hasprefix("North America", "CA", Case::sensitive));
  EXPECT_TRUE(hassuffix("North America", "ica"));
  EXPECT_FALSE(hassuffix("North America", "americ"));
  EXPECT_TRUE(hassuffix("North America", "ica", Case::sensitive));
  EXPECT_FALSE(hassuffix("North America", "icA", Case::sensitive));
  const std::vector<TermNeedle> any{TermNeedle("south"), TermNeedle("north")};
  EXPECT_TRUE(found_any(any, "North America"));
  EXPECT_FALSE(found_all(any, "North America"));
}

// The terms of the docs' example string.
TEST(KqlTerm, TermsAreMaximalAsciiAlphanumericRuns) {
  const std::string_view value = "Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun";
  for (const char* term : {"Kusto", "ad67d136", "c1db", "4f9f", "88ef", "d94f3b6b0b5a", "KustoExplorerQueryRun"})
    EXPECT_TRUE(has(value, term)) << term;
  EXPECT_FALSE(has(value, "Explorer"));
  EXPECT_FALSE(has(value, "d136"));
  // Several terms: consecutive, with the needle's own separators.
  EXPECT_TRUE(has(value, "c1db-4f9f"));
  EXPECT_TRUE(has(value, "KUSTO: ad67d136"));
  EXPECT_FALSE(has(value, "c1db 4f9f"));
  EXPECT_FALSE(has(value, "1db-4f9"));
  // A needle that starts or ends with a separator needs no boundary there.
  EXPECT_TRUE(has(value, "-c1db"));
  EXPECT_TRUE(has(value, ";KustoExplorerQueryRun"));
  EXPECT_FALSE(has(value, ";Kusto"));  // its end must end a term: "KustoExplorer..." goes on
  EXPECT_TRUE(has(value, "Kusto:"));
}

TEST(KqlTerm, UnderscoreAndNonAsciiSeparateTerms) {
  EXPECT_TRUE(has("my_file_name", "file"));
  EXPECT_TRUE(has("Grüße", "Gr"));       // ü is not ASCII alphanumeric
  EXPECT_TRUE(has("Grüße", "e"));
  EXPECT_FALSE(has("Grusse", "Gr"));
  EXPECT_TRUE(has("ÜBER alles", "über"));  // has folds Unicode case
  EXPECT_FALSE(has_cs("ÜBER alles", "über"));
}

TEST(KqlTerm, RepeatedOccurrencesAreAllTried) {
  EXPECT_TRUE(has("xcmd cmdx cmd", "cmd"));
  EXPECT_FALSE(has("xcmd cmdx", "cmd"));
  EXPECT_TRUE(hasprefix("xcmd cmdx", "cmd"));
  EXPECT_TRUE(hassuffix("cmdx xcmd", "cmd"));
}

TEST(KqlTerm, EdgeCases) {
  EXPECT_TRUE(has("abc", "abc"));
  EXPECT_FALSE(has("", "abc"));
  EXPECT_TRUE(has("a.b", "."));
  EXPECT_TRUE(has("anything", ""));
  EXPECT_TRUE(found_all({}, "x"));
  EXPECT_FALSE(found_any({}, "x"));
}

}  // namespace
}  // namespace ruledex::match
