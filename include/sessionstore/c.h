/* sessionstore's C API: the Store for programs in C and for languages that
 * call C (the Python and Go packages are built on it).
 *
 * Link with libsessionstore.so.0 (pkg-config --cflags --libs sessionstore).
 * No C++ type or exception crosses this header.
 *
 * Text. Everything in and out is UTF-8, NUL-terminated. Messages go in as
 * JSON text in any shape the library reads (sessionstore's own, Anthropic
 * Messages, OpenAI Chat Completions, OpenAI Responses items; found by their
 * members), and results come out as JSON text in the forms the
 * `sessionstore` command prints with --json (sessionstore/json.h). Option
 * arguments are JSON objects too, or NULL for the defaults; a member that is
 * not known is an error, never ignored.
 *
 * Errors. Every call that can fail takes `sessionstore_error_t** err` last.
 * On failure it stores a new error there (destroying one already there) and
 * returns NULL, -1 or 0 as it says; on success it leaves *err alone. `err`
 * may be NULL when the caller does not want the details. An error carries a
 * code (SESSIONSTORE_NOT_FOUND, ...), a message in words, and where it
 * happened: the file or place, the line and the byte offset when it is one
 * line's.
 *
 * Ownership. A `char*` a call returns is the caller's: free it with
 * sessionstore_free(). A `const char*` an accessor returns belongs to the
 * handle it came from and lives as long as the handle. Every handle is
 * destroyed with its own _destroy call (NULL is allowed, and ignored).
 *
 * Closing. A store, writer or cursor can be closed before it is destroyed:
 * close releases what it holds (a writer its lock), and every later call on
 * it fails with SESSIONSTORE_FAILED_PRECONDITION ("... is closed"), never
 * crashes. Writers, cursors and results stay valid after their store is
 * closed or destroyed.
 *
 * Threads. A store may be used by any number of threads at once, and so
 * may a writer (appends from several threads share their syncs); close or
 * destroy a handle only when no other thread is in a call on it. A cursor
 * is used by one thread at a time. Results (session, list, hits) are
 * read-only and may be read from any thread. An error belongs to the thread
 * that received it.
 *
 * Durability: as in the C++ API (sessionstore/options.h): an append through
 * a writer opened with {"durability":"sync"} (the default) survives a power
 * loss when it returns.
 */

#ifndef SESSIONSTORE_C_H_
#define SESSIONSTORE_C_H_

#include <stddef.h>
#include <stdint.h>

#if defined(SESSIONSTORE_C_BUILD)
#define SESSIONSTORE_EXPORT __attribute__((visibility("default")))
#else
#define SESSIONSTORE_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Errors ---- */

typedef struct sessionstore_error_t sessionstore_error_t;

/* The codes of sessionstore::StatusCode, with the same numbers. */
enum {
  SESSIONSTORE_OK = 0,
  SESSIONSTORE_NOT_FOUND = 1,           /* no such session or entry */
  SESSIONSTORE_INVALID_ARGUMENT = 2,    /* the input breaks a rule; the message names it */
  SESSIONSTORE_ALREADY_EXISTS = 3,      /* a session with that id exists */
  SESSIONSTORE_CORRUPTION = 4,          /* stored data is damaged; path, line and offset say where */
  SESSIONSTORE_IO_ERROR = 5,            /* the system refused */
  SESSIONSTORE_BUSY = 6,                /* another writer holds the session; retry later */
  SESSIONSTORE_UNAVAILABLE = 7,         /* the backend is down; retry later */
  SESSIONSTORE_FAILED_PRECONDITION = 8, /* the handle refuses work (closed, or a writer after a failed sync) */
  SESSIONSTORE_NOT_SUPPORTED = 9,       /* the data needs a newer sessionstore */
  SESSIONSTORE_PERMISSION_DENIED = 10   /* the store refused who the caller is */
};

SESSIONSTORE_EXPORT int sessionstore_error_code(const sessionstore_error_t* err);
/* "NotFound", "Busy", ... */
SESSIONSTORE_EXPORT const char* sessionstore_error_code_name(const sessionstore_error_t* err);
/* The whole message, with where it happened: "Corruption: read <file>:12
 * (byte 3456): ...". */
