package zot

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"sessionstore/go/sessionstore"
)

var at = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

var conversation = []Message{
	{Role: RoleUser, Content: []Content{TextBlock{Text: "What is in this picture? ✓"},
		ImageBlock{MimeType: "image/png", Data: []byte{0x89, 'P', 'N', 'G', 0, 1, 2}}}, Time: at},
	{Role: RoleAssistant, Content: []Content{TextBlock{Text: "Let me look."},
		ToolCallBlock{ID: "t1", Name: "bash", Arguments: json.RawMessage(`{"cmd":"file pic.png"}`)}}, Time: at},
	{Role: RoleTool, Content: []Content{ToolResultBlock{CallID: "t1", Content: []Content{TextBlock{Text: "PNG image"}},
		IsError: false}}, Time: at},
	{Role: RoleAssistant, Content: []Content{TextBlock{Text: "A PNG."}}, Time: at},
}

// A session is made, written, closed, found again and resumed with its
// messages exactly as written.
func TestNewAppendOpen(t *testing.T) {
	root := t.TempDir()
	s, err := NewSession(root, "/src/app", "anthropic", "claude-sonnet-4-5", "0.9.0")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range conversation {
		if err := s.AppendMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.UpdateModel("openai", "gpt-5"); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendUsage(Usage{InputTokens: 10, OutputTokens: 2, CostUSD: 0.5}, Usage{InputTokens: 10, OutputTokens: 2, CostUSD: 0.5}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	path := LatestSession(root, "/src/app")
	if path != s.Path || path == "" {
		t.Fatalf("latest %q, want %q", path, s.Path)
	}
	if LatestSession(root, "/elsewhere") != "" {
		t.Fatal("a session of another directory")
	}
	again, messages, err := OpenSession(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if !reflect.DeepEqual(messages, conversation) {
		t.Fatalf("messages:\n%#v\nwant\n%#v", messages, conversation)
	}
	if again.Meta.Model != "gpt-5" || again.Meta.Provider != "openai" || again.Meta.Version != "0.9.0" ||
		again.Meta.CWD != "/src/app" || again.ID != s.ID {
		t.Fatalf("meta %+v", again.Meta)
	}
	// One writer at a time: a second resume is refused, naming the holder.
	if _, _, err := OpenSession(path); !errors.Is(err, sessionstore.ErrBusy) {
		t.Fatalf("second open: %v", err)
	}
}

// Sessions are listed per working directory, newest first, and described
// with counts, the first user text and the cost.
func TestListAndDescribe(t *testing.T) {
	root := t.TempDir()
	var paths []string
	for i, text := range []string{"first", "second"} {
		s, err := NewSession(root, "/w", "p", "m", "v")
		if err != nil {
			t.Fatal(err)
		}
		s.AppendMessage(Message{Role: RoleUser, Content: []Content{TextBlock{Text: text}}, Time: at})
		s.AppendUsage(Usage{CostUSD: float64(i + 1)}, Usage{CostUSD: float64(i + 1)})
		s.Close()
		paths = append(paths, s.Path)
		time.Sleep(5 * time.Millisecond)
	}
	other, _ := NewSession(root, "/other", "p", "m", "v")
	other.Close()
	if got := ListSessions(root, "/w"); !reflect.DeepEqual(got, []string{paths[1], paths[0]}) {
		t.Fatalf("listed %v, want %v", got, []string{paths[1], paths[0]})
	}
	d := DescribeSessions(root, "/w")
	if len(d) != 2 || d[0].FirstUserText != "second" || d[0].MessageCount != 1 || d[0].TotalCost != 2 ||
		d[1].FirstUserText != "first" || d[0].Model != "m" || d[0].Started.IsZero() {
		t.Fatalf("described %+v", d)
	}
	if ListSessions(t.TempDir(), "/w") != nil {
		t.Fatal("sessions in an empty root")
	}
}

// A nil session does nothing, as zot's did.
func TestNilSession(t *testing.T) {
	var s *Session
	if s.AppendMessage(conversation[0]) != nil || s.UpdateModel("a", "b") != nil || s.AppendUsage(Usage{}, Usage{}) != nil ||
		s.Close() != nil {
		t.Fatal("a nil session failed")
	}
}
