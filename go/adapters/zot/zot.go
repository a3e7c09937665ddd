// Package zot is zot's session package (NewSession, OpenSession,
// LatestSession, ListSessions, DescribeSessions, and Session's
// AppendMessage, UpdateModel, AppendUsage, Close, with zot's provider types
// and JSON names) kept in sessionstore, so that zot swaps its session
// package for this one and changes nothing else.
//
//	s, err := zot.NewSession(root, cwd, "anthropic", "claude-sonnet-4-5", "0.9.0")
//	err = s.AppendMessage(zot.Message{Role: zot.RoleUser, Content: []zot.Content{zot.TextBlock{Text: "hi"}}})
//	err = s.Close()
//	s, messages, err := zot.OpenSession(zot.LatestSession(root, cwd))
//
// What sessionstore does differently, and why:
//   - The store is <root>/sessionstore (zot's own files under
//     <root>/sessions stay as they are; `sessionstore import` brings them
//     in). A session's Path is its file in the store; the working
//     directory is the session's workspace, not a hashed directory.
//   - A session's writer holds the session from NewSession or OpenSession
//     to Close: a second zot resuming the same session gets an error
//     naming the holder instead of interleaving lines. Each append is
//     written before it returns, as zot's were (flushed, not synced).
//   - OpenSession skipped lines it could not read without a word; they are
//     still skipped, but `sessionstore verify` reports them and `sessionstore
//     repair` mends the session.
//   - Messages come back exactly as given: each is stored as a sessionstore
//     message (text, images, tool calls and results as such) with the
//     original kept beside it. Model switches are model_change records and
//     usage rows are usage records, so `sessionstore stats` counts them.
package zot

import (
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"time"

	"sessionstore/go/adapters/kept"
	"sessionstore/go/sessionstore"
)

// Role, the content blocks, Message and Usage are zot's provider types,
// with its JSON names.
type Role string

const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	RoleTool      Role = "tool"
)

type Content interface{ isContent() }

type TextBlock struct {
	Text string `json:"text"`
}

type ImageBlock struct {
	MimeType string `json:"mime_type"`
	Data     []byte `json:"data"`
}

type ToolCallBlock struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}

type ToolResultBlock struct {
	CallID  string    `json:"call_id"`
	Content []Content `json:"content"`
	IsError bool      `json:"is_error"`
}

func (TextBlock) isContent()       {}
func (ImageBlock) isContent()      {}
func (ToolCallBlock) isContent()   {}
func (ToolResultBlock) isContent() {}

type Message struct {
	Role    Role      `json:"role"`
	Content []Content `json:"content"`
	Time    time.Time `json:"time"`
}

type Usage struct {
	InputTokens      int     `json:"input_tokens"`
	OutputTokens     int     `json:"output_tokens"`
	CacheReadTokens  int     `json:"cache_read_tokens"`
	CacheWriteTokens int     `json:"cache_write_tokens"`
	CostUSD          float64 `json:"cost_usd"`
}

// SessionMeta is what a session was started with (its model and provider
// as last switched).
type SessionMeta struct {
	ID       string    `json:"id"`
	CWD      string    `json:"cwd"`
	Model    string    `json:"model"`
	Provider string    `json:"provider"`
	Started  time.Time `json:"started"`
	Version  string    `json:"version"`
}

// Session is an open session; Close it.
type Session struct {
	ID     string
	Path   string
	Meta   SessionMeta
	store  *sessionstore.Store
	writer *sessionstore.Writer
}

// SessionSummary describes one session for a picker.
type SessionSummary struct {
	Path          string
	Started       time.Time
	Model         string
	Provider      string
	MessageCount  int
	FirstUserText string
	TotalCost     float64
}

var codec = kept.Codec{Member: "zot_message", Shape: "native"}

// StoreDir is where the sessions of root are: <root>/sessionstore.
func StoreDir(root string) string { return filepath.Join(root, "sessionstore") }

// SessionsDir is kept for zot's callers: the store directory (every
// working directory's sessions are in it, told apart by workspace).
func SessionsDir(root, cwd string) string { return StoreDir(root) }

// NewSession creates a session for cwd and opens it for appending.
func NewSession(root, cwd, providerName, model, version string) (*Session, error) {
	store, err := sessionstore.Open(StoreDir(root), nil)
	if err != nil {
		return nil, err
	}
	metadata, _ := json.Marshal(map[string]string{"zot_version": version})
	id, err := store.Create(&sessionstore.NewSession{Workspace: cwd, Model: model, Provider: providerName,
		Metadata: metadata})
	if err != nil {
		store.Close()
		return nil, err
	}
	return open(store, id, SessionMeta{ID: id, CWD: cwd, Model: model, Provider: providerName,
		Started: time.Now().UTC(), Version: version})
}

