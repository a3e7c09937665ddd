// A session as a readable transcript: roles, text, tool calls each with its
// result beneath it, long output shortened (unless full), usage, and the
// records that shape the history (titles, model changes, compactions,
// branch summaries, labels). Each entry is headed by its short id (the
// first kShortId characters), which every command takes as a prefix.

#ifndef SESSIONSTORE_TOOLS_TRANSCRIPT_H_
#define SESSIONSTORE_TOOLS_TRANSCRIPT_H_

#include <cstdio>
#include <span>
#include <string_view>

#include "sessionstore/record.h"
#include "sessionstore/session.h"

namespace sessionstore::cli {

inline constexpr size_t kShortId = 8;

struct TranscriptOptions {
  bool full = false;   // tool output and arguments whole, not shortened
  bool color = false;  // roles and ids in colour (color.h)
};

// The session's header, with its current `title`.
void PrintTranscriptHeader(const SessionHeader& header, std::string_view title, const TranscriptOptions& options,
                           std::FILE* out);
// `entries`, in order; a tool result is printed under its call when the
// call is among them, else where it stands.
void PrintTranscriptEntries(std::span<const Entry> entries, const TranscriptOptions& options, std::FILE* out);

// One line saying what `entry` is ("user: why does make fail…"), at most
// about `width` columns, for trees and lists.
std::string EntryPreview(const Entry& entry, size_t width);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_TRANSCRIPT_H_
