// Follower: a cursor that follows a growing session, as `tail -f` follows a
// file: each Next returns the entries appended since the last one returned,
// waiting for them if there are none yet.
//
//   sessionstore::Follower follow(*store, id);        // from the start
//   while (running) {
//     auto entries = follow.Next(1000);               // waits up to 1 s
//     if (!entries.ok()) break;                       // NotFound: deleted
//     for (const Entry& e : *entries) { ... }
//   }
//
// It follows the session across compactions, archiving and restoring
// (Store::EntriesAfter). A Follower is used by one thread at a time and
// must not outlive the Store it was made with.

#ifndef SESSIONSTORE_FOLLOWER_H_
#define SESSIONSTORE_FOLLOWER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sessionstore/record.h"
#include "sessionstore/result.h"

namespace sessionstore {

class Store;

class Follower {
 public:
  // Follows session `id` from after the entry with seq `after_seq` (0:
  // from its first entry).
  Follower(Store& store, std::string id, uint64_t after_seq = 0)
      : store_(&store), id_(std::move(id)), last_seq_(after_seq) {}

  // The entries appended since the last call, in order; empty if none came
  // within `wait_ms`.
  Result<std::vector<Entry>> Next(int64_t wait_ms);

  // The seq of the last entry returned (or the one it started after).
  uint64_t last_seq() const { return last_seq_; }

 private:
  Store* store_;
  std::string id_;
  uint64_t last_seq_;
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_FOLLOWER_H_
