#include "sigma/documents.h"

#include <gtest/gtest.h>

#include <string>

namespace ruledex::sigma {
namespace {

std::string_view slice(std::string_view text, uint32_t begin, uint32_t end) { return text.substr(begin, end - begin); }

TEST(SigmaDocuments, OneDocument) {
  std::string_view text = "title: a\ndetection: {}\n";
  auto documents = split_documents(text);
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(slice(text, documents[0].begin, documents[0].end), text);
  EXPECT_EQ(documents[0].line, 1u);
}

TEST(SigmaDocuments, SplitsAtMarkers) {
  std::string_view text = "---\ntitle: a\n---\n# only a comment\n---\ntitle: b\n...\n";
  auto documents = split_documents(text);
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(slice(text, documents[0].begin, documents[0].end), "title: a\n");
  EXPECT_EQ(documents[0].line, 2u);
  EXPECT_EQ(slice(text, documents[1].begin, documents[1].end), "title: b\n");
  EXPECT_EQ(documents[1].line, 6u);
}

TEST(SigmaDocuments, IndentedDashesAreNotMarkers) {
  std::string_view text = "title: a\ndescription: |\n  ---\n  text\n";
  EXPECT_EQ(split_documents(text).size(), 1u);
}

TEST(SigmaDocuments, EachDocumentIsARule) {
  std::string_view text = "title: a\n---\ntitle: b\n---\ntitle: c\n";
  auto spans = rule_spans(text, split_documents(text));
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(slice(text, spans[1].begin, spans[1].end), "title: b\n");
  EXPECT_EQ(spans[1].line, 3u);
  EXPECT_EQ(spans[1].documents, std::vector<uint32_t>{1});
}

TEST(SigmaDocuments, GlobalDocumentJoinsEachRule) {
  std::string_view text = "action: global\ntitle: g\n---\nlogsource: {}\n---\nlogsource: {}\n---\naction: reset\n---\ntitle: z\n";
  auto documents = split_documents(text);
  auto spans = rule_spans(text, documents);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ((spans[0].documents), (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ((spans[1].documents), (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(spans[1].begin, 0u);  // contiguous from the global document
  EXPECT_EQ(spans[1].line, 1u);
  EXPECT_EQ((spans[2].documents), (std::vector<uint32_t>{4}));
  EXPECT_EQ(collection_action("title: x\naction: global\n"), "global");
}

}  // namespace
}  // namespace ruledex::sigma