SESSIONSTORE_EXPORT const char* sessionstore_error_message(const sessionstore_error_t* err);
/* The file or place ("" if none), the 1-based line and the byte offset of
 * that line (-1 if none). */
SESSIONSTORE_EXPORT const char* sessionstore_error_path(const sessionstore_error_t* err);
SESSIONSTORE_EXPORT int64_t sessionstore_error_line(const sessionstore_error_t* err);
SESSIONSTORE_EXPORT int64_t sessionstore_error_offset(const sessionstore_error_t* err);
SESSIONSTORE_EXPORT void sessionstore_error_destroy(sessionstore_error_t* err);

/* Frees a char* returned by a call below. */
SESSIONSTORE_EXPORT void sessionstore_free(void* ptr);

/* "0.1.0" */
SESSIONSTORE_EXPORT const char* sessionstore_version(void);

/* ---- The store ---- */

typedef struct sessionstore_store_t sessionstore_store_t;

/* Opens the store at `location`: a directory, "postgresql://..." or
 * "memory:name". `options`: NULL or {"create_if_missing": true,
 * "search_thinking": false, "verify_every_file": false, "strict": false,
 * "max_line_bytes": 67108864, "redact": false, "redact_patterns": "FILE"}.
 * "redact" (or a patterns file, sessionstore/redact.h) replaces the secrets
 * found in what the store writes with [REDACTED:<kind>] before it is
 * stored. NULL on failure. */
SESSIONSTORE_EXPORT sessionstore_store_t* sessionstore_open(const char* location, const char* options,
                                                            sessionstore_error_t** err);
SESSIONSTORE_EXPORT void sessionstore_store_close(sessionstore_store_t* store);
SESSIONSTORE_EXPORT void sessionstore_store_destroy(sessionstore_store_t* store);

/* ---- Sessions ---- */

/* Creates a session; returns its id. `session`: NULL or {"id", "workspace",
 * "title", "model", "provider", "metadata": {...}}, every member optional
 * (no id: a new UUIDv7). NULL on failure (SESSIONSTORE_ALREADY_EXISTS for a
 * taken id). */
SESSIONSTORE_EXPORT char* sessionstore_create(sessionstore_store_t* store, const char* session,
                                              sessionstore_error_t** err);
/* The same, or the id of the session with session's "id" if there is one. */
SESSIONSTORE_EXPORT char* sessionstore_get_or_create(sessionstore_store_t* store, const char* session,
                                                     sessionstore_error_t** err);
/* 1 if the session exists (live or archived), 0 if not, -1 on failure. */
SESSIONSTORE_EXPORT int sessionstore_exists(sessionstore_store_t* store, const char* id, sessionstore_error_t** err);
/* The session's current title. */
SESSIONSTORE_EXPORT char* sessionstore_title(sessionstore_store_t* store, const char* id, sessionstore_error_t** err);
/* Where the session is kept, in words: its file, or its place in the database. */
SESSIONSTORE_EXPORT char* sessionstore_place(sessionstore_store_t* store, const char* id, sessionstore_error_t** err);

/* The functions below return 0 on success and -1 on failure. */
SESSIONSTORE_EXPORT int sessionstore_delete(sessionstore_store_t* store, const char* id, sessionstore_error_t** err);
SESSIONSTORE_EXPORT int sessionstore_archive(sessionstore_store_t* store, const char* id, sessionstore_error_t** err);
SESSIONSTORE_EXPORT int sessionstore_restore(sessionstore_store_t* store, const char* id, sessionstore_error_t** err);
/* Moves the session to the store's trash, and back (sessionstore/store.h). */
SESSIONSTORE_EXPORT int sessionstore_trash(sessionstore_store_t* store, const char* id, sessionstore_error_t** err);
SESSIONSTORE_EXPORT int sessionstore_untrash(sessionstore_store_t* store, const char* id, sessionstore_error_t** err);
SESSIONSTORE_EXPORT int sessionstore_rename(sessionstore_store_t* store, const char* id, const char* title,
                                            sessionstore_error_t** err);
