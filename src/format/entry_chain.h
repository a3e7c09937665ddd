// EncodeChain: how every writer turns the records of an append into entry
// lines: each record the child of the one before, the first the child of
// the writer's leaf; seqs counting on from the last; fresh ids; the
// append's time where a record has none.
//
// Pure but for the generator it advances; not thread-safe (a writer calls
// it under its own lock).

#ifndef SESSIONSTORE_FORMAT_ENTRY_CHAIN_H_
#define SESSIONSTORE_FORMAT_ENTRY_CHAIN_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "format/byte_buffer.h"
#include "format/ids.h"
#include "format/line_encoder.h"
#include "sessionstore/record.h"

namespace sessionstore::format {

struct EncodedChain {
  std::vector<std::string> ids;
  // Each record's envelope; parent views the leaf given or an id above
  // (moving the chain keeps them valid).
  std::vector<EntryStamp> stamps;
  // Where each record's line ends in the buffer, its '\n' included.
  std::vector<size_t> ends;

  // Record i's line without its '\n', in `buffer`.
  std::string_view Line(const ByteBuffer& buffer, size_t i) const {
    const size_t begin = i == 0 ? first_begin : ends[i - 1];
    return buffer.view().substr(begin, ends[i] - 1 - begin);
  }
  size_t first_begin = 0;  // where the first line starts in the buffer
};

// Appends the lines of `records` to `out` and describes them in *chain
// (cleared first). On error (a record that cannot be encoded; the status
// names it) `out` is as it was, and the generator may have advanced.
Status EncodeChain(LineEncoder* encoder, EntryIdGenerator* ids, std::span<const Record> records, uint64_t last_seq,
                   std::string_view leaf, int64_t now_ms, ByteBuffer* out, EncodedChain* chain);

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_ENTRY_CHAIN_H_
