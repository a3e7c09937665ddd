"""The exceptions of sessionstore: one class per status code of the C API,
all under SessionStoreError, which carries the code and where it happened
(the file or place, the line and the byte offset of a damaged line)."""

from __future__ import annotations

from typing import Optional


class SessionStoreError(Exception):
    """A call to the store failed. `code` is the C API's status code;
    `path`, `line` and `offset` say where, when it is one file's or one
    line's."""

    def __init__(self, message: str, *, code: int, path: Optional[str] = None, line: Optional[int] = None,
                 offset: Optional[int] = None) -> None:
        super().__init__(message)
        self.code = code
        self.path = path
        self.line = line
        self.offset = offset


class NotFoundError(SessionStoreError, LookupError):
    """No such session or entry."""


class InvalidArgumentError(SessionStoreError, ValueError):
    """The call's input breaks a rule; the message names it."""


class AlreadyExistsError(SessionStoreError):
    """A session with that id exists."""


class CorruptionError(SessionStoreError):
    """Stored data is damaged; path, line and offset say where."""


class StoreIOError(SessionStoreError, OSError):
    """The system refused (a full disk, a permission)."""


class BusyError(SessionStoreError):
    """Another writer holds the session; retry later."""


class UnavailableError(SessionStoreError):
    """The backend is down or overloaded; retry later."""


class FailedPreconditionError(SessionStoreError):
    """The object refuses work: it is closed, or a writer after a failed sync."""


class NotSupportedError(SessionStoreError):
    """The data needs a newer sessionstore."""


class PermissionDeniedError(SessionStoreError, PermissionError):
    """The store refused who the caller is."""


_BY_CODE = {
    1: NotFoundError,
    2: InvalidArgumentError,
    3: AlreadyExistsError,
    4: CorruptionError,
    5: StoreIOError,
    6: BusyError,
    7: UnavailableError,
    8: FailedPreconditionError,
    9: NotSupportedError,
    10: PermissionDeniedError,
}


def from_code(code: int, message: str, *, path: Optional[str] = None, line: Optional[int] = None,
              offset: Optional[int] = None) -> SessionStoreError:
    """The exception for a status code of the C API."""
    return _BY_CODE.get(code, SessionStoreError)(message, code=code, path=path, line=line, offset=offset)
