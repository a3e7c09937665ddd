#!/usr/bin/env python3
"""Checks that every #include "..." in include/, src/ and tools/ keeps the
layering of doc/architecture.md: a part includes only itself and the parts
below it that the table names; a backend is included by src/open.cc alone;
public headers include only public headers; the command uses only the public
API. Prints every include that breaks a rule, with file and line, and exits 1
if there is one.

  scripts/check-layers.py [ROOT]
"""

import pathlib
import re
import sys

# Each part and the parts it may include besides itself, bottom up.
ALLOWED = {
    "include": [],
    "src/types": ["include"],  # status.cc, options.cc, record.cc, context.cc
    "src/format": ["include"],
    "src/history": ["include"],
    "src/sqlite": ["include"],
    "src/io": ["include", "src/format"],
    "src/search": ["include", "src/sqlite"],
    "src/redact": ["include", "src/format"],
    "src/store": ["include", "src/format", "src/history", "src/search"],
    "src/file": ["include", "src/format", "src/history", "src/io", "src/search", "src/sqlite", "src/store"],
    "src/postgres": ["include", "src/format", "src/history", "src/search", "src/store"],
    "src/memory": ["include", "src/format", "src/history", "src/search", "src/store"],
    "src/interop": ["include", "src/format", "src/io"],
    "src/open": ["include", "src/store", "src/file", "src/postgres", "src/memory"],
    "src/c": ["include"],  # the C API, over the public API only
    "tools": ["include"],
}
BACKENDS = {"src/file", "src/postgres", "src/memory"}


def part_of(path: pathlib.PurePosixPath) -> str:
    parts = path.parts
    if parts[0] == "include":
        return "include"
    if parts[0] == "tools":
        return "tools"
    if len(parts) == 2:  # a file at the top of src/
        return "src/open" if parts[1] == "open.cc" else "src/types"
    return "src/" + parts[1]


def part_included(include: str, source_part: str) -> str | None:
    """The part an include names, or None for a file beside the includer."""
    if include.startswith("sessionstore/"):
        return "include"
    head = include.split("/")[0]
    if "/" not in include:
        return None if source_part == "tools" else "src/" + head
    return "src/" + head


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = []
    for top in ("include", "src", "tools"):
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in (".h", ".cc"):
                continue
            rel = pathlib.PurePosixPath(path.relative_to(root).as_posix())
            part = part_of(rel)
            if part not in ALLOWED:
                problems.append(f"{rel}: the folder {part}/ has no place in the layering (scripts/check-layers.py)")
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                match = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not match:
                    continue
                target = part_included(match.group(1), part)
                if target is None or target == part:
                    continue
                if target in BACKENDS and part != "src/open":
                    problems.append(f"{rel}:{number}: includes {match.group(1)}: only src/open.cc reaches into a backend")
                elif target not in ALLOWED.get(part, []):
                    problems.append(f"{rel}:{number}: includes {match.group(1)}: {part} may include only "
                                    f"{', '.join(ALLOWED[part]) or 'public headers'}")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) break the layering of doc/architecture.md")
        return 1
    print("layering kept: every include runs down (doc/architecture.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
