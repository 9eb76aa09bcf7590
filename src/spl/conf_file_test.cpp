#include "spl/conf_file.h"

#include <gtest/gtest.h>

#include <fstream>

namespace ruledex::spl {
namespace {

TEST(SplunkConf, StanzasWithBracketsSpacesAndPunctuation) {
  ConfFile conf = parse_conf(
      "# header comment\n"
      "[default]\n"
      "\n"
      "[[T1070] Indicator Removal on Host]\n"
      "cron_schedule = 1-59/15 * * * *\n"
      "[ESCU - A & B: c - Rule]\n"
      "  disabled=true\n");
  EXPECT_TRUE(conf.problems.empty());
  ASSERT_EQ(conf.stanzas.size(), 3u);
  EXPECT_EQ(conf.stanzas[0].name, "default");
  EXPECT_TRUE(conf.stanzas[0].values.empty());
  EXPECT_EQ(conf.stanzas[1].name, "[T1070] Indicator Removal on Host");
  EXPECT_EQ(conf.stanzas[1].line, 4u);
  EXPECT_EQ(conf.value(conf.stanzas[1], "cron_schedule"), "1-59/15 * * * *");
  EXPECT_EQ(conf.stanzas[2].name, "ESCU - A & B: c - Rule");
  EXPECT_EQ(conf.value(conf.stanzas[2], "disabled"), "true");
}

TEST(SplunkConf, BackslashAtTheEndOfALineContinuesTheValue) {
  ConfFile conf = parse_conf(
      "[s]\n"
      "search = index=a \\\n"
      "| eval x=\"[^a-z\\s]\"\\\n"
      "    | stats count\n"
      "description = d\n");
  EXPECT_TRUE(conf.problems.empty());
  const ConfValue* search = conf.stanzas[0].find("search");
  ASSERT_NE(search, nullptr);
  // The backslashes that end lines go, the line breaks and indentation stay;
  // the one inside the line is a character.
  EXPECT_EQ(search->value, "index=a \n| eval x=\"[^a-z\\s]\"\n    | stats count");
  EXPECT_EQ(search->line, 2u);
  EXPECT_EQ(search->column, 10u);
  EXPECT_EQ(conf.stanzas[0].end_line, 5u);
  EXPECT_EQ(conf.value(conf.stanzas[0], "description"), "d");
}

TEST(SplunkConf, CommentsAndHeadersInsideAContinuationAreValue) {
  ConfFile conf = parse_conf("[s]\nsearch = a \\\n# not a comment \\\n[not a stanza]\nk = v\n");
  ASSERT_EQ(conf.stanzas.size(), 1u);
  EXPECT_EQ(conf.value(conf.stanzas[0], "search"), "a \n# not a comment \n[not a stanza]");
  EXPECT_EQ(conf.value(conf.stanzas[0], "k"), "v");
}

TEST(SplunkConf, RepeatedKeysAndStanzasMergeAndDefaultsApply) {
  ConfFile conf = parse_conf("k = top\n[a]\nx = 1\nx = 2\n[b]\n[a]\ny = 3\n");
  ASSERT_EQ(conf.stanzas.size(), 3u);
  EXPECT_EQ(conf.stanzas[0].name, "default");
  EXPECT_EQ(conf.stanzas[0].line, 0u);
  const ConfStanza* a = conf.find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->values.size(), 2u);
  EXPECT_EQ(conf.value(*a, "x"), "2");
  EXPECT_EQ(conf.value(*a, "y"), "3");
  EXPECT_EQ(conf.value(*a, "k"), "top");  // from [default]
  EXPECT_EQ(conf.value(*a, "absent"), "");
}

TEST(SplunkConf, InvalidLinesAreProblemsWithPositions) {
  ConfFile conf = parse_conf("[s]\nno equals sign here\n = value\n[unclosed\nk = v\n[]\nsearch = x\n");
  ASSERT_EQ(conf.problems.size(), 4u);
  EXPECT_EQ(conf.problems[3].line, 6u);
  EXPECT_EQ(conf.problems[0].line, 2u);
  EXPECT_EQ(conf.problems[0].column, 1u);
  EXPECT_EQ(conf.problems[1].line, 3u);
  EXPECT_EQ(conf.problems[2].line, 4u);
  EXPECT_NE(conf.problems[2].message.find("`]`"), std::string::npos);
  ASSERT_NE(conf.find("unclosed"), nullptr);
  EXPECT_EQ(conf.value(*conf.find("unclosed"), "k"), "v");
}

TEST(SplunkConf, ContinuationAtTheEndOfTheFile) {
  ConfFile conf = parse_conf("[s]\nsearch = a \\");
  EXPECT_EQ(conf.value(conf.stanzas[0], "search"), "a");
}

TEST(SplunkConf, LocalOverridesDefaultKeyByKey) {
  ConfFile base = parse_conf("[r]\nsearch = index=a\ndisabled = 1\ncron_schedule = 0 * * * *\n");
  merge_conf(base, parse_conf("[r]\ndisabled = 0\n[only local]\nsearch = index=b\n"));
  const ConfStanza* r = base.find("r");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(base.value(*r, "disabled"), "0");
  EXPECT_EQ(base.value(*r, "search"), "index=a");
  EXPECT_EQ(base.value(*r, "cron_schedule"), "0 * * * *");
  ASSERT_NE(base.find("only local"), nullptr);
}

TEST(SplunkConf, AppLayersFromDisk) {
  std::filesystem::path app = std::filesystem::temp_directory_path() / "ruledex_conf_layers_test";
  std::filesystem::remove_all(app);
  std::filesystem::create_directories(app / "default");
  std::filesystem::create_directories(app / "local");
  std::ofstream(app / "default" / "macros.conf") << "\xEF\xBB\xBF[m]\r\ndefinition = a\r\n";
  std::ofstream(app / "local" / "macros.conf") << "[m]\ndefinition = b\n";
  ConfFile conf = read_app_conf(app, "macros");
  ASSERT_NE(conf.find("m"), nullptr);
  EXPECT_EQ(conf.value(*conf.find("m"), "definition"), "b");
  EXPECT_EQ(other_layer(app / "default" / "macros.conf"), app / "local" / "macros.conf");
  EXPECT_EQ(other_layer(app / "local" / "macros.conf"), app / "default" / "macros.conf");
  EXPECT_TRUE(other_layer(app / "macros.conf").empty());
  EXPECT_TRUE(is_local_layer(app / "local" / "macros.conf"));
  EXPECT_FALSE(is_local_layer(app / "default" / "macros.conf"));
  std::filesystem::remove_all(app);
}

}  // namespace
}  // namespace ruledex::spl
