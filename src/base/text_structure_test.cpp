#include "base/text_structure.h"

#include <gtest/gtest.h>

#include "base/yaml_load.h"

namespace ruledex {
namespace {

std::string repeated(std::string_view piece, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += piece;
  return out;
}

void expect_too_deep(std::string_view text, Notation notation, uint32_t line, uint32_t column) {
  std::optional<TextProblem> problem = check_structure(text, notation);
  ASSERT_TRUE(problem) << text.substr(0, 80);
  EXPECT_EQ(problem->message, "nesting deeper than 128 levels");
  EXPECT_EQ(problem->line, line);
  EXPECT_EQ(problem->column, column);
}

TEST(CheckStructure, TomlDottedKeysHeadersInlineTablesAndArrays) {
  expect_too_deep("x = 1\na" + repeated(".a", 40000) + " = 1\n", Notation::toml, 2, 256);
  expect_too_deep("[" + repeated("a.", 40000) + "a]\n", Notation::toml, 1, 257);
  expect_too_deep("a = " + repeated("[", 200) + repeated("]", 200), Notation::toml, 1, 133);
  expect_too_deep("a = " + repeated("{b = ", 200) + "1" + repeated("}", 200), Notation::toml, 1, 5 + 127 * 5);
  // A header's segments count for the keys below it.
  expect_too_deep("[" + repeated("a.", 99) + "a]\n" + repeated("b.", 40) + "b = 1\n", Notation::toml, 2, 56);
}

TEST(CheckStructure, TomlDotsInValuesAndStringsAreNoNesting) {
  std::string values = "a = 1.5\nb = 1979-05-27T07:32:00.999\nc = \"" + repeated("[.", 500) + "\"\nd = '''\n" +
                       repeated("{.", 500) + "'''\ne = \"\"\"x\"\"\"\"\n[t.u]\nf = [1.0, 2.0]\n# [[[[.\n";
  EXPECT_FALSE(check_structure(values, Notation::toml));
  EXPECT_FALSE(check_structure(repeated("a.b.c.d = 1\n", 1000), Notation::toml));
}

TEST(CheckStructure, JsonArraysAndObjects) {
  expect_too_deep(repeated("[", 1000000), Notation::json, 1, 129);
  expect_too_deep("{\"a\":\n" + repeated("{\"b\":", 200), Notation::json, 2, 1 + 127 * 5);
  EXPECT_FALSE(check_structure("[\"" + repeated("[", 500) + "\\\"\"]", Notation::json));
}

TEST(CheckStructure, YamlFlowAndBlockNesting) {
  expect_too_deep("a: " + repeated("[", 100000), Notation::yaml, 1, 131);
  expect_too_deep("a: " + repeated("{b: ", 200), Notation::yaml, 1, 4 + 127 * 4);
  std::string block;
  for (int i = 0; i < 200; ++i) block += std::string(i, ' ') + "k:\n";
  expect_too_deep(block, Notation::yaml, 129, 129);
  expect_too_deep(repeated("- ", 200) + "x\n", Notation::yaml, 1, 255);
}

TEST(CheckStructure, YamlScalarTextIsNoNesting) {
  std::string block_scalar = "query: |\n";
  for (int i = 0; i < 300; ++i) block_scalar += std::string(i + 2, ' ') + "[{'\"\n";
  EXPECT_FALSE(check_structure(block_scalar + "name: x\n", Notation::yaml));
  std::string plain = "description: it's fine\n  'tis continued [ here\n  and { here\n"
                      "url: http://x/a[b] # don't\nsel|contains: 'a''b'\n\"q\": \"a\\\"b\"\nlist: [a, 'b, c', {d: e}]\n";
  EXPECT_FALSE(check_structure(plain, Notation::yaml));
}

TEST(CheckStructure, YamlUnclosedQuoteIsReportedWhereItOpens) {
  std::optional<TextProblem> problem = check_structure("name: R\nquery: \"abc\n  | take 1\n", Notation::yaml);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->message, "unclosed quote: the string opened here never ends");
  EXPECT_EQ(problem->line, 2u);
  EXPECT_EQ(problem->column, 8u);
  EXPECT_FALSE(check_structure("a: 'multi\n  line'\nb: \"x\n  y\"\n", Notation::yaml));
}

TEST(LoadYaml, DuplicateKeysWarnAtTheSecondAndItWins) {
  LoadedYaml loaded = load_yaml("a: 1\nb: x\na: 2\nc: {k: 1, k: 2}\n");
  EXPECT_EQ(loaded.root["a"].Scalar(), "2");
  EXPECT_EQ(loaded.root["c"]["k"].Scalar(), "2");
  EXPECT_EQ(loaded.root.size(), 3u);
  ASSERT_EQ(loaded.warnings.size(), 2u);
  EXPECT_EQ(loaded.warnings[0].message, "duplicate key `a`: the second value wins (the first is on line 1)");
  EXPECT_EQ(loaded.warnings[0].mark.line, 2);
  EXPECT_EQ(loaded.warnings[0].mark.column, 0);
  EXPECT_EQ(loaded.warnings[1].mark.line, 3);
  EXPECT_EQ(loaded.warnings[1].mark.column, 10);
}

TEST(LoadYaml, AliasBombIsRejectedQuickly) {
  std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  try {
    load_yaml(text);
    FAIL() << "no error";
  } catch (const YAML::ParserException& e) {
    EXPECT_NE(e.msg.find("aliases repeat this collection"), std::string::npos) << e.msg;
  }
  // A few aliases reusing a list are fine.
  EXPECT_EQ(load_yaml("a: &x [1, 2]\nb: *x\nc: *x\n").root["c"].size(), 2u);
}

TEST(LoadYaml, DeepNestingIsAnErrorWithItsPosition) {
  try {
    load_yaml("a: " + repeated("[", 100000));
    FAIL() << "no error";
  } catch (const YAML::ParserException& e) {
    EXPECT_EQ(e.msg, "nesting deeper than 128 levels");
    EXPECT_EQ(e.mark.line, 0);
    EXPECT_EQ(e.mark.column, 130);
  }
}

}  // namespace
}  // namespace ruledex
