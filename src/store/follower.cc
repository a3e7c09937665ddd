#include "sessionstore/follower.h"

#include "sessionstore/store.h"

namespace sessionstore {

Result<std::vector<Entry>> Follower::Next(int64_t wait_ms) {
  Result<std::vector<Entry>> entries = store_->EntriesAfter(id_, last_seq_, wait_ms);
  if (entries.ok() && !entries->empty()) last_seq_ = entries->back().seq;
  return entries;
}

}  // namespace sessionstore
