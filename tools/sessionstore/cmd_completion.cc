// sessionstore completion bash|zsh|fish, and sessionstore manpage: shell
// completion scripts and a man page made from the command table itself
// (commands.h and each command's options), so that neither can fall
// behind the command. Session ids are completed from the store's listing.

#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli.h"
#include "commands.h"
#include "session_arg.h"

namespace sessionstore::cli {

namespace {

struct OptionDoc {
  std::vector<std::string> names;  // "--limit", "-f"
  bool takes_value = false;
  bool takes_session = false;  // its value names a session (--session, --forks-of)
  std::string help;
};

struct CommandDoc {
  std::string name, help, usage, footer;
  std::vector<OptionDoc> options;
  bool takes_session = false;    // a positional ID naming a session
  std::vector<CommandDoc> subs;  // its own commands (trash list, restore, empty)
};

std::vector<OptionDoc> OptionsOf(const CLI::App& app) {
  std::vector<OptionDoc> out;
  for (const CLI::Option* o : app.get_options()) {
    if (!o->nonpositional()) continue;
    OptionDoc d{.takes_value = o->get_expected_max() != 0,
                .takes_session = o->get_description().find(kSessionArgHelp) != std::string::npos,
                .help = o->get_description()};
    for (const std::string& l : o->get_lnames()) d.names.push_back("--" + l);
    for (const std::string& s : o->get_snames()) d.names.push_back("-" + s);
    out.push_back(std::move(d));
  }
  return out;
}

// The listed commands of `app`, and theirs; `prefix` is how a usage line
// reaches `app` ("sessionstore", "sessionstore trash").
std::vector<CommandDoc> Commands(const CLI::App& app, const std::string& prefix = "sessionstore") {
  std::vector<CommandDoc> out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    CommandDoc c{.name = sub->get_name(), .help = sub->get_description(), .footer = sub->get_footer()};
    c.options = OptionsOf(*sub);
    c.usage = prefix + " " + c.name;
    for (const CLI::Option* o : sub->get_options()) {
      if (o->nonpositional()) continue;
      c.usage += " " + o->get_name(true);
      if (o->get_description() == kSessionArgHelp) c.takes_session = true;
    }
    c.subs = Commands(*sub, c.usage);
    c.usage += c.subs.empty() ? " [OPTIONS]" : " COMMAND [OPTIONS]";
    out.push_back(std::move(c));
  }
  return out;
}

// The names of `commands`, space-separated.
std::string NamesOf(const std::vector<CommandDoc>& commands) {
  std::string names;
  for (const CommandDoc& c : commands) names += (names.empty() ? "" : " ") + c.name;
  return names;
}

// `text` in single quotes for a shell.
std::string Quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// The first sentence of a help text, on one line, for menus.
std::string Brief(std::string_view help) {
  std::string s(help.substr(0, help.find('\n')));
  if (const size_t cut = s.find(" ("); cut != std::string::npos && cut > 20) s.resize(cut);
  return s;
}

std::string Bash(const std::vector<CommandDoc>& commands, const std::vector<OptionDoc>& globals) {
  std::string names, global_names, cases, session_options;
  for (const CommandDoc& c : commands) {
    for (const OptionDoc& o : c.options) {
      if (!o.takes_session) continue;
      for (const std::string& n : o.names) {
        if (session_options.find(n + "|") == std::string::npos) session_options += n + "|";
      }
    }
  }
  names = NamesOf(commands);
  for (const OptionDoc& o : globals) {
    for (const std::string& n : o.names) global_names += (global_names.empty() ? "" : " ") + n;
  }
  auto opts_of = [](const CommandDoc& c) {
    std::string opts;
    for (const OptionDoc& o : c.options) {
      for (const std::string& n : o.names) opts += (opts.empty() ? "" : " ") + n;
    }
    return opts;
  };
  // Keyed "command/its first word": a command's own commands are offered
  // until one is given, then that one's options.
  for (const CommandDoc& c : commands) {
    if (c.subs.empty()) {
      cases += fmt::format("    {}/*) opts={}; ids={} ;;\n", c.name, Quoted(opts_of(c)), c.takes_session ? 1 : 0);
      continue;
    }
    cases += fmt::format("    {}/) opts={}; words={} ;;\n", c.name, Quoted(opts_of(c)), Quoted(NamesOf(c.subs)));
    for (const CommandDoc& sub : c.subs) {
      cases += fmt::format("    {}/{}) opts={}; ids={} ;;\n", c.name, sub.name, Quoted(opts_of(sub)),
                           sub.takes_session ? 1 : 0);
    }
  }
  return fmt::format(R"SH(# bash completion for sessionstore (made by `sessionstore completion bash`)
_sessionstore() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  local commands={} globals={}
  local cmd="" sub="" i store=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${{COMP_WORDS[i]}}" in
      --store) store=(--store "${{COMP_WORDS[i+1]}}"); ((i++)) ;;
      --color) ((i++)) ;;
      -*) ;;
      *) if [[ -z $cmd ]]; then cmd="${{COMP_WORDS[i]}}"; elif [[ -z $sub ]]; then sub="${{COMP_WORDS[i]}}"; fi ;;
    esac
  done
  case "$prev" in
    --store|--workspace|--home) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
  esac
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "$commands $globals" -- "$cur"))
    return
  fi
  local opts="" ids=0 words=""
  case "$cmd/$sub" in
{}  esac
  case "$prev" in
    {}) ids=1 ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts $globals" -- "$cur"))
  elif [[ -n $words ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  elif ((ids)); then
    COMPREPLY=($(compgen -W "@latest $(command sessionstore "${{store[@]}}" list --all --archived --format '{{id}}' 2>/dev/null)" -- "$cur"))
  fi
}}
complete -F _sessionstore sessionstore
)SH",
                     Quoted(names), Quoted(global_names), cases,
                     session_options.empty() ? std::string("--no-such-option")
                                             : session_options.substr(0, session_options.size() - 1));
}

