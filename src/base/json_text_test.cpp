#include "base/json_text.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ruledex {
namespace {

std::string as_json(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(JsonText, EscapesWhatJsonRequiresAndKeepsUtf8) {
  EXPECT_EQ(as_json(R"(C:\a "b")"), R"("C:\\a \"b\"")");
  EXPECT_EQ(as_json("a\nb\tc\x01\x7f"), "\"a\\nb\\tc\\u0001\x7f\"");
  EXPECT_EQ(as_json("Zürich ✓"), "\"Zürich ✓\"");
  EXPECT_EQ(as_json(""), "\"\"");
}

TEST(JsonText, ReplacesBytesThatAreNotUtf8) {
  EXPECT_EQ(as_json("a\xff" "b\xc3"), "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");
}

TEST(JsonText, ReadsBackAsTheSameText) {
  const std::string text = std::string("x\0y", 3) + "\"\\/\r\b\f\x1f" + "é";
  EXPECT_EQ(nlohmann::json::parse(as_json(text)).get<std::string>(), text);
}

}  // namespace
}  // namespace ruledex
