// Package sessionstore is sessionstore's store for Go, over its C API
// (libsessionstore.so.0, found with pkg-config): durable JSONL sessions of
// LLM agents — append, resume, list, search, branch, compact — on a
// directory of files, PostgreSQL ("postgresql://...") or "memory:name".
//
//	store, err := sessionstore.Open("/home/me/.local/share/sessionstore", nil)
//	id, err := store.Create(&sessionstore.NewSession{Workspace: "/src/app"})
//	w, err := store.Writer(id, nil)
//	entryID, err := w.Append(map[string]any{"role": "user", "content": "hi"})
//	err = w.Close()
//	ctx, err := store.Context(id, &sessionstore.ContextOptions{Shape: "openai-chat"})
//
// Messages go in as JSON (a []byte, a string, a json.RawMessage, or any
// value encoding/json encodes) in any shape the library reads:
// sessionstore's own, Anthropic Messages, OpenAI Chat Completions, OpenAI
// Responses items. What comes back is JSON: entries as their lines,
// listing rows, search hits (doc/format.md).
//
// A Store and a Writer may be used from any number of goroutines. Every
// failure is an *Error, which errors.Is matches against ErrNotFound,
// ErrBusy, ... Close what you open: calls on a closed handle (a second
// Close of a writer too) fail with ErrFailedPrecondition.
package sessionstore

/*
#cgo pkg-config: sessionstore
#include <stdlib.h>
#include <sessionstore/c.h>
*/
import "C"

import (
	"encoding/json"
	"runtime"
	"strings"
	"unsafe"
)

// cString is s for the C API; an error if it holds a NUL, which C would
// cut it at.
func cString(s string, what string) (*C.char, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, invalid("%s holds a NUL character", what)
	}
	return C.CString(s), nil
}

// cJSON is v as JSON text for the C API: []byte, string and
// json.RawMessage as they are, anything else encoded; nil for a nil v.
func cJSON(v any, what string) (*C.char, error) {
	var text string
	switch t := v.(type) {
	case nil:
		return nil, nil
	case string:
		text = t
	case []byte:
		text = string(t)
	case json.RawMessage:
		text = string(t)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return nil, invalid("%s: %v", what, err)
		}
		text = string(b)
	}
	return cString(text, what)
}

func free(p *C.char) {
	if p != nil {
		C.free(unsafe.Pointer(p))
	}
}

// takeText is a char* the C API returned, freed.
func takeText(p *C.char) string {
	defer C.sessionstore_free(unsafe.Pointer(p))
	return C.GoString(p)
}

// Store is an open store. Close it when done.
type Store struct {
	h *C.sessionstore_store_t
}

// Options of Open; nil for the defaults.
type Options struct {
	CreateIfMissing *bool `json:"create_if_missing,omitempty"` // default true
	SearchThinking  bool  `json:"search_thinking,omitempty"`
	VerifyEveryFile bool  `json:"verify_every_file,omitempty"`
	Strict          bool  `json:"strict,omitempty"` // a line that does not read fails the read
	MaxLineBytes    int64 `json:"max_line_bytes,omitempty"`
	// Redact replaces the secrets found in what the store writes (API keys,
	// tokens, private keys, passwords) with [REDACTED:<kind>] before it is
	// stored; RedactPatterns names a file of more detectors (one a line: a
	// name, blanks, an RE2 pattern) and implies Redact.
	Redact         bool   `json:"redact,omitempty"`
	RedactPatterns string `json:"redact_patterns,omitempty"`
}

// Open opens the store at location: a directory, "postgresql://..." or
// "memory:name".
func Open(location string, opts *Options) (*Store, error) {
	loc, err := cString(location, "location")
	if err != nil {
		return nil, err
	}
	defer free(loc)
	o, err := cJSON(optional(opts), "store options")
	if err != nil {
		return nil, err
	}
	defer free(o)
	var cerr *C.sessionstore_error_t
	h := C.sessionstore_open(loc, o, &cerr)
	if err := takeError(cerr); err != nil {
		return nil, err
	}
	s := &Store{h: h}
	runtime.SetFinalizer(s, func(s *Store) { C.sessionstore_store_destroy(s.h) })
	return s, nil
}

