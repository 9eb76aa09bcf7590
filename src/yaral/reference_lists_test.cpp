#include "yaral/reference_lists.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ruledex::yaral {
namespace {

TEST(YaralReferenceLists, CommentsAndBlanksAreSkipped) {
  EXPECT_EQ(parse_reference_list("/*\n * licence\n */\n //header\n\nAkagi.exe\r\n  spaced  \n"
                                 "23523755-3a2b // ACOM Azure Website\nhttps?://evil\\.com\n/* one line */\nlast"),
            (std::vector<std::string>{"Akagi.exe", "spaced", "23523755-3a2b", "https?://evil\\.com", "last"}));
  EXPECT_TRUE(parse_reference_list("").empty());
}

TEST(YaralReferenceLists, FoundFromTheRuleFolderUpwards) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("ruledex_yaral_lists_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "rules" / "reference_lists");
  fs::create_directories(root / "rules" / "aws" / "cloudtrail");
  std::ofstream(root / "rules" / "reference_lists" / "accounts") << "// ids\n111\n222\n";
  fs::path rule = root / "rules" / "aws" / "cloudtrail" / "r.yaral";

  auto list = find_reference_list(rule, "accounts");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->values, (std::vector<std::string>{"111", "222"}));
  EXPECT_EQ(list->file, root / "rules" / "reference_lists" / "accounts");
  EXPECT_EQ(find_reference_list(rule, "missing"), nullptr);
  EXPECT_EQ(find_reference_list(rule, "../reference_lists/accounts"), nullptr);  // names only
  EXPECT_EQ(find_reference_list(rule, "table.column"), nullptr);                 // data tables are not files
  // Cached: the same list object for the next rule.
  EXPECT_EQ(find_reference_list(root / "rules" / "aws" / "other.yaral", "accounts"), list);
  fs::remove_all(root);
}

}  // namespace
}  // namespace ruledex::yaral
