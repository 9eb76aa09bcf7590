#include "bicep/values.h"

#include <gtest/gtest.h>

#include "bicep/parser.h"

namespace ruledex::bicep {
namespace {

TEST(BicepValues, ParametersVariablesAndInterpolation) {
  std::string_view text = "param hours int = 2\nparam ws string\nvar name = 'r-${hours}h'\nvar o = { a: [ name ] }\n"
                          "var q = '${o.a[0]} in ${ws} ${guid(ws)}'\nvar t = hours == 2 ? 'two' : 'other'\n";
  File file = parse(text);
  ASSERT_TRUE(file.errors.empty());
  Evaluator evaluator(text, file);
  EXPECT_EQ(evaluator.evaluate(*file.statements[2].value).json, "r-2h");
  Value q = evaluator.evaluate(*file.statements[4].value);
  EXPECT_FALSE(q.exact);
  EXPECT_EQ(q.json, "r-2h in ${ws} ${guid(ws)}");
  EXPECT_EQ(evaluator.take_kept(), (std::vector<std::string>{"ws", "guid(ws)"}));
  EXPECT_EQ(evaluator.evaluate(*file.statements[5].value).json, "two");
}

TEST(BicepValues, DoublingVariablesStayBounded) {
  std::string text = "var v0 = '0123456789abcdef'\n";
  for (int i = 1; i <= 40; ++i)
    text += "var v" + std::to_string(i) + " = '${v" + std::to_string(i - 1) + "}${v" + std::to_string(i - 1) + "}'\n";
  File file = parse(text);
  ASSERT_TRUE(file.errors.empty());
  Evaluator evaluator(text, file);
  EXPECT_EQ(evaluator.evaluate(*file.statements[4].value).json.get<std::string>().size(), 256u);
  EXPECT_FALSE(evaluator.evaluate(*file.statements[40].value).exact);
}

TEST(BicepValues, AVariableReferringToItselfStops) {
  std::string_view text = "var a = b\nvar b = a\n";
  File file = parse(text);
  Evaluator evaluator(text, file);
  EXPECT_FALSE(evaluator.evaluate(*file.statements[0].value).exact);
}

}  // namespace
}  // namespace ruledex::bicep
