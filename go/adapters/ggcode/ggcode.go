// Package ggcode is ggcode's session Store (Save, Load, List, Delete,
// ExportMarkdown, CleanupOlderThan, and JSONLStore's AppendMessage,
// EnsureMeta, NewSession, Dir, with ggcode's Session and provider.Message
// and their JSON names) kept in sessionstore, so that ggcode swaps its
// session package for this one and changes nothing else.
//
//	store, err := ggcode.NewJSONLStore("/home/me/.ggcode/sessions")
//	ses := ggcode.NewSession("anthropic", "default", "claude-sonnet-4-5")
//	err = store.AppendMessage(ses, ggcode.Message{Role: "user", Content: []ggcode.ContentBlock{{Type: "text", Text: "hi"}}})
//	md, err := store.ExportMarkdown(ses.ID)
//
// What sessionstore does differently, and why:
//   - ggcode's Save rewrote the whole file and its index.json on every
//     call; a crash between the two left them disagreeing. Here Save
//     appends only the messages a session gained (the usual case), and a
//     Save whose messages no longer extend what is stored starts a new
//     branch holding them: the file keeps the old ones, nothing is lost.
//     There is no index to fall out of step: List reads the store's
//     catalog.
//   - AppendMessage is durable (synced) when it returns; ggcode's was not.
//   - Load skipped lines it could not read without a word; they are still
//     skipped, but `sessionstore verify` reports them and `sessionstore
//     repair` mends the session.
//   - The automatic title is the first user text cut at 60 bytes as
//     ggcode's (57 and "..."), but never inside a UTF-8 character.
//   - Messages come back exactly as given: each is stored as a sessionstore
//     message (text, images, tool calls and results as such) with the
//     original kept beside it.
package ggcode

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"sessionstore/go/adapters/kept"
	"sessionstore/go/sessionstore"
)

// ContentBlock and Message are ggcode's provider types, with its JSON
// names.
type ContentBlock struct {
	Type      string          `json:"type"`
	Text      string          `json:"text,omitempty"`
	ImageMIME string          `json:"image_mime,omitempty"`
	ImageData string          `json:"image_data,omitempty"`
	ToolID    string          `json:"tool_id,omitempty"`
	ToolName  string          `json:"tool_name,omitempty"`
	Input     json.RawMessage `json:"input,omitempty"`
	Output    string          `json:"output,omitempty"`
	IsError   bool            `json:"is_error,omitempty"`
}

type Message struct {
	ID      string         `json:"id,omitempty"`
	Role    string         `json:"role"`
	Content []ContentBlock `json:"content"`
}

// Session is ggcode's session.
type Session struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Title     string    `json:"title"`
	Vendor    string    `json:"vendor"`
	Endpoint  string    `json:"endpoint"`
	Model     string    `json:"model"`
	Messages  []Message `json:"messages,omitempty"`
	CostJSON  []byte    `json:"cost,omitempty"`
}

// Store is ggcode's session persistence interface.
type Store interface {
	Save(s *Session) error
	Load(id string) (*Session, error)
	List() ([]*Session, error)
	Delete(id string) error
	ExportMarkdown(id string) (string, error)
	CleanupOlderThan(before time.Time) (int, error)
}

var codec = kept.Codec{Member: "ggcode_message", FromNative: fromNative}

