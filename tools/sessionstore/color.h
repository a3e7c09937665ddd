// Colour on the terminal: used when stdout is a terminal and $NO_COLOR is
// not set (https://no-color.org), or as --color says. Text from a session
// is made safe (Shown) before it is painted.

#ifndef SESSIONSTORE_TOOLS_COLOR_H_
#define SESSIONSTORE_TOOLS_COLOR_H_

#include <string>
#include <string_view>

#include "cli.h"

namespace sessionstore::cli {

enum class Paint { kMatch, kHeading, kDim, kUser, kAssistant, kTool, kError };

// Whether output is coloured, from Globals::color ("auto", "always",
// "never").
bool UseColor(const Globals& globals);

// `text` in the colour of `paint` when `on`, else as it is.
std::string Painted(std::string_view text, Paint paint, bool on);

}  // namespace sessionstore::cli

#endif  // SESSIONSTORE_TOOLS_COLOR_H_