// optional is opts, or nil for a nil pointer (so that no JSON is sent).
func optional[T any](opts *T) any {
	if opts == nil {
		return nil
	}
	return opts
}

// Close releases the store. Writers opened from it stay usable.
func (s *Store) Close() error {
	C.sessionstore_store_close(s.h)
	return nil
}

// NewSession is what Create takes; every field is optional.
type NewSession struct {
	ID        string          `json:"id,omitempty"` // "": a new UUIDv7
	Workspace string          `json:"workspace,omitempty"`
	Title     string          `json:"title,omitempty"`
	Model     string          `json:"model,omitempty"`
	Provider  string          `json:"provider,omitempty"`
	Metadata  json.RawMessage `json:"metadata,omitempty"` // a JSON object of the application's
}

// call runs f with the error out-parameter and returns its error.
func call(f func(*(*C.sessionstore_error_t))) error {
	var cerr *C.sessionstore_error_t
	f(&cerr)
	return takeError(cerr)
}

// textCall runs a call that returns a char*; the text, or the error.
func textCall(f func(*(*C.sessionstore_error_t)) *C.char) (string, error) {
	var cerr *C.sessionstore_error_t
	p := f(&cerr)
	if err := takeError(cerr); err != nil {
		return "", err
	}
	return takeText(p), nil
}

// withStrings converts the strings for a call and frees them after it.
func withStrings(f func(cs []*C.char) error, pairs ...string) error {
	cs := make([]*C.char, 0, len(pairs)/2)
	defer func() {
		for _, c := range cs {
			free(c)
		}
	}()
	for i := 0; i+1 < len(pairs); i += 2 {
		c, err := cString(pairs[i], pairs[i+1])
		if err != nil {
			return err
		}
		cs = append(cs, c)
	}
	return f(cs)
}

// Create makes a session and returns its id.
func (s *Store) Create(session *NewSession) (string, error) {
	return s.create(session, false)
}

// GetOrCreate returns session.ID, creating it (with the rest) if missing.
func (s *Store) GetOrCreate(session *NewSession) (string, error) {
	return s.create(session, true)
}

func (s *Store) create(session *NewSession, get bool) (string, error) {
	o, err := cJSON(optional(session), "session")
	if err != nil {
		return "", err
	}
	defer free(o)
	return textCall(func(e **C.sessionstore_error_t) *C.char {
		if get {
			return C.sessionstore_get_or_create(s.h, o, e)
		}
		return C.sessionstore_create(s.h, o, e)
	})
}

// Exists says whether the session exists, live or archived.
func (s *Store) Exists(id string) (bool, error) {
	var r C.int
	err := withStrings(func(c []*C.char) error {
		return call(func(e **C.sessionstore_error_t) { r = C.sessionstore_exists(s.h, c[0], e) })
	}, id, "id")
	return r == 1, err
}

// idText runs a call on one session that returns text.
func (s *Store) idText(id string, f func(*C.char, **C.sessionstore_error_t) *C.char) (string, error) {
	var out string
	err := withStrings(func(c []*C.char) error {
		var err error
		out, err = textCall(func(e **C.sessionstore_error_t) *C.char { return f(c[0], e) })
		return err
	}, id, "id")
	return out, err
}

// idCall runs a call on one session that returns 0 or -1.
func (s *Store) idCall(id string, f func(*C.char, **C.sessionstore_error_t)) error {
	return withStrings(func(c []*C.char) error {
		return call(func(e **C.sessionstore_error_t) { f(c[0], e) })
	}, id, "id")
}

// Title is the session's current title.
func (s *Store) Title(id string) (string, error) {
	return s.idText(id, func(c *C.char, e **C.sessionstore_error_t) *C.char { return C.sessionstore_title(s.h, c, e) })
}

// Delete removes the session for good.
func (s *Store) Delete(id string) error {
	return s.idCall(id, func(c *C.char, e **C.sessionstore_error_t) { C.sessionstore_delete(s.h, c, e) })
}

