"""The C API (sessionstore/c.h) through ctypes: the library found and its
functions declared. Private to the package.

ctypes rather than a compiled module: the shared library is the stable ABI
already, so the package is plain Python that any Python 3 loads, with
nothing to compile when it is installed.

Where the library comes from, first found wins: $SESSIONSTORE_LIBRARY (a
path), the library installed beside this package (_install.py, written by
`cmake --install`), then the system's loader (libsessionstore.so.0).
"""

from __future__ import annotations

import ctypes
import os
from typing import Any, Callable, Optional

from . import errors


def _load() -> ctypes.CDLL:
    candidates = []
    if os.environ.get("SESSIONSTORE_LIBRARY"):
        candidates.append(os.environ["SESSIONSTORE_LIBRARY"])
    try:
        from . import _install  # type: ignore[attr-defined]

        candidates.append(os.path.join(os.path.dirname(__file__), _install.LIBRARY))
    except ImportError:
        pass
    candidates.append("libsessionstore.so.0")
    problems = []
    for path in candidates:
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            problems.append(f"{path}: {e}")
    raise ImportError("sessionstore: cannot load the C library (set SESSIONSTORE_LIBRARY to its path): " +
                      "; ".join(problems))


lib = _load()


class _Error(ctypes.Structure):
    pass


ErrorPtr = ctypes.POINTER(_Error)
_c_char_p = ctypes.c_char_p
_void_p = ctypes.c_void_p

# Every function: (name, result type, argument types). char* results are
# declared as void* so that the pointer can be freed after it is read.
_FUNCTIONS = {
    "sessionstore_error_code": (ctypes.c_int, [ErrorPtr]),
    "sessionstore_error_message": (_c_char_p, [ErrorPtr]),
    "sessionstore_error_path": (_c_char_p, [ErrorPtr]),
    "sessionstore_error_line": (ctypes.c_int64, [ErrorPtr]),
    "sessionstore_error_offset": (ctypes.c_int64, [ErrorPtr]),
    "sessionstore_error_destroy": (None, [ErrorPtr]),
    "sessionstore_free": (None, [_void_p]),
    "sessionstore_version": (_c_char_p, []),
    "sessionstore_open": (_void_p, [_c_char_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_store_close": (None, [_void_p]),
    "sessionstore_store_destroy": (None, [_void_p]),
    "sessionstore_create": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_get_or_create": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_exists": (ctypes.c_int, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_title": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_place": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_delete": (ctypes.c_int, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_archive": (ctypes.c_int, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_restore": (ctypes.c_int, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_trash": (ctypes.c_int, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_untrash": (ctypes.c_int, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_rename": (ctypes.c_int, [_void_p, _c_char_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_label": (ctypes.c_int, [_void_p, _c_char_p, _c_char_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_set_summary": (ctypes.c_int, [_void_p, _c_char_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_get_summary": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_load": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_session_header": (_c_char_p, [_void_p]),
    "sessionstore_session_count": (ctypes.c_size_t, [_void_p]),
    "sessionstore_session_entry": (_c_char_p, [_void_p, ctypes.c_size_t]),
    "sessionstore_session_skipped": (ctypes.c_size_t, [_void_p]),
    "sessionstore_session_archived": (ctypes.c_int, [_void_p]),
    "sessionstore_session_destroy": (None, [_void_p]),
    "sessionstore_read": (_void_p, [_void_p, _c_char_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_cursor_valid": (ctypes.c_int, [_void_p]),
    "sessionstore_cursor_next": (None, [_void_p]),
    "sessionstore_cursor_entry": (_c_char_p, [_void_p]),
    "sessionstore_cursor_header": (_c_char_p, [_void_p]),
    "sessionstore_cursor_status": (ctypes.c_int, [_void_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_cursor_destroy": (None, [_void_p]),
    "sessionstore_context": (_void_p, [_void_p, _c_char_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_convert_message": (_void_p, [_c_char_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_list": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_list_count": (ctypes.c_size_t, [_void_p]),
    "sessionstore_list_row": (_c_char_p, [_void_p, ctypes.c_size_t]),
    "sessionstore_list_next_cursor": (_c_char_p, [_void_p]),
    "sessionstore_list_destroy": (None, [_void_p]),
    "sessionstore_latest": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_search": (_void_p, [_void_p, _c_char_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_hits_count": (ctypes.c_size_t, [_void_p]),
    "sessionstore_hits_hit": (_c_char_p, [_void_p, ctypes.c_size_t]),
    "sessionstore_hits_destroy": (None, [_void_p]),
    "sessionstore_writer_open": (_void_p, [_void_p, _c_char_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_writer_append": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_writer_append_record": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_writer_append_batch": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_writer_set_leaf": (ctypes.c_int, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_writer_leaf": (_void_p, [_void_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_writer_flush": (ctypes.c_int, [_void_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_writer_sync": (ctypes.c_int, [_void_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_writer_close": (ctypes.c_int, [_void_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_writer_destroy": (None, [_void_p]),
    "sessionstore_pop_message": (_void_p, [_void_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_set_history": (_void_p, [_void_p, _c_char_p, _c_char_p, ctypes.c_int, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_truncate_history": (_void_p, [_void_p, _c_char_p, ctypes.c_size_t, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_fork": (_void_p, [_void_p, _c_char_p, _c_char_p, _c_char_p, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_compact": (_void_p, [_void_p, _c_char_p, ctypes.c_int, ctypes.POINTER(ErrorPtr)]),
    "sessionstore_cleanup_older_than": (_void_p, [_void_p, ctypes.c_int64, ctypes.c_int, ctypes.POINTER(ErrorPtr)]),
}

for _name, (_result, _args) in _FUNCTIONS.items():
    _f = getattr(lib, _name)
    _f.restype = _result
    _f.argtypes = _args


def text(value: Optional[str]) -> Optional[bytes]:
    """A str argument as the C API takes it (UTF-8, NUL-terminated)."""
    if value is None:
        return None
    if "\0" in value:
        raise errors.InvalidArgumentError("text holds a NUL character", code=2)
    return value.encode("utf-8")


def _raise(err: Any) -> None:
    code = lib.sessionstore_error_code(err)
    message = lib.sessionstore_error_message(err).decode("utf-8", "replace")
    path = lib.sessionstore_error_path(err).decode("utf-8", "replace")
    line = lib.sessionstore_error_line(err)
    offset = lib.sessionstore_error_offset(err)
    lib.sessionstore_error_destroy(err)
    raise errors.from_code(code, message, path=path or None, line=line if line >= 0 else None,
                           offset=offset if offset >= 0 else None)


def call(function: Callable[..., Any], *args: Any) -> Any:
    """Calls `function` with `args` and the error out-parameter; raises the
    error it reports."""
    err = ErrorPtr()
    result = function(*args, ctypes.byref(err))
    if err:
        _raise(err)
    return result


def call_text(function: Callable[..., Any], *args: Any) -> str:
    """The same for a function that returns a char* the caller frees."""
    pointer = call(function, *args)
    try:
        return ctypes.string_at(pointer).decode("utf-8")
    finally:
        lib.sessionstore_free(pointer)


def string(pointer: Optional[bytes]) -> str:
    return "" if pointer is None else pointer.decode("utf-8")
