package ggcode

import (
	"encoding/json"
	"path/filepath"
	"reflect"
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

var conversation = []Message{
	{ID: "msg_1", Role: "user", Content: []ContentBlock{{Type: "text", Text: "Read the login handler ✓"}}},
	{ID: "msg_2", Role: "assistant", Content: []ContentBlock{{Type: "text", Text: "Reading it."},
		{Type: "tool_use", ToolID: "toolu_1", ToolName: "read", Input: json.RawMessage(`{"path":"login.go"}`)}}},
	{ID: "msg_3", Role: "user", Content: []ContentBlock{{Type: "tool_result", ToolID: "toolu_1", ToolName: "read",
		Output: "no such file", IsError: true}}},
	{ID: "msg_4", Role: "assistant", Content: []ContentBlock{{Type: "text", Text: "It does not exist."}}},
}

// Save stores a session; Load gives it back with its messages exactly;
// a later Save appends what the session gained.
func TestSaveLoad(t *testing.T) {
	s := open(t)
	ses := NewSession("anthropic", "default", "claude-sonnet-4-5")
	ses.Title = "Fix login"
	ses.Messages = conversation[:2]
	ses.CostJSON = []byte(`{"total_cost_usd":0.25}`)
	if err := s.Save(ses); err != nil {
		t.Fatal(err)
	}
	ses.Messages = conversation
	ses.Model = "claude-opus-4"
	if err := s.Save(ses); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ses.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Messages, conversation) {
		t.Fatalf("messages:\n%+v\nwant\n%+v", got.Messages, conversation)
	}
	if got.Title != "Fix login" || got.Vendor != "anthropic" || got.Endpoint != "default" || got.Model != "claude-opus-4" ||
		string(got.CostJSON) != `{"total_cost_usd":0.25}` || got.CreatedAt.IsZero() || got.UpdatedAt.Before(got.CreatedAt) {
		t.Fatalf("session %+v", got)
	}
	// Messages that no longer extend the stored ones: a new branch, the
	// file keeps the old.
	ses.Messages = []Message{conversation[0], {Role: "assistant", Content: []ContentBlock{{Type: "text", Text: "Other answer"}}}}
	if err := s.Save(ses); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Load(ses.ID)
	if !reflect.DeepEqual(got.Messages, ses.Messages) {
		t.Fatalf("after a rewrite %+v", got.Messages)
	}
	if _, err := s.Load("nope"); err == nil || !strings.Contains(err.Error(), "session nope not found") {
		t.Fatalf("load of nothing: %v", err)
	}
}

// AppendMessage stores the session first and names it after its first
// user text, cut as ggcode cuts it.
func TestAppendMessageAndTitle(t *testing.T) {
	s := open(t)
	ses := NewSession("openai", "", "gpt-5")
	long := strings.Repeat("é", 40) // 80 bytes
	if err := s.AppendMessage(ses, Message{Role: "user", Content: []ContentBlock{{Type: "text", Text: long}}}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(ses.Title, "...") || len(ses.Title) > 60 || !strings.HasPrefix(long, strings.TrimSuffix(ses.Title, "...")) {
		t.Fatalf("title %q", ses.Title)
	}
	got, _ := s.Load(ses.ID)
	if got.Title != ses.Title || len(got.Messages) != 1 {
		t.Fatalf("stored %+v", got)
	}
}

// List is sorted by UpdatedAt, newest first; CleanupOlderThan says how
// many it removed.
func TestListAndCleanup(t *testing.T) {
	s := open(t)
	var ids []string
	for i := 0; i < 3; i++ {
		ses := NewSession("v", "", "m")
		ses.ID += string(rune('a' + i))
		s.AppendMessage(ses, conversation[0])
		ids = append(ids, ses.ID)
		time.Sleep(5 * time.Millisecond)
	}
	list, err := s.List()
	if err != nil || len(list) != 3 || list[0].ID != ids[2] || list[2].ID != ids[0] {
		t.Fatalf("list %+v %v", list, err)
	}
	for i := 1; i < len(list); i++ {
		if list[i].UpdatedAt.After(list[i-1].UpdatedAt) {
			t.Fatal("not newest first")
		}
	}
	if n, err := s.CleanupOlderThan(time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("cleanup of nothing: %d %v", n, err)
	}
	if n, err := s.CleanupOlderThan(time.Now().Add(time.Hour)); err != nil || n != 3 {
		t.Fatalf("cleanup of all: %d %v", n, err)
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Fatalf("left %+v", list)
	}
	if err := s.Delete("nope"); err != nil {
		t.Fatal(err)
	}
}

func TestExportMarkdown(t *testing.T) {
	s := open(t)
	ses := NewSession("anthropic", "default", "claude-sonnet-4-5")
	ses.Title = "Fix login"
	ses.Messages = conversation
	s.Save(ses)
	md, err := s.ExportMarkdown(ses.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Fix login\n", "**Session:** " + ses.ID, "**Vendor:** anthropic / default / claude-sonnet-4-5",
		"**Messages:** 4", "## User\n\nRead the login handler ✓", "**Tool Call:** `read`\n```json\n{\"path\":\"login.go\"}\n```",
		"**Tool Result** (error=true):\n```\nno such file\n```", "## Assistant\n\nIt does not exist."} {
		if !strings.Contains(md, want) {
			t.Fatalf("no %q in:\n%s", want, md)
		}
	}
}

// A session another program wrote reads with its tool calls and results,
// not as empty messages.
func TestSessionsOfOtherTools(t *testing.T) {
	s := open(t)
	if _, err := s.store.Create(&sessionstore.NewSession{ID: "cli"}); err != nil {
		t.Fatal(err)
	}
	w, _ := s.store.Writer("cli", nil)
	w.Append(`{"role":"assistant","content":[{"type":"text","text":"Reading."},{"type":"tool_call","id":"c1","name":"read","arguments":{"path":"a"}}]}`)
	w.Append(`{"role":"tool","content":[{"type":"tool_result","call_id":"c1","content":"gone","is_error":true}]}`)
	w.Close()
	got, err := s.Load("cli")
	if err != nil {
		t.Fatal(err)
	}
	want := []Message{
		{Role: "assistant", Content: []ContentBlock{{Type: "text", Text: "Reading."},
			{Type: "tool_use", ToolID: "c1", ToolName: "read", Input: json.RawMessage(`{"path":"a"}`)}}},
		{Role: "tool", Content: []ContentBlock{{Type: "tool_result", ToolID: "c1", Output: "gone", IsError: true}}},
	}
	if !reflect.DeepEqual(got.Messages, want) {
		t.Fatalf("messages:\n%+v\nwant\n%+v", got.Messages, want)
	}
}
