package sessionstore

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "store"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// check is v, and fails the test (by a panic, which says where) if err is set.
func check[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestAConversationGoesInAndComesBack(t *testing.T) {
	s := openTemp(t)
	id := check(s.Create(&NewSession{Workspace: "/src/app", Title: "Parser", Metadata: json.RawMessage(`{"n":1}`)}))
	if ok := check(s.Exists(id)); !ok {
		t.Fatal("the new session does not exist")
	}
	w := check(s.Writer(id, nil))
	first := check(w.Append(map[string]any{"role": "user", "content": "Why does make test fail? ✓ 日本語"}))
	check(w.Append(`{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"bash","arguments":"{\"cmd\":\"make\"}"}}]}`))
	check(w.Append([]byte(`{"role":"tool","tool_call_id":"c1","content":"` + strings.Repeat("x", 1<<20) + `"}`)))
	ids := check(w.AppendBatch([]map[string]any{{"role": "assistant", "content": "fixed"}, {"role": "user", "content": "thanks"}}))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Append(`{"role":"user","content":"late"}`); !errors.Is(err, ErrFailedPrecondition) {
		t.Fatalf("append after close: %v", err)
	}
	loaded := check(s.Load(id))
	if len(loaded.Entries) != 5 || loaded.Skipped != 0 {
		t.Fatalf("loaded %d entries, %d skipped", len(loaded.Entries), loaded.Skipped)
	}
	var e struct {
		ID      string `json:"id"`
		Message struct {
			Content []struct {
				Text string `json:"text"`
			} `json:"content"`
		} `json:"message"`
	}
	noErr(t, json.Unmarshal(loaded.Entries[0], &e))
	if e.ID != first || e.Message.Content[0].Text != "Why does make test fail? ✓ 日本語" {
		t.Fatalf("first entry: %s", loaded.Entries[0])
	}
	var ctx struct {
		Request struct {
			Messages []map[string]any `json:"messages"`
		} `json:"request"`
	}
	noErr(t, json.Unmarshal(check(s.Context(id, &ContextOptions{Shape: "openai-chat"})), &ctx))
	if len(ctx.Request.Messages) != 5 || ctx.Request.Messages[2]["tool_call_id"] != "c1" {
		t.Fatalf("context: %v", ctx.Request.Messages[:2])
	}
	if len(ids) != 2 {
		t.Fatalf("ids %v", ids)
	}
}

func TestListingSearchAndHistory(t *testing.T) {
	s := openTemp(t)
	a := check(s.Create(&NewSession{Workspace: "/w", Title: "alpha"}))
	b := check(s.Create(&NewSession{Workspace: "/w", Title: "beta"}))
	w := check(s.Writer(a, &WriterOptions{Durability: "process"}))
	hello := check(w.Append(`{"role":"user","content":"hello zebra"}`))
	check(w.Append(`{"role":"assistant","content":"hi"}`))
	noErr(t, w.Close())
	rows, next, err := s.List(&ListOptions{Limit: 1})
	noErr(t, err)
	if len(rows) != 1 || rows[0].ID != a || next == "" {
		t.Fatalf("first page %v %q", rows, next)
	}
	all := check(s.ListAll(&ListOptions{Limit: 1}))
	if len(all) != 2 || all[1].ID != b || all[0].Messages != 2 {
		t.Fatalf("all pages %v", all)
	}
	hits := check(s.Search("zebra", nil))
	if len(hits) != 1 || hits[0].EntryID != hello {
		t.Fatalf("hits %v", hits)
	}
	check(s.PopMessage(a))
	noErr(t, s.SetSummary(a, "a greeting"))
	if got := check(s.GetSummary(a)); got != "a greeting" {
		t.Fatalf("summary %q", got)
	}
	check(s.SetHistory(b, []map[string]any{{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}}, false))
	if r := check(s.TruncateHistory(b, 1)); !r.Truncated {
		t.Fatal("not truncated")
	}
	noErr(t, s.Rename(a, "renamed"))
	if title := check(s.Title(a)); title != "renamed" {
		t.Fatalf("title %q", title)
	}
	noErr(t, s.Archive(b))
	noErr(t, s.Restore(b))
	noErr(t, s.Delete(b))
	if removed := check(s.CleanupOlderThan(1, true)); len(removed) != 0 {
		t.Fatalf("cleanup %v", removed)
	}
}

func TestAWriterIsSharedByGoroutines(t *testing.T) {
	s := openTemp(t)
	id := check(s.Create(nil))
	w := check(s.Writer(id, &WriterOptions{Durability: "process"}))
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if _, err := w.Append(map[string]any{"role": "user", "content": "m"}); err != nil {
					t.Error(err)
				}
			}
		}(g)
	}
	wg.Wait()
	noErr(t, w.Close())
	if n := len(check(s.Load(id)).Entries); n != 200 {
		t.Fatalf("%d entries", n)
	}
}

