// Sentinel alert rules declared in Bicep: each alertRules resource
// declaration is a rule, its values evaluated where the file knows them.
#include "bicep/parser.h"
#include "bicep/values.h"
#include "base/source_text.h"
#include "readers/format_readers.h"
#include "readers/reader_support.h"
#include "readers/sentinel_alert_rules.h"

namespace ruledex::readers {
namespace {

using bicep::Expr;
using bicep::ExprKind;

class SentinelBicepReader {
 public:
  SentinelBicepReader(std::string_view path, std::string_view text)
      : path_(path), text_(text), lines_(text), file_(bicep::parse(text)), evaluator_(text, file_) {}

  ReadResult read() {
    ReadResult result{.recognised = true, .format = "sentinel-bicep", .platform = "sentinel"};
    for (const bicep::ParseError& error : file_.errors)
      result.diagnostics.push_back({Severity::error, "Bicep: " + error.message, std::string(path_), lines_.line(error.offset),
                                    lines_.column(error.offset)});
    for (const bicep::Statement& statement : file_.statements)
      if (statement.kind == bicep::StatementKind::resource && !statement.existing && statement.value &&
          is_alert_rule_type(statement.type))
        add_rule(statement);
    number_rules(rules_);
    if (rules_.size() == 1) rules_[0].raw = std::string(text_);
    result.rules = std::move(rules_);
    return result;
  }

 private:
  void add_rule(const bicep::Statement& statement) {
    std::vector<std::string> notes;
    const Expr* body = statement.value.get();
    if (body->kind == ExprKind::loop && body->children.size() == 2) {
      notes.push_back("declared in a loop over `" + text(*body->children[0]) + "`: this rule stands for each item");
      body = body->children[1].get();
    }
    if (body->kind == ExprKind::condition && body->children.size() == 2) {
      notes.push_back("deployed only if `" + text(*body->children[0]) + "`");
      body = body->children[1].get();
    }
    evaluator_.take_kept();
    Json resource = evaluator_.evaluate(*body).json;
    if (!resource.is_object()) resource = Json::object();
    resource["type"] = statement.type;
    Rule rule = alert_rule_from_resource(path_, resource, deployed_query(*body));
    if (const Json* properties = find_member(resource, "properties"); !properties || !find_member(*properties, "displayName"))
      rule.name = statement.name;
    uint32_t line = lines_.line(statement.span.begin);
    for (const std::string& note : notes) rule.diagnostics.push_back({Severity::note, note, std::string(path_), line, 0});
    for (const std::string& kept : evaluator_.take_kept())
      rule.diagnostics.push_back({Severity::note, "Bicep expression `" + kept + "` is only known at deployment: kept as written",
                                  std::string(path_), line, 0});
    place_query(*body, rule);
    rule.raw = text(statement);
    rules_.push_back(std::move(rule));
  }

  // The query as written when it is a value only a deployment knows (a
  // parameter without a default, a call); an interpolated string keeps the
  // parts the file knows.
  std::string deployed_query(const Expr& body) {
    const Expr* query = property(property(&body, "properties"), "query");
    if (!query || query->kind == ExprKind::string || query->kind == ExprKind::multiline) return {};
    bicep::Evaluator probe(text_, file_);
    if (probe.evaluate(*query).exact) return {};
    return text(*query);
  }

  // A '''-string's lines are file lines; a '...' string with \n escapes keeps
  // the whole query on its line.
  void place_query(const Expr& body, Rule& rule) {
    const Expr* query = property(property(&body, "properties"), "query");
    if (!query || (query->kind != ExprKind::string && query->kind != ExprKind::multiline)) return;
    uint32_t begin = query->span.begin + (query->kind == ExprKind::multiline ? 3 : 1);
    if (query->kind == ExprKind::multiline) {
      std::string_view rest = text_.substr(begin);
      if (rest.starts_with('\n')) ++begin;
      else if (rest.starts_with("\r\n")) begin += 2;
    }
    rule.query_line = lines_.line(begin);
    rule.query_indent = lines_.column(begin) - 1;
    rule.query_on_one_line = query->kind == ExprKind::string;
  }

  static const Expr* property(const Expr* object, std::string_view name) {
    if (!object || object->kind != ExprKind::object) return nullptr;
    for (const auto& [key, value] : object->properties)
      if (iequals(key, name)) return value.get();
    return nullptr;
  }

  std::string text(const Expr& expr) const { return std::string(bicep::text_of(text_, expr)); }
  std::string text(const bicep::Statement& statement) const {
    return std::string(text_.substr(statement.span.begin, statement.span.end - statement.span.begin));
  }

  std::string_view path_;
  std::string_view text_;
  LineIndex lines_;
  bicep::File file_;
  bicep::Evaluator evaluator_;
  std::vector<Rule> rules_;
};

}  // namespace

ReadResult read_sentinel_bicep(std::string_view path, std::string_view text) {
  return SentinelBicepReader(path, text).read();
}

}  // namespace ruledex::readers
