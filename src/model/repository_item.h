#pragma once
// Items of a rule repository that are not rules but that rules name: a Splunk
// analytic story (a named group of detections), a macro, a lookup. Readers
// produce them from their own files; rules point at them by kind and name.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ruledex {

struct RepositoryItem {
  std::string kind;  // "story", "macro", "lookup"
  std::string id;    // the item's own id when it has one
  std::string name;  // what rules call it by
  std::vector<std::string> aliases;  // other names rules use for it: a lookup's file name
  std::string description;
  std::string platform;
  std::string file;
  // Everything else as written (a story's narrative and references, a macro's
  // definition and arguments, a lookup's file name and match type), key -> value.
  std::vector<std::pair<std::string, std::string>> metadata;
};

// A rule's mention of a repository item: a story it belongs to, a macro or
// lookup its query calls.
struct ItemRef {
  std::string kind;
  std::string name;

  bool operator==(const ItemRef&) const = default;
};

// Appends {kind, name} unless `refs` holds it already.
inline void add_item_ref(std::vector<ItemRef>& refs, std::string kind, std::string name) {
  ItemRef ref{std::move(kind), std::move(name)};
  for (const ItemRef& known : refs)
    if (known == ref) return;
  refs.push_back(std::move(ref));
}

}  // namespace ruledex
