#include "readers/arm_expressions.h"

#include <cctype>
#include <functional>
#include <map>

#include "base/json_weight.h"
#include "readers/reader_support.h"

namespace ruledex::readers {
namespace {

constexpr int kMaxNesting = 32;
// No template value comes close; a doubling chain of variables would.
constexpr size_t kMaxValueBytes = 1 << 20;
constexpr size_t kMaxBuiltBytes = 64 << 20;

struct SyntaxError {
  std::string message;
};

// The text ARM's string functions see for a value: strings as they are,
// booleans as True/False, everything else as JSON.
std::string as_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "True" : "False";
  return value.dump();
}

bool truthy(const Json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) return iequals(value.get<std::string>(), "true");
  return false;
}

bool is_empty(const Json& value) {
  if (value.is_null()) return true;
  if (value.is_string() || value.is_array() || value.is_object()) return value.empty();
  return false;
}

// .NET composite formatting as format() uses it: {0}, {1:fmt}, {{ and }}.
std::string composite_format(const std::string& pattern, const std::vector<ArmValue>& args) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
      out += c;
      ++i;
    } else if (c == '{') {
      size_t close = pattern.find('}', i);
      if (close == std::string::npos) throw SyntaxError{"format(): unclosed `{` in the format string"};
      std::string index_text = pattern.substr(i + 1, close - i - 1);
      index_text = index_text.substr(0, index_text.find_first_of(",:"));
      size_t index = 0;
      try {
        index = std::stoul(index_text);
      } catch (const std::exception&) {
        throw SyntaxError{"format(): `{" + index_text + "}` is not an argument index"};
      }
      if (index + 1 >= args.size()) throw SyntaxError{"format(): no argument " + index_text};
      out += as_text(args[index + 1].value);
      if (out.size() > kMaxValueBytes) throw SyntaxError{"format(): the value grows too large"};
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

// One pass over the expression text: parses and evaluates at once; a call of
// a function it does not evaluate becomes its own text, inexact.
class Evaluator {
 public:
  Evaluator(std::string_view text, const ArmScope& scope) : text_(text), scope_(scope) {}

  ArmValue run() {
    ArmValue value = expression(0);
    skip_blanks();
    if (pos_ != text_.size()) throw SyntaxError{"unexpected `" + std::string(text_.substr(pos_, 1)) + "`"};
    return value;
  }

 private:
  using Args = std::vector<ArmValue>;

  ArmValue expression(int nesting) {
    if (nesting > kMaxNesting) throw SyntaxError{"expression nested too deeply"};
    skip_blanks();
    size_t start = pos_;
    ArmValue value = primary(nesting);
    while (true) {
      skip_blanks();
      if (peek('.')) {
        ++pos_;
        std::string name = identifier();
        value = member(std::move(value), Json(name), start);
      } else if (peek('[')) {
        ++pos_;
        ArmValue index = expression(nesting + 1);
        expect(']');
        value = member(std::move(value), index.value, start, index.exact);
      } else {
        return value;
      }
    }
  }

  ArmValue primary(int nesting) {
    if (peek('\'')) return ArmValue{Json(string_literal())};
    if (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '-'))
      return ArmValue{Json(number())};
    size_t start = pos_;
    std::string name = identifier();
    skip_blanks();
    expect('(');
    Args args;
    skip_blanks();
    if (!peek(')')) {
      do {
        args.push_back(expression(nesting + 1));
        skip_blanks();
      } while (consume(','));
    }
    expect(')');
    return call(lower(name), args, std::string(text_.substr(start, pos_ - start)));
  }

  ArmValue member(ArmValue base, const Json& key, size_t start, bool key_exact = true) {
    std::string text(text_.substr(start, pos_ - start));
    if (!base.exact || !key_exact) return inexact(text, base.exact ? text : base.unknown);
    if (base.value.is_object() && key.is_string())
      if (const Json* found = find_member(base.value, key.get<std::string>())) return ArmValue{*found};
    if (base.value.is_array() && key.is_number_integer()) {
      auto index = key.get<int64_t>();
      if (index >= 0 && static_cast<size_t>(index) < base.value.size()) return ArmValue{base.value[static_cast<size_t>(index)]};
    }
    throw SyntaxError{"`" + text + "` names nothing"};
  }

  static ArmValue inexact(std::string text, std::string unknown) {
    return ArmValue{Json(std::move(text)), false, std::move(unknown)};
  }

  // The result of a function over `args`: inexact when an argument is.
  static ArmValue combine(Json value, const Args& args) {
    for (const ArmValue& arg : args)
      if (!arg.exact) return ArmValue{std::move(value), false, arg.unknown};
    return ArmValue{std::move(value)};
  }

  static void arity(const std::string& name, const Args& args, size_t min, size_t max) {
    if (args.size() < min || args.size() > max)
      throw SyntaxError{name + "() takes " + (min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max)) +
                        " arguments, not " + std::to_string(args.size())};
  }

  static std::string text_arg(const Args& args, size_t i) { return as_text(args[i].value); }

  ArmValue call(const std::string& name, const Args& args, std::string text) {
    if (name == "parameters" || name == "variables") {
      arity(name, args, 1, 1);
      if (!args[0].exact) return inexact(text, args[0].unknown);
      const Json* found = name == "parameters" ? scope_.parameter(text_arg(args, 0)) : scope_.variable(text_arg(args, 0));
      if (!found) throw SyntaxError{name + "('" + text_arg(args, 0) + "') is not declared"};
      if (name == "parameters") {
        const Json* default_value = find_member(*found, "defaultValue");
        if (!default_value) return inexact(text, text);  // given at deployment
        found = default_value;
      }
      return referenced(*found, text);
    }
    if (name == "concat") {
      bool arrays = !args.empty() && std::all_of(args.begin(), args.end(), [](const ArmValue& a) { return a.value.is_array(); });
      if (arrays) {
        Json out = Json::array();
        for (const ArmValue& arg : args) out.insert(out.end(), arg.value.begin(), arg.value.end());
        return bounded(combine(std::move(out), args));
      }
      std::string out;
      for (const ArmValue& arg : args) {
        out += as_text(arg.value);
        if (out.size() > kMaxValueBytes) throw SyntaxError{"concat(): the value grows too large"};
      }
      return combine(Json(out), args);
    }
    if (name == "format") {
      arity(name, args, 1, 64);
      return bounded(combine(Json(composite_format(text_arg(args, 0), args)), args));
    }
    static const std::map<std::string, std::function<Json(const Args&)>, std::less<>> kFunctions = {
        {"tolower", [](const Args& a) { return Json(lower(text_arg(a, 0))); }},
        {"toupper",
         [](const Args& a) {
           std::string s = text_arg(a, 0);
           for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
           return Json(s);
         }},
        {"string", [](const Args& a) { return Json(as_text(a[0].value)); }},
        {"trim", [](const Args& a) { return Json(std::string(trim(text_arg(a, 0)))); }},
        {"replace",
         [](const Args& a) {
           std::string s = text_arg(a, 0), from = text_arg(a, 1), to = text_arg(a, 2);
           if (from.empty()) return Json(s);
           for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
             s.replace(at, from.size(), to);
             if (s.size() > kMaxValueBytes) throw SyntaxError{"replace(): the value grows too large"};
           }
           return Json(s);
         }},
        {"empty", [](const Args& a) { return Json(is_empty(a[0].value)); }},
        {"equals", [](const Args& a) { return Json(a[0].value == a[1].value); }},
        {"not", [](const Args& a) { return Json(!truthy(a[0].value)); }},
        {"and", [](const Args& a) { return Json(std::all_of(a.begin(), a.end(), [](const ArmValue& v) { return truthy(v.value); })); }},
        {"or", [](const Args& a) { return Json(std::any_of(a.begin(), a.end(), [](const ArmValue& v) { return truthy(v.value); })); }},
        {"if", [](const Args& a) { return truthy(a[0].value) ? a[1].value : a[2].value; }},
        {"coalesce",
         [](const Args& a) {
           for (const ArmValue& v : a)
             if (!v.value.is_null()) return v.value;
           return Json();
         }},
        {"true", [](const Args&) { return Json(true); }},
        {"false", [](const Args&) { return Json(false); }},
        {"null", [](const Args&) { return Json(); }},
        {"createarray",
         [](const Args& a) {
           Json out = Json::array();
           for (const ArmValue& v : a) out.push_back(v.value);
           return out;
         }},
        {"length",
         [](const Args& a) {
           const Json& v = a[0].value;
           return Json(v.is_string() ? v.get<std::string>().size() : v.size());
         }},
        {"first", [](const Args& a) { return a[0].value.empty() ? Json() : a[0].value.is_string() ? Json(text_arg(a, 0).substr(0, 1)) : a[0].value.front(); }},
        {"last",
         [](const Args& a) {
           if (a[0].value.empty()) return Json();
           if (a[0].value.is_string()) return Json(text_arg(a, 0).substr(text_arg(a, 0).size() - 1));
           return a[0].value.back();
         }},
        {"split",
         [](const Args& a) {
           std::string s = text_arg(a, 0), delimiter = text_arg(a, 1);
           Json out = Json::array();
           if (delimiter.empty()) return out.push_back(s), out;
           size_t begin = 0;
           for (size_t at = s.find(delimiter); at != std::string::npos; at = s.find(delimiter, begin)) {
             out.push_back(s.substr(begin, at - begin));
             begin = at + delimiter.size();
           }
           out.push_back(s.substr(begin));
           return out;
         }},
        {"join",
         [](const Args& a) {
           std::string out;
           for (const Json& item : a[0].value) out += (out.empty() ? "" : text_arg(a, 1)) + as_text(item);
           return Json(out);
         }},
        {"startswith", [](const Args& a) { return Json(lower(text_arg(a, 0)).starts_with(lower(text_arg(a, 1)))); }},
        {"endswith", [](const Args& a) { return Json(lower(text_arg(a, 0)).ends_with(lower(text_arg(a, 1)))); }},
        {"contains",
         [](const Args& a) {
           const Json& v = a[0].value;
           if (v.is_object()) return Json(find_member(v, text_arg(a, 1)) != nullptr);
           if (v.is_array()) return Json(std::find(v.begin(), v.end(), a[1].value) != v.end());
           return Json(text_arg(a, 0).find(text_arg(a, 1)) != std::string::npos);
         }},
    };
    // Arity per function: {min, max}.
    static const std::map<std::string, std::pair<size_t, size_t>, std::less<>> kArity = {
        {"tolower", {1, 1}}, {"toupper", {1, 1}}, {"string", {1, 1}}, {"trim", {1, 1}}, {"replace", {3, 3}},
        {"empty", {1, 1}}, {"equals", {2, 2}}, {"not", {1, 1}}, {"and", {1, 64}}, {"or", {1, 64}}, {"if", {3, 3}},
        {"coalesce", {1, 64}}, {"true", {0, 0}}, {"false", {0, 0}}, {"null", {0, 0}}, {"createarray", {0, 1024}},
        {"length", {1, 1}}, {"first", {1, 1}}, {"last", {1, 1}}, {"split", {2, 2}}, {"join", {2, 2}},
        {"startswith", {2, 2}}, {"endswith", {2, 2}}, {"contains", {2, 2}}};
    auto function = kFunctions.find(name);
    if (function == kFunctions.end()) return inexact(text, text);  // resourceId(), newGuid(), ...
    auto [min, max] = kArity.at(name);
    arity(name, args, min, max);
    for (const ArmValue& arg : args)
      if (!arg.exact) return inexact(text, arg.unknown);
    return bounded(ArmValue{function->second(args)});
  }

  ArmValue bounded(ArmValue value) {
    size_t size = json_weight(value.value);
    if (size > kMaxValueBytes) throw SyntaxError{"the value grows beyond " + std::to_string(kMaxValueBytes) + " bytes"};
    if ((scope_.built() += size) > kMaxBuiltBytes) throw SyntaxError{"the template's values grow too large"};
    return value;
  }

  // A parameter's default or a variable's value, itself evaluated.
  ArmValue referenced(const Json& value, const std::string& text) {
    auto& memo = scope_.memo();
    if (auto found = memo.find(&value); found != memo.end()) return bounded(found->second);
    ArmValue out = evaluate_reference(value, text);
    memo.emplace(&value, out);
    return out;
  }

  ArmValue evaluate_reference(const Json& value, const std::string& text) {
    int& depth = scope_.depth();
    if (depth > 16) throw SyntaxError{"`" + text + "` refers to itself"};
    ++depth;
    std::vector<ArmScope::Kept> kept;
    Json out = scope_.evaluate_deep(value, kept);
    --depth;
    for (const ArmScope::Kept& k : kept)
      if (!k.error.empty()) throw SyntaxError{"`" + k.text + "`: " + k.error};
    if (!kept.empty()) return inexact(value.is_string() ? value.get<std::string>() : text, kept.front().text);
    return ArmValue{std::move(out)};
  }

  // ------------------------------------------------------------- lexing
  void skip_blanks() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool consume(char c) {
    skip_blanks();
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (!consume(c))
      throw SyntaxError{std::string("expected `") + c + "`" +
                        (pos_ < text_.size() ? " before `" + std::string(text_.substr(pos_, 1)) + "`" : " at the end")};
  }
  std::string identifier() {
    skip_blanks();
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
    if (start == pos_) throw SyntaxError{"expected a function name" + (pos_ < text_.size() ? " before `" + std::string(text_.substr(pos_, 1)) + "`" : std::string())};
    return std::string(text_.substr(start, pos_ - start));
  }
  std::string string_literal() {
    std::string out;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] != '\'') {
        out += text_[pos_];
      } else if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
        out += '\'';  // '' is a quote
        ++pos_;
      } else {
        ++pos_;
        return out;
      }
    }
    throw SyntaxError{"unclosed string"};
  }
  int64_t number() {
    size_t start = pos_;
    if (peek('-')) ++pos_;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    try {
      return std::stoll(std::string(text_.substr(start, pos_ - start)));
    } catch (const std::exception&) {
      throw SyntaxError{"invalid number"};
    }
  }

  std::string_view text_;
  const ArmScope& scope_;
  size_t pos_ = 0;
};

}  // namespace

