"""The Python package's side of bench/run-bindings-bench.sh: the peer
workload's appends and load through sessionstore.Store, printing one JSON
line as bench/peer_driver does.

    bench.py append -data DATA -dir DIR [-n N]   N messages, one append each
    bench.py load -dir DIR                       the one session of DIR, whole

Appends are timed from the messages as Python dicts (their JSON encoding is
part of the call) with durability "process", as the C++ driver's; the load
is timed to Python values (every entry a dict).
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))

from sessionstore import Store  # noqa: E402


def native(neutral):
    """A neutral pool message as a sessionstore message, as bench/workload.cc makes it."""
    if neutral["role"] == "tool":
        return {"role": "tool", "content": [{"type": "tool_result", "call_id": neutral["call_id"],
                                             "name": neutral["name"],
                                             "content": [{"type": "text", "text": neutral["text"]}]}]}
    content = [{"type": "text", "text": neutral["text"]}]
    for call in neutral.get("tool_calls", []):
        content.append({"type": "tool_call", "id": call["id"], "name": call["name"], "arguments": call["arguments"]})
    return {"role": neutral["role"], "content": content}


def main():
    op = sys.argv[1]
    args = dict(zip(sys.argv[2::2], sys.argv[3::2]))
    out = {"peer": "python", "op": op}
    if op == "append":
        n = int(args.get("-n", 10000))
        messages = []
        with open(os.path.join(args["-data"], "messages.jsonl"), encoding="utf-8") as f:
            for line in f:
                if len(messages) >= n:
                    break
                messages.append(native(json.loads(line)))
        store = Store.open(args["-dir"])
        t0 = time.perf_counter()
        sid = store.create(id="w-session", workspace="/bench")
        with store.writer(sid, durability="process") as w:
            for m in messages:
                w.append(m)
        secs = time.perf_counter() - t0
        out.update(n=len(messages), secs=secs, per_sec=len(messages) / secs)
    elif op == "load":
        sessions = os.path.join(args["-dir"], "sessions")
        sid = next(f[:-6] for f in os.listdir(sessions) if f.endswith(".jsonl"))
        size = os.path.getsize(os.path.join(sessions, sid + ".jsonl"))
        store = Store.open(args["-dir"])
        t0 = time.perf_counter()
        session = store.load(sid)
        secs = time.perf_counter() - t0
        out.update(count=len(session.entries), secs=secs, bytes=size, mb_per_sec=size / 1e6 / secs)
    print(json.dumps(out))


main()
