// Redactor (sessionstore/redact.h): the detectors compiled once, an RE2::Set
// that says in one pass over a text which of them match at all, and the
// walks over messages, records and headers.

#include <fmt/core.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <sstream>

#include "format/byte_buffer.h"
#include "format/json_writer.h"
#include "redact/detectors.h"
#include "redact/json_strings.h"
#include "sessionstore/redact.h"

namespace sessionstore {

namespace {

// Texts shorter than this hold no secret any detector finds.
constexpr size_t kShortest = 8;

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

}  // namespace

uint64_t RedactionCounts::total() const {
  uint64_t n = 0;
  for (const auto& [name, count] : by_detector) n += count;
  return n;
}

std::string RedactionCounts::ToString() const {
  std::string out;
  for (const auto& [name, count] : by_detector) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", name, count);
  return out;
}

std::string RedactionCounts::ToJson() const {
  format::ByteBuffer out;
  out.Append("{");
  for (const auto& [name, count] : by_detector) {
    if (out.size() > 1) out.Append(",");
    format::AppendJsonString(name, &out);
    out.Append(fmt::format(":{}", count));
  }
  out.Append("}");
  return std::string(out.view());
}

const std::vector<RedactionPattern>& BuiltInDetectors() {
  static const std::vector<RedactionPattern> detectors = [] {
    std::vector<RedactionPattern> out;
    for (const redact::Detector& d : redact::BuiltIn()) out.push_back({std::string(d.name), std::string(d.pattern)});
    return out;
  }();
  return detectors;
}

struct Redactor::Rep {
  struct Compiled {
    std::string name;
    std::string marker;  // [REDACTED:name]
    std::unique_ptr<RE2> re;
    bool (*plausible)(std::string_view) = nullptr;
  };
  std::vector<Compiled> detectors;
  std::unique_ptr<RE2::Set> any;  // which detectors match a text at all

  Status Add(std::string_view name, std::string_view pattern, bool (*plausible)(std::string_view),
             std::string_view where) {
    auto fail = [&](std::string_view why) {
      return Status::InvalidArgument(fmt::format("{}redaction pattern \"{}\" {}", where, name, why));
    };
    if (!ValidName(name)) return fail("needs a name of letters, digits, '-' and '_'");
    auto re = std::make_unique<RE2>(pattern, PatternOptions());
    if (!re->ok()) return fail("is not a valid RE2 pattern: " + re->error());
    std::string error;
    if (any->Add(pattern, &error) < 0) return fail("is not a valid RE2 pattern: " + error);
    detectors.push_back({.name = std::string(name),
                         .marker = fmt::format("[REDACTED:{}]", name),
                         .re = std::move(re),
                         .plausible = plausible});
    return Status::OK();
  }

  Status AddFile(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return Status::FromErrno(errno, "read redaction patterns", path);
    std::string content;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) content.append(buf, n);
    const bool failed = std::ferror(f) != 0;
    const int error = errno;
    std::fclose(f);
    if (failed) return Status::FromErrno(error, "read redaction patterns", path);
    std::istringstream in(content);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const size_t start = line.find_first_not_of(" \t");
      if (start == std::string::npos || line[start] == '#') continue;
      const size_t name_end = line.find_first_of(" \t", start);
      const size_t pattern_start = name_end == std::string::npos ? name_end : line.find_first_not_of(" \t", name_end);
      const std::string where = fmt::format("{}:{}: ", path, number);
      if (pattern_start == std::string::npos) {
        return Status::InvalidArgument(where + "a redaction pattern line is a name, then blanks, then an RE2 pattern");
      }
      const std::string_view text(line);
      if (Status s = Add(text.substr(start, name_end - start), text.substr(pattern_start), nullptr, where); !s.ok()) {
        return s;
      }
    }
    return Status::OK();
  }
};

Result<std::shared_ptr<const Redactor>> Redactor::Make(const RedactorOptions& options) {
  auto rep = std::make_unique<Rep>();
  rep->any = std::make_unique<RE2::Set>(PatternOptions(), RE2::UNANCHORED);
  if (options.built_in) {
    for (const redact::Detector& d : redact::BuiltIn()) {
      if (Status s = rep->Add(d.name, d.pattern, d.plausible, ""); !s.ok()) return s;
    }
  }
  for (const RedactionPattern& p : options.patterns) {
    if (Status s = rep->Add(p.name, p.pattern, nullptr, ""); !s.ok()) return s;
  }
  if (!options.patterns_file.empty()) {
    if (Status s = rep->AddFile(options.patterns_file); !s.ok()) return s;
  }
  if (rep->detectors.empty()) return Status::InvalidArgument("a redactor needs at least one detector");
  if (!rep->any->Compile()) return Status::InvalidArgument("the redaction patterns are too large to compile together");
  return std::shared_ptr<const Redactor>(new Redactor(std::move(rep)));
}

