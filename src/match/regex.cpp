#include "match/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include "match/utf8.h"

namespace ruledex::match {
namespace {

// Bounds of one PCRE2 match: about a second of backtracking at worst.
constexpr uint32_t kMatchLimit = 1'000'000;
constexpr uint32_t kDepthLimit = 10'000;
constexpr uint32_t kHeapLimitKiB = 64 * 1024;
constexpr size_t kJitStackBytes = 1 << 20;

struct CodeFree {
  void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};
struct ContextFree {
  void operator()(pcre2_match_context* context) const { pcre2_match_context_free(context); }
};
struct JitStackFree {
  void operator()(pcre2_jit_stack* stack) const { pcre2_jit_stack_free(stack); }
};
struct MatchDataFree {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

// One JIT stack and one match data block per thread: a Regex is shared by
// threads, these are not.
pcre2_jit_stack* thread_jit_stack(void*) {
  thread_local std::unique_ptr<pcre2_jit_stack, JitStackFree> stack(
      pcre2_jit_stack_create(32 * 1024, kJitStackBytes, nullptr));
  return stack.get();
}

pcre2_match_data* thread_match_data() {
  // One pair is enough: a match that does not fit returns 0, still a match.
  thread_local std::unique_ptr<pcre2_match_data, MatchDataFree> data(pcre2_match_data_create(1, nullptr));
  return data.get();
}

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  pcre2_get_error_message(code, buffer, sizeof buffer);
  return reinterpret_cast<const char*>(buffer);
}

}  // namespace

struct Regex::Engines {
  std::unique_ptr<re2::RE2> re2;
  std::unique_ptr<pcre2_code, CodeFree> pcre2;
  std::unique_ptr<pcre2_match_context, ContextFree> context;
  bool full_match = false;
};

Regex::Regex() : engines_(std::make_unique<Engines>()) {}
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;
Regex::~Regex() = default;

Regex::Compiled Regex::compile(std::string_view pattern, RegexFlags flags) {
  Regex regex;
  regex.engines_->full_match = flags.full_match;

  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(!flags.ignore_case);
  options.set_dot_nl(flags.dot_all);
  // Outside POSIX syntax RE2 reads ^ and $ as multi-line only through (?m).
  const std::string re2_pattern = (flags.multiline ? "(?m)" : "") + std::string(pattern);
  auto re2 = std::make_unique<re2::RE2>(re2_pattern, options);
  if (re2->ok()) {
    regex.engines_->re2 = std::move(re2);
    return {std::move(regex), {}};
  }
  regex.re2_refusal_ = re2->error();

  uint32_t options2 = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  if (flags.ignore_case) options2 |= PCRE2_CASELESS;
  if (flags.multiline) options2 |= PCRE2_MULTILINE;
  if (flags.dot_all) options2 |= PCRE2_DOTALL;
  if (flags.full_match) options2 |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options2,
                                   &error_code, &error_offset, nullptr);
  if (!code)
    return {std::nullopt, "RE2: " + regex.re2_refusal_ + "; PCRE2: " + pcre2_message(error_code) + " at offset " +
                              std::to_string(error_offset)};
  regex.engines_->pcre2.reset(code);
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // without JIT (unsupported CPU) the interpreter runs
  pcre2_match_context* context = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(context, kMatchLimit);
  pcre2_set_depth_limit(context, kDepthLimit);
  pcre2_set_heap_limit(context, kHeapLimitKiB);
  pcre2_jit_stack_assign(context, thread_jit_stack, nullptr);
  regex.engines_->context.reset(context);
  return {std::move(regex), {}};
}

std::vector<std::string> Regex::required_atoms(size_t min_length) const {
  if (!engines_->re2) return {};
  // Over one regex, the prefilter is an and/or of atoms, or nothing when the
  // regex needs none; either way a match holds one of its atoms.
  re2::FilteredRE2 filter(static_cast<int>(min_length));
  int id = 0;
  if (filter.Add(engines_->re2->pattern(), engines_->re2->options(), &id) != re2::RE2::NoError) return {};
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  for (const std::string& atom : atoms)
    if (atom.size() < min_length || !utf8::is_ascii(atom)) return {};  // Unicode case folding is not ASCII's
  // An atom without which the filter fails is needed on its own: the longest such says most.
  const std::string* needed = nullptr;
  for (size_t i = 0; i < atoms.size() && atoms.size() > 1; ++i) {
    std::vector<int> others, passing;
    for (size_t j = 0; j < atoms.size(); ++j)
      if (j != i) others.push_back(static_cast<int>(j));
    filter.AllPotentials(others, &passing);
    if (passing.empty() && (!needed || atoms[i].size() > needed->size())) needed = &atoms[i];
  }
  if (needed) return {*needed};
  return atoms;
}

RegexEngine Regex::engine() const { return engines_->re2 ? RegexEngine::re2 : RegexEngine::pcre2; }

MatchResult Regex::match(std::string_view text) const {
  if (engines_->re2) {
    const bool found = engines_->full_match ? re2::RE2::FullMatch(text, *engines_->re2)
                                            : re2::RE2::PartialMatch(text, *engines_->re2);
    return found ? MatchResult::match : MatchResult::no_match;
  }
  const char* subject = text.empty() ? "" : text.data();  // PCRE2 refuses a null subject
  const int rc = pcre2_match(engines_->pcre2.get(), reinterpret_cast<PCRE2_SPTR>(subject), text.size(), 0, 0,
                             thread_match_data(), engines_->context.get());
  if (rc >= 0) return MatchResult::match;
  if (rc == PCRE2_ERROR_NOMATCH) return MatchResult::no_match;
  return MatchResult::unknown;  // a limit (match, depth, heap, JIT stack) or another failure
}

}  // namespace ruledex::match
