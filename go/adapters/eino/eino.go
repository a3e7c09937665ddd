// Package eino is the session store of eino's chat example (SessionStore,
// Session and schema.Message with eino's JSON names) kept in sessionstore,
// so that an eino agent swaps its store for this one and changes nothing
// else.
//
//	store, err := eino.NewSessionStore("/home/me/.eino/sessions")
//	session, err := store.GetOrCreate("chat-1")
//	err = session.Append(&eino.Message{Role: eino.User, Content: "hi"})
//	messages := session.GetMessages()
//	list, err := store.List()
//
// What sessionstore does differently, and why:
//   - eino appended without syncing and skipped lines it could not read
//     without a word. Here Append is durable when it returns, and a line
//     that does not read is still skipped by GetMessages (whose signature
//     has no error), but it is never lost: `sessionstore verify` reports it
//     with file and line, and `sessionstore repair` mends the session.
//   - eino kept every session in memory; here GetMessages reads the
//     session, and List reads the store's catalog (milliseconds for
//     thousands of sessions) instead of every file.
//   - Messages come back exactly as given (each is stored as a
//     sessionstore message with the original kept beside it); messages
//     written by other tools read through the OpenAI Chat shape.
//
// Safe for use by several goroutines and processes.
package eino

import (
	"encoding/json"
	"sync"
	"time"
	"unicode/utf8"

	"sessionstore/go/adapters/kept"
	"sessionstore/go/sessionstore"
)

// RoleType and the message types are eino's schema types, with its JSON names.
type RoleType string

const (
	Assistant RoleType = "assistant"
	User      RoleType = "user"
	System    RoleType = "system"
	Tool      RoleType = "tool"
)

type FunctionCall struct {
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments,omitempty"`
}

type ToolCall struct {
	Index    *int           `json:"index,omitempty"`
	ID       string         `json:"id"`
	Type     string         `json:"type"`
	Function FunctionCall   `json:"function"`
	Extra    map[string]any `json:"extra,omitempty"`
}

type ChatMessagePart struct {
	Type string `json:"type,omitempty"`
	Text string `json:"text,omitempty"`
}

type TokenUsage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

type ResponseMeta struct {
	FinishReason string      `json:"finish_reason,omitempty"`
	Usage        *TokenUsage `json:"usage,omitempty"`
}

type Message struct {
	Role             RoleType          `json:"role"`
	Content          string            `json:"content"`
	MultiContent     []ChatMessagePart `json:"multi_content,omitempty"`
	Name             string            `json:"name,omitempty"`
	ToolCalls        []ToolCall        `json:"tool_calls,omitempty"`
	ToolCallID       string            `json:"tool_call_id,omitempty"`
	ToolName         string            `json:"tool_name,omitempty"`
	ResponseMeta     *ResponseMeta     `json:"response_meta,omitempty"`
	ReasoningContent string            `json:"reasoning_content,omitempty"`
	Extra            map[string]any    `json:"extra,omitempty"`
}

// SessionMetadata is one row of List.
type SessionMetadata struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	CreatedAt    time.Time `json:"created_at"`
	MessageCount int       `json:"message_count"`
}

var codec = kept.Codec{Member: "eino_message", Shape: "openai-chat"}

// SessionStore is eino's SessionStore over a sessionstore store.
type SessionStore struct {
	store *sessionstore.Store
}

// NewSessionStore opens (making it if needed) the store at dir; any
// location sessionstore opens works.
func NewSessionStore(dir string) (*SessionStore, error) {
	store, err := sessionstore.Open(dir, nil)
	if err != nil {
		return nil, err
	}
	return &SessionStore{store: store}, nil
}

// Close releases the store.
func (ss *SessionStore) Close() error { return ss.store.Close() }

// Session is one conversation.
type Session struct {
	ID        string
	CreatedAt time.Time
	store     *sessionstore.Store
	mu        sync.Mutex
}

// GetOrCreate returns the session, made (durably) if it did not exist.
func (ss *SessionStore) GetOrCreate(id string) (*Session, error) {
	if _, err := ss.store.GetOrCreate(&sessionstore.NewSession{ID: id}); err != nil {
		return nil, err
	}
	loaded, err := ss.store.Load(id)
	if err != nil {
		return nil, err
	}
	var header struct {
		Created string `json:"created"`
	}
	if err := json.Unmarshal(loaded.Header, &header); err != nil {
		return nil, err
	}
	created, _ := time.Parse(time.RFC3339Nano, header.Created)
	return &Session{ID: id, CreatedAt: created.UTC(), store: ss.store}, nil
}

// Append adds a message, durable when it returns.
func (s *Session) Append(msg *Message) error {
	original, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	native, err := codec.Native(original)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.store.Writer(s.ID, &sessionstore.WriterOptions{LockTimeoutMs: 10000})
	if err != nil {
		return err
	}
	_, err = w.Append(native)
	if closed := w.Close(); err == nil {
		err = closed
	}
	return err
}

// GetMessages is the session's messages, in order; empty when it has none
// or cannot be read.
func (s *Session) GetMessages() []*Message {
	out := []*Message{}
	messages, _, err := kept.Context(s.store, s.ID)
	if err != nil {
		return out
	}
	got, err := kept.Originals[Message](codec, messages)
	if err != nil {
		return out
	}
	for i := range got {
		out = append(out, &got[i])
	}
	return out
}

// Title is eino's title: the first user message's content cut at 60 runes
// with "...", else "New Session...".
func (s *Session) Title() string {
	for _, m := range s.GetMessages() {
		if m.Role == User && m.Content != "" {
			return cut(m.Content)
		}
	}
	return "New Session..."
}

func cut(text string) string {
	if utf8.RuneCountInString(text) > 60 {
		return string([]rune(text)[:60]) + "..."
	}
	return text
}

// List is every session with its title and message count, newest first.
// Titles follow eino's rule (Title) when the session was never renamed.
func (ss *SessionStore) List() ([]SessionMetadata, error) {
	rows, err := ss.store.ListAll(nil)
	if err != nil {
		return nil, err
	}
	out := make([]SessionMetadata, 0, len(rows))
	for _, r := range rows {
		created, _ := time.Parse(time.RFC3339Nano, r.CreatedAt)
		out = append(out, SessionMetadata{ID: r.ID, Title: einoTitle(r.Title), CreatedAt: created.UTC(),
			MessageCount: r.Messages})
	}
	return out, nil
}

// einoTitle is a listing title in eino's words: sessionstore cuts the first
// user text at 60 code points with "…" and says "New session" for none;
// eino cuts at 60 runes with "..." and says "New Session...".
func einoTitle(title string) string {
	if title == "New session" {
		return "New Session..."
	}
	if utf8.RuneCountInString(title) == 61 && len(title) >= len("…") && title[len(title)-len("…"):] == "…" {
		return title[:len(title)-len("…")] + "..."
	}
	return title
}

// Delete removes the session for good; a session that does not exist is
// no error, as in eino.
func (ss *SessionStore) Delete(id string) error {
	err := ss.store.Delete(id)
	if err != nil && isNotFound(err) {
		return nil
	}
	return err
}

func isNotFound(err error) bool {
	e, ok := err.(*sessionstore.Error)
	return ok && e.Code == sessionstore.CodeNotFound
}
