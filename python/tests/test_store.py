"""Store and Writer from Python: what goes in comes back, in every message
shape, and every failure is an exception of the right class that says
what and where."""

import json
import threading

import pytest

import sessionstore
from sessionstore import (BusyError, CorruptionError, FailedPreconditionError, InvalidArgumentError, NotFoundError,
                          SessionStoreError, Store)


def test_a_conversation_goes_in_and_comes_back(store):
    sid = store.create(workspace="/src/app", title="Parser", model="claude-sonnet-4-5", metadata={"n": 2**64 - 1})
    assert store.exists(sid) and not store.exists("nope")
    with store.writer(sid) as w:
        first = w.append({"role": "user", "content": "Why does make test fail? ✓ 日本語"})
        w.append({"role": "assistant", "content": [
            {"type": "tool_use", "id": "toolu_1", "name": "bash", "input": {"cmd": "make test"}}]})
        w.append({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_1", "content": "x" * 1_000_000}]})
        ids = w.append_batch([{"role": "assistant", "content": "The parser test fails."},
                              json.dumps({"role": "user", "content": "fix it"})])
        assert len(ids) == 2 and w.leaf == ids[1]
    entries = list(store.entries(sid))
    # An Anthropic tool result stands in a user message, as Anthropic has it.
    assert [e["message"]["role"] for e in entries] == ["user", "assistant", "user", "assistant", "user"]
    assert entries[0]["id"] == first
    assert entries[0]["message"]["content"][0]["text"] == "Why does make test fail? ✓ 日本語"
    assert len(entries[2]["message"]["content"][0]["content"][0]["text"]) == 1_000_000
    assert [e["id"] for e in store.entries(sid, last_n=2)] == ids
    loaded = store.load(sid)
    assert loaded.header["title"] == "Parser" and loaded.header["metadata"] == {"n": 2**64 - 1}
    assert len(loaded.entries) == 5 and loaded.skipped == 0 and not loaded.archived
    assert store.title(sid) == "Parser"
    assert sid in store.place(sid)


def test_the_context_in_each_providers_shape(store):
    sid = store.create()
    with store.writer(sid) as w:
        w.append({"role": "user", "content": "list files"})
        w.append({"type": "function_call", "call_id": "c1", "name": "ls", "arguments": "{}"})
        w.append({"type": "function_call_output", "call_id": "c1", "output": "a.txt"})
    chat = store.context(sid, shape="openai-chat")["request"]["messages"]
    assert chat[1]["tool_calls"][0]["id"] == "c1" and chat[2] == {"role": "tool", "tool_call_id": "c1",
                                                                   "content": "a.txt"}
    anthropic = store.context(sid, shape="anthropic")["request"]["messages"]
    assert anthropic[1]["content"][0]["type"] == "tool_use"
    responses = store.context(sid, shape="openai-responses")["request"]["input"]
    assert responses[1]["type"] == "function_call"
    with pytest.raises(InvalidArgumentError, match="klingon"):
        store.context(sid, shape="klingon")


def test_listing_search_and_history(store):
    a = store.create(workspace="/w", title="alpha")
    b = store.create(workspace="/w", title="beta")
    with store.writer(a) as w:
        hello = w.append({"role": "user", "content": "hello zebra"})
        w.append({"role": "assistant", "content": "hi"})
    assert [r["id"] for r in store.list()] == [a, b]
    assert [r["id"] for r in store.list(limit=1)] == [a]
    assert [[r["id"] for r in page] for page in store.pages(limit=1)] == [[a], [b]]
    assert [r["id"] for r in store.list(title_contains="bet")] == [b]
    assert store.latest("/w") == a and store.latest("/elsewhere") is None
    hits = store.search("zebra")
    assert len(hits) == 1 and hits[0]["entry_id"] == hello
    assert store.pop_message(a)["message"]["role"] == "assistant"
    assert [i["message"]["role"] for i in [store.load(a).entries[0]]] == ["user"]
    store.set_summary(a, "a greeting")
    assert store.get_summary(a) == "a greeting"
    store.label(a, hello, "start")
    store.rename(a, "alpha, renamed")
    assert store.title(a) == "alpha, renamed"
    fork = store.fork(a, hello, new_id="a-fork")
    assert fork == "a-fork" and len(store.load(fork).entries) == 1
    assert store.set_history(b, [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}])
    assert store.truncate_history(b, 1)["truncated"]
    assert store.compact(b, dry_run=True)["entries_before"] >= 2
    store.archive(b)
    assert store.load(b).archived and b not in [r["id"] for r in store.list()]
    store.restore(b)
    store.trash(b)
    assert not store.exists(b)
    store.untrash(b)
    store.delete(b)
    assert store.cleanup_older_than(1, dry_run=True) == []


def test_errors_say_what_and_where(store, tmp_path):
    with pytest.raises(NotFoundError) as e:
        store.load("no-such-session")
    assert e.value.code == 1 and "no-such-session" in str(e.value)
    assert isinstance(e.value, LookupError) and isinstance(e.value, SessionStoreError)
    sid = store.create(id="dup")
    with pytest.raises(sessionstore.AlreadyExistsError):
        store.create(id="dup")
    with store.writer(sid) as w:
        with pytest.raises(InvalidArgumentError, match="role"):
            w.append({"content": "no role"})
        with pytest.raises(InvalidArgumentError):
            w.append("{not json")
        with pytest.raises(InvalidArgumentError, match="NUL"):
            w.append('{"role": "user", "content": "a\0b"}')  # raw text cannot hold NUL; JSON escapes it
        nul = w.append({"role": "user", "content": "a\0b"})
        with pytest.raises(BusyError):
            store.writer(sid)
    w.close()  # a second close does nothing
    assert [e["message"]["content"][0]["text"] for e in store.entries(sid) if e["id"] == nul] == ["a\0b"]
    with pytest.raises(FailedPreconditionError, match="closed"):
        w.append({"role": "user", "content": "late"})
    with pytest.raises(InvalidArgumentError, match='"sort" is updated or created, not "alphabetical"'):
        store.list(sort="alphabetical")
    # A damaged line, read strictly: the file, the line and the offset.
    path = tmp_path / "store" / "sessions" / "dup.jsonl"
    with open(path, "a") as f:
        f.write('{"type":"message","seq":9,"id":"x"\n')
    strict = Store.open(tmp_path / "store", strict=True)
    with pytest.raises(CorruptionError) as bad:
        strict.load("dup")
    assert bad.value.path.endswith("dup.jsonl") and bad.value.line == 3 and bad.value.offset > 0
    assert store.load("dup").skipped == 1  # not strict: skipped and counted
    strict.close()
    with pytest.raises(FailedPreconditionError, match="the store is closed"):
        strict.create()
    with pytest.raises(NotFoundError, match="no store"):
        Store.open(tmp_path / "nowhere", create_if_missing=False)


def test_a_writer_is_shared_by_threads(store):
    sid = store.create()
    with store.writer(sid, durability="process") as w:
        def append(n):
            for i in range(50):
                w.append({"role": "user", "content": f"{n}-{i}"})
        threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    texts = [e["message"]["content"][0]["text"] for e in store.entries(sid)]
    assert len(texts) == 200
    for n in range(4):  # each thread's appends in its order
        mine = [t for t in texts if t.startswith(f"{n}-")]
        assert mine == [f"{n}-{i}" for i in range(50)]


def test_memory_store_and_version():
    s = Store.open("memory:python-test")
    sid = s.create()
    with s.writer(sid) as w:
        w.append({"role": "user", "content": "in memory"})
    assert len(s.load(sid).entries) == 1
    assert sessionstore.version().count(".") == 2


def test_redact_keeps_secrets_out_of_the_store(tmp_path):
    store = Store.open(tmp_path / "redacting", redact=True)
    sid = store.create(workspace="/src/app")
    with store.writer(sid) as w:
        w.append({"role": "user", "content": "my key is AKIAIOSFODNN7EXAMPLE"})
        w.append({"role": "assistant", "content": [
            {"type": "tool_use", "id": "t1", "name": "bash",
             "input": {"cmd": "echo ghp_0zVZomHFwUbbYrEqmSM9wCZ7Uw9xfogoEmvn"}}]})
    stored = (tmp_path / "redacting" / "sessions" / (sid + ".jsonl")).read_text()
    assert "AKIAIOSFODNN7EXAMPLE" not in stored
    assert "ghp_0zVZomHFwUbbYrEqmSM9wCZ7Uw9xfogoEmvn" not in stored
    assert "[REDACTED:aws-access-key]" in stored
    assert "[REDACTED:github-token]" in stored
    store.close()

    patterns = tmp_path / "patterns.txt"
    patterns.write_text("broken  (x\n")
    with pytest.raises(InvalidArgumentError) as e:
        Store.open(tmp_path / "redacting", redact_patterns=patterns)
    assert "patterns.txt:1:" in str(e.value)
