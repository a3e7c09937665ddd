#include "redact/json_strings.h"

#include <simdjson.h>

#include <string_view>

#include "format/byte_buffer.h"
#include "format/json_writer.h"

namespace sessionstore::redact {

namespace {

// The text a string literal (quotes included) stands for.
bool Decode(std::string_view literal, std::string* out) {
  if (literal.find('\\') == std::string_view::npos) {
    out->assign(literal.substr(1, literal.size() - 2));
    return true;
  }
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(literal);
  simdjson::ondemand::document doc;
  std::string_view text;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS || doc.get_string().get(text) != simdjson::SUCCESS) {
    return false;
  }
  out->assign(text);
  return true;
}

}  // namespace

void EditJsonStrings(std::string* json, const std::function<bool(std::string*)>& edit) {
  const std::string_view in(*json);
  std::string out;
  size_t copied = 0;  // in[0, copied) is in `out` (or nothing changed yet)
  bool changed = false;
  std::string text;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '"') continue;
    size_t end = i + 1;
    while (end < in.size() && in[end] != '"') end += in[end] == '\\' ? 2 : 1;
    if (end >= in.size()) break;  // not valid JSON: leave the rest
    const std::string_view literal = in.substr(i, end - i + 1);
    size_t next = end + 1;
    while (next < in.size() && (in[next] == ' ' || in[next] == '\t' || in[next] == '\n' || in[next] == '\r')) ++next;
    const bool key = next < in.size() && in[next] == ':';
    if (!key && Decode(literal, &text) && edit(&text)) {
      if (!changed) out.reserve(in.size());
      changed = true;
      out.append(in.substr(copied, i - copied));
      format::ByteBuffer escaped;
      format::AppendJsonString(text, &escaped);
      out.append(escaped.view());
      copied = end + 1;
    }
    i = end;
  }
  if (!changed) return;
  out.append(in.substr(copied));
  *json = std::move(out);
}

}  // namespace sessionstore::redact
