#include "format/raw_json.h"

#include <simdjson.h>

#include <string>

#include "format/json_words.h"

namespace sessionstore::format {

size_t JsonNestingDepth(std::string_view json) {
  size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '{':
      case '[':
        if (++depth > deepest) deepest = depth;
        break;
      case '}':
      case ']':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return deepest;
}

namespace {

namespace od = simdjson::ondemand;

// JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumber(std::string_view t) {
  size_t i = 0;
  auto digits = [&] {
    const size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i > start;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == t.size();
}

// Checks a value in full with On Demand, taking numbers of any size and
// range: JSON does not bound them, and what other programs wrote must be
// kept, while the DOM parser refuses integers beyond 64 bits.
simdjson::error_code Walk(od::value v) {
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  switch (type) {
    case od::json_type::object: {
      od::object o;
      if (auto e = v.get_object().get(o)) return e;
      for (auto member : o) {
        od::field f;
        std::string_view key;
        if (auto e = std::move(member).get(f)) return e;
        if (auto e = f.unescaped_key().get(key)) return e;
        if (auto e = Walk(f.value())) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array a;
      if (auto e = v.get_array().get(a)) return e;
      for (auto element : a) {
        od::value ev;
        if (auto e = std::move(element).get(ev)) return e;
        if (auto e = Walk(ev)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view text;
      return v.get_string().get(text);
    }
    case od::json_type::number: {
      std::string_view token = v.raw_json_token();
      while (!token.empty() &&
             (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' || token.back() == '\r')) {
        token.remove_suffix(1);
      }
      return IsJsonNumber(token) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
    }
    case od::json_type::boolean: {
      bool b;
      return v.get_bool().get(b);
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) return e;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

}  // namespace

struct RawJsonValidator::Parser {
  simdjson::dom::parser dom;
  od::parser on_demand;
  std::string wrapped;
};

RawJsonValidator::RawJsonValidator() : parser_(std::make_unique<Parser>()) {}
RawJsonValidator::~RawJsonValidator() = default;

Status RawJsonValidator::Check(std::string_view json, size_t max_depth, bool corruption) {
  auto fail = [corruption](std::string msg) {
    return corruption ? Status::Corruption(std::move(msg)) : Status::InvalidArgument(std::move(msg));
  };
  if (JsonNestingDepth(json) > max_depth) {
    return fail("JSON nested deeper than " + std::to_string(max_depth) + " levels");
  }
  simdjson::dom::element element;
  // realloc_if_needed copies the text into padded memory of the parser's own.
  auto error = parser_->dom.parse(json.data(), json.size(), true).get(element);
  if (error == simdjson::NUMBER_ERROR) {
    // Perhaps only a number too big for the DOM: check again in full. In
    // an array, so that a scalar is a value On Demand can walk.
    std::string& w = parser_->wrapped;
    w.assign("[").append(json).append("]");
    w.reserve(w.size() + simdjson::SIMDJSON_PADDING);
    od::document doc;
    od::value root;
    error = parser_->on_demand.iterate(w.data(), w.size(), w.capacity()).get(doc);
    if (!error) error = doc.get_value().get(root);
    if (!error) error = Walk(root);
    const char* rest = nullptr;
    if (!error && !doc.current_location().get(rest)) error = simdjson::TRAILING_CONTENT;  // more after the value
  }
  if (error) return fail("not JSON: it " + JsonErrorWords(error));
  return Status::OK();
}

bool RawJsonValidator::Spells(std::string_view written, std::string_view text) {
  std::string& w = parser_->wrapped;
  w.assign("\"").append(written).append("\"");
  std::string_view read;
  return !parser_->dom.parse(w).get_string().get(read) && read == text;
}

}  // namespace sessionstore::format