// fromNative is a sessionstore message another program wrote, in ggcode's
// JSON: the inverse of native.
func fromNative(raw []byte) ([]byte, error) {
	var n struct {
		Role    string `json:"role"`
		Content []struct {
			Type      string          `json:"type"`
			Text      string          `json:"text"`
			MediaType string          `json:"media_type"`
			Data      string          `json:"data"`
			ID        string          `json:"id"`
			CallID    string          `json:"call_id"`
			Name      string          `json:"name"`
			Arguments json.RawMessage `json:"arguments"`
			IsError   bool            `json:"is_error"`
			Content   []struct {
				Text string `json:"text"`
			} `json:"content"`
		} `json:"content"`
	}
	if err := json.Unmarshal(raw, &n); err != nil {
		return nil, err
	}
	m := Message{Role: n.Role, Content: []ContentBlock{}}
	for _, b := range n.Content {
		switch b.Type {
		case "text":
			m.Content = append(m.Content, ContentBlock{Type: "text", Text: b.Text})
		case "image":
			m.Content = append(m.Content, ContentBlock{Type: "image", ImageMIME: b.MediaType, ImageData: b.Data})
		case "tool_call":
			m.Content = append(m.Content, ContentBlock{Type: "tool_use", ToolID: b.ID, ToolName: b.Name, Input: b.Arguments})
		case "tool_result":
			var output []string
			for _, c := range b.Content {
				output = append(output, c.Text)
			}
			m.Content = append(m.Content, ContentBlock{Type: "tool_result", ToolID: b.CallID, ToolName: b.Name,
				Output: strings.Join(output, "\n"), IsError: b.IsError})
		}
	}
	return json.Marshal(m)
}

// costRecord is the record type that keeps a session's cost JSON.
const costRecord = "ggcode_cost"

// JSONLStore is ggcode's Store over a sessionstore store.
type JSONLStore struct {
	dir   string
	store *sessionstore.Store
}

var _ Store = (*JSONLStore)(nil)

// NewJSONLStore opens (making it if needed) the store at dir; any location
// sessionstore opens works.
func NewJSONLStore(dir string) (*JSONLStore, error) {
	store, err := sessionstore.Open(dir, nil)
	if err != nil {
		return nil, fmt.Errorf("creating session directory %s: %w", dir, err)
	}
	return &JSONLStore{dir: dir, store: store}, nil
}

// Close releases the store.
func (s *JSONLStore) Close() error { return s.store.Close() }

// Dir is where the store is.
func (s *JSONLStore) Dir() string { return s.dir }

// NewSession is a new session (not yet stored) with ggcode's id and title.
func NewSession(vendor, endpoint, model string) *Session {
	now := time.Now()
	b := make([]byte, 8)
	rand.Read(b)
	return &Session{ID: now.Format("20060102-150405") + "-" + hex.EncodeToString(b), CreatedAt: now, UpdatedAt: now,
		Vendor: vendor, Endpoint: endpoint, Model: model, Title: "New session"}
}

// native is m as a sessionstore message.
func native(m Message) map[string]any {
	var content []map[string]any
	for _, b := range m.Content {
		switch b.Type {
		case "text":
			content = append(content, map[string]any{"type": "text", "text": b.Text})
		case "image":
			content = append(content, map[string]any{"type": "image", "media_type": b.ImageMIME, "data": b.ImageData})
		case "tool_use":
			args := b.Input
			if len(args) == 0 {
				args = json.RawMessage(`{}`)
			}
			content = append(content, map[string]any{"type": "tool_call", "id": b.ToolID, "name": b.ToolName, "arguments": args})
		case "tool_result":
			content = append(content, map[string]any{"type": "tool_result", "call_id": b.ToolID, "name": b.ToolName,
				"content": []map[string]any{{"type": "text", "text": b.Output}}, "is_error": b.IsError})
		default:
			content = append(content, map[string]any{"type": "ggcode_" + b.Type})
		}
	}
	if len(content) == 0 {
		content = append(content, map[string]any{"type": "text", "text": ""})
	}
	return map[string]any{"role": m.Role, "content": content}
}

func line(m Message) (json.RawMessage, error) {
	original, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return codec.Keep(native(m), original)
}

// EnsureMeta stores the session (without messages) if it is not stored.
func (s *JSONLStore) EnsureMeta(ses *Session) error {
	metadata, _ := json.Marshal(map[string]string{"ggcode_endpoint": ses.Endpoint})
	_, err := s.store.GetOrCreate(&sessionstore.NewSession{ID: ses.ID, Title: ses.Title, Model: ses.Model,
		Provider: ses.Vendor, Metadata: metadata})
	return err
}

