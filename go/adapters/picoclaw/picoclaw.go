// Package picoclaw is picoclaw's SessionStore (its SessionManager's method
// set, and its providers.Message with picoclaw's JSON names) kept in
// sessionstore, so that picoclaw swaps its session package for this one
// and changes nothing else.
//
//	sm := picoclaw.NewSessionManager("/home/me/.picoclaw/sessions")
//	sm.AddFullMessage("telegram:123", picoclaw.Message{Role: "user", Content: "hi"})
//	history := sm.GetHistory("telegram:123")
//	err := sm.Save("telegram:123")
//
// What sessionstore does differently, and why:
//   - picoclaw held sessions in memory and wrote a whole file on Save; a
//     crash lost every message since the last Save, and a failed write was
//     silent. Here every message is appended durably (synced) when
//     AddMessage or AddFullMessage returns. The signatures return no
//     error, as picoclaw's did: a call that fails keeps its error, and the
//     next Save or Close returns it (Err gives it at any time). Nothing
//     fails silently.
//   - TruncateHistory and SetHistory change what GetHistory gives at once,
//     by appending records; the file keeps the older messages until Save,
//     which then rewrites the session without them, as picoclaw's Save did.
//   - A session key is the session's id: picoclaw's keys ("telegram:123456")
//     are valid ids as they are; a key that is not one (a '/' in it) is an
//     error kept as above.
//   - Messages come back exactly as given: each is stored as a
//     sessionstore message with the original kept beside it. Sessions
//     migrated from picoclaw's legacy files (`sessionstore migrate`) or
//     written by other tools are read through the OpenAI Chat shape.
//
// Safe for use by several goroutines, and by several processes on one
// store (each call takes the session's writer in turn).
package picoclaw

import (
	"encoding/json"
	"sync"
	"time"

	"sessionstore/go/adapters/kept"
	"sessionstore/go/sessionstore"
)

// FunctionCall, ToolCall, ContentBlock and Message are picoclaw's
// providers types, with its JSON names.
type FunctionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

type ToolCall struct {
	ID        string         `json:"id"`
	Type      string         `json:"type,omitempty"`
	Function  *FunctionCall  `json:"function,omitempty"`
	Name      string         `json:"-"`
	Arguments map[string]any `json:"-"`
}

type ContentBlock struct {
	Type string `json:"type"`
	Text string `json:"text,omitempty"`
}

type Message struct {
	Role             string         `json:"role"`
	Content          string         `json:"content"`
	ContentParts     []ContentBlock `json:"content_parts,omitempty"`
	ReasoningContent string         `json:"reasoning_content,omitempty"`
	SystemParts      []ContentBlock `json:"system_parts,omitempty"`
	ToolCalls        []ToolCall     `json:"tool_calls,omitempty"`
	ToolCallID       string         `json:"tool_call_id,omitempty"`
}

