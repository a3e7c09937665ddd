"""SessionStoreSession: a session of the OpenAI Agents SDK (its Session
protocol: get_items, add_items, pop_item, clear_session) kept in a
sessionstore store.

    from agents import Agent, Runner
    from sessionstore import Store
    from sessionstore.agents import SessionStoreSession

    store = Store.open("~/.local/share/sessionstore")
    session = SessionStoreSession("user-42", store)
    result = await Runner.run(agent, "What city is the Golden Gate Bridge in?", session=session)

Each item the SDK adds becomes one message of the session (read from the
Responses shape, so that `sessionstore show`, search, the viewer and the
other bindings see the conversation), and the item itself is kept with it,
byte for byte: get_items gives back exactly what add_items was given. A
message that another program added to the session (or a summary the
context opens with) comes back as the library writes it in the Responses
shape.

pop_item appends an undo record (the file keeps the message);
clear_session deletes the session's items for good and starts it again
empty, as the SDK's own sessions do.

The methods are coroutines, as the SDK calls them; each runs its store
calls in order under a lock of the session, so concurrent add_items from
tasks keep their order.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Dict, List, Optional

from . import errors
from .store import Store, convert_message

Item = Dict[str, Any]

# The message member that keeps the SDK's item as it was given.
ITEM_MEMBER = "openai_item"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class SessionStoreSession:
    """The OpenAI Agents SDK's Session protocol over a sessionstore session.
    The session is made on first use, with `workspace`, `title` and
    `model` if given."""

    def __init__(self, session_id: str, store: Store, *, workspace: Optional[str] = None,
                 title: Optional[str] = None, model: Optional[str] = None,
                 lock_timeout: float = 10.0) -> None:
        self.session_id = session_id
        self.store = store
        self._new = {"workspace": workspace, "title": title, "model": model}
        self._lock_timeout = lock_timeout
        self._lock = asyncio.Lock()

    def _ensure(self) -> None:
        self.store.get_or_create(self.session_id, **self._new)

    def _items_of(self, messages: List[Dict[str, Any]], synthetic: Optional[set] = None) -> List[Item]:
        """The items of native messages; those answering the calls in
        `synthetic` (results the context made up for calls without one)
        are left out: the session gives back only what was stored."""
        items: List[Item] = []
        for message in messages:
            if synthetic and ITEM_MEMBER not in message and all(
                    b.get("type") == "tool_result" and b.get("call_id") in synthetic for b in message["content"]):
                continue
            kept = message.get(ITEM_MEMBER)
            if isinstance(kept, dict):
                items.append(kept)
            else:
                items.extend(convert_message(message, from_shape="native", to="openai-responses")["request"]["input"])
        return items

    async def get_items(self, limit: Optional[int] = None) -> List[Item]:
        """The session's items in order; with `limit`, the latest `limit`."""
        async with self._lock:
            if not self.store.exists(self.session_id):
                return []
            context = self.store.context(self.session_id)
            synthetic = {r["call_id"] for r in context["repairs"] if r["kind"] == "interrupted_tool_call"}
            items = self._items_of(context["request"]["messages"], synthetic)
            if limit is not None:
                items = items[-limit:] if limit > 0 else []
            return items

    async def add_items(self, items: List[Item]) -> None:
        """Appends the items, all or none, durably."""
        if not items:
            return
        async with self._lock:
            self._ensure()
            messages = []
            for item in items:
                native = convert_message(item, from_shape="openai-responses")["request"]["messages"]
                if len(native) != 1:
                    raise errors.InvalidArgumentError(f"an item that is not one message: {_dumps(item)[:200]}",
                                                      code=2)
                message = native[0]
                message[ITEM_MEMBER] = item
                messages.append(message)
            with self.store.writer(self.session_id, lock_timeout=self._lock_timeout) as w:
                w.append_batch(messages)

    async def pop_item(self) -> Optional[Item]:
        """Takes the latest item out of the session and returns it; None if
        there is none."""
        async with self._lock:
            if not self.store.exists(self.session_id):
                return None
            try:
                entry = self.store.pop_message(self.session_id)
            except errors.FailedPreconditionError:
                return None
            popped = self._items_of([entry["message"]])
            return popped[-1] if popped else None

    async def clear_session(self) -> None:
        """Deletes every item of the session; the session starts again empty."""
        async with self._lock:
            if self.store.exists(self.session_id):
                header = self.store.load(self.session_id).header
                self.store.delete(self.session_id)
                self.store.create(id=self.session_id, workspace=header.get("workspace") or None,
                                  title=header.get("title") or None, model=header.get("model") or None)
