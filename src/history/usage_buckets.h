// What a session spent, hour by hour and model by model: the accounting
// that `Store::Usage` sums, kept in each session's summary (SummaryState)
// so that it grows with the session and is read without reading it. Pure
// functions.

#ifndef SESSIONSTORE_HISTORY_USAGE_BUCKETS_H_
#define SESSIONSTORE_HISTORY_USAGE_BUCKETS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "sessionstore/message.h"
#include "sessionstore/result.h"

namespace sessionstore::history {

// One hour (Unix ms / 3,600,000) of one model.
struct UsageKey {
  int64_t hour = 0;
  std::string model;
  std::string provider;
  auto operator<=>(const UsageKey&) const = default;
};

struct UsageTotals {
  int64_t messages = 0;
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  int64_t cache_read_tokens = 0;
  int64_t cache_write_tokens = 0;
  double cost_usd = 0;
  void Add(const Usage& u);
  void Add(const UsageTotals& t);
};

using UsageBuckets = std::map<UsageKey, UsageTotals>;

inline constexpr int64_t kHourMs = 3600 * 1000;

// `buckets` as text, one bucket a line, and back: the summary's column in
// the catalog and in PostgreSQL. Costs keep every bit.
std::string EncodeUsageBuckets(const UsageBuckets& buckets);
// InvalidArgument if `text` is not what EncodeUsageBuckets writes.
Result<UsageBuckets> DecodeUsageBuckets(std::string_view text);

}  // namespace sessionstore::history

#endif  // SESSIONSTORE_HISTORY_USAGE_BUCKETS_H_
