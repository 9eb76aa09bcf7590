#pragma once
// File names of the static site's pages: safe on every file system (ASCII
// letters, digits, '.', '-' and '_', lower case so that case-insensitive
// systems see no collisions) and stable from one build to the next.

#include <string>
#include <string_view>

#include "model/rule.h"

namespace ruledex::site {

// Lower-case ASCII letters and digits; every other run of bytes becomes one
// '-'. Never empty ("x" stands in), at most max_length bytes.
std::string slug(std::string_view text, size_t max_length = 60);

// Eight hex digits of a 64-bit FNV-1a hash.
std::string short_hash(std::string_view text);

// "folder/name.html" when the name is already safe, else
// "folder/<slug>-<hash of the exact name>.html": names that differ only in
// case or punctuation still get pages of their own.
std::string named_page(std::string_view folder, std::string_view name);

// "rules/<slug of the name>-<hash of file and query index>.html".
std::string rule_page(const Rule& rule);

// The folder (and list page stem) of repository items of a kind: "stories",
// "macros", "lookups".
std::string item_folder(std::string_view kind);

// An id for an HTML anchor: a letter, then the hash of the key.
std::string anchor_id(std::string_view key);

}  // namespace ruledex::site