// Archive moves the session out of the default listing; Restore brings it back.
func (s *Store) Archive(id string) error {
	return s.idCall(id, func(c *C.char, e **C.sessionstore_error_t) { C.sessionstore_archive(s.h, c, e) })
}

func (s *Store) Restore(id string) error {
	return s.idCall(id, func(c *C.char, e **C.sessionstore_error_t) { C.sessionstore_restore(s.h, c, e) })
}

// Rename sets the session's title.
func (s *Store) Rename(id, title string) error {
	return withStrings(func(c []*C.char) error {
		return call(func(e **C.sessionstore_error_t) { C.sessionstore_rename(s.h, c[0], c[1], e) })
	}, id, "id", title, "title")
}

// SetSummary appends a summary of the session (a compaction record);
// GetSummary gives the one in force ("" if none).
func (s *Store) SetSummary(id, summary string) error {
	return withStrings(func(c []*C.char) error {
		return call(func(e **C.sessionstore_error_t) { C.sessionstore_set_summary(s.h, c[0], c[1], e) })
	}, id, "id", summary, "summary")
}

func (s *Store) GetSummary(id string) (string, error) {
	return s.idText(id, func(c *C.char, e **C.sessionstore_error_t) *C.char {
		return C.sessionstore_get_summary(s.h, c, e)
	})
}

// Loaded is a whole session: its header and entry lines as JSON.
type Loaded struct {
	Header   json.RawMessage
	Entries  []json.RawMessage
	Skipped  int // lines that did not read
	Archived bool
}

// Load reads the whole session.
func (s *Store) Load(id string) (*Loaded, error) {
	var out *Loaded
	err := withStrings(func(c []*C.char) error {
		var cerr *C.sessionstore_error_t
		h := C.sessionstore_load(s.h, c[0], &cerr)
		if err := takeError(cerr); err != nil {
			return err
		}
		defer C.sessionstore_session_destroy(h)
		n := int(C.sessionstore_session_count(h))
		out = &Loaded{
			Header:   json.RawMessage(C.GoString(C.sessionstore_session_header(h))),
			Entries:  make([]json.RawMessage, n),
			Skipped:  int(C.sessionstore_session_skipped(h)),
			Archived: C.sessionstore_session_archived(h) == 1,
		}
		for i := 0; i < n; i++ {
			out.Entries[i] = json.RawMessage(C.GoString(C.sessionstore_session_entry(h, C.size_t(i))))
		}
		return nil
	}, id, "id")
	return out, err
}

// Entries calls visit with each entry line of the session in file order,
// reading as it goes, until visit returns false; with lastN > 0, only the
// last lastN lines.
func (s *Store) Entries(id string, lastN int, visit func(entry json.RawMessage) bool) error {
	var opts any
	if lastN > 0 {
		opts = map[string]int{"last_n": lastN}
	}
	o, err := cJSON(opts, "read options")
	if err != nil {
		return err
	}
	defer free(o)
	return withStrings(func(c []*C.char) error {
		var cerr *C.sessionstore_error_t
		h := C.sessionstore_read(s.h, c[0], o, &cerr)
		if err := takeError(cerr); err != nil {
			return err
		}
		defer C.sessionstore_cursor_destroy(h)
		for C.sessionstore_cursor_valid(h) == 1 {
			if !visit(json.RawMessage(C.GoString(C.sessionstore_cursor_entry(h)))) {
				return nil
			}
			C.sessionstore_cursor_next(h)
		}
		return call(func(e **C.sessionstore_error_t) { C.sessionstore_cursor_status(h, e) })
	}, id, "id")
}

// Place is where the session is kept, in words: its file's path, or its
// place in the database ("postgresql:<id>").
func (s *Store) Place(id string) (string, error) {
	return s.idText(id, func(c *C.char, e **C.sessionstore_error_t) *C.char { return C.sessionstore_place(s.h, c, e) })
}

// Latest is the id of the most recently updated session (of workspace, if
// not ""); ErrNotFound if there is none.
func (s *Store) Latest(workspace string) (string, error) {
	var out string
	err := withStrings(func(c []*C.char) error {
		var err error
		out, err = textCall(func(e **C.sessionstore_error_t) *C.char { return C.sessionstore_latest(s.h, c[0], e) })
		return err
	}, workspace, "workspace")
	return out, err
}

