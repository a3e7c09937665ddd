package picoclaw

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sessionstore/go/sessionstore"
)

func manager(t *testing.T) (*SessionManager, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sessions")
	sm := NewSessionManager(dir)
	t.Cleanup(func() { sm.Close() })
	return sm, dir
}

func noErr(t *testing.T, sm *SessionManager) {
	t.Helper()
	if err := sm.Err(); err != nil {
		t.Fatal(err)
	}
}

var conversation = []Message{
	{Role: "system", Content: "You are picoclaw.", SystemParts: []ContentBlock{{Type: "text", Text: "You are picoclaw."}}},
	{Role: "user", Content: "What is in /tmp? ✓"},
	{Role: "assistant", Content: "", ReasoningContent: "I should list it.",
		ToolCalls: []ToolCall{{ID: "call_1", Type: "function", Function: &FunctionCall{Name: "ls", Arguments: `{"path":"/tmp"}`}}}},
	{Role: "tool", Content: "a.txt\nb.txt", ToolCallID: "call_1"},
	{Role: "assistant", Content: "Two files.", ContentParts: []ContentBlock{{Type: "text", Text: "Two files."}}},
}

// Messages, tool calls included, come back as they were given, in a new
// manager too (another process).
func TestMessagesRoundTrip(t *testing.T) {
	sm, dir := manager(t)
	for _, m := range conversation {
		sm.AddFullMessage("telegram:123", m)
	}
	noErr(t, sm)
	if got := sm.GetHistory("telegram:123"); !reflect.DeepEqual(got, conversation) {
		t.Fatalf("history:\n%+v\nwant\n%+v", got, conversation)
	}
	other := NewSessionManager(dir)
	defer other.Close()
	if got := other.GetHistory("telegram:123"); !reflect.DeepEqual(got, conversation) {
		t.Fatalf("history in another manager: %+v", got)
	}
	sm.AddMessage("telegram:123", "user", "thanks")
	h := sm.GetHistory("telegram:123")
	if last := h[len(h)-1]; last.Role != "user" || last.Content != "thanks" {
		t.Fatalf("last %+v", last)
	}
}

// Empty and unknown sessions give an empty history and summary, never nil.
func TestEmptySessions(t *testing.T) {
	sm, _ := manager(t)
	if h := sm.GetHistory("nobody"); h == nil || len(h) != 0 {
		t.Fatalf("history of nothing: %#v", h)
	}
	s := sm.GetOrCreate("empty")
	if s.Key != "empty" || s.Messages == nil || len(s.Messages) != 0 || s.Created.IsZero() {
		t.Fatalf("new session %+v", s)
	}
	if sm.GetSummary("empty") != "" || sm.GetSummary("nobody") != "" {
		t.Fatal("a summary from nowhere")
	}
	sm.SetSummary("nobody", "x") // picoclaw ignores a session it does not have
	if sm.GetSummary("nobody") != "" {
		t.Fatal("SetSummary made a session")
	}
	noErr(t, sm)
}

// Keys are sessions of their own.
func TestKeysAreIsolated(t *testing.T) {
	sm, _ := manager(t)
	sm.AddMessage("a", "user", "for a")
	sm.AddMessage("b", "user", "for b")
	sm.SetSummary("a", "summary of a")
	sm.TruncateHistory("b", 0)
	if h := sm.GetHistory("a"); len(h) != 1 || h[0].Content != "for a" {
		t.Fatalf("a: %+v", h)
	}
	if h := sm.GetHistory("b"); len(h) != 0 {
		t.Fatalf("b after truncation: %+v", h)
	}
	if sm.GetSummary("b") != "" || sm.GetSummary("a") != "summary of a" {
		t.Fatal("summaries crossed")
	}
	noErr(t, sm)
}

// picoclaw's summarisation: set the summary, keep the last messages, save;
// the file then holds only what is kept (and the summary).
func TestSummariseTruncateSave(t *testing.T) {
	sm, dir := manager(t)
	for i := 0; i < 10; i++ {
		sm.AddMessage("s", "user", strings.Repeat("long message ", 100))
		sm.AddMessage("s", "assistant", "answer")
	}
	sm.SetSummary("s", "The user sent long messages.")
	sm.TruncateHistory("s", 4)
	if h := sm.GetHistory("s"); len(h) != 4 || h[0].Role != "user" || h[3].Content != "answer" {
		t.Fatalf("after truncation: %+v", h)
	}
	store, err := sessionstore.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	before, _ := store.Load("s")
	if err := sm.Save("s"); err != nil {
		t.Fatal(err)
	}
	after, _ := store.Load("s")
	if len(after.Entries) >= len(before.Entries) {
		t.Fatalf("Save did not drop the truncated messages: %d -> %d entries", len(before.Entries), len(after.Entries))
	}
	if h := sm.GetHistory("s"); len(h) != 4 || sm.GetSummary("s") != "The user sent long messages." {
		t.Fatalf("after Save: %d messages, summary %q", len(h), sm.GetSummary("s"))
	}
	if err := sm.Save("s"); err != nil { // nothing to do
		t.Fatal(err)
	}
}

func TestSetHistory(t *testing.T) {
	sm, _ := manager(t)
	for _, m := range conversation {
		sm.AddFullMessage("s", m)
	}
	replacement := []Message{{Role: "user", Content: "start over"}, {Role: "assistant", Content: "ok"}}
	sm.SetHistory("s", replacement)
	if got := sm.GetHistory("s"); !reflect.DeepEqual(got, replacement) {
		t.Fatalf("history %+v", got)
	}
	noErr(t, sm)
	if err := sm.Save("s"); err != nil {
		t.Fatal(err)
	}
	if got := sm.GetHistory("s"); !reflect.DeepEqual(got, replacement) {
		t.Fatalf("history after Save %+v", got)
	}
	sm.SetHistory("s", nil)
	if got := sm.GetHistory("s"); len(got) != 0 {
		t.Fatalf("empty history %+v", got)
	}
}

// A failure is kept and returned by the next Save, never lost.
func TestErrorsAreKeptForSave(t *testing.T) {
	sm, _ := manager(t)
	sm.AddMessage("has/a slash", "user", "hi")
	err := sm.Save("has/a slash")
	if err == nil || !strings.Contains(err.Error(), "session id") {
		t.Fatalf("Save after a failed add: %v", err)
	}
	if sm.Save("has/a slash") != nil {
		t.Fatal("the error was not cleared")
	}
}

// A session written by another tool reads through the OpenAI Chat shape.
func TestSessionsOfOtherTools(t *testing.T) {
	sm, dir := manager(t)
	store, err := sessionstore.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.Create(&sessionstore.NewSession{ID: "cli"}); err != nil {
		t.Fatal(err)
	}
	w, _ := store.Writer("cli", nil)
	w.Append(json.RawMessage(`{"role":"assistant","content":[{"type":"text","text":"from the CLI"}]}`))
	w.Close()
	if h := sm.GetHistory("cli"); len(h) != 1 || h[0].Content != "from the CLI" || h[0].Role != "assistant" {
		t.Fatalf("history %+v", h)
	}
}