// zsh: a help text inside '...[help]' of _arguments.
std::string ZshHelp(std::string_view help) {
  std::string out;
  for (char c : Brief(help)) {
    if (c == '[' || c == ']') {
      out += '\\';
      out += c;
    } else if (c == '\'') {
      out += "'\\''";
    } else if (c == ':') {
      out += "\\:";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Zsh(const std::vector<CommandDoc>& commands, const std::vector<OptionDoc>& globals) {
  std::string menu, cases, global_specs;
  for (const CommandDoc& c : commands) menu += fmt::format("    '{}:{}'\n", c.name, ZshHelp(c.help));
  auto specs = [](const std::vector<OptionDoc>& options) {
    std::string out;
    for (const OptionDoc& o : options) {
      for (const std::string& n : o.names) {
        out += fmt::format(" '{}[{}]{}'", n, ZshHelp(o.help),
                           o.takes_session ? ":session:_sessionstore_sessions"
                           : o.takes_value ? ":value:"
                                           : "");
      }
    }
    return out;
  };
  global_specs = specs(globals);
  for (const CommandDoc& c : commands) {
    // The options of its own commands, each once.
    std::vector<OptionDoc> nested;
    for (const CommandDoc& sub : c.subs) {
      for (const OptionDoc& o : sub.options) {
        auto same = [&](const OptionDoc& d) { return d.names == o.names; };
        if (std::none_of(c.options.begin(), c.options.end(), same) &&
            std::none_of(nested.begin(), nested.end(), same)) {
          nested.push_back(o);
        }
      }
    }
    const std::string nested_options = specs(nested);
    const std::string first = !c.subs.empty()   ? " '1:command:(" + NamesOf(c.subs) + ")'"
                              : c.takes_session ? std::string(" '1:session:_sessionstore_sessions'")
                                                : std::string();
    cases += fmt::format("    {}) _arguments -s{}{}{} ;;\n", c.name, specs(c.options), nested_options, first);
  }
  return fmt::format(R"SH(#compdef sessionstore
# zsh completion for sessionstore (made by `sessionstore completion zsh`)
_sessionstore_sessions() {{
  local -a ids
  ids=(@latest ${{(f)"$(command sessionstore list --all --archived --format '{{id}}' 2>/dev/null)"}})
  compadd -a ids
}}
_sessionstore() {{
  local -a commands
  commands=(
{}  )
  local i cmd=""
  for ((i = 2; i < CURRENT; i++)); do
    case ${{words[i]}} in
      --store|--color) ((i++)) ;;
      -*) ;;
      *) cmd=${{words[i]}}; break ;;
    esac
  done
  if [[ -z $cmd ]]; then
    _describe -t commands 'sessionstore command' commands
    _arguments -s{}
    return
  fi
  shift $((i - 1)) words
  ((CURRENT -= i - 1))
  case $cmd in
{}  esac
}}
_sessionstore "$@"
)SH",
                     menu, global_specs, cases);
}