// append appends messages, then the records the session's state needs.
func (s *JSONLStore) append(id string, messages []Message, records []any) error {
	lines := make([]json.RawMessage, 0, len(messages))
	for _, m := range messages {
		l, err := line(m)
		if err != nil {
			return err
		}
		lines = append(lines, l)
	}
	w, err := s.store.Writer(id, &sessionstore.WriterOptions{LockTimeoutMs: 10000})
	if err != nil {
		return err
	}
	if len(lines) > 0 {
		_, err = w.AppendBatch(lines)
	}
	for _, r := range records {
		if err == nil {
			_, err = w.AppendRecord(r)
		}
	}
	if closed := w.Close(); err == nil {
		err = closed
	}
	return err
}

// AppendMessage appends msg to the session (stored first if it is not),
// durable when it returns, and names the session after its first user
// text if it has no title of its own.
func (s *JSONLStore) AppendMessage(ses *Session, msg Message) error {
	if err := s.EnsureMeta(ses); err != nil {
		return err
	}
	if err := s.append(ses.ID, []Message{msg}, nil); err != nil {
		return err
	}
	ses.Messages = append(ses.Messages, msg)
	ses.UpdatedAt = time.Now()
	if ses.Title == "" || ses.Title == "New session" {
		if title := autoTitle(ses.Messages); title != "" {
			ses.Title = title
			return s.store.Rename(ses.ID, title)
		}
	}
	return nil
}

func autoTitle(messages []Message) string {
	for _, m := range messages {
		if m.Role != "user" {
			continue
		}
		for _, b := range m.Content {
			if b.Type == "text" && b.Text != "" {
				if len(b.Text) <= 60 {
					return b.Text
				}
				cut := 57
				for cut > 0 && !utf8.RuneStart(b.Text[cut]) {
					cut--
				}
				return b.Text[:cut] + "..."
			}
		}
		return ""
	}
	return ""
}

// Save makes the stored session what ses holds: its title, model and cost,
// and its messages (appended when they extend the stored ones, else a new
// branch holding exactly them).
func (s *JSONLStore) Save(ses *Session) error {
	ses.UpdatedAt = time.Now()
	if err := s.EnsureMeta(ses); err != nil {
		return err
	}
	stored, err := s.Load(ses.ID)
	if err != nil {
		return err
	}
	var records []any
	if ses.Model != stored.Model || ses.Vendor != stored.Vendor {
		records = append(records, map[string]string{"type": "model_change", "model": ses.Model, "provider": ses.Vendor})
	}
	if len(ses.CostJSON) > 0 && string(ses.CostJSON) != string(stored.CostJSON) {
		records = append(records, map[string]any{"type": costRecord, "cost": json.RawMessage(ses.CostJSON)})
	}
	n := len(stored.Messages)
	if n <= len(ses.Messages) && reflect.DeepEqual(stored.Messages, ses.Messages[:n]) {
		err = s.append(ses.ID, ses.Messages[n:], records)
	} else {
		lines := make([]json.RawMessage, 0, len(ses.Messages))
		for _, m := range ses.Messages {
			l, lerr := line(m)
			if lerr != nil {
				return lerr
			}
			lines = append(lines, l)
		}
		if _, err = s.store.SetHistory(ses.ID, lines, false); err == nil && len(records) > 0 {
			err = s.append(ses.ID, nil, records)
		}
	}
	if err == nil && ses.Title != stored.Title {
		err = s.store.Rename(ses.ID, ses.Title)
	}
	return err
}

