#include "history/usage_buckets.h"

#include <charconv>
#include <vector>

namespace sessionstore::history {

namespace {

// Model and provider names with '%', tab and newline escaped as %25, %09
// and %0A: a field never holds a separator.
void AppendEscaped(std::string_view s, std::string* out) {
  for (char c : s) {
    if (c == '%') {
      out->append("%25");
    } else if (c == '\t') {
      out->append("%09");
    } else if (c == '\n') {
      out->append("%0A");
    } else {
      out->push_back(c);
    }
  }
}

bool Unescape(std::string_view s, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out->push_back(s[i]);
      continue;
    }
    const std::string_view code = s.substr(i + 1, 2);
    if (code == "25") {
      out->push_back('%');
    } else if (code == "09") {
      out->push_back('\t');
    } else if (code == "0A") {
      out->push_back('\n');
    } else {
      return false;
    }
    i += 2;
  }
  return true;
}

template <typename T>
void AppendNumber(T v, std::string* out) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
  out->push_back('\t');
}

template <typename T>
bool ParseNumber(std::string_view s, T* v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

void UsageTotals::Add(const Usage& u) {
  input_tokens += u.input_tokens;
  output_tokens += u.output_tokens;
  cache_read_tokens += u.cache_read_tokens;
  cache_write_tokens += u.cache_write_tokens;
  cost_usd += u.cost_usd;
}

void UsageTotals::Add(const UsageTotals& t) {
  messages += t.messages;
  input_tokens += t.input_tokens;
  output_tokens += t.output_tokens;
  cache_read_tokens += t.cache_read_tokens;
  cache_write_tokens += t.cache_write_tokens;
  cost_usd += t.cost_usd;
}

std::string EncodeUsageBuckets(const UsageBuckets& buckets) {
  std::string out;
  for (const auto& [key, t] : buckets) {
    AppendNumber(key.hour, &out);
    AppendNumber(t.messages, &out);
    AppendNumber(t.input_tokens, &out);
    AppendNumber(t.output_tokens, &out);
    AppendNumber(t.cache_read_tokens, &out);
    AppendNumber(t.cache_write_tokens, &out);
    AppendNumber(t.cost_usd, &out);  // shortest text that reads back as the same double
    AppendEscaped(key.model, &out);
    out.push_back('\t');
    AppendEscaped(key.provider, &out);
    out.push_back('\n');
  }
  return out;
}

Result<UsageBuckets> DecodeUsageBuckets(std::string_view text) {
  UsageBuckets buckets;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    if (end == std::string_view::npos) return Status::InvalidArgument("usage buckets: a line without its end");
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    std::vector<std::string_view> f;
    for (size_t at = 0;;) {
      const size_t tab = line.find('\t', at);
      f.push_back(line.substr(at, tab == std::string_view::npos ? std::string_view::npos : tab - at));
      if (tab == std::string_view::npos) break;
      at = tab + 1;
    }
    UsageKey key;
    UsageTotals t;
    if (f.size() != 9 || !ParseNumber(f[0], &key.hour) || !ParseNumber(f[1], &t.messages) ||
        !ParseNumber(f[2], &t.input_tokens) || !ParseNumber(f[3], &t.output_tokens) ||
        !ParseNumber(f[4], &t.cache_read_tokens) || !ParseNumber(f[5], &t.cache_write_tokens) ||
        !ParseNumber(f[6], &t.cost_usd) || !Unescape(f[7], &key.model) || !Unescape(f[8], &key.provider)) {
      return Status::InvalidArgument("usage buckets: not a bucket: " + std::string(line));
    }
    buckets[std::move(key)].Add(t);
  }
  return buckets;
}

}  // namespace sessionstore::history
