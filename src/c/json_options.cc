#include "c/json_options.h"

#include <string>

namespace sessionstore::c_api {

JsonOptions::JsonOptions(std::string_view what, const char* json) : what_(what) {
  if (json == nullptr || *json == '\0') return;
  // On Demand, for each member's text as given: "metadata" is kept byte
  // for byte, numbers and all.
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(json, std::char_traits<char>::length(json));
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  auto fail = [&] { Fail(what_ + ": not a JSON object: " + json); };
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS || doc.get_object().get(object) != simdjson::SUCCESS) {
    {
      fail();
      return;
    }
  }
  for (auto field : object) {
    std::string_view key, raw;
    simdjson::ondemand::value value;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS || field.value().get(value) != simdjson::SUCCESS) {
      {
        fail();
        return;
      }
    }
    simdjson::ondemand::json_type type;
    if (value.type().get(type) != simdjson::SUCCESS) {
      fail();
      return;
    }
    simdjson::error_code e = simdjson::SUCCESS;
    if (type == simdjson::ondemand::json_type::object) {
      simdjson::ondemand::object o;
      e = value.get_object().get(o);
      if (!e) e = o.raw_json().get(raw);
    } else if (type == simdjson::ondemand::json_type::array) {
      simdjson::ondemand::array a;
      e = value.get_array().get(a);
      if (!e) e = a.raw_json().get(raw);
    } else {
      raw = value.raw_json_token();
    }
    if (e) {
      fail();
      return;
    }
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\t' || raw.back() == '\r')) {
      raw.remove_suffix(1);
    }
    members_[std::string(key)] = std::string(raw);
  }
  const char* rest = nullptr;
  if (!doc.current_location().get(rest)) fail();  // more after the object
}

bool JsonOptions::Take(std::string_view name, simdjson::dom::element* value) {
  auto it = members_.find(name);
  if (it == members_.end()) return false;
  const std::string raw = std::move(it->second);
  members_.erase(it);
  if (parser_.parse(raw).get(*value) != simdjson::SUCCESS) {
    Fail(what_ + ": \"" + std::string(name) + "\" is not JSON");
    return false;
  }
  return true;
}

void JsonOptions::Fail(std::string message) {
  if (status_.ok()) status_ = Status::InvalidArgument(std::move(message));
}

void JsonOptions::String(std::string_view name, std::string* out) {
  simdjson::dom::element v;
  if (!Take(name, &v)) return;
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS)
    return Fail(what_ + ": \"" + std::string(name) + "\" is not a string");
  *out = std::string(s);
}

void JsonOptions::Bool(std::string_view name, bool* out) {
  simdjson::dom::element v;
  if (!Take(name, &v)) return;
  if (v.get_bool().get(*out) != simdjson::SUCCESS) {
    Fail(what_ + ": \"" + std::string(name) + "\" is not true or false");
  }
}

void JsonOptions::Int(std::string_view name, int64_t* out) {
  simdjson::dom::element v;
  if (!Take(name, &v)) return;
  if (v.get_int64().get(*out) != simdjson::SUCCESS) {
    Fail(what_ + ": \"" + std::string(name) + "\" is not a whole number");
  }
}

void JsonOptions::Uint(std::string_view name, uint64_t* out) {
  simdjson::dom::element v;
  if (!Take(name, &v)) return;
  if (v.get_uint64().get(*out) != simdjson::SUCCESS) {
    Fail(what_ + ": \"" + std::string(name) + "\" is not a whole number of at least 0");
  }
}

void JsonOptions::Size(std::string_view name, size_t* out) {
  uint64_t v = *out;
  Uint(name, &v);
  *out = static_cast<size_t>(v);
}

void JsonOptions::Raw(std::string_view name, std::string* out) {
  auto it = members_.find(name);
  if (it == members_.end()) return;
  *out = std::move(it->second);
  members_.erase(it);
}

Status JsonOptions::status() const {
  if (!status_.ok() || members_.empty()) return status_;
  return Status::InvalidArgument(what_ + ": unknown member \"" + std::string(members_.begin()->first) + "\"");
}

}  // namespace sessionstore::c_api
