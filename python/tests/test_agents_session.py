"""SessionStoreSession against the OpenAI Agents SDK's Session protocol,
its semantics written out (the SDK itself is not installed here):

- get_items() gives every item in order; get_items(limit=N) the latest N,
  still in order;
- add_items() stores items exactly as given: what comes back is
  byte-identical when serialised;
- pop_item() returns the latest item and removes it; None when empty;
- clear_session() empties the session;
- sessions of one store are isolated; concurrent add_items from tasks keep
  their order;
- a Runner-like loop round-trips a tool-calling conversation across runs
  and store reopenings.
"""

import asyncio
import json

from sessionstore import Store
from sessionstore.agents import SessionStoreSession


def run(coroutine):
    return asyncio.run(coroutine)


def dumps(items):
    return [json.dumps(i, ensure_ascii=False) for i in items]


# Items as the SDK hands them over: user input, model output with ids and
# statuses, a tool call and its output, reasoning, a hosted tool call.
ITEMS = [
    {"content": "What's the weather in Zürich? ☀", "role": "user"},
    {"id": "rs_68a1", "summary": [{"text": "The user wants weather.", "type": "summary_text"}], "type": "reasoning",
     "encrypted_content": "gAAAAABo"},
    {"arguments": "{\"city\":\"Zürich\",\"units\":\"metric\"}", "call_id": "call_Q1", "name": "get_weather",
     "type": "function_call", "id": "fc_68a1", "status": "completed"},
    {"call_id": "call_Q1", "output": "{\"temp\": 21.5, \"sky\": \"clear\"}", "type": "function_call_output"},
    {"id": "msg_68a2", "content": [{"annotations": [], "text": "It is 21.5 °C and clear.", "type": "output_text",
                                     "logprobs": []}], "role": "assistant", "status": "completed",
     "type": "message"},
    {"id": "ws_1", "type": "web_search_call", "status": "completed",
     "action": {"type": "search", "query": "zurich weather"}},
    {"role": "user", "content": [{"type": "input_text", "text": "thanks"}], "type": "message"},
]


def test_items_come_back_exactly_as_given(tmp_path):
    store = Store.open(tmp_path / "s")
    session = SessionStoreSession("conv-1", store)
    assert run(session.get_items()) == []
    run(session.add_items(ITEMS[:4]))
    run(session.add_items(ITEMS[4:]))
    got = run(session.get_items())
    assert dumps(got) == dumps(ITEMS)
    # In a store opened anew, as another process would.
    again = SessionStoreSession("conv-1", Store.open(tmp_path / "s"))
    assert dumps(run(again.get_items())) == dumps(ITEMS)


def test_limit_gives_the_latest_in_order(store):
    session = SessionStoreSession("s", store)
    run(session.add_items(ITEMS))
    assert dumps(run(session.get_items(limit=3))) == dumps(ITEMS[-3:])
    assert dumps(run(session.get_items(limit=100))) == dumps(ITEMS)
    assert run(session.get_items(limit=0)) == []


def test_pop_returns_and_removes_the_latest(store):
    session = SessionStoreSession("s", store)
    assert run(session.pop_item()) is None
    run(session.add_items(ITEMS[:3]))
    assert json.dumps(run(session.pop_item())) == json.dumps(ITEMS[2])
    assert dumps(run(session.get_items())) == dumps(ITEMS[:2])
    run(session.add_items([ITEMS[2]]))  # the next add follows what is left
    assert dumps(run(session.get_items())) == dumps(ITEMS[:3])
    for _ in range(3):
        assert run(session.pop_item()) is not None
    assert run(session.pop_item()) is None
    assert run(session.get_items()) == []
    # The file keeps what was popped.
    assert len([e for e in store.load("s").entries if e["type"] == "message"]) == 4


def test_clear_empties_the_session(store):
    session = SessionStoreSession("s", store, workspace="/w", title="weather")
    run(session.add_items(ITEMS))
    run(session.clear_session())
    assert run(session.get_items()) == []
    assert store.title("s") == "weather"
    run(session.add_items(ITEMS[:1]))
    assert dumps(run(session.get_items())) == dumps(ITEMS[:1])
    run(SessionStoreSession("never-used", store).clear_session())  # nothing to clear


