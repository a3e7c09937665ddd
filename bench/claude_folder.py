"""Writes a Claude Code projects folder from the peer workload's message pool,
for bench/run-import-bench.sh: SESSIONS sessions in a few project folders,
each turn as Claude Code writes it (a user line; the response streamed as one
line per block, thinking, text and tool_use, sharing message.id and usage;
each tool result a user line), with the file-history-snapshot and title
lines around them.

    claude_folder.py POOL_DIR OUT_DIR [SESSIONS] [MB]
"""

import json
import os
import random
import sys
import uuid


def main():
    pool_dir, out = sys.argv[1], sys.argv[2]
    sessions = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    target = (int(sys.argv[4]) if len(sys.argv) > 4 else 200) * 1_000_000
    with open(os.path.join(pool_dir, "messages.jsonl"), encoding="utf-8") as f:
        pool = [json.loads(line) for line in f]
    rng = random.Random(7)
    per_session = target // sessions
    written = 0
    for s in range(sessions):
        cwd = f"/home/u/project{s % 7}"
        folder = os.path.join(out, cwd.replace("/", "-"))
        os.makedirs(folder, exist_ok=True)
        sid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        env = {"isSidechain": False, "userType": "external", "cwd": cwd, "sessionId": sid,
               "version": "2.0.49", "gitBranch": "main"}
        lines = [{"type": "file-history-snapshot", "messageId": "m0",
                  "snapshot": {"messageId": "m0", "trackedFileBackups": {}, "timestamp": "2026-01-05T10:00:00.000Z"},
                  "isSnapshotUpdate": False}]
        parent, size, turn = None, 0, 0
        while size < per_session:
            turn += 1
            t = f"2026-01-05T10:{turn // 60 % 60:02d}:{turn % 60:02d}.000Z"
            def add(entry):
                nonlocal parent, size
                entry = {"parentUuid": parent, **env, **entry, "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                         "timestamp": t}
                parent = entry["uuid"]
                text = json.dumps(entry, ensure_ascii=False)
                size += len(text.encode()) + 1
                lines.append(text)
            m = rng.choice(pool)
            add({"type": "user", "message": {"role": "user", "content": m["text"][:2000]}})
            usage = {"input_tokens": rng.randint(1, 500), "cache_creation_input_tokens": 0,
                     "cache_read_input_tokens": rng.randint(0, 9000), "output_tokens": rng.randint(1, 900),
                     "service_tier": "standard"}
            mid = f"msg_{s}_{turn}"
            blocks = [{"type": "thinking", "thinking": rng.choice(pool)["text"][:600], "signature": "c2ln"},
                      {"type": "text", "text": rng.choice(pool)["text"][:3000]}]
            call = f"toolu_{s}_{turn}"
            blocks.append({"type": "tool_use", "id": call, "name": "Bash", "input": {"command": "make test"}})
            for b in blocks:
                add({"type": "assistant", "requestId": f"req_{s}_{turn}",
                     "message": {"model": "claude-sonnet-4-5-20250929", "id": mid, "type": "message",
                                 "role": "assistant", "content": [b], "stop_reason": None, "stop_sequence": None,
                                 "usage": usage}})
            out_text = rng.choice(pool)["text"]
            add({"type": "user", "toolUseResult": {"stdout": out_text[:200], "stderr": "", "interrupted": False},
                 "message": {"role": "user", "content": [{"tool_use_id": call, "type": "tool_result",
                                                          "content": out_text, "is_error": False}]}})
        lines.append(json.dumps({"type": "ai-title", "aiTitle": f"session {s}", "sessionId": sid}))
        with open(os.path.join(folder, sid + ".jsonl"), "w", encoding="utf-8") as f:
            f.write("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
        written += size
    print(json.dumps({"sessions": sessions, "bytes": written}))


main()
