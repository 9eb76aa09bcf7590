#include "catalog/corpus_counts.h"

#include <unordered_map>

#include "base/ascii_case.h"

namespace ruledex {
namespace {

struct KeyUse {
  uint32_t rules = 0;                 // distinct rules with the key
  size_t last_rule = SIZE_MAX;        // the last rule counted, to count each once
};

}  // namespace

// field \x1f op negated case \x1f value: \x1f does not occur in field names.
std::string indicator_key(const Predicate& predicate, std::string_view value) {
  std::string key;
  key.reserve(predicate.field.size() + value.size() + 8);
  key += predicate.field;
  key += '\x1f';
  key += to_string(predicate.op);
  key += predicate.negated ? '!' : '=';
  key += predicate.case_sensitive ? 'S' : 'i';
  key += '\x1f';
  if (predicate.case_sensitive)
    key += value;
  else
    key += ascii_lower(value);
  return key;
}

void fill_corpus_counts(std::span<Rule> rules) {
  std::unordered_map<std::string, KeyUse> uses;
  // Node pointers of an unordered_map stay valid: keep one per value for the second pass.
  std::vector<KeyUse*> slots;
  for (size_t r = 0; r < rules.size(); ++r) {
    for (const Predicate& predicate : rules[r].predicates) {
      if (!predicate.indicator) continue;
      for (const std::string& value : predicate.values) {
        KeyUse& use = uses[indicator_key(predicate, value)];
        if (use.last_rule != r) {
          use.last_rule = r;
          ++use.rules;
        }
        slots.push_back(&use);
      }
    }
  }
  size_t next = 0;
  for (Rule& rule : rules) {
    for (Predicate& predicate : rule.predicates) {
      predicate.corpus.clear();
      if (!predicate.indicator) continue;
      predicate.corpus.reserve(predicate.values.size());
      for (size_t v = 0; v < predicate.values.size(); ++v) predicate.corpus.push_back(slots[next++]->rules - 1);
    }
  }
}

}  // namespace ruledex
