package microkernel

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"sessionstore/go/sessionstore"
)

func open(t *testing.T) *JSONLStore {
	t.Helper()
	s, err := NewJSONLStore(filepath.Join(t.TempDir(), "sessions"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var at = time.Date(2026, 11, 30, 9, 0, 0, 123000000, time.UTC)

var conversation = []SessionMessage{
	{Role: "user", Content: "Read main.go ✓", Timestamp: at},
	{Role: "assistant", Content: "", ToolCalls: []ToolCall{{ID: "t1", Name: "read_file",
		Arguments: json.RawMessage(`{"path":"main.go"}`)}}, Timestamp: at.Add(time.Second)},
	{Role: "tool", Content: "package main", ToolCallID: "t1", Timestamp: at.Add(2 * time.Second)},
	{Role: "assistant", Content: "It is a main package.", Timestamp: at.Add(3 * time.Second)},
}

// Save appends, Load gives back exactly what was saved, in order.
func TestSaveLoad(t *testing.T) {
	s := open(t)
	for _, m := range conversation {
		if err := s.Save("s1", m); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Load("s1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, conversation) {
		t.Fatalf("loaded:\n%+v\nwant\n%+v", got, conversation)
	}
	if _, err := s.Load("nope"); err == nil || !strings.Contains(err.Error(), `session "nope" not found`) ||
		!errors.Is(err, sessionstore.ErrNotFound) {
		t.Fatalf("load of nothing: %v", err)
	}
}

// The conversation is an ordinary session for every other tool: the tool
// call is paired with its result.
func TestToolCallsAreToolCalls(t *testing.T) {
	s := open(t)
	for _, m := range conversation {
		s.Save("s1", m)
	}
	store, _ := sessionstore.Open(s.StorageDir(), nil)
	defer store.Close()
	raw, err := store.Context("s1", &sessionstore.ContextOptions{Shape: "openai-chat"})
	if err != nil {
		t.Fatal(err)
	}
	var ctx struct {
		Request struct {
			Messages []map[string]any `json:"messages"`
		} `json:"request"`
		Repairs []any `json:"repairs"`
	}
	json.Unmarshal(raw, &ctx)
	if len(ctx.Repairs) != 0 || ctx.Request.Messages[2]["tool_call_id"] != "t1" {
		t.Fatalf("context: %s", raw)
	}
}

// List gives live sessions; Exists and Load see archived ones too; Delete
// removes either, and a missing one is no error.
func TestListExistsArchiveDelete(t *testing.T) {
	s := open(t)
	for _, id := range []string{"a", "b", "c"} {
		s.Save(id, SessionMessage{Role: "user", Content: id, Timestamp: at})
	}
	if err := s.Archive("b"); err != nil {
		t.Fatal(err)
	}
	ids, _ := s.List()
	sort.Strings(ids)
	if !reflect.DeepEqual(ids, []string{"a", "c"}) {
		t.Fatalf("listed %v", ids)
	}
	if ok, _ := s.Exists("b"); !ok {
		t.Fatal("an archived session does not exist")
	}
	if got, _ := s.Load("b"); len(got) != 1 || got[0].Content != "b" {
		t.Fatalf("archived load %+v", got)
	}
	if err := s.Archive("nope"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("archive of nothing: %v", err)
	}
	if err := s.Delete("b"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("b"); err != nil {
		t.Fatalf("delete of nothing: %v", err)
	}
	if ok, _ := s.Exists("b"); ok {
		t.Fatal("deleted but exists")
	}
}

// A damaged line no longer costs the whole session: the rest loads.
func TestADamagedLineIsSkippedNotFatal(t *testing.T) {
	s := open(t)
	s.Save("s1", conversation[0])
	f, _ := os.OpenFile(filepath.Join(s.StorageDir(), "sessions", "s1.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("{\"type\":\"message\",\"seq\":2\n")
	f.Close()
	s.Save("s1", conversation[3])
	got, err := s.Load("s1")
	if err != nil || len(got) != 2 {
		t.Fatalf("loaded %+v, %v", got, err)
	}
}

// A session another program wrote loads with its tool calls and results.
func TestSessionsOfOtherTools(t *testing.T) {
	s := open(t)
	if _, err := s.store.Create(&sessionstore.NewSession{ID: "cli"}); err != nil {
		t.Fatal(err)
	}
	w, _ := s.store.Writer("cli", nil)
	w.Append(`{"role":"assistant","content":[{"type":"text","text":"Reading."},{"type":"tool_call","id":"c1","name":"read","arguments":{"path":"a"}}]}`)
	w.Append(`{"role":"tool","content":[{"type":"tool_result","call_id":"c1","content":"gone"}]}`)
	w.Close()
	got, err := s.Load("cli")
	if err != nil {
		t.Fatal(err)
	}
	want := []SessionMessage{
		{Role: "assistant", Content: "Reading.", ToolCalls: []ToolCall{{ID: "c1", Name: "read", Arguments: json.RawMessage(`{"path":"a"}`)}}},
		{Role: "tool", Content: "gone", ToolCallID: "c1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("messages:\n%+v\nwant\n%+v", got, want)
	}
}
