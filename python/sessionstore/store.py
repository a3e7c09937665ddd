"""Store and Writer: sessionstore's store for Python, over the C API.

    from sessionstore import Store

    with Store.open("~/.local/share/sessionstore") as store:
        sid = store.create(workspace="/src/app", model="gpt-5")
        with store.writer(sid) as w:
            w.append({"role": "user", "content": "Why does make test fail?"})
        for entry in store.entries(sid):
            print(entry["message"]["role"])
        request = store.context(sid, shape="openai-chat")["request"]

Messages go in as dicts (or JSON text) in any shape the library reads:
sessionstore's own, Anthropic Messages, OpenAI Chat Completions, OpenAI
Responses items. What comes back is plain JSON data: entries as their
lines, listing rows, search hits (doc/format.md).

Threads: a Store and a Writer may be used from several threads at once;
iterate an entries() generator from one thread. Errors raise the
exceptions of sessionstore.errors.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Union

from . import errors
from ._native import call, call_text, lib, string, text

Json = Dict[str, Any]
MessageLike = Union[Json, str]


# Non-ASCII escaped: CPython's encoder is twice as fast that way, and the
# library reads the escapes back to the same text.
_ENCODER = json.JSONEncoder(separators=(",", ":"))


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def _options(**members: Any) -> Optional[bytes]:
    """The members that were given, as the JSON object the C API takes."""
    given = {k: v for k, v in members.items() if v is not None}
    return text(_dumps(given)) if given else None


def _message_text(message: MessageLike) -> str:
    return message if isinstance(message, str) else _dumps(message)


@dataclass
class Session:
    """A whole session: its header, its entries in file order, how many
    lines did not read, and whether it is archived."""

    header: Json
    entries: List[Json] = field(default_factory=list)
    skipped: int = 0
    archived: bool = False


class Writer:
    """A session's one writer (BusyError while another holds it). Use it in
    a `with` block, or close() it: that lets the lock go."""

    def __init__(self, handle: int, session_id: str) -> None:
        self._handle: Optional[int] = handle
        self._closed = False
        self.session_id = session_id

    def _h(self) -> Optional[int]:
        return self._handle

    def append(self, message: MessageLike) -> str:
        """Appends a message (a dict or JSON text in any shape); returns its entry id."""
        return call_text(lib.sessionstore_writer_append, self._handle, text(_message_text(message)))

    def append_record(self, record: MessageLike) -> str:
        """Appends a record ({"type": "title", "title": ...}, a label, a custom type...)."""
        return call_text(lib.sessionstore_writer_append_record, self._h(), text(_message_text(record)))

    def append_batch(self, messages: List[MessageLike]) -> List[str]:
        """Appends messages at once, all or none; returns their entry ids."""
        body = "[" + ",".join(_message_text(m) for m in messages) + "]"
        return json.loads(call_text(lib.sessionstore_writer_append_batch, self._h(), text(body)))

    @property
    def leaf(self) -> str:
        """The entry the next append follows ("" for none)."""
        return call_text(lib.sessionstore_writer_leaf, self._h())

    def set_leaf(self, entry: str) -> None:
        """The next append follows `entry` (a branch); "" starts a new root."""
        call(lib.sessionstore_writer_set_leaf, self._h(), text(entry))

    def flush(self) -> None:
        call(lib.sessionstore_writer_flush, self._h())

    def sync(self) -> None:
        call(lib.sessionstore_writer_sync, self._h())

    def close(self) -> None:
        """Writes what is buffered, syncs as its durability says and lets the
        lock go. Raises if that failed. Calls after it raise
        FailedPreconditionError; closing again does nothing."""
        if self._closed:
            return
        self._closed = True
        call(lib.sessionstore_writer_close, self._handle)

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            lib.sessionstore_writer_destroy(self._handle)
            self._handle = None


class Store:
    """A store of sessions: a directory of JSONL files, a PostgreSQL database
    ("postgresql://...") or "memory:name"."""

    def __init__(self, handle: int, location: str) -> None:
        self._handle: Optional[int] = handle
        self.location = location

    @classmethod
    def open(cls, location: Union[str, "os.PathLike[str]"], *, create_if_missing: bool = True,
             search_thinking: Optional[bool] = None, verify_every_file: Optional[bool] = None,
             strict: Optional[bool] = None, max_line_bytes: Optional[int] = None,
             redact: Optional[bool] = None,
             redact_patterns: Optional[Union[str, "os.PathLike[str]"]] = None) -> "Store":
        """Opens (and with create_if_missing makes) the store at `location`.
        A path starting with "~" is the user's.

        With `redact` (or a `redact_patterns` file: one detector a line, a
        name, blanks, an RE2 pattern) every record, header and imported
        session is redacted before it is stored: API keys, tokens, private
        keys and passwords become "[REDACTED:<kind>]"."""
        where = os.fspath(location)
        if not where.startswith(("postgresql:", "postgres:", "memory:")):
            where = os.path.expanduser(where)
        handle = call(lib.sessionstore_open, text(where),
                      _options(create_if_missing=create_if_missing, search_thinking=search_thinking,
                               verify_every_file=verify_every_file, strict=strict, max_line_bytes=max_line_bytes,
                               redact=redact,
                               redact_patterns=None if redact_patterns is None else os.fspath(redact_patterns)))
        return cls(handle, where)

    def _h(self) -> Optional[int]:
        return self._handle

    def close(self) -> None:
        """Releases the store. Writers opened from it stay usable; calls on
        the store raise FailedPreconditionError."""
        if self._handle is not None:
            lib.sessionstore_store_close(self._handle)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            lib.sessionstore_store_destroy(self._handle)
            self._handle = None

    # ---- Sessions ----

    def create(self, *, id: Optional[str] = None, workspace: Optional[str] = None, title: Optional[str] = None,
               model: Optional[str] = None, provider: Optional[str] = None,
               metadata: Optional[Json] = None) -> str:
        """Creates a session and returns its id (a new UUIDv7 unless `id`)."""
        return call_text(lib.sessionstore_create, self._h(),
                         _options(id=id, workspace=workspace, title=title, model=model, provider=provider,
                                  metadata=metadata))

    def get_or_create(self, id: str, *, workspace: Optional[str] = None, title: Optional[str] = None,
                      model: Optional[str] = None, provider: Optional[str] = None,
                      metadata: Optional[Json] = None) -> str:
        """The session `id`, created with the rest if it does not exist."""
        return call_text(lib.sessionstore_get_or_create, self._h(),
                         _options(id=id, workspace=workspace, title=title, model=model, provider=provider,
                                  metadata=metadata))

    def exists(self, id: str) -> bool:
        return call(lib.sessionstore_exists, self._h(), text(id)) == 1

    def title(self, id: str) -> str:
        return call_text(lib.sessionstore_title, self._h(), text(id))

    def place(self, id: str) -> str:
        """Where the session is kept, in words: its file, or its place in the database."""
        return call_text(lib.sessionstore_place, self._h(), text(id))

    def delete(self, id: str) -> None:
        """Deletes the session for good (trash() keeps it recoverable)."""
        call(lib.sessionstore_delete, self._h(), text(id))

    def archive(self, id: str) -> None:
        call(lib.sessionstore_archive, self._h(), text(id))

    def restore(self, id: str) -> None:
        call(lib.sessionstore_restore, self._h(), text(id))

    def trash(self, id: str) -> None:
        call(lib.sessionstore_trash, self._h(), text(id))

    def untrash(self, id: str) -> None:
        call(lib.sessionstore_untrash, self._h(), text(id))

    def rename(self, id: str, title: str) -> None:
        call(lib.sessionstore_rename, self._h(), text(id), text(title))

    def label(self, id: str, entry: str, label: str) -> None:
        """Labels an entry; an empty label clears it."""
        call(lib.sessionstore_label, self._h(), text(id), text(entry), text(label))

    def set_summary(self, id: str, summary: str) -> None:
        call(lib.sessionstore_set_summary, self._h(), text(id), text(summary))

    def get_summary(self, id: str) -> str:
        return call_text(lib.sessionstore_get_summary, self._h(), text(id))

    # ---- Writing ----

    def writer(self, id: str, *, durability: Optional[str] = None, interval_ms: Optional[int] = None,
               buffer_bytes: Optional[int] = None, lock_timeout: Optional[float] = None) -> Writer:
        """The session's writer. `durability`: "sync" (default: survives a power
        loss when append returns), "process", "interval" or "buffered";
        `lock_timeout`: seconds to wait for a busy writer."""
        handle = call(lib.sessionstore_writer_open, self._h(), text(id),
                      _options(durability=durability, interval_ms=interval_ms, buffer_bytes=buffer_bytes,
                               lock_timeout_ms=None if lock_timeout is None else int(lock_timeout * 1000)))
        return Writer(handle, id)

    # ---- Reading ----

    def load(self, id: str) -> Session:
        """The whole session."""
        handle = call(lib.sessionstore_load, self._h(), text(id))
        try:
            count = lib.sessionstore_session_count(handle)
            return Session(header=json.loads(string(lib.sessionstore_session_header(handle))),
                           entries=[json.loads(string(lib.sessionstore_session_entry(handle, i)))
                                    for i in range(count)],
                           skipped=lib.sessionstore_session_skipped(handle),
                           archived=lib.sessionstore_session_archived(handle) == 1)
        finally:
            lib.sessionstore_session_destroy(handle)

    def entries(self, id: str, *, last_n: Optional[int] = None) -> Iterator[Json]:
        """The session's entries in file order, read as they are iterated
        (with `last_n`, only the last lines)."""
        handle = call(lib.sessionstore_read, self._h(), text(id), _options(last_n=last_n))
        try:
            while lib.sessionstore_cursor_valid(handle):
                yield json.loads(string(lib.sessionstore_cursor_entry(handle)))
                lib.sessionstore_cursor_next(handle)
            call(lib.sessionstore_cursor_status, handle)
        finally:
            lib.sessionstore_cursor_destroy(handle)

    def context(self, id: str, *, shape: str = "native", leaf: Optional[str] = None) -> Json:
        """What an agent sends to its model: {"leaf", "request", "left_out",
        "repairs"}, "request" in `shape` ("native", "anthropic",
        "openai-chat", "openai-responses") ready to merge into an API call."""
        return json.loads(call_text(lib.sessionstore_context, self._h(), text(id), _options(shape=shape, leaf=leaf)))

    def list(self, *, workspace: Optional[str] = None, include_archived: Optional[bool] = None,
             label: Optional[str] = None, title_contains: Optional[str] = None, fork_of: Optional[str] = None,
             id_prefix: Optional[str] = None, model: Optional[str] = None, provider: Optional[str] = None,
             sort: Optional[str] = None, limit: Optional[int] = None) -> List[Json]:
        """Listing rows, newest first: every matching session, or the first
        `limit` (pages() goes on from there)."""
        rows: List[Json] = []
        for page in self.pages(workspace=workspace, include_archived=include_archived, label=label,
                               title_contains=title_contains, fork_of=fork_of, id_prefix=id_prefix, model=model,
                               provider=provider, sort=sort, limit=limit):
            rows.extend(page)
            if limit is not None:
                break
        return rows

    def pages(self, *, limit: Optional[int] = None, **filters: Any) -> Iterator[List[Json]]:
        """The listing a page of `limit` rows at a time (filters as list())."""
        cursor: Optional[str] = None
        while True:
            handle = call(lib.sessionstore_list, self._h(), _options(limit=limit, cursor=cursor, **filters))
            try:
                page = [json.loads(string(lib.sessionstore_list_row(handle, i)))
                        for i in range(lib.sessionstore_list_count(handle))]
                cursor = string(lib.sessionstore_list_next_cursor(handle))
            finally:
                lib.sessionstore_list_destroy(handle)
            if page:
                yield page
            if not cursor:
                return

    def latest(self, workspace: Optional[str] = None) -> Optional[str]:
        """The most recently updated session's id (of `workspace`), or None."""
        try:
            return call_text(lib.sessionstore_latest, self._h(), text(workspace))
        except errors.NotFoundError:
            return None

    def search(self, query: str, *, workspace: Optional[str] = None, include_archived: Optional[bool] = None,
               session_id: Optional[str] = None, since_ms: Optional[int] = None,
               limit: Optional[int] = None) -> List[Json]:
        """Full-text search; hits newest first with snippets."""
        handle = call(lib.sessionstore_search, self._h(), text(query),
                      _options(workspace=workspace, include_archived=include_archived, session_id=session_id,
                               since_ms=since_ms, limit=limit))
        try:
            return [json.loads(string(lib.sessionstore_hits_hit(handle, i)))
                    for i in range(lib.sessionstore_hits_count(handle))]
        finally:
            lib.sessionstore_hits_destroy(handle)

    # ---- History ----

    def pop_message(self, id: str) -> Json:
        """Takes the latest message out of the context (the file keeps it)
        and returns its entry; FailedPreconditionError if there is none."""
        return json.loads(call_text(lib.sessionstore_pop_message, self._h(), text(id)))

    def set_history(self, id: str, messages: List[MessageLike], *, rewrite: bool = False) -> List[str]:
        """Makes `messages` the whole context (with `rewrite`, the whole session)."""
        body = "[" + ",".join(_message_text(m) for m in messages) + "]"
        return json.loads(call_text(lib.sessionstore_set_history, self._h(), text(id), text(body), int(rewrite)))

    def truncate_history(self, id: str, keep_last: int) -> Json:
        return json.loads(call_text(lib.sessionstore_truncate_history, self._h(), text(id), keep_last))

    def fork(self, id: str, entry: str, *, new_id: Optional[str] = None, title: Optional[str] = None) -> str:
        """A new session holding the path up to `entry`; returns its id."""
        return call_text(lib.sessionstore_fork, self._h(), text(id), text(entry), _options(id=new_id, title=title))

    def compact(self, id: str, *, dry_run: bool = False) -> Json:
        return json.loads(call_text(lib.sessionstore_compact, self._h(), text(id), int(dry_run)))

    def cleanup_older_than(self, time_ms: int, *, dry_run: bool = False) -> List[Json]:
        """Deletes the sessions neither updated nor stored since `time_ms`; their rows."""
        return json.loads(call_text(lib.sessionstore_cleanup_older_than, self._h(), time_ms, int(dry_run)))


def convert_message(message: MessageLike, *, to: str = "native", from_shape: str = "auto") -> Json:
    """`message` in another shape: {"request", "left_out"} (no store needed)."""
    return json.loads(call_text(lib.sessionstore_convert_message, text(_message_text(message)),
                                _options(**{"from": from_shape, "to": to})))


def version() -> str:
    return string(lib.sessionstore_version())
