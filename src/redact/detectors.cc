#include "redact/detectors.h"

#include <algorithm>

namespace sessionstore::redact {

namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWord(char c) { return IsLower(c) || IsDigit(c) || (c >= 'A' && c <= 'Z') || c == '_'; }

// A dotted code reference: config.api_key, os.environ.get.
bool IsDottedName(std::string_view v) {
  if (v.empty() || v.front() == '.' || v.back() == '.' || IsDigit(v.front())) return false;
  bool dot = false;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '.') {
      if (v[i - 1] == '.' || IsDigit(v[i + 1])) return false;
      dot = true;
    } else if (!IsWord(v[i])) {
      return false;
    }
  }
  return dot;
}

// The value of NAME=value: not a number, a reference to a variable or a
// template ($TOKEN, ${TOKEN}, %TOKEN%, <your-token>, {{ token }}), a mask
// (****), a short lower-case word ("token_type: bearer", "secret: always")
// or a dotted code reference (api_key=settings.api_key).
bool PlausibleValue(std::string_view v) {
  if (v.empty() || v.starts_with("[REDACTED:")) return false;
  if (std::string_view("$%<{*").find(v.front()) != std::string_view::npos) return false;
  if (std::all_of(v.begin(), v.end(), IsDigit)) return false;
  if (v.size() <= 12 && std::all_of(v.begin(), v.end(), IsLower)) return false;
  return !IsDottedName(v);
}

// The password of scheme://user:password@host: not a variable or a mask.
bool PlausiblePassword(std::string_view v) {
  return !v.empty() && std::string_view("$%<{*").find(v.front()) == std::string_view::npos;
}

constexpr Detector kBuiltIn[] = {
    {"private-key",
     R"(-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)"
     // A key cut off before its end (tool output is often cut): its lines
     // of base64.
     R"(|-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:\s*[A-Za-z0-9+/=]{16,})*)"},
    {"jwt", R"(\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})"},
    {"anthropic-api-key", R"(\bsk-ant-[a-z]+[0-9]{2}-[A-Za-z0-9_-]{32,})"},
    {"openai-api-key", R"(\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{32,}))"},
    {"aws-access-key", R"(\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b)"},
    {"aws-secret-key",
     R"((?i)\baws_?(?:secret_?(?:access_?)?key|sk)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|$))"},
    {"github-token", R"(\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b)"},
    {"gitlab-token", R"(\bglpat-[A-Za-z0-9_-]{20,})"},
    {"slack-token", R"(\bxox[abposre]-[A-Za-z0-9-]{10,})"},
    {"slack-webhook", R"(https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{20,})"},
    {"google-api-key", R"(\bAIza[0-9A-Za-z_-]{35})"},
    {"stripe-key", R"(\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,})"},
    {"bearer-token", R"((?i)\bbearer\s+([A-Za-z0-9._~+/-]{16,}=*))"},
    {"url-password", R"(\b[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\s:/?#@"'<>]+:([^\s/?#@"'<>]+)@[^\s/?#@])",
     PlausiblePassword},
    {"secret-assignment",
     R"((?i)\b[A-Z0-9_.-]*(?:secret|token|passwd|password|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key))"
     R"((?:[_.-][A-Z0-9]+)*["']?\s*(?:=|:=|:)\s*["']?([^\s"'`,;]{6,}))",
     PlausibleValue},
};

}  // namespace

std::span<const Detector> BuiltIn() { return kBuiltIn; }

}  // namespace sessionstore::redact
