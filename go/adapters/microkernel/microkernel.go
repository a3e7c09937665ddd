// Package microkernel is the microkernel agent's JSONLStore (Save, Load,
// List, Exists, Archive, Delete, StorageDir, and its SessionMessage) kept
// in sessionstore, so that the agent swaps its store for this one and
// changes nothing else.
//
//	store, err := microkernel.NewJSONLStore("/var/lib/agent/sessions")
//	err = store.Save("s1", microkernel.SessionMessage{Role: "user", Content: "hi", Timestamp: time.Now()})
//	messages, err := store.Load("s1")
//
// What sessionstore does differently, and why:
//   - Save is durable when it returns (the original wrote without a sync)
//     and one writer at a time appends to a session, across processes.
//   - Load gave up on a session at its first line that did not read;
//     here such a line is skipped and the rest is returned, and nothing is
//     lost: `sessionstore verify` names it with file and line and
//     `sessionstore repair` mends it.
//   - Archived sessions are sessionstore's archive (<store>/archive/), not
//     "<id>.jsonl.archived" beside the live ones; Load and Exists see them,
//     List does not, as before.
//   - Messages come back exactly as given: each is stored as a sessionstore
//     message (its tool calls as tool calls, a tool's answer as a tool
//     result) with the original kept beside it.
//
// Safe for use by several goroutines and processes.
package microkernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"sessionstore/go/adapters/kept"
	"sessionstore/go/sessionstore"
)

// SessionMessage and ToolCall are the store's message types, with its JSON
// names.
type SessionMessage struct {
	Role       string     `json:"role"`
	Content    string     `json:"content"`
	ToolCalls  []ToolCall `json:"tool_calls,omitempty"`
	ToolCallID string     `json:"tool_call_id,omitempty"`
	Timestamp  time.Time  `json:"timestamp"`
}

type ToolCall struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}

var codec = kept.Codec{Member: "microkernel_message", FromNative: fromNative}

// fromNative is a sessionstore message another program wrote, in the
// store's JSON: the inverse of native.
func fromNative(raw []byte) ([]byte, error) {
	var n struct {
		Role    string `json:"role"`
		Content []struct {
			Type      string          `json:"type"`
			Text      string          `json:"text"`
			ID        string          `json:"id"`
			CallID    string          `json:"call_id"`
			Name      string          `json:"name"`
			Arguments json.RawMessage `json:"arguments"`
			Content   []struct {
				Text string `json:"text"`
			} `json:"content"`
		} `json:"content"`
	}
	if err := json.Unmarshal(raw, &n); err != nil {
		return nil, err
	}
	m := SessionMessage{Role: n.Role}
	var text []string
	for _, b := range n.Content {
		switch b.Type {
		case "text":
			text = append(text, b.Text)
		case "tool_call":
			m.ToolCalls = append(m.ToolCalls, ToolCall{ID: b.ID, Name: b.Name, Arguments: b.Arguments})
		case "tool_result":
			m.ToolCallID = b.CallID
			for _, c := range b.Content {
				text = append(text, c.Text)
			}
		}
	}
	m.Content = strings.Join(text, "\n")
	return json.Marshal(m)
}

// JSONLStore is the microkernel agent's store over a sessionstore store.
type JSONLStore struct {
	dir   string
	store *sessionstore.Store
}

// NewJSONLStore opens (making it if needed) the store at storageDir; any
// location sessionstore opens works.
func NewJSONLStore(storageDir string) (*JSONLStore, error) {
	store, err := sessionstore.Open(storageDir, nil)
	if err != nil {
		return nil, fmt.Errorf("failed to create session storage directory %q: %w", storageDir, err)
	}
	return &JSONLStore{dir: storageDir, store: store}, nil
}

// Close releases the store.
func (s *JSONLStore) Close() error { return s.store.Close() }

