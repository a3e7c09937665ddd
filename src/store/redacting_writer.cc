#include "store/redacting_writer.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace sessionstore::store {

namespace {

class Redacting final : public Writer {
 public:
  Redacting(std::unique_ptr<Writer> inner, const StoreOptions& options)
      : inner_(std::move(inner)), redactor_(options.redact_before_write), on_notice_(options.on_notice) {}

  Result<std::vector<std::string>> AppendBatch(std::span<const Record> records) override {
    std::vector<Record> redacted(records.begin(), records.end());
    RedactionCounts counts;
    for (Record& r : redacted) redactor_->RedactRecord(&r, &counts);
    Result<std::vector<std::string>> ids = inner_->AppendBatch(redacted);
    if (ids.ok()) SayRedacted({.on_notice = on_notice_}, inner_->session_id(), counts);
    return ids;
  }
  Status SetLeaf(std::string_view entry) override { return inner_->SetLeaf(entry); }
  Status Flush() override { return inner_->Flush(); }
  Status Sync() override { return inner_->Sync(); }
  Status Close() override { return inner_->Close(); }
  const std::string& session_id() const override { return inner_->session_id(); }
  std::string leaf() const override { return inner_->leaf(); }
  uint64_t last_seq() const override { return inner_->last_seq(); }
  uint64_t dropped_tail_bytes() const override { return inner_->dropped_tail_bytes(); }

 private:
  const std::unique_ptr<Writer> inner_;
  const std::shared_ptr<const Redactor> redactor_;
  const std::function<void(std::string_view)> on_notice_;
};

}  // namespace

void SayRedacted(const StoreOptions& options, std::string_view id, const RedactionCounts& counts) {
  if (counts.total() == 0 || !options.on_notice) return;
  options.on_notice("redacted before writing session " + std::string(id) + ": " + counts.ToString());
}

std::unique_ptr<Writer> RedactingWriter(std::unique_ptr<Writer> inner, const StoreOptions& options) {
  return std::make_unique<Redacting>(std::move(inner), options);
}

}  // namespace sessionstore::store