std::string Fish(const std::vector<CommandDoc>& commands, const std::vector<OptionDoc>& globals) {
  std::string out =
      "# fish completion for sessionstore (made by `sessionstore completion fish`)\n"
      "complete -c sessionstore -f\n";
  auto option = [](const std::string& condition, const OptionDoc& o) {
    std::string line = "complete -c sessionstore" + condition;
    for (const std::string& n : o.names) line += n.starts_with("--") ? " -l " + n.substr(2) : " -s " + n.substr(1);
    if (o.takes_session) {
      line += " -x -a '@latest (command sessionstore list --all --archived --format \"{id}\" 2>/dev/null)'";
    } else if (o.takes_value) {
      line += " -r";
    }
    return line + " -d " + Quoted(Brief(o.help)) + "\n";
  };
  for (const OptionDoc& o : globals) out += option("", o);
  std::string ids_for;
  for (const CommandDoc& c : commands) {
    out +=
        fmt::format("complete -c sessionstore -n __fish_use_subcommand -a {} -d {}\n", c.name, Quoted(Brief(c.help)));
    const std::string in_command = " -n '__fish_seen_subcommand_from " + c.name;
    for (const OptionDoc& o : c.options) out += option(in_command + "'", o);
    if (c.takes_session) ids_for += " " + c.name;
    if (c.subs.empty()) continue;
    out += "complete -c sessionstore" + in_command + "; and not __fish_seen_subcommand_from " + NamesOf(c.subs) +
           "' -a " + Quoted(NamesOf(c.subs)) + "\n";
    for (const CommandDoc& sub : c.subs) {
      for (const OptionDoc& o : sub.options) {
        out += option(in_command + "; and __fish_seen_subcommand_from " + sub.name + "'", o);
      }
    }
  }
  out += "complete -c sessionstore -n '__fish_seen_subcommand_from" + ids_for +
         "' -a '@latest (command sessionstore list --all --archived --format \"{id}\" 2>/dev/null)'\n";
  return out;
}

// Text for troff: a leading '.' or '\'' and every '\' escaped.
std::string Roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (line_start && (c == '.' || c == '\'')) {
      out += "\\&";
      out += c;
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string Man(const CLI::App& app, const std::vector<CommandDoc>& commands, const std::vector<OptionDoc>& globals) {
  std::string out = ".TH SESSIONSTORE 1 \"\" \"sessionstore\" \"User Commands\"\n.SH NAME\nsessionstore \\- " +
                    Roff(app.get_description()) + "\n.SH SYNOPSIS\n.B sessionstore\n[\\fIOPTIONS\\fR] " +
                    "\\fICOMMAND\\fR [\\fIARGS\\fR]\n.SH DESCRIPTION\n" + Roff(app.get_footer()) + "\n.SH OPTIONS\n";
  auto options = [&out](const std::vector<OptionDoc>& list) {
    for (const OptionDoc& o : list) {
      std::string names;
      for (const std::string& n : o.names) names += (names.empty() ? "" : ", ") + Roff(n);
      out += ".TP\n.B " + names + (o.takes_value ? " \\fIVALUE\\fR" : "") + "\n" + Roff(o.help) + "\n";
    }
  };
  options(globals);
  out += ".SH COMMANDS\n";
  auto command = [&](const CommandDoc& c) {
    out += ".SS " + Roff(c.usage) + "\n" + Roff(c.help) + "\n";
    if (!c.footer.empty()) out += ".PP\n.nf\n" + Roff(c.footer) + "\n.fi\n";
    options(c.options);
  };
  for (const CommandDoc& c : commands) {
    command(c);
    for (const CommandDoc& sub : c.subs) command(sub);
  }
  out +=
      ".SH ENVIRONMENT\n.TP\n.B SESSIONSTORE_DIR\nThe default store (a directory or a PostgreSQL URL).\n"
      ".TP\n.B NO_COLOR\nNo colour, unless \\-\\-color always.\n.TP\n.B PAGER\nThe pager of show on a terminal.\n";
  return out;
}

}  // namespace

Run SetupCompletion(CLI::App* sub, const Globals& /*globals*/) {
  auto shell = std::make_shared<std::string>();
  sub->add_option("SHELL", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  sub->footer(
      "`cmake --install` puts the three where the shells find them. Examples, by hand:\n"
      "  sessionstore completion bash > ~/.local/share/bash-completion/completions/sessionstore\n"
      "  sessionstore completion zsh > ~/.zfunc/_sessionstore     (a directory in $fpath)\n"
      "  sessionstore completion fish > ~/.config/fish/completions/sessionstore.fish\n");
  return [sub, shell] {
    const CLI::App& app = *sub->get_parent();
    const std::vector<CommandDoc> commands = Commands(app);
    const std::vector<OptionDoc> globals = OptionsOf(app);
    if (*shell == "bash") fmt::print("{}", Bash(commands, globals));
    if (*shell == "zsh") fmt::print("{}", Zsh(commands, globals));
    if (*shell == "fish") fmt::print("{}", Fish(commands, globals));
    return kExitOk;
  };
}

Run SetupManpage(CLI::App* sub, const Globals& /*globals*/) {
  sub->group("");  // not listed: cmake --install makes the man page with it
  return [sub] {
    const CLI::App& app = *sub->get_parent();
    fmt::print("{}", Man(app, Commands(app), OptionsOf(app)));
    return kExitOk;
  };
}

}  // namespace sessionstore::cli
