#include "history/context_path.h"

#include <algorithm>

#include "history/context_builder.h"

namespace sessionstore::history {

bool ContextPath::Offer(Entry&& e) {
  if (want_.empty() && path_.empty()) want_ = e.id;  // no leaf given: the latest entry
  if (e.id != want_) return true;
  const bool last = (compacted_ && e.id == first_kept_) || e.parent.empty();
  if (!compacted_ && e.type == RecordType::kCompaction) {
    compacted_ = true;
    first_kept_ = e.first_kept;
  }
  want_ = e.parent;
  path_.push_back(std::move(e));
  return !(last || (compacted_ && first_kept_.empty()));
}

ContextView ContextPath::Build() {
  std::vector<const Entry*> pointers;
  pointers.reserve(path_.size());
  for (auto it = path_.rbegin(); it != path_.rend(); ++it) pointers.push_back(&*it);
  return BuildContext(pointers);
}

}  // namespace sessionstore::history