// Session is a snapshot of one session, as picoclaw's was.
type Session struct {
	Key      string    `json:"key"`
	Messages []Message `json:"messages"`
	Summary  string    `json:"summary,omitempty"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
}

var codec = kept.Codec{Member: "picoclaw_message", Shape: "openai-chat"}

// SessionManager is picoclaw's SessionStore over a sessionstore store.
type SessionManager struct {
	store *sessionstore.Store
	owned bool

	mu        sync.Mutex
	err       error           // the first error of a call that returns none
	rewritten map[string]bool // sessions to rewrite at Save
}

// NewSessionManager opens (making it if needed) the store at storage: a
// directory, or any location sessionstore opens; "" is a store in memory,
// as picoclaw's was without storage. An error opening it is kept (Err).
func NewSessionManager(storage string) *SessionManager {
	if storage == "" {
		storage = "memory:picoclaw"
	}
	store, err := sessionstore.Open(storage, nil)
	sm := &SessionManager{store: store, owned: true, err: err, rewritten: map[string]bool{}}
	return sm
}

// NewSessionManagerOn is a SessionManager on a store the caller keeps open.
func NewSessionManagerOn(store *sessionstore.Store) *SessionManager {
	return &SessionManager{store: store, rewritten: map[string]bool{}}
}

// keep remembers the first error of a call that returns none.
func (sm *SessionManager) keep(err error) {
	if err == nil {
		return
	}
	sm.mu.Lock()
	defer sm.mu.Unlock()
	if sm.err == nil {
		sm.err = err
	}
}

// Err is the first error a call that returns none met; nil if none.
func (sm *SessionManager) Err() error {
	sm.mu.Lock()
	defer sm.mu.Unlock()
	return sm.err
}

func (sm *SessionManager) ready() bool { return sm.store != nil }

// GetOrCreate returns the session, made empty if it did not exist.
func (sm *SessionManager) GetOrCreate(key string) *Session {
	s := &Session{Key: key, Messages: []Message{}, Created: time.Now(), Updated: time.Now()}
	if !sm.ready() {
		return s
	}
	if _, err := sm.store.GetOrCreate(&sessionstore.NewSession{ID: key}); err != nil {
		sm.keep(err)
		return s
	}
	s.Messages = sm.GetHistory(key)
	s.Summary = sm.GetSummary(key)
	rows, _, err := sm.store.List(&sessionstore.ListOptions{IDPrefix: key, IncludeArchived: true})
	sm.keep(err)
	for _, r := range rows {
		if r.ID == key {
			s.Created, _ = time.Parse(time.RFC3339Nano, r.CreatedAt)
			s.Updated, _ = time.Parse(time.RFC3339Nano, r.UpdatedAt)
		}
	}
	return s
}

// AddMessage appends a message of role and content.
func (sm *SessionManager) AddMessage(sessionKey, role, content string) {
	sm.AddFullMessage(sessionKey, Message{Role: role, Content: content})
}

// AddFullMessage appends a message with its tool calls or tool call id;
// durable when it returns. The session is made if it did not exist.
func (sm *SessionManager) AddFullMessage(sessionKey string, msg Message) {
	sm.keep(sm.append(sessionKey, msg))
}

func (sm *SessionManager) append(key string, msg Message) error {
	if !sm.ready() {
		return sm.Err()
	}
	original, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	native, err := codec.Native(original)
	if err != nil {
		return err
	}
	if _, err := sm.store.GetOrCreate(&sessionstore.NewSession{ID: key}); err != nil {
		return err
	}
	w, err := sm.store.Writer(key, &sessionstore.WriterOptions{LockTimeoutMs: 10000})
	if err != nil {
		return err
	}
	_, err = w.Append(native)
	if closed := w.Close(); err == nil {
		err = closed
	}
	return err
}

// GetHistory is the session's messages (after truncation); empty, never
// nil, for a session that does not exist.
func (sm *SessionManager) GetHistory(key string) []Message {
	history := []Message{}
	if !sm.ready() || !sm.exists(key) {
		return history
	}
	messages, _, err := kept.Context(sm.store, key)
	if err != nil {
		sm.keep(err)
		return history
	}
	got, err := kept.Originals[Message](codec, messages)
	sm.keep(err)
	if err != nil {
		return history
	}
	return append(history, got...)
}

func (sm *SessionManager) exists(key string) bool {
	ok, err := sm.store.Exists(key)
	sm.keep(err)
	return ok
}

// GetSummary is the session's summary ("" if none).
func (sm *SessionManager) GetSummary(key string) string {
	if !sm.ready() || !sm.exists(key) {
		return ""
	}
	summary, err := sm.store.GetSummary(key)
	sm.keep(err)
	return summary
}

// SetSummary sets the summary of an existing session.
func (sm *SessionManager) SetSummary(key string, summary string) {
	if sm.ready() && sm.exists(key) {
		sm.keep(sm.store.SetSummary(key, summary))
	}
}

// TruncateHistory keeps the last keepLast messages (none for keepLast <=
// 0); Save then drops the others from the file.
func (sm *SessionManager) TruncateHistory(key string, keepLast int) {
	if !sm.ready() || !sm.exists(key) {
		return
	}
	if keepLast < 0 {
		keepLast = 0
	}
	r, err := sm.store.TruncateHistory(key, keepLast)
	sm.keep(err)
	if err == nil && r.Truncated {
		sm.mark(key)
	}
}

// SetHistory makes history the session's messages.
func (sm *SessionManager) SetHistory(key string, history []Message) {
	if !sm.ready() || !sm.exists(key) {
		return
	}
	natives := make([]json.RawMessage, 0, len(history))
	for _, m := range history {
		original, err := json.Marshal(m)
		if err == nil {
			var native json.RawMessage
			native, err = codec.Native(original)
			natives = append(natives, native)
		}
		if err != nil {
			sm.keep(err)
			return
		}
	}
	if len(natives) == 0 {
		sm.TruncateHistory(key, 0)
		return
	}
	_, err := sm.store.SetHistory(key, natives, false)
	sm.keep(err)
	if err == nil {
		sm.mark(key)
	}
}

func (sm *SessionManager) mark(key string) {
	sm.mu.Lock()
	defer sm.mu.Unlock()
	sm.rewritten[key] = true
}

// Save makes the session's file hold what the session holds: after a
// truncation or SetHistory it rewrites it without the messages they took
// out. Returns the first error of any call before it, and clears it.
func (sm *SessionManager) Save(key string) error {
	sm.mu.Lock()
	err, rewrite := sm.err, sm.rewritten[key]
	sm.err = nil
	delete(sm.rewritten, key)
	sm.mu.Unlock()
	if err != nil || !sm.ready() {
		return err
	}
	if rewrite {
		if _, err := sm.store.Compact(key, false); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the store (if NewSessionManager opened it) and returns
// the error a call before it kept.
func (sm *SessionManager) Close() error {
	err := sm.Err()
	if sm.owned && sm.store != nil {
		sm.store.Close()
	}
	return err
}
