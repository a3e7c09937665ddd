"""sessionstore for Python: durable, fast JSONL sessions for LLM agents.

    from sessionstore import Store
    store = Store.open("~/.local/share/sessionstore")

Store and Writer (sessionstore.store), the exceptions (sessionstore.errors)
and, in sessionstore.agents, a session of the OpenAI Agents SDK.
"""

from .errors import (AlreadyExistsError, BusyError, CorruptionError, FailedPreconditionError, InvalidArgumentError,
                     NotFoundError, NotSupportedError, PermissionDeniedError, SessionStoreError, StoreIOError,
                     UnavailableError)
from .store import Session, Store, Writer, convert_message, version

__all__ = [
    "AlreadyExistsError", "BusyError", "CorruptionError", "FailedPreconditionError", "InvalidArgumentError",
    "NotFoundError", "NotSupportedError", "PermissionDeniedError", "Session", "SessionStoreError", "Store",
    "StoreIOError", "UnavailableError", "Writer", "convert_message", "version",
]
