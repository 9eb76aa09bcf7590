#pragma once
// Sigma field modifiers: `Field|mod1|mod2`, chained in any order.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruledex::sigma {

enum class Modifier {
  contains, startswith, endswith,  // where the value sits in the field
  all,                             // a list means every value, not any
  base64, base64offset, wide, utf16le, utf16be, utf16, windash,  // value transformations
  re, re_i, re_m, re_s,            // regular expression and its flags (`re|i`)
  cidr, exists, lt, lte, gt, gte,  // other comparisons
  expand, fieldref,                // the value names a placeholder / another field
  cased, neq,
};

std::optional<Modifier> modifier_from_name(std::string_view name);

// A detection key split at `|`: the field and its modifier names as written.
struct FieldKey {
  std::string field;
  std::vector<std::string> modifiers;
  std::vector<uint32_t> modifier_offsets;  // byte offset of each name in the key
};

FieldKey split_field_key(std::string_view key);

}  // namespace ruledex::sigma