func TestConvertMessage(t *testing.T) {
	out := check(ConvertMessage(`{"type":"function_call","call_id":"c1","name":"ls","arguments":"{}"}`, "openai-responses", ""))
	if !strings.Contains(string(out), `"type":"tool_call"`) {
		t.Fatalf("converted: %s", out)
	}
}

func TestErrorsSayWhatAndWhere(t *testing.T) {
	dir := t.TempDir()
	s := check(Open(dir, nil))
	if _, err := s.Load("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("load of nothing: %v", err)
	}
	id := check(s.Create(&NewSession{ID: "hurt"}))
	if _, err := s.Create(&NewSession{ID: "hurt"}); !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("second create: %v", err)
	}
	w := check(s.Writer(id, nil))
	if _, err := s.Writer(id, nil); !errors.Is(err, ErrBusy) {
		t.Fatalf("second writer: %v", err)
	}
	if _, err := w.Append(`{"content":"no role"}`); !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "role") {
		t.Fatalf("bad message: %v", err)
	}
	if _, err := s.Title("a\x00b"); !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "NUL") {
		t.Fatalf("NUL in an id: %v", err)
	}
	noErr(t, w.Close())
	if err := w.Close(); !errors.Is(err, ErrFailedPrecondition) {
		t.Fatalf("second close: %v", err)
	}
	f := check(os.OpenFile(filepath.Join(dir, "sessions", "hurt.jsonl"), os.O_APPEND|os.O_WRONLY, 0))
	check(f.WriteString(`{"type":"message","seq":1` + "\n"))
	f.Close()
	strict := check(Open(dir, &Options{Strict: true}))
	_, err := strict.Load(id)
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeCorruption || !strings.HasSuffix(e.Path, "hurt.jsonl") || e.Line != 2 || e.Offset <= 0 {
		t.Fatalf("strict load of a damaged line: %#v", err)
	}
	strict.Close()
	if _, err := strict.Create(nil); !errors.Is(err, ErrFailedPrecondition) {
		t.Fatalf("a closed store: %v", err)
	}
	if loaded := check(s.Load(id)); loaded.Skipped != 1 {
		t.Fatalf("skipped %d", loaded.Skipped)
	}
	no := false
	if _, err := Open(filepath.Join(dir, "nowhere"), &Options{CreateIfMissing: &no}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("open of nothing: %v", err)
	}
}

func TestRedactKeepsSecretsOutOfTheStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	s := check(Open(dir, &Options{Redact: true}))
	defer s.Close()
	id := check(s.Create(&NewSession{Workspace: "/src/app"}))
	w := check(s.Writer(id, nil))
	check(w.Append(map[string]any{"role": "user", "content": "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"}))
	noErr(t, w.Close())
	stored := string(check(os.ReadFile(filepath.Join(dir, "sessions", id+".jsonl"))))
	if strings.Contains(stored, "AKIAIOSFODNN7EXAMPLE") || !strings.Contains(stored, "[REDACTED:aws-access-key]") {
		t.Fatalf("stored:\n%s", stored)
	}
	patterns := filepath.Join(t.TempDir(), "patterns.txt")
	noErr(t, os.WriteFile(patterns, []byte("broken  (x\n"), 0o644))
	if _, err := Open(dir, &Options{RedactPatterns: patterns}); !errors.Is(err, ErrInvalidArgument) ||
		!strings.Contains(err.Error(), "patterns.txt:1:") {
		t.Fatalf("a broken patterns file: %v", err)
	}
}