func open(store *sessionstore.Store, id string, meta SessionMeta) (*Session, error) {
	path, err := store.Place(id)
	if err == nil {
		var w *sessionstore.Writer
		w, err = store.Writer(id, &sessionstore.WriterOptions{Durability: "process"})
		if err == nil {
			return &Session{ID: id, Path: path, Meta: meta, store: store, writer: w}, nil
		}
	}
	store.Close()
	return nil, err
}

// locate is the store and session of a session file's path.
func locate(path string) (*sessionstore.Store, string, error) {
	if !strings.HasSuffix(path, ".jsonl") {
		return nil, "", &sessionstore.Error{Code: sessionstore.CodeInvalidArgument, Line: -1, Offset: -1,
			Message: "Invalid argument: not a session file: " + path}
	}
	id := strings.TrimSuffix(filepath.Base(path), ".jsonl")
	store, err := sessionstore.Open(filepath.Dir(filepath.Dir(path)), &sessionstore.Options{CreateIfMissing: new(bool)})
	return store, id, err
}

// OpenSession opens the session at path (from ListSessions or
// LatestSession) for appending, with its messages.
func OpenSession(path string) (*Session, []Message, error) {
	store, id, err := locate(path)
	if err != nil {
		return nil, nil, err
	}
	meta, err := describe(store, id)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	natives, _, err := kept.Context(store, id)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	var messages []Message
	for _, n := range natives {
		var fields map[string]json.RawMessage
		if json.Unmarshal(n, &fields) != nil {
			continue
		}
		original, ok := fields[codec.Member]
		if !ok {
			original = n // a message another tool wrote: sessionstore's blocks read the same way
		}
		if m, err := hydrate(original); err == nil && len(m.Content) > 0 {
			messages = append(messages, m)
		}
	}
	s, err := open(store, id, meta)
	return s, messages, err
}

