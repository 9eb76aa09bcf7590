#include "schema/table_schemas.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace ruledex {
namespace {

constexpr std::string_view kHeader = "table_name,column_name,column_type,description\n";

std::string error_of(std::string_view text) {
  try {
    TableSchemas::parse_csv(text, "t.csv");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(TableSchemas, ReadsColumnsInFileOrder) {
  auto schemas = TableSchemas::parse_csv(std::string(kHeader) +
                                             "SigninLogs,TimeGenerated,datetime,When\n"
                                             "SigninLogs,UserPrincipalName,string,Who\n"
                                             "AuditLogs,OperationName,string,What\n",
                                         "t.csv");
  EXPECT_EQ(schemas.table_count(), 2u);
  const auto* signin = schemas.columns("SigninLogs");
  ASSERT_NE(signin, nullptr);
  ASSERT_EQ(signin->size(), 2u);
  EXPECT_EQ((*signin)[0].name, "TimeGenerated");
  EXPECT_EQ((*signin)[0].type, "datetime");
  EXPECT_EQ((*signin)[1].name, "UserPrincipalName");
  EXPECT_EQ(schemas.columns("signinlogs"), nullptr);  // case-sensitive, as in KQL
  EXPECT_EQ(schemas.columns("Nope"), nullptr);
}

TEST(TableSchemas, QuotedFieldsWithCommasQuotesAndNewlines) {
  auto schemas = TableSchemas::parse_csv(
      "\"table_name\",\"column_name\",\"column_type\",\"description\"\r\n"
      "\"T\",\"A\",\"string\",\"one, two \"\"three\"\"\nfour\"\r\n"
      "\"T\",\"B\",\"long\",\"\"\r\n",
      "t.csv");
  const auto* t = schemas.columns("T");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[1].name, "B");
  EXPECT_EQ((*t)[1].type, "long");
}

TEST(TableSchemas, DuplicateColumnKeepsFirst) {
  auto schemas = TableSchemas::parse_csv(std::string(kHeader) + "T,A,string,x\nT,A,long,y\n", "t.csv");
  ASSERT_EQ(schemas.columns("T")->size(), 1u);
  EXPECT_EQ((*schemas.columns("T"))[0].type, "string");
}

TEST(TableSchemas, MalformedInputNamesFileAndLine) {
  EXPECT_EQ(error_of(""), "t.csv:1: empty file, expected the header table_name,column_name,column_type,description");
  EXPECT_EQ(error_of("a,b,c,d\n"), "t.csv:1: expected the header table_name,column_name,column_type,description");
  EXPECT_EQ(error_of(std::string(kHeader) + "T,A,string\n"), "t.csv:2: expected 4 fields, found 3");
  // The record starting on line 3 spans two lines; the error names its first line.
  EXPECT_EQ(error_of(std::string(kHeader) + "T,A,string,ok\nT,\"B\nC\",string\n"),
            "t.csv:3: expected 4 fields, found 3");
  EXPECT_EQ(error_of(std::string(kHeader) + "T,A,string,\"never closed\n"), "t.csv:2: unterminated quoted field");
  EXPECT_EQ(error_of(std::string(kHeader) + "T,A,string,\"x\"y\n"), "t.csv:2: text after the closing quote of a field");
  EXPECT_EQ(error_of(std::string(kHeader) + "T,A,str\"ing,x\n"), "t.csv:2: quote inside an unquoted field");
  EXPECT_EQ(error_of(std::string(kHeader) + ",A,string,x\n"), "t.csv:2: empty table or column name");
}

TEST(TableSchemas, MissingFileThrows) {
  EXPECT_THROW(TableSchemas::load_csv("/nonexistent/schemas.csv"), std::runtime_error);
}

TEST(TableSchemas, RealLogAnalyticsSchemas) {
  std::filesystem::path path = std::filesystem::path(RULEDEX_SHARED_DIR) / "schemas/la_table_schemas.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared schema CSV not found at " << path;
  auto schemas = TableSchemas::load_csv(path);
  EXPECT_EQ(schemas.table_count(), 898u);
  const auto* aws = schemas.columns("AWSCloudTrail");
  ASSERT_NE(aws, nullptr);
  EXPECT_EQ(aws->size(), 55u);
  EXPECT_TRUE(std::any_of(aws->begin(), aws->end(), [](const Column& c) { return c.name == "EventName"; }));
  ASSERT_NE(schemas.columns("SecurityEvent"), nullptr);
  EXPECT_EQ(schemas.columns("SecurityEvent")->size(), 228u);
}

}  // namespace
}  // namespace ruledex