// Load is the stored session.
func (s *JSONLStore) Load(id string) (*Session, error) {
	loaded, err := s.store.Load(id)
	if err != nil {
		if errors.Is(err, sessionstore.ErrNotFound) {
			return nil, fmt.Errorf("session %s not found: %w", id, err)
		}
		return nil, err
	}
	var h struct {
		Created  string `json:"created"`
		Model    string `json:"model"`
		Provider string `json:"provider"`
		Metadata struct {
			Endpoint string `json:"ggcode_endpoint"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(loaded.Header, &h); err != nil {
		return nil, err
	}
	ses := &Session{ID: id, Vendor: h.Provider, Endpoint: h.Metadata.Endpoint, Model: h.Model}
	ses.CreatedAt, _ = time.Parse(time.RFC3339Nano, h.Created)
	ses.UpdatedAt = ses.CreatedAt
	for _, e := range loaded.Entries {
		var r struct {
			Type     string          `json:"type"`
			Ts       string          `json:"ts"`
			Model    string          `json:"model"`
			Provider string          `json:"provider"`
			Cost     json.RawMessage `json:"cost"`
		}
		if json.Unmarshal(e, &r) != nil {
			continue
		}
		if t, err := time.Parse(time.RFC3339Nano, r.Ts); err == nil && t.After(ses.UpdatedAt) {
			ses.UpdatedAt = t
		}
		switch r.Type {
		case "model_change":
			ses.Model, ses.Vendor = r.Model, r.Provider
		case costRecord:
			ses.CostJSON = []byte(r.Cost)
		}
	}
	if ses.Title, err = s.store.Title(id); err != nil {
		return nil, err
	}
	natives, _, err := kept.Context(s.store, id)
	if err != nil {
		return nil, err
	}
	if ses.Messages, err = kept.Originals[Message](codec, natives); err != nil {
		return nil, err
	}
	if len(ses.Messages) == 0 {
		ses.Messages = nil
	}
	return ses, nil
}

// List is every session (without messages), the most recently updated first.
func (s *JSONLStore) List() ([]*Session, error) {
	rows, err := s.store.ListAll(nil)
	if err != nil {
		return nil, err
	}
	out := make([]*Session, 0, len(rows))
	for _, r := range rows {
		created, _ := time.Parse(time.RFC3339Nano, r.CreatedAt)
		updated, _ := time.Parse(time.RFC3339Nano, r.UpdatedAt)
		out = append(out, &Session{ID: r.ID, Title: r.Title, CreatedAt: created, UpdatedAt: updated, Vendor: r.Provider,
			Model: r.Model})
	}
	return out, nil
}

// Delete removes the session; none is no error.
func (s *JSONLStore) Delete(id string) error {
	if err := s.store.Delete(id); err != nil && !errors.Is(err, sessionstore.ErrNotFound) {
		return err
	}
	return nil
}

// CleanupOlderThan deletes the sessions not updated since before; how many.
func (s *JSONLStore) CleanupOlderThan(before time.Time) (int, error) {
	removed, err := s.store.CleanupOlderThan(before.UnixMilli(), false)
	return len(removed), err
}

// ExportMarkdown renders the session as ggcode did: a title, the session's
// facts, then each message under its role with text, tool calls (their
// input as JSON) and tool results (with their error flag).
func (s *JSONLStore) ExportMarkdown(id string) (string, error) {
	ses, err := s.Load(id)
	if err != nil {
		return "", err
	}
	return ExportSessionMarkdown(ses), nil
}

// ExportSessionMarkdown renders a session to Markdown.
func ExportSessionMarkdown(ses *Session) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n**Session:** %s\n**Created:** %s\n**Updated:** %s\n", ses.Title, ses.ID,
		ses.CreatedAt.Format(time.RFC3339), ses.UpdatedAt.Format(time.RFC3339))
	if ses.Vendor != "" {
		b.WriteString("**Vendor:** " + ses.Vendor)
		for _, more := range []string{ses.Endpoint, ses.Model} {
			if more != "" {
				b.WriteString(" / " + more)
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "**Messages:** %d\n\n---\n\n", len(ses.Messages))
	for _, m := range ses.Messages {
		role := m.Role
		if role != "" {
			role = strings.ToUpper(role[:1]) + role[1:]
		}
		fmt.Fprintf(&b, "## %s\n\n", role)
		for _, c := range m.Content {
			switch c.Type {
			case "text":
				b.WriteString(c.Text + "\n\n")
			case "tool_use":
				fmt.Fprintf(&b, "**Tool Call:** `%s`\n", c.ToolName)
				if c.Input != nil {
					fmt.Fprintf(&b, "```json\n%s\n```\n", c.Input)
				}
				b.WriteString("\n")
			case "tool_result":
				fmt.Fprintf(&b, "**Tool Result** (error=%v):\n```\n%s\n```\n\n", c.IsError, c.Output)
			}
		}
		b.WriteString("---\n\n")
	}
	return b.String()
}
