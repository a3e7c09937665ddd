// The writers of sessionstore/request.h, one per provider shape, and what
// they share. Each writes the members of a request (without the braces of
// its object) from a context's messages in order.
//
// Pure functions, thread-safe.

#ifndef SESSIONSTORE_FORMAT_REQUEST_WRITER_H_
#define SESSIONSTORE_FORMAT_REQUEST_WRITER_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "format/json_writer.h"
#include "sessionstore/message.h"
#include "sessionstore/request.h"

namespace sessionstore::format {

// One message of the context and the entry it came from.
struct Turn {
  std::string_view entry_id;
  const Message* message;
};

// Says what of `turn` a shape left out.
class LeftOutNotes {
 public:
  explicit LeftOutNotes(std::vector<LeftOut>* out) : out_(out) {}
  void Add(const Turn& turn, std::string what) {
    out_->push_back(LeftOut{.entry_id = std::string(turn.entry_id), .what = std::move(what)});
  }

 private:
  std::vector<LeftOut>* out_;
};

void WriteAnthropicRequest(std::span<const Turn> turns, JsonWriter* w, LeftOutNotes* notes);
void WriteOpenAiChatRequest(std::span<const Turn> turns, JsonWriter* w, LeftOutNotes* notes);
void WriteOpenAiResponsesRequest(std::span<const Turn> turns, JsonWriter* w, LeftOutNotes* notes);

// ---- Shared by the writers ----

// An image as a URL: its url, or its data as "data:<media type>;base64,...".
// Empty for an image with neither (a provider's file id).
std::string ImageUrl(const ContentBlock& image);
// Tool-call arguments as the JSON text OpenAI's shapes carry in a string:
// the arguments' JSON, or the text itself where they are a JSON string (a
// model's arguments that were not JSON when read).
std::string ArgumentsText(std::string_view arguments_json);
// Whether JSON text is an object.
bool IsJsonObject(std::string_view json);
// The raw JSON of member `key` of `fields`, or nullptr.
const std::string* FindField(const JsonFields& fields, std::string_view key);
// The text of the text blocks of `blocks`, joined with "\n".
std::string JoinedText(const std::vector<ContentBlock>& blocks);
// What a left-out block is, in a note: "a thinking block", "an image", ...
std::string BlockWords(const ContentBlock& block);
// A block of a type sessionstore has no slot for, as it was read: its type
// and its members.
void WriteUnknownBlock(const ContentBlock& block, JsonWriter* w);

}  // namespace sessionstore::format

#endif  // SESSIONSTORE_FORMAT_REQUEST_WRITER_H_