Redactor::Redactor(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
Redactor::~Redactor() = default;

std::vector<std::string> Redactor::detector_names() const {
  std::vector<std::string> names;
  for (const Rep::Compiled& d : rep_->detectors) names.push_back(d.name);
  return names;
}

uint64_t Redactor::RedactText(std::string* text, RedactionCounts* counts) const {
  if (text->size() < kShortest) return 0;
  std::vector<int> matched;
  re2::RE2::Set::ErrorInfo error;
  if (!rep_->any->Match(*text, &matched, &error)) {
    if (error.kind == re2::RE2::Set::kNoError) return 0;
    // The set's DFA ran out of memory on this text: try every detector.
    matched.clear();
    for (size_t i = 0; i < rep_->detectors.size(); ++i) matched.push_back(static_cast<int>(i));
  }
  std::sort(matched.begin(), matched.end());
  uint64_t replaced = 0;
  re2::StringPiece groups[2];
  for (int index : matched) {
    const Rep::Compiled& d = rep_->detectors[static_cast<size_t>(index)];
    const int wanted = d.re->NumberOfCapturingGroups() > 0 ? 2 : 1;
    std::string out;
    size_t copied = 0, pos = 0;
    uint64_t here = 0;
    const re2::StringPiece in(*text);
    while (pos <= in.size() && d.re->Match(in, pos, in.size(), RE2::UNANCHORED, groups, wanted)) {
      const re2::StringPiece whole = groups[0];
      const re2::StringPiece secret = wanted == 2 && groups[1].data() != nullptr ? groups[1] : whole;
      const size_t match_end = static_cast<size_t>(whole.data() - in.data()) + whole.size();
      pos = whole.empty() ? match_end + 1 : match_end;
      const std::string_view s(secret.data(), secret.size());
      if (s.empty() || s.find("[REDACTED:") != std::string_view::npos || (d.plausible && !d.plausible(s))) continue;
      const size_t begin = static_cast<size_t>(secret.data() - in.data());
      out.append(in.data() + copied, begin - copied);
      out += d.marker;
      copied = begin + secret.size();
      ++here;
    }
    if (here == 0) continue;
    out.append(in.data() + copied, in.size() - copied);
    *text = std::move(out);
    replaced += here;
    if (counts != nullptr) counts->by_detector[d.name] += here;
  }
  return replaced;
}

uint64_t Redactor::RedactJson(std::string* json, RedactionCounts* counts) const {
  if (json->size() < kShortest) return 0;
  uint64_t replaced = 0;
  redact::EditJsonStrings(json, [&](std::string* text) {
    const uint64_t n = RedactText(text, counts);
    replaced += n;
    return n > 0;
  });
  return replaced;
}

namespace {

uint64_t RedactFields(const Redactor& r, JsonFields* fields, RedactionCounts* counts) {
  uint64_t n = 0;
  for (JsonField& f : *fields) n += r.RedactJson(&f.json, counts);
  return n;
}

uint64_t RedactBlocks(const Redactor& r, std::vector<ContentBlock>* blocks, RedactionCounts* counts) {
  uint64_t n = 0;
  for (ContentBlock& b : *blocks) {
    n += r.RedactText(&b.text, counts);
    n += r.RedactText(&b.url, counts);
    if (b.type == BlockType::kToolCall) n += r.RedactJson(&b.arguments, counts);
    n += RedactBlocks(r, &b.content, counts);
    n += RedactFields(r, &b.extra, counts);
  }
  return n;
}

}  // namespace

uint64_t Redactor::RedactMessage(Message* message, RedactionCounts* counts) const {
  uint64_t n = RedactBlocks(*this, &message->content, counts);
  if (message->usage) n += RedactFields(*this, &message->usage->extra, counts);
  return n + RedactFields(*this, &message->extra, counts);
}

uint64_t Redactor::RedactRecord(Record* record, RedactionCounts* counts) const {
  uint64_t n = 0;
  if (record->type == RecordType::kMessage) n += RedactMessage(&record->message, counts);
  n += RedactText(&record->title, counts);
  n += RedactText(&record->summary, counts);
  n += RedactText(&record->label, counts);
  n += RedactFields(*this, &record->usage.extra, counts);
  return n + RedactFields(*this, &record->extra, counts);
}

uint64_t Redactor::RedactHeader(SessionHeader* header, RedactionCounts* counts) const {
  uint64_t n = RedactText(&header->title, counts);
  n += RedactJson(&header->metadata, counts);
  return n + RedactFields(*this, &header->extra, counts);
}

}  // namespace sessionstore