def test_sessions_are_isolated(store):
    a, b = SessionStoreSession("a", store), SessionStoreSession("b", store)
    run(a.add_items(ITEMS[:2]))
    run(b.add_items(ITEMS[2:4]))
    assert dumps(run(a.get_items())) == dumps(ITEMS[:2])
    assert dumps(run(b.get_items())) == dumps(ITEMS[2:4])
    run(a.pop_item())
    run(b.clear_session())
    assert dumps(run(a.get_items())) == dumps(ITEMS[:1])
    assert run(b.get_items()) == []


def test_concurrent_adds_from_tasks_keep_their_order(store):
    session = SessionStoreSession("s", store)
    batches = [[{"role": "user", "content": f"task {t} item {i}"} for i in range(3)] for t in range(20)]

    async def main():
        await asyncio.gather(*(session.add_items(batch) for batch in batches))

    run(main())
    got = run(session.get_items())
    assert dumps(got) == dumps([item for batch in batches for item in batch])


def test_items_written_by_others_come_back_in_the_responses_shape(store):
    store.create(id="mixed")
    with store.writer("mixed") as w:
        w.append({"role": "user", "content": "from another agent"})
    session = SessionStoreSession("mixed", store)
    run(session.add_items([ITEMS[4]]))
    got = run(session.get_items())
    assert got[0]["role"] == "user" and got[0]["content"][0] == {"type": "input_text", "text": "from another agent"}
    assert json.dumps(got[1]) == json.dumps(ITEMS[4])


class FakeModel:
    """Answers like the Responses API: a tool call for a question about the
    weather, then an answer once the tool's output is in the input."""

    def __init__(self):
        self.calls = 0

    def respond(self, input_items):
        self.calls += 1
        last = input_items[-1]
        if last.get("type") == "function_call_output":
            return [{"id": f"msg_{self.calls}", "type": "message", "role": "assistant", "status": "completed",
                     "content": [{"type": "output_text", "text": f"Done: {last['output']}", "annotations": []}]}]
        return [{"type": "function_call", "id": f"fc_{self.calls}", "call_id": f"call_{self.calls}",
                 "name": "get_weather", "arguments": json.dumps({"city": last["content"]}), "status": "completed"}]


async def fake_runner(session, model, user_text):
    """What Runner.run does with a session: the history first, then the
    turn's new items appended as the turn goes."""
    history = await session.get_items()
    turn = [{"role": "user", "content": user_text}]
    while True:
        output = model.respond(history + turn)
        turn.extend(output)
        call = next((o for o in output if o["type"] == "function_call"), None)
        if call is None:
            break
        turn.append({"type": "function_call_output", "call_id": call["call_id"],
                     "output": f"sunny in {json.loads(call['arguments'])['city']}"})
    await session.add_items(turn)
    return turn[-1]["content"][0]["text"]


def test_a_runner_loop_round_trips_a_tool_calling_conversation(tmp_path):
    model = FakeModel()
    session = SessionStoreSession("runner", Store.open(tmp_path / "s"), model="gpt-5")
    assert run(fake_runner(session, model, "Zürich")) == "Done: sunny in Zürich"
    # A later run, in a new process: the history is there.
    session = SessionStoreSession("runner", Store.open(tmp_path / "s"))
    assert run(fake_runner(session, model, "Oslo")) == "Done: sunny in Oslo"
    items = run(session.get_items())
    assert [i.get("type", "message") for i in items] == ["message", "function_call", "function_call_output",
                                                         "message"] * 2
    # The same conversation is an ordinary session for everything else:
    # the context in the Chat shape pairs each call with its result.
    store = Store.open(tmp_path / "s")
    chat = store.context("runner", shape="openai-chat")["request"]["messages"]
    assert [m["role"] for m in chat] == ["user", "assistant", "tool", "assistant"] * 2
    assert chat[1]["tool_calls"][0]["id"] == chat[2]["tool_call_id"] == "call_1"
    assert store.search("Oslo")
    # The user takes back the last turn.
    for _ in range(4):
        run(session.pop_item())
    assert dumps(run(session.get_items())) == dumps(items[:4])