// ContextOptions are what Context takes: the leaf (default: the latest
// entry) and the shape ("native" by default, "anthropic", "openai-chat",
// "openai-responses").
type ContextOptions struct {
	Leaf  string `json:"leaf,omitempty"`
	Shape string `json:"shape,omitempty"`
}

// Context is what an agent sends to its model: {"leaf", "request",
// "left_out", "repairs"}, "request" in the shape asked for.
func (s *Store) Context(id string, opts *ContextOptions) (json.RawMessage, error) {
	o, err := cJSON(optional(opts), "context options")
	if err != nil {
		return nil, err
	}
	defer free(o)
	text, err := s.idText(id, func(c *C.char, e **C.sessionstore_error_t) *C.char {
		return C.sessionstore_context(s.h, c, o, e)
	})
	return json.RawMessage(text), err
}

// ConvertMessage is a message in another shape: {"request", "left_out"}
// (sessionstore_convert_message). from "" reads any shape; to "" is native.
func ConvertMessage(message any, from, to string) (json.RawMessage, error) {
	m, err := cJSON(message, "message")
	if err != nil {
		return nil, err
	}
	defer free(m)
	opts := map[string]string{}
	if from != "" {
		opts["from"] = from
	}
	if to != "" {
		opts["to"] = to
	}
	o, err := cJSON(opts, "convert options")
	if err != nil {
		return nil, err
	}
	defer free(o)
	text, err := textCall(func(e **C.sessionstore_error_t) *C.char { return C.sessionstore_convert_message(m, o, e) })
	return json.RawMessage(text), err
}

// ListOptions filter and page the listing (Store.List).
type ListOptions struct {
	Workspace       string `json:"workspace,omitempty"`
	IncludeArchived bool   `json:"include_archived,omitempty"`
	Label           string `json:"label,omitempty"`
	TitleContains   string `json:"title_contains,omitempty"`
	ForkOf          string `json:"fork_of,omitempty"`
	IDPrefix        string `json:"id_prefix,omitempty"`
	Model           string `json:"model,omitempty"`
	Provider        string `json:"provider,omitempty"`
	Sort            string `json:"sort,omitempty"` // "updated" (default) or "created"
	Limit           int    `json:"limit,omitempty"`
	Cursor          string `json:"cursor,omitempty"`
}

// SessionInfo is one row of the listing.
type SessionInfo struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	CreatedAt string   `json:"created_at"` // RFC 3339
	UpdatedAt string   `json:"updated_at"`
	Messages  int      `json:"messages"`
	Workspace string   `json:"workspace"`
	Model     string   `json:"model"`
	Provider  string   `json:"provider"`
	CostUSD   float64  `json:"cost_usd"`
	Bytes     int64    `json:"bytes"`
	Archived  bool     `json:"archived"`
	Labels    []string `json:"labels"` // the labels on its entries
	Parent    *struct {
		Session string `json:"session"`
		Entry   string `json:"entry"`
	} `json:"parent"` // the session and entry it was forked from; nil if none
}

// List is one page of the listing, newest first, and the cursor of the
// next ("" when no rows follow).
func (s *Store) List(opts *ListOptions) ([]SessionInfo, string, error) {
	o, err := cJSON(optional(opts), "list options")
	if err != nil {
		return nil, "", err
	}
	defer free(o)
	var cerr *C.sessionstore_error_t
	h := C.sessionstore_list(s.h, o, &cerr)
	if err := takeError(cerr); err != nil {
		return nil, "", err
	}
	defer C.sessionstore_list_destroy(h)
	n := int(C.sessionstore_list_count(h))
	rows := make([]SessionInfo, n)
	for i := 0; i < n; i++ {
		if err := json.Unmarshal([]byte(C.GoString(C.sessionstore_list_row(h, C.size_t(i)))), &rows[i]); err != nil {
			return nil, "", err
		}
	}
	return rows, C.GoString(C.sessionstore_list_next_cursor(h)), nil
}

