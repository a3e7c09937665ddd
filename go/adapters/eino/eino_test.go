package eino

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func open(t *testing.T) *SessionStore {
	t.Helper()
	ss, err := NewSessionStore(filepath.Join(t.TempDir(), "sessions"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	return ss
}

func index(i int) *int { return &i }

var conversation = []*Message{
	{Role: System, Content: "You are helpful."},
	{Role: User, Content: "Weather in Zürich?"},
	{Role: Assistant, Content: "", ToolCalls: []ToolCall{{Index: index(0), ID: "call_1", Type: "function",
		Function: FunctionCall{Name: "weather", Arguments: `{"city":"Zürich"}`}}},
		ResponseMeta: &ResponseMeta{FinishReason: "tool_calls", Usage: &TokenUsage{PromptTokens: 12, CompletionTokens: 5, TotalTokens: 17}}},
	{Role: Tool, Content: `{"temp":21}`, ToolCallID: "call_1", ToolName: "weather"},
	{Role: Assistant, Content: "21 °C.", ReasoningContent: "Easy.", Extra: map[string]any{"trace": "x1"}},
}

// GetOrCreate makes the session once, then returns the same one; messages
// come back as appended, tool calls and response metadata included.
func TestGetOrCreateAndMessages(t *testing.T) {
	ss := open(t)
	s, err := ss.GetOrCreate("chat-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.GetMessages()) != 0 || s.Title() != "New Session..." {
		t.Fatalf("a new session: %d messages, title %q", len(s.GetMessages()), s.Title())
	}
	for _, m := range conversation {
		if err := s.Append(m); err != nil {
			t.Fatal(err)
		}
	}
	again, err := ss.GetOrCreate("chat-1")
	if err != nil {
		t.Fatal(err)
	}
	if !again.CreatedAt.Equal(s.CreatedAt) || again.CreatedAt.IsZero() {
		t.Fatalf("created %v, then %v", s.CreatedAt, again.CreatedAt)
	}
	if got := again.GetMessages(); !reflect.DeepEqual(got, conversation) {
		t.Fatalf("messages:\n%+v\nwant\n%+v", got, conversation)
	}
}

// The title is the first user text, cut at 60 runes with "...".
func TestTitles(t *testing.T) {
	ss := open(t)
	long, _ := ss.GetOrCreate("long")
	long.Append(&Message{Role: System, Content: "system text is not a title"})
	long.Append(&Message{Role: User, Content: strings.Repeat("ü", 70)})
	short, _ := ss.GetOrCreate("short")
	short.Append(&Message{Role: User, Content: "Fix the parser"})
	ss.GetOrCreate("empty")
	if got := long.Title(); got != strings.Repeat("ü", 60)+"..." {
		t.Fatalf("long title %q", got)
	}
	if got := short.Title(); got != "Fix the parser" {
		t.Fatalf("short title %q", got)
	}
	list, err := ss.List()
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]SessionMetadata{}
	for _, m := range list {
		titles[m.ID] = m
	}
	for id, want := range map[string]string{"long": long.Title(), "short": short.Title(), "empty": "New Session..."} {
		if titles[id].Title != want {
			t.Fatalf("List title of %s: %q, want %q", id, titles[id].Title, want)
		}
	}
	if titles["long"].MessageCount != 2 || titles["short"].MessageCount != 1 || titles["empty"].MessageCount != 0 {
		t.Fatalf("message counts %+v", titles)
	}
	if titles["long"].CreatedAt.IsZero() {
		t.Fatal("no creation time")
	}
}

func TestDelete(t *testing.T) {
	ss := open(t)
	s, _ := ss.GetOrCreate("gone")
	s.Append(&Message{Role: User, Content: "bye"})
	if err := ss.Delete("gone"); err != nil {
		t.Fatal(err)
	}
	if err := ss.Delete("gone"); err != nil {
		t.Fatalf("deleting nothing: %v", err)
	}
	list, _ := ss.List()
	if len(list) != 0 {
		t.Fatalf("listed after delete: %+v", list)
	}
	fresh, _ := ss.GetOrCreate("gone")
	if len(fresh.GetMessages()) != 0 {
		t.Fatal("a deleted session came back with messages")
	}
}