ArmScope::ArmScope(const Json& template_json, const ArmScope* outer) : outer_(outer) {
  if (const Json* p = find_member(template_json, "parameters"); p && p->is_object()) parameters_ = *p;
  if (const Json* v = find_member(template_json, "variables"); v && v->is_object()) variables_ = *v;
}

const Json* ArmScope::parameter(std::string_view name) const {
  if (const Json* found = find_member(parameters_, name)) return found;
  return outer_ ? outer_->parameter(name) : nullptr;
}

const Json* ArmScope::variable(std::string_view name) const {
  if (const Json* found = find_member(variables_, name)) return found;
  return outer_ ? outer_->variable(name) : nullptr;
}

ArmValue ArmScope::evaluate_string(std::string_view text) const {
  if (!text.starts_with('[') || !text.ends_with(']') || text.starts_with("[[")) {
    if (text.starts_with("[[")) return ArmValue{Json(std::string(text.substr(1)))};
    return ArmValue{Json(std::string(text))};
  }
  try {
    return Evaluator(text.substr(1, text.size() - 2), *this).run();
  } catch (const SyntaxError& e) {
    return ArmValue{Json(std::string(text)), false, std::string(text), e.message};
  }
}

Json ArmScope::evaluate_deep(const Json& value, std::vector<Kept>& kept) const {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    ArmValue evaluated = evaluate_string(text);
    if (!evaluated.exact) kept.push_back({text, evaluated.error});
    return evaluated.exact ? evaluated.value : value;
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, item] : value.items()) out[key] = evaluate_deep(item, kept);
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) out.push_back(evaluate_deep(item, kept));
    return out;
  }
  return value;
}

}  // namespace ruledex::readers
