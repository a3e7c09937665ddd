#include "format/entry_chain.h"

#include "format/message_shapes.h"

namespace sessionstore::format {

Status EncodeChain(LineEncoder* encoder, EntryIdGenerator* ids, std::span<const Record> records, uint64_t last_seq,
                   std::string_view leaf, int64_t now_ms, ByteBuffer* out, EncodedChain* chain) {
  chain->ids.clear();
  chain->stamps.clear();
  chain->ends.clear();
  chain->first_begin = out->size();
  // Reserved up front: the stamps view the ids, which must never move.
  chain->ids.reserve(records.size());
  chain->stamps.reserve(records.size());
  chain->ends.reserve(records.size());
  auto fail = [&](Status s) {
    out->Truncate(chain->first_begin);
    chain->ids.clear();
    chain->stamps.clear();
    chain->ends.clear();
    return s;
  };
  for (size_t i = 0; i < records.size(); ++i) {
    // A new message holds what a message must: no empty id, role or content.
    if (records[i].type == RecordType::kMessage) {
      if (Status s = CheckNewMessage(records[i].message); !s.ok()) {
        return fail(Status::InvalidArgument("record " + std::to_string(i + 1) + ": " + s.message()));
      }
    }
    chain->ids.push_back(ids->Next());
    const EntryStamp& stamp = chain->stamps.emplace_back(
        EntryStamp{.seq = last_seq + 1 + i,
                   .id = chain->ids.back(),
                   .parent = i == 0 ? leaf : std::string_view(chain->ids[i - 1]),
                   .timestamp_ms = records[i].timestamp_ms != 0 ? records[i].timestamp_ms : now_ms});
    if (Status s = encoder->EncodeEntry(records[i], stamp, out); !s.ok()) return fail(s);
    chain->ends.push_back(out->size());
  }
  return Status::OK();
}

}  // namespace sessionstore::format