// native is msg as a sessionstore message: text, tool calls as tool_call
// blocks, a tool's answer as a tool_result block.
func native(msg SessionMessage) map[string]any {
	var content []map[string]any
	if msg.ToolCallID != "" {
		content = append(content, map[string]any{"type": "tool_result", "call_id": msg.ToolCallID,
			"content": []map[string]any{{"type": "text", "text": msg.Content}}})
	} else {
		content = append(content, map[string]any{"type": "text", "text": msg.Content})
	}
	for _, c := range msg.ToolCalls {
		args := c.Arguments
		if len(args) == 0 || json.Valid(args) && args[0] != '{' {
			args = json.RawMessage(`{}`)
		}
		content = append(content, map[string]any{"type": "tool_call", "id": c.ID, "name": c.Name, "arguments": args})
	}
	role := msg.Role
	if role == "" {
		role = "user"
	}
	return map[string]any{"role": role, "content": content}
}

// Save appends msg to the session, made if it does not exist; durable when
// it returns.
func (s *JSONLStore) Save(sessionID string, msg SessionMessage) error {
	original, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("failed to marshal session message: %w", err)
	}
	line, err := codec.Keep(native(msg), original)
	if err != nil {
		return fmt.Errorf("failed to marshal session message: %w", err)
	}
	if _, err := s.store.GetOrCreate(&sessionstore.NewSession{ID: sessionID}); err != nil {
		return fmt.Errorf("failed to open session file for %q: %w", sessionID, err)
	}
	w, err := s.store.Writer(sessionID, &sessionstore.WriterOptions{LockTimeoutMs: 10000})
	if err != nil {
		return fmt.Errorf("failed to open session file for %q: %w", sessionID, err)
	}
	_, err = w.Append(line)
	if closed := w.Close(); err == nil {
		err = closed
	}
	if err != nil {
		return fmt.Errorf("failed to write session message: %w", err)
	}
	return nil
}

// Load is the session's messages, live or archived.
func (s *JSONLStore) Load(sessionID string) ([]SessionMessage, error) {
	messages, _, err := kept.Context(s.store, sessionID)
	if err != nil {
		if errors.Is(err, sessionstore.ErrNotFound) {
			return nil, fmt.Errorf("session %q not found: %w", sessionID, err)
		}
		return nil, fmt.Errorf("failed to read session file for %q: %w", sessionID, err)
	}
	if len(messages) == 0 {
		return nil, nil
	}
	return kept.Originals[SessionMessage](codec, messages)
}

// List is the ids of the live sessions (not the archived ones).
func (s *JSONLStore) List() ([]string, error) {
	rows, err := s.store.ListAll(nil)
	if err != nil {
		return nil, fmt.Errorf("failed to read storage directory %q: %w", s.dir, err)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return ids, nil
}

// Exists says whether the session exists, live or archived.
func (s *JSONLStore) Exists(sessionID string) (bool, error) {
	ok, err := s.store.Exists(sessionID)
	if err != nil {
		return false, fmt.Errorf("failed to check session %q: %w", sessionID, err)
	}
	return ok, nil
}

// Archive moves the session out of List; Load and Exists still see it.
func (s *JSONLStore) Archive(sessionID string) error {
	if err := s.store.Archive(sessionID); err != nil {
		if errors.Is(err, sessionstore.ErrNotFound) {
			return fmt.Errorf("session %q not found: %w", sessionID, err)
		}
		return fmt.Errorf("failed to archive session %q: %w", sessionID, err)
	}
	return nil
}

// Delete removes the session, live or archived; none is no error.
func (s *JSONLStore) Delete(sessionID string) error {
	if err := s.store.Delete(sessionID); err != nil && !errors.Is(err, sessionstore.ErrNotFound) {
		return fmt.Errorf("failed to delete session %q: %w", sessionID, err)
	}
	return nil
}

// StorageDir is where the store is.
func (s *JSONLStore) StorageDir() string { return s.dir }
