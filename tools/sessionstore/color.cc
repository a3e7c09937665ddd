#include "color.h"

#include <cstdlib>

#include "times.h"

namespace sessionstore::cli {

bool UseColor(const Globals& globals) {
  if (globals.color == "always") return true;
  if (globals.color == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return StdoutIsTerminal() && (no_color == nullptr || *no_color == '\0');
}

std::string Painted(std::string_view text, Paint paint, bool on) {
  if (!on) return std::string(text);
  const char* code = "";
  switch (paint) {
    case Paint::kMatch: code = "\x1b[1;31m"; break;
    case Paint::kHeading: code = "\x1b[1m"; break;
    case Paint::kDim: code = "\x1b[2m"; break;
    case Paint::kUser: code = "\x1b[1;32m"; break;
    case Paint::kAssistant: code = "\x1b[1;34m"; break;
    case Paint::kTool: code = "\x1b[33m"; break;
    case Paint::kError: code = "\x1b[1;31m"; break;
  }
  return code + std::string(text) + "\x1b[0m";
}

}  // namespace sessionstore::cli