/* Labels entry `entry` (an empty label clears it). */
SESSIONSTORE_EXPORT int sessionstore_label(sessionstore_store_t* store, const char* id, const char* entry,
                                           const char* label, sessionstore_error_t** err);
SESSIONSTORE_EXPORT int sessionstore_set_summary(sessionstore_store_t* store, const char* id, const char* summary,
                                                 sessionstore_error_t** err);
/* The summary in force ("" if none). */
SESSIONSTORE_EXPORT char* sessionstore_get_summary(sessionstore_store_t* store, const char* id,
                                                   sessionstore_error_t** err);

/* ---- Reading a session ---- */

typedef struct sessionstore_session_t sessionstore_session_t;

/* The whole session. Lines that do not read are skipped and counted
 * (sessionstore_session_skipped), unless the store was opened strict. */
SESSIONSTORE_EXPORT sessionstore_session_t* sessionstore_load(sessionstore_store_t* store, const char* id,
                                                              sessionstore_error_t** err);
/* Its header line as JSON, with the current title. */
SESSIONSTORE_EXPORT const char* sessionstore_session_header(const sessionstore_session_t* session);
SESSIONSTORE_EXPORT size_t sessionstore_session_count(const sessionstore_session_t* session);
/* Entry `i` (0-based, in file order) as its line; NULL past the end. */
SESSIONSTORE_EXPORT const char* sessionstore_session_entry(const sessionstore_session_t* session, size_t i);
/* Lines that did not read and were skipped. */
SESSIONSTORE_EXPORT size_t sessionstore_session_skipped(const sessionstore_session_t* session);
/* 1 if it was loaded from the archive. */
SESSIONSTORE_EXPORT int sessionstore_session_archived(const sessionstore_session_t* session);
SESSIONSTORE_EXPORT void sessionstore_session_destroy(sessionstore_session_t* session);

typedef struct sessionstore_cursor_t sessionstore_cursor_t;

/* A cursor over the session's entries, without holding them all.
 * `options`: NULL or {"last_n": N} (only the last N lines). */
SESSIONSTORE_EXPORT sessionstore_cursor_t* sessionstore_read(sessionstore_store_t* store, const char* id,
                                                             const char* options, sessionstore_error_t** err);
/* 1 while the cursor is at an entry; 0 at the end, after an error (see
 * sessionstore_cursor_status) or once closed. */
SESSIONSTORE_EXPORT int sessionstore_cursor_valid(const sessionstore_cursor_t* cursor);
SESSIONSTORE_EXPORT void sessionstore_cursor_next(sessionstore_cursor_t* cursor);
/* The entry's line; valid until the next call on the cursor. NULL when not
 * valid. */
SESSIONSTORE_EXPORT const char* sessionstore_cursor_entry(const sessionstore_cursor_t* cursor);
SESSIONSTORE_EXPORT const char* sessionstore_cursor_header(const sessionstore_cursor_t* cursor);
/* 0 if the cursor read without error so far, else -1 and *err. */
SESSIONSTORE_EXPORT int sessionstore_cursor_status(const sessionstore_cursor_t* cursor, sessionstore_error_t** err);
SESSIONSTORE_EXPORT void sessionstore_cursor_close(sessionstore_cursor_t* cursor);
SESSIONSTORE_EXPORT void sessionstore_cursor_destroy(sessionstore_cursor_t* cursor);

/* The messages an agent sends to its model for a leaf, as a JSON object
 * {"leaf", "compaction", "summary", "request", "left_out": [{"entry_id",
 * "what"}], "repairs": [{"kind", "call_id", "entry_id"}]}, where "request"
 * holds them in the shape asked for (sessionstore/request.h) and, when
 * "compaction" names the compaction the context starts from, opens with its
 * "summary" as a user message. `options`: NULL or {"leaf":
 * entry id (default: the latest entry), "shape": "native" (default),
 * "anthropic", "openai-chat" or "openai-responses"}. */