// ListAll is every row of the listing, page after page.
func (s *Store) ListAll(opts *ListOptions) ([]SessionInfo, error) {
	o := ListOptions{}
	if opts != nil {
		o = *opts
	}
	var all []SessionInfo
	for {
		rows, next, err := s.List(&o)
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
		if next == "" || len(rows) == 0 {
			return all, nil
		}
		o.Cursor = next
	}
}

// SearchOptions narrow a search.
type SearchOptions struct {
	Workspace       string `json:"workspace,omitempty"`
	IncludeArchived bool   `json:"include_archived,omitempty"`
	SessionID       string `json:"session_id,omitempty"`
	SinceMs         int64  `json:"since_ms,omitempty"`
	Limit           int    `json:"limit,omitempty"`
}

// SearchHit is one entry that matched.
type SearchHit struct {
	SessionID string `json:"session_id"`
	EntryID   string `json:"entry_id"`
	Role      string `json:"role"`
	Ts        string `json:"ts"`
	Snippet   string `json:"snippet"`
}

// Search is a full-text search, newest hits first.
func (s *Store) Search(query string, opts *SearchOptions) ([]SearchHit, error) {
	o, err := cJSON(optional(opts), "search options")
	if err != nil {
		return nil, err
	}
	defer free(o)
	var hits []SearchHit
	err = withStrings(func(c []*C.char) error {
		var cerr *C.sessionstore_error_t
		h := C.sessionstore_search(s.h, c[0], o, &cerr)
		if err := takeError(cerr); err != nil {
			return err
		}
		defer C.sessionstore_hits_destroy(h)
		n := int(C.sessionstore_hits_count(h))
		hits = make([]SearchHit, n)
		for i := 0; i < n; i++ {
			if err := json.Unmarshal([]byte(C.GoString(C.sessionstore_hits_hit(h, C.size_t(i)))), &hits[i]); err != nil {
				return err
			}
		}
		return nil
	}, query, "query")
	return hits, err
}

// PopMessage takes the latest message out of the context (the file keeps
// it) and returns its entry; ErrFailedPrecondition if there is none.
func (s *Store) PopMessage(id string) (json.RawMessage, error) {
	text, err := s.idText(id, func(c *C.char, e **C.sessionstore_error_t) *C.char {
		return C.sessionstore_pop_message(s.h, c, e)
	})
	return json.RawMessage(text), err
}

// SetHistory makes messages (a JSON array, or a slice encoding/json
// encodes) the whole context: a new root branch, or with rewrite the
// session replaced. Returns their entry ids.
func (s *Store) SetHistory(id string, messages any, rewrite bool) ([]string, error) {
	m, err := cJSON(messages, "messages")
	if err != nil {
		return nil, err
	}
	defer free(m)
	r := C.int(0)
	if rewrite {
		r = 1
	}
	text, err := s.idText(id, func(c *C.char, e **C.sessionstore_error_t) *C.char {
		return C.sessionstore_set_history(s.h, c, m, r, e)
	})
	if err != nil {
		return nil, err
	}
	var ids []string
	return ids, json.Unmarshal([]byte(text), &ids)
}

// TruncateReport is what TruncateHistory did.
type TruncateReport struct {
	Truncated bool   `json:"truncated"`
	Kept      int    `json:"kept"`
	FirstKept string `json:"first_kept"`
	Widened   int    `json:"widened"`
}

// TruncateHistory keeps the last keepLast messages in the context (the
// file keeps everything).
func (s *Store) TruncateHistory(id string, keepLast int) (*TruncateReport, error) {
	text, err := s.idText(id, func(c *C.char, e **C.sessionstore_error_t) *C.char {
		return C.sessionstore_truncate_history(s.h, c, C.size_t(keepLast), e)
	})
	if err != nil {
		return nil, err
	}
	var r TruncateReport
	return &r, json.Unmarshal([]byte(text), &r)
}

// CompactReport is what Compact did (or, dry, would do).
type CompactReport struct {
	BytesBefore   int64 `json:"bytes_before"`
	BytesAfter    int64 `json:"bytes_after"`
	EntriesBefore int64 `json:"entries_before"`
	EntriesAfter  int64 `json:"entries_after"`
}

