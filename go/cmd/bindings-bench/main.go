// Command bindings-bench is the Go package's side of
// bench/run-bindings-bench.sh: the peer workload's appends and load
// through sessionstore.Store, printing one JSON line as bench/peer_driver
// does.
//
//	bindings-bench append -data DATA -dir DIR [-n N]
//	bindings-bench load -dir DIR
//
// Appends are timed from the messages as Go values (their JSON encoding is
// part of the call) with durability "process", as the C++ driver's; the
// load is timed to the entries as json.RawMessage.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"sessionstore/go/sessionstore"
)

type neutral struct {
	Role      string `json:"role"`
	Text      string `json:"text"`
	CallID    string `json:"call_id"`
	Name      string `json:"name"`
	ToolCalls []struct {
		ID        string          `json:"id"`
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
	} `json:"tool_calls"`
}

type block struct {
	Type      string          `json:"type"`
	Text      string          `json:"text,omitempty"`
	ID        string          `json:"id,omitempty"`
	Name      string          `json:"name,omitempty"`
	Arguments json.RawMessage `json:"arguments,omitempty"`
	CallID    string          `json:"call_id,omitempty"`
	Content   []block         `json:"content,omitempty"`
}

type message struct {
	Role    string  `json:"role"`
	Content []block `json:"content"`
}

// native is a neutral pool message as a sessionstore message, as
// bench/workload.cc makes it.
func native(n neutral) message {
	if n.Role == "tool" {
		return message{Role: "tool", Content: []block{{Type: "tool_result", CallID: n.CallID, Name: n.Name,
			Content: []block{{Type: "text", Text: n.Text}}}}}
	}
	m := message{Role: n.Role, Content: []block{{Type: "text", Text: n.Text}}}
	for _, c := range n.ToolCalls {
		m.Content = append(m.Content, block{Type: "tool_call", ID: c.ID, Name: c.Name, Arguments: c.Arguments})
	}
	return m
}

func die(err error) {
	fmt.Fprintln(os.Stderr, "bindings-bench:", err)
	os.Exit(1)
}

func main() {
	op := os.Args[1]
	args := map[string]string{}
	for i := 2; i+1 < len(os.Args); i += 2 {
		args[os.Args[i]] = os.Args[i+1]
	}
	out := map[string]any{"peer": "go", "op": op}
	switch op {
	case "append":
		n := 10000
		if v, ok := args["-n"]; ok {
			n, _ = strconv.Atoi(v)
		}
		f, err := os.Open(filepath.Join(args["-data"], "messages.jsonl"))
		if err != nil {
			die(err)
		}
		var messages []message
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() && len(messages) < n {
			var m neutral
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				die(err)
			}
			messages = append(messages, native(m))
		}
		f.Close()
		store, err := sessionstore.Open(args["-dir"], nil)
		if err != nil {
			die(err)
		}
		t0 := time.Now()
		id, err := store.Create(&sessionstore.NewSession{ID: "w-session", Workspace: "/bench"})
		if err != nil {
			die(err)
		}
		w, err := store.Writer(id, &sessionstore.WriterOptions{Durability: "process"})
		if err != nil {
			die(err)
		}
		for _, m := range messages {
			if _, err := w.Append(m); err != nil {
				die(err)
			}
		}
		if err := w.Close(); err != nil {
			die(err)
		}
		secs := time.Since(t0).Seconds()
		out["n"], out["secs"], out["per_sec"] = len(messages), secs, float64(len(messages))/secs
	case "load":
		entries, err := os.ReadDir(filepath.Join(args["-dir"], "sessions"))
		if err != nil {
			die(err)
		}
		var id string
		var size int64
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".jsonl") {
				id = strings.TrimSuffix(e.Name(), ".jsonl")
				info, _ := e.Info()
				size = info.Size()
			}
		}
		store, err := sessionstore.Open(args["-dir"], nil)
		if err != nil {
			die(err)
		}
		t0 := time.Now()
		loaded, err := store.Load(id)
		if err != nil {
			die(err)
		}
		secs := time.Since(t0).Seconds()
		out["count"], out["secs"], out["bytes"], out["mb_per_sec"] = len(loaded.Entries), secs, size, float64(size)/1e6/secs
	}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))
}