SESSIONSTORE_EXPORT char* sessionstore_context(sessionstore_store_t* store, const char* id, const char* options,
                                               sessionstore_error_t** err);

/* A message in another shape, as sessionstore_context gives a context:
 * {"request", "left_out"}, where "request" holds the message alone as that
 * shape's API takes it ({"messages": [...]} in the native and chat shapes,
 * {"input": [items]} in the Responses shape, where a message may become
 * several items). `options`: NULL or {"from": "auto" (default) or a shape,
 * "to": "native" (default) or a shape}. Needs no store. */
SESSIONSTORE_EXPORT char* sessionstore_convert_message(const char* message, const char* options,
                                                       sessionstore_error_t** err);

/* ---- Listing and search ---- */

typedef struct sessionstore_list_t sessionstore_list_t;

/* One page of the listing, newest first. `options`: NULL or {"workspace",
 * "include_archived", "label", "title_contains", "fork_of", "id_prefix",
 * "model", "provider", "sort": "updated"|"created", "limit", "cursor",
 * "created_after_ms", "created_before_ms", "updated_after_ms",
 * "updated_before_ms"}. */
SESSIONSTORE_EXPORT sessionstore_list_t* sessionstore_list(sessionstore_store_t* store, const char* options,
                                                           sessionstore_error_t** err);
SESSIONSTORE_EXPORT size_t sessionstore_list_count(const sessionstore_list_t* list);
/* Row `i` as JSON: id, title, created_at, updated_at, messages, workspace,
 * model, provider, cost_usd, bytes, archived, labels, parent. NULL past
 * the end. */
SESSIONSTORE_EXPORT const char* sessionstore_list_row(const sessionstore_list_t* list, size_t i);
SESSIONSTORE_EXPORT const char* sessionstore_list_id(const sessionstore_list_t* list, size_t i);
/* The "cursor" of the next page; "" when no rows follow (a full page may be
 * followed by an empty one). */
SESSIONSTORE_EXPORT const char* sessionstore_list_next_cursor(const sessionstore_list_t* list);
SESSIONSTORE_EXPORT void sessionstore_list_destroy(sessionstore_list_t* list);

/* The id of the most recently updated session (of `workspace`, if not NULL
 * or empty); SESSIONSTORE_NOT_FOUND if there is none. */
SESSIONSTORE_EXPORT char* sessionstore_latest(sessionstore_store_t* store, const char* workspace,
                                              sessionstore_error_t** err);

typedef struct sessionstore_hits_t sessionstore_hits_t;

/* Full-text search, newest hits first. `options`: NULL or {"workspace",
 * "include_archived", "session_id", "since_ms", "limit"}. */
SESSIONSTORE_EXPORT sessionstore_hits_t* sessionstore_search(sessionstore_store_t* store, const char* query,
                                                             const char* options, sessionstore_error_t** err);
SESSIONSTORE_EXPORT size_t sessionstore_hits_count(const sessionstore_hits_t* hits);
/* Hit `i` as JSON: session_id, entry_id, role, ts, snippet, matches. NULL
 * past the end. */
SESSIONSTORE_EXPORT const char* sessionstore_hits_hit(const sessionstore_hits_t* hits, size_t i);
SESSIONSTORE_EXPORT void sessionstore_hits_destroy(sessionstore_hits_t* hits);

/* ---- Writing ---- */

typedef struct sessionstore_writer_t sessionstore_writer_t;

/* The session's one writer (SESSIONSTORE_BUSY while another holds it).
 * `options`: NULL or {"durability": "sync" (default) | "process" |
 * "interval" | "buffered", "interval_ms", "buffer_bytes",
 * "lock_timeout_ms"}. */
SESSIONSTORE_EXPORT sessionstore_writer_t* sessionstore_writer_open(sessionstore_store_t* store, const char* id,
                                                                    const char* options, sessionstore_error_t** err);
/* Appends a message (JSON in any shape); returns its entry id. */
SESSIONSTORE_EXPORT char* sessionstore_writer_append(sessionstore_writer_t* writer, const char* message,
                                                     sessionstore_error_t** err);
