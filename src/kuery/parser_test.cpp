#include "kuery/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace ruledex::kuery {
namespace {

// A compact rendering of the tree: or(...), and(...), not(...), field=value,
// field~wild*, field="phrase", field>=v, field:*, field{...}.
std::string show(const Node& node) {
  auto list = [&](std::string name) {
    for (size_t i = 0; i < node.children.size(); ++i) name += (i ? " " : "(") + show(node.children[i]);
    return name + ")";
  };
  switch (node.kind) {
    case NodeKind::or_: return list("or");
    case NodeKind::and_: return list("and");
    case NodeKind::not_: return list("not");
    case NodeKind::nested: return node.field + "{" + show(node.children.front()) + "}";
    case NodeKind::exists: return node.field + ":*";
    case NodeKind::range: return node.field + node.op + node.value.text;
    case NodeKind::match: {
      std::string sep = node.value.quoted ? "=\"" : node.value.wildcard ? "~" : "=";
      return node.field + sep + node.value.text + (node.value.quoted ? "\"" : "");
    }
  }
  return "?";
}

std::string parse_show(std::string_view text) {
  QueryAst ast = parse(text);
  if (!ast.errors.empty()) return "error@" + std::to_string(ast.errors[0].offset) + ": " + ast.errors[0].message;
  return ast.has_root ? show(ast.root) : "";
}

TEST(KueryParser, AndBindsTighterThanOr) {
  EXPECT_EQ(parse_show("a:1 or b:2 and c:3"), "or(a=1 and(b=2 c=3))");
  EXPECT_EQ(parse_show("(a:1 or b:2) and c:3"), "and(or(a=1 b=2) c=3)");
  EXPECT_EQ(parse_show("a:1 AND b:2 Or c:3"), "or(and(a=1 b=2) c=3)");
}

TEST(KueryParser, NotBindsTightest) {
  EXPECT_EQ(parse_show("not a:1 and b:2"), "and(not(a=1) b=2)");
  EXPECT_EQ(parse_show("NOT (a:1 or b:2)"), "not(or(a=1 b=2))");
}

TEST(KueryParser, LiteralForms) {
  EXPECT_EQ(parse_show("process.name : \"cmd.exe\""), "process.name=\"cmd.exe\"");
  EXPECT_EQ(parse_show("file.path:C\\:\\\\Windows\\\\*"), "file.path~C:\\Windows\\*");
  EXPECT_EQ(parse_show("a:\"say \\\"hi\\\"\""), "a=\"say \"hi\"\"");
  EXPECT_EQ(parse_show("a:foo\\*"), "a=foo*");  // an escaped star is no wildcard
  EXPECT_EQ(parse_show("message: hello world"), "message=hello world");
  EXPECT_EQ(parse_show("a:*.exe"), "a~*.exe");
  EXPECT_EQ(parse_show("justtext"), "=justtext");
}

TEST(KueryParser, ValueListsBecomeMatchesOfOneField) {
  EXPECT_EQ(parse_show("event.action:(a or \"b c\" or not d)"), "or(event.action=a event.action=\"b c\" not(event.action=d))");
  EXPECT_EQ(parse_show("x:(a and (b or c))"), "and(x=a or(x=b x=c))");
}

TEST(KueryParser, RangesExistsAndNested) {
  EXPECT_EQ(parse_show("bytes >= 10 and bytes<20"), "and(bytes>=10 bytes<20)");
  EXPECT_EQ(parse_show("@timestamp > \"now-1d\""), "@timestamp>now-1d");
  EXPECT_EQ(parse_show("user.name:* and not host.name : *"), "and(user.name:* not(host.name:*))");
  EXPECT_EQ(parse_show("items:{ name:a and price > 3 }"), "items{and(name=a price>3)}");
}

// Kibana's grammar (QuotedCharacter): in a phrase only \" and \\, the
// whitespace escapes \t \r \n and \uXXXX are escapes; any other backslash is
// a character of the value.
TEST(KueryParser, PhraseKeepsBackslashesThatEscapeNothing) {
  EXPECT_EQ(parse_show(R"(process.executable:"C:\Program Files\x.exe")"),
            R"(process.executable="C:\Program Files\x.exe")");
  EXPECT_EQ(parse_show(R"(a:"C:\\Windows\\*")"), R"(a="C:\Windows\*")");
  EXPECT_EQ(parse_show(R"(a:"tab\there")"), "a=\"tab\there\"");
  EXPECT_EQ(parse_show(R"(a:"\u0041\x")"), R"(a="A\x")");
  EXPECT_EQ(parse_show(R"(a:"ends\")"), "error@2: unterminated quoted value");
}

// `*` is "any value" in a value list as it is alone: the field exists.
TEST(KueryParser, StarInAValueListMeansTheFieldExists) {
  EXPECT_EQ(parse_show("user.name:(* and not root)"), "and(user.name:* not(user.name=root))");
  EXPECT_EQ(parse_show("a:(\"*\" or b*)"), "or(a=\"*\" a~b*)");
}

TEST(KueryParser, ErrorsCarryOffsets) {
  EXPECT_EQ(parse_show("a:\"open"), "error@2: unterminated quoted value");
  EXPECT_EQ(parse_show("(a:1 or b:2"), "error@11: expected ')'");
  EXPECT_EQ(parse_show("a: and"), "error@3: expected a value, found 'and'");
  EXPECT_NE(parse_show("a:1 )").find("error@4"), std::string::npos);
  EXPECT_EQ(parse_show("   "), "");
}

TEST(KueryParser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '(');
  EXPECT_NE(parse_show(deep + "a:1").find("nesting too deep"), std::string::npos);
}

}  // namespace
}  // namespace ruledex::kuery