// Compact rewrites the session without what no context reaches (the one
// destructive call); with dryRun it only says what that would free.
func (s *Store) Compact(id string, dryRun bool) (*CompactReport, error) {
	d := C.int(0)
	if dryRun {
		d = 1
	}
	text, err := s.idText(id, func(c *C.char, e **C.sessionstore_error_t) *C.char {
		return C.sessionstore_compact(s.h, c, d, e)
	})
	if err != nil {
		return nil, err
	}
	var r CompactReport
	return &r, json.Unmarshal([]byte(text), &r)
}

// CleanupOlderThan deletes the sessions neither updated nor stored since
// timeMs (Unix ms); it returns their rows. With dryRun it only lists them.
func (s *Store) CleanupOlderThan(timeMs int64, dryRun bool) ([]SessionInfo, error) {
	d := C.int(0)
	if dryRun {
		d = 1
	}
	text, err := textCall(func(e **C.sessionstore_error_t) *C.char {
		return C.sessionstore_cleanup_older_than(s.h, C.int64_t(timeMs), d, e)
	})
	if err != nil {
		return nil, err
	}
	var rows []SessionInfo
	return rows, json.Unmarshal([]byte(text), &rows)
}

// WriterOptions are what Writer takes.
type WriterOptions struct {
	Durability    string `json:"durability,omitempty"` // "sync" (default), "process", "interval", "buffered"
	LockTimeoutMs int64  `json:"lock_timeout_ms,omitempty"`
}

// Writer is a session's one writer (ErrBusy while another holds it). Close
// it to let the lock go.
type Writer struct {
	h *C.sessionstore_writer_t
}

// Writer opens the session's writer.
func (s *Store) Writer(id string, opts *WriterOptions) (*Writer, error) {
	o, err := cJSON(optional(opts), "writer options")
	if err != nil {
		return nil, err
	}
	defer free(o)
	var w *Writer
	err = withStrings(func(c []*C.char) error {
		var cerr *C.sessionstore_error_t
		h := C.sessionstore_writer_open(s.h, c[0], o, &cerr)
		if err := takeError(cerr); err != nil {
			return err
		}
		w = &Writer{h: h}
		runtime.SetFinalizer(w, func(w *Writer) { C.sessionstore_writer_destroy(w.h) })
		return nil
	}, id, "id")
	return w, err
}

// Append appends a message (JSON in any shape) and returns its entry id.
func (w *Writer) Append(message any) (string, error) {
	m, err := cJSON(message, "message")
	if err != nil {
		return "", err
	}
	defer free(m)
	return textCall(func(e **C.sessionstore_error_t) *C.char { return C.sessionstore_writer_append(w.h, m, e) })
}

// AppendRecord appends a record ({"type": "title", ...}, a custom type).
func (w *Writer) AppendRecord(record any) (string, error) {
	r, err := cJSON(record, "record")
	if err != nil {
		return "", err
	}
	defer free(r)
	return textCall(func(e **C.sessionstore_error_t) *C.char {
		return C.sessionstore_writer_append_record(w.h, r, e)
	})
}

// AppendBatch appends messages (a JSON array, or a slice) all or none.
func (w *Writer) AppendBatch(messages any) ([]string, error) {
	m, err := cJSON(messages, "messages")
	if err != nil {
		return nil, err
	}
	defer free(m)
	text, err := textCall(func(e **C.sessionstore_error_t) *C.char {
		return C.sessionstore_writer_append_batch(w.h, m, e)
	})
	if err != nil {
		return nil, err
	}
	var ids []string
	return ids, json.Unmarshal([]byte(text), &ids)
}

// Sync makes what was appended survive a power loss.
func (w *Writer) Sync() error {
	return call(func(e **C.sessionstore_error_t) { C.sessionstore_writer_sync(w.h, e) })
}

// Close writes what is buffered, syncs as its durability says and lets the
// lock go. Calls after it fail with ErrFailedPrecondition.
func (w *Writer) Close() error {
	return call(func(e **C.sessionstore_error_t) { C.sessionstore_writer_close(w.h, e) })
}