/* Appends a record: {"type": "title"|"label"|"compaction"|"usage"|a custom
 * type, its members, optional "ts"} (doc/format.md); returns its entry id. */
SESSIONSTORE_EXPORT char* sessionstore_writer_append_record(sessionstore_writer_t* writer, const char* record,
                                                            sessionstore_error_t** err);
/* Appends a JSON array of messages at once; returns their ids as a JSON
 * array. All or none. */
SESSIONSTORE_EXPORT char* sessionstore_writer_append_batch(sessionstore_writer_t* writer, const char* messages,
                                                           sessionstore_error_t** err);
/* The next append follows `entry` (a branch); "" makes it a new root. */
SESSIONSTORE_EXPORT int sessionstore_writer_set_leaf(sessionstore_writer_t* writer, const char* entry,
                                                     sessionstore_error_t** err);
/* The entry the next append follows; "" for none. */
SESSIONSTORE_EXPORT char* sessionstore_writer_leaf(sessionstore_writer_t* writer, sessionstore_error_t** err);
/* Writes what is buffered; Sync also makes it survive a power loss. */
SESSIONSTORE_EXPORT int sessionstore_writer_flush(sessionstore_writer_t* writer, sessionstore_error_t** err);
SESSIONSTORE_EXPORT int sessionstore_writer_sync(sessionstore_writer_t* writer, sessionstore_error_t** err);
/* Writes what is buffered, syncs as its durability says and lets the lock
 * go; says whether that went well. Later calls fail. */
SESSIONSTORE_EXPORT int sessionstore_writer_close(sessionstore_writer_t* writer, sessionstore_error_t** err);
/* Closes it if open (ignoring how that went) and frees it. */
SESSIONSTORE_EXPORT void sessionstore_writer_destroy(sessionstore_writer_t* writer);

/* ---- History ---- */

/* Takes the latest message out of the context (the file keeps it), as the
 * OpenAI Agents SDK's pop_item does; returns its entry's line.
 * SESSIONSTORE_FAILED_PRECONDITION if the context holds no message. */
SESSIONSTORE_EXPORT char* sessionstore_pop_message(sessionstore_store_t* store, const char* id,
                                                   sessionstore_error_t** err);
/* Makes the JSON array `messages` the whole context: a new root branch, or
 * with `rewrite` non-zero the session replaced by them. Returns their ids
 * as a JSON array. */
SESSIONSTORE_EXPORT char* sessionstore_set_history(sessionstore_store_t* store, const char* id, const char* messages,
                                                   int rewrite, sessionstore_error_t** err);
/* Keeps the last `keep_last` messages in the context (the file keeps
 * everything); returns {"truncated", "kept", "first_kept", "widened"}. */
SESSIONSTORE_EXPORT char* sessionstore_truncate_history(sessionstore_store_t* store, const char* id, size_t keep_last,
                                                        sessionstore_error_t** err);
/* A new session holding the path from the root to `entry`; returns its id.
 * `session`: NULL or as sessionstore_create takes it. */
SESSIONSTORE_EXPORT char* sessionstore_fork(sessionstore_store_t* store, const char* id, const char* entry,
                                            const char* session, sessionstore_error_t** err);
/* Rewrites the session without what no context reaches; returns
 * {"bytes_before", "bytes_after", "entries_before", "entries_after"}. With
 * `dry_run` non-zero, only says so. */
SESSIONSTORE_EXPORT char* sessionstore_compact(sessionstore_store_t* store, const char* id, int dry_run,
                                               sessionstore_error_t** err);
/* Deletes the sessions neither updated nor stored since `time_ms` (Unix
 * ms); returns their rows as a JSON array. With `dry_run`, only lists them. */
SESSIONSTORE_EXPORT char* sessionstore_cleanup_older_than(sessionstore_store_t* store, int64_t time_ms, int dry_run,
                                                          sessionstore_error_t** err);

#ifdef __cplusplus
}
#endif

#endif /* SESSIONSTORE_C_H_ */