func describe(store *sessionstore.Store, id string) (SessionMeta, error) {
	loaded, err := store.Load(id)
	if err != nil {
		return SessionMeta{}, err
	}
	var h struct {
		ID        string `json:"id"`
		Workspace string `json:"workspace"`
		Model     string `json:"model"`
		Provider  string `json:"provider"`
		Created   string `json:"created"`
		Metadata  struct {
			Version string `json:"zot_version"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(loaded.Header, &h); err != nil {
		return SessionMeta{}, err
	}
	started, _ := time.Parse(time.RFC3339Nano, h.Created)
	meta := SessionMeta{ID: h.ID, CWD: h.Workspace, Model: h.Model, Provider: h.Provider, Started: started.UTC(),
		Version: h.Metadata.Version}
	for _, e := range loaded.Entries { // the latest model switch wins
		var change struct {
			Type     string `json:"type"`
			Model    string `json:"model"`
			Provider string `json:"provider"`
		}
		if json.Unmarshal(e, &change) == nil && change.Type == "model_change" {
			meta.Model, meta.Provider = change.Model, change.Provider
		}
	}
	return meta, nil
}

// native is m as a sessionstore message.
func native(m Message) map[string]any {
	return map[string]any{"role": string(m.Role), "content": blocks(m.Content)}
}

func blocks(content []Content) []map[string]any {
	out := []map[string]any{}
	for _, c := range content {
		switch b := c.(type) {
		case TextBlock:
			out = append(out, map[string]any{"type": "text", "text": b.Text})
		case ImageBlock:
			out = append(out, map[string]any{"type": "image", "media_type": b.MimeType,
				"data": base64.StdEncoding.EncodeToString(b.Data)})
		case ToolCallBlock:
			args := b.Arguments
			if len(args) == 0 {
				args = json.RawMessage(`{}`)
			}
			out = append(out, map[string]any{"type": "tool_call", "id": b.ID, "name": b.Name, "arguments": args})
		case ToolResultBlock:
			out = append(out, map[string]any{"type": "tool_result", "call_id": b.CallID, "content": blocks(b.Content),
				"is_error": b.IsError})
		}
	}
	if len(out) == 0 {
		out = append(out, map[string]any{"type": "text", "text": ""})
	}
	return out
}

// AppendMessage writes a message to the session.
func (s *Session) AppendMessage(m Message) error {
	if s == nil {
		return nil
	}
	original, err := json.Marshal(m)
	if err != nil {
		return err
	}
	line, err := codec.Keep(native(m), original)
	if err != nil {
		return err
	}
	_, err = s.writer.Append(line)
	return err
}

// UpdateModel records a switch of provider and model.
func (s *Session) UpdateModel(providerName, model string) error {
	if s == nil {
		return nil
	}
	s.Meta.Provider, s.Meta.Model = providerName, model
	_, err := s.writer.AppendRecord(map[string]string{"type": "model_change", "model": model, "provider": providerName})
	return err
}

// AppendUsage records a turn's usage and the session's running total.
func (s *Session) AppendUsage(u, cum Usage) error {
	if s == nil {
		return nil
	}
	_, err := s.writer.AppendRecord(map[string]any{
		"type": "usage",
		"usage": map[string]any{"input": u.InputTokens, "output": u.OutputTokens, "cache_read": u.CacheReadTokens,
			"cache_write": u.CacheWriteTokens, "cost_usd": u.CostUSD},
		"zot_cumulative": cum,
	})
	return err
}

// Close lets the session go.
func (s *Session) Close() error {
	if s == nil {
		return nil
	}
	err := s.writer.Close()
	s.store.Close()
	return err
}

// LatestSession is the path of cwd's most recent session, or "".
func LatestSession(root, cwd string) string {
	paths := ListSessions(root, cwd)
	if len(paths) == 0 {
		return ""
	}
	return paths[0]
}

// ListSessions is the paths of cwd's sessions, newest first.
func ListSessions(root, cwd string) []string {
	var paths []string
	for _, r := range rows(root, cwd) {
		paths = append(paths, r.path)
	}
	return paths
}

type row struct {
	info sessionstore.SessionInfo
	path string
}

func rows(root, cwd string) []row {
	store, err := sessionstore.Open(StoreDir(root), &sessionstore.Options{CreateIfMissing: new(bool)})
	if err != nil {
		return nil
	}
	defer store.Close()
	infos, err := store.ListAll(&sessionstore.ListOptions{Workspace: cwd, Sort: "created"})
	if err != nil {
		return nil
	}
	var out []row
	for _, info := range infos {
		if path, err := store.Place(info.ID); err == nil {
			out = append(out, row{info: info, path: path})
		}
	}
	return out
}

// DescribeSessions summarises cwd's sessions, newest first, from the
// store's catalog and each session's first user message.
func DescribeSessions(root, cwd string) []SessionSummary {
	store, err := sessionstore.Open(StoreDir(root), &sessionstore.Options{CreateIfMissing: new(bool)})
	if err != nil {
		return nil
	}
	defer store.Close()
	summaries := []SessionSummary{}
	for _, r := range rows(root, cwd) {
		started, _ := time.Parse(time.RFC3339Nano, r.info.CreatedAt)
		s := SessionSummary{Path: r.path, Started: started.UTC(), Model: r.info.Model, Provider: r.info.Provider,
			MessageCount: r.info.Messages, TotalCost: r.info.CostUSD}
		_ = store.Entries(r.info.ID, 0, func(e json.RawMessage) bool {
			var line struct {
				Type    string `json:"type"`
				Message struct {
					Role    string `json:"role"`
					Content []struct {
						Text string `json:"text"`
					} `json:"content"`
				} `json:"message"`
			}
			if json.Unmarshal(e, &line) != nil || line.Type != "message" || line.Message.Role != "user" {
				return true
			}
			for _, c := range line.Message.Content {
				if c.Text != "" {
					s.FirstUserText = c.Text
					return false
				}
			}
			return true
		})
		summaries = append(summaries, s)
	}
	return summaries
}

// hydrate rebuilds a message from its JSON, telling the blocks apart by
// their fields, as zot does.
func hydrate(raw []byte) (Message, error) {
	var m struct {
		Role    Role              `json:"role"`
		Content []json.RawMessage `json:"content"`
		Time    time.Time         `json:"time"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return Message{}, err
	}
	content, err := hydrateBlocks(m.Content)
	return Message{Role: m.Role, Content: content, Time: m.Time}, err
}

func hydrateBlocks(raws []json.RawMessage) ([]Content, error) {
	var out []Content
	for _, raw := range raws {
		var b struct {
			Type      string            `json:"type"` // sessionstore's blocks have one; zot's do not
			Text      *string           `json:"text"`
			MimeType  string            `json:"mime_type"`
			MediaType string            `json:"media_type"`
			Data      json.RawMessage   `json:"data"`
			ID        string            `json:"id"`
			Name      string            `json:"name"`
			Arguments json.RawMessage   `json:"arguments"`
			CallID    string            `json:"call_id"`
			Content   []json.RawMessage `json:"content"`
			IsError   bool              `json:"is_error"`
		}
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, err
		}
		switch {
		case b.Name != "" && b.ID != "":
			out = append(out, ToolCallBlock{ID: b.ID, Name: b.Name, Arguments: b.Arguments})
		case b.CallID != "":
			inner, err := hydrateBlocks(b.Content)
			if err != nil {
				return nil, err
			}
			out = append(out, ToolResultBlock{CallID: b.CallID, Content: inner, IsError: b.IsError})
		case b.MimeType != "" || b.MediaType != "":
			var data []byte
			if b.MimeType != "" {
				if err := json.Unmarshal(b.Data, &data); err != nil {
					return nil, err
				}
			} else {
				var text string
				if err := json.Unmarshal(b.Data, &text); err != nil {
					return nil, err
				}
				decoded, err := base64.StdEncoding.DecodeString(text)
				if err != nil {
					return nil, err
				}
				data = decoded
			}
			out = append(out, ImageBlock{MimeType: b.MimeType + b.MediaType, Data: data})
		case b.Text != nil:
			out = append(out, TextBlock{Text: *b.Text})
		}
	}
	return out, nil
}
