/* Every call of the C API (sessionstore/c.h), its results and its errors,
 * including calls on closed handles, from a C program.
 *
 *   c_api_test DIR [LOCATION...]
 *
 * DIR is a scratch directory (its file store, and a damaged session); each
 * LOCATION (a directory, "memory:...", a PostgreSQL URL) gets the store
 * checks too. Prints each failed check with its line; exits 1 if any. */

#include <sessionstore/c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                        \
    }                                                                    \
  } while (0)

/* The call succeeded: no error, or say which. */
#define CHECK_OK(err)                                                                             \
  do {                                                                                            \
    if ((err) != NULL) {                                                                          \
      fprintf(stderr, "%s:%d: error: %s\n", __FILE__, __LINE__, sessionstore_error_message(err)); \
      ++failures;                                                                                 \
      sessionstore_error_destroy(err);                                                            \
      (err) = NULL;                                                                               \
    }                                                                                             \
  } while (0)

/* The call failed with `code` and a message holding `words`; the error is
 * consumed. */
#define CHECK_ERR(err, code, words)                                                                             \
  do {                                                                                                          \
    if ((err) == NULL) {                                                                                        \
      fprintf(stderr, "%s:%d: no error, wanted %d\n", __FILE__, __LINE__, (code));                              \
      ++failures;                                                                                               \
    } else {                                                                                                    \
      if (sessionstore_error_code(err) != (code) || strstr(sessionstore_error_message(err), (words)) == NULL) { \
        fprintf(stderr, "%s:%d: wanted %d with \"%s\", got %d: %s\n", __FILE__, __LINE__, (code), (words),      \
                sessionstore_error_code(err), sessionstore_error_message(err));                                 \
        ++failures;                                                                                             \
      }                                                                                                         \
      sessionstore_error_destroy(err);                                                                          \
      (err) = NULL;                                                                                             \
    }                                                                                                           \
  } while (0)

static int contains(const char* text, const char* words) { return text != NULL && strstr(text, words) != NULL; }
static int same(const char* a, const char* b) { return a != NULL && b != NULL && strcmp(a, b) == 0; }

/* Sessions, writing, reading, listing, search and history on one store. */
static void check_store(const char* location) {
  sessionstore_error_t* err = NULL;
  sessionstore_store_t* store = sessionstore_open(location, "{\"create_if_missing\": true}", &err);
  CHECK_OK(err);
  if (store == NULL) return;

  /* Sessions. */
  char* id = sessionstore_create(
      store, "{\"id\":\"c-one\",\"title\":\"From C\",\"workspace\":\"/w\",\"metadata\":{\"big\":12345678901234567890}}",
      &err);
  CHECK_OK(err);
  CHECK(same(id, "c-one"));
  CHECK(sessionstore_create(store, "{\"id\":\"c-one\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_ALREADY_EXISTS, "c-one");
  CHECK(sessionstore_create(store, "{\"idd\":\"x\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "unknown member \"idd\"");
  CHECK(sessionstore_create(store, "{\"title\": 7}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "\"title\" is not a string");
  char* again = sessionstore_get_or_create(store, "{\"id\":\"c-one\"}", &err);
  CHECK_OK(err);
  CHECK(same(again, "c-one"));
  sessionstore_free(again);
  char* fresh = sessionstore_create(store, NULL, &err);
  CHECK_OK(err);
  CHECK(fresh != NULL && strlen(fresh) == 36);
  CHECK(sessionstore_exists(store, "c-one", &err) == 1);
  CHECK(sessionstore_exists(store, "c-none", &err) == 0);
  CHECK(sessionstore_exists(store, NULL, &err) == -1);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "id is NULL");
  char* title = sessionstore_title(store, "c-one", &err);
  CHECK_OK(err);
  CHECK(same(title, "From C"));
  sessionstore_free(title);
  char* place = sessionstore_place(store, "c-one", &err);
  CHECK_OK(err);
  CHECK(contains(place, "c-one"));
  sessionstore_free(place);
  CHECK(sessionstore_place(store, "c-none", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_NOT_FOUND, "c-none");

  /* Writing, in three shapes. */
  CHECK(sessionstore_writer_open(store, id, "{\"durability\":\"eventually\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "\"durability\" is sync, process, interval or buffered");
  sessionstore_writer_t* w =
      sessionstore_writer_open(store, id, "{\"durability\":\"sync\",\"lock_timeout_ms\":0}", &err);
  CHECK_OK(err);
  CHECK(sessionstore_writer_open(store, id, NULL, &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_BUSY, "");
  char* hello =
      sessionstore_writer_append(w, "{\"role\":\"user\",\"content\":\"hello from C, \\u00e9t\\u00e9\"}", &err);
  CHECK_OK(err);
  CHECK(hello != NULL && strlen(hello) > 0);
  char* call = sessionstore_writer_append(
      w,
      "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\","
      "\"input\":{\"cmd\":\"ls\"}}]}",
      &err);
  CHECK_OK(err);
  char* result = sessionstore_writer_append(
      w, "{\"role\":\"tool\",\"tool_call_id\":\"toolu_1\",\"content\":\"a.txt\\nb.txt\"}", &err);
  CHECK_OK(err);
  CHECK(sessionstore_writer_append(w, "{\"role\":\"user\",\"content\":", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "");
  CHECK(sessionstore_writer_append(w, "{\"content\":\"no role\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "role");
  char* titled = sessionstore_writer_append_record(w, "{\"type\":\"title\",\"title\":\"Renamed in C\"}", &err);
  CHECK_OK(err);
  CHECK(titled != NULL);
  sessionstore_free(titled);
  CHECK(sessionstore_writer_append_record(w, "[]", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "");
  char* ids = sessionstore_writer_append_batch(
      w, "[{\"role\":\"assistant\",\"content\":\"done\"}, {\"role\":\"user\",\"content\":\"thanks\"}]", &err);
  CHECK_OK(err);
  CHECK(ids != NULL && ids[0] == '[' && strchr(ids, ',') != NULL);
  sessionstore_free(ids);
  CHECK(sessionstore_writer_append_batch(w, "{\"role\":\"user\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "not a JSON array");
  CHECK(sessionstore_writer_append_batch(w, "[{\"role\":\"user\",\"content\":\"ok\"}, {\"content\":\"x\"}]", &err) ==
        NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "message 1");
  char* leaf = sessionstore_writer_leaf(w, &err);
  CHECK_OK(err);
  CHECK(leaf != NULL && strlen(leaf) > 0);
  sessionstore_free(leaf);
  CHECK(sessionstore_writer_set_leaf(w, hello, &err) == 0);
  CHECK_OK(err);
  leaf = sessionstore_writer_leaf(w, &err);
  CHECK(same(leaf, hello));
  sessionstore_free(leaf);
  CHECK(sessionstore_writer_set_leaf(w, "no-such-entry", &err) == -1);
  CHECK_ERR(err, SESSIONSTORE_NOT_FOUND, "");
  char* branch = sessionstore_writer_append(w, "{\"role\":\"assistant\",\"content\":\"another answer\"}", &err);
  CHECK_OK(err);
  CHECK(sessionstore_writer_flush(w, &err) == 0);
  CHECK_OK(err);
  CHECK(sessionstore_writer_sync(w, &err) == 0);
  CHECK_OK(err);
  CHECK(sessionstore_writer_close(w, &err) == 0);
  CHECK_OK(err);
  /* A closed writer refuses everything, and says why. */
  CHECK(sessionstore_writer_append(w, "{\"role\":\"user\",\"content\":\"late\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_FAILED_PRECONDITION, "the writer is closed");
  CHECK(sessionstore_writer_close(w, &err) == -1);
  CHECK_ERR(err, SESSIONSTORE_FAILED_PRECONDITION, "closed");
  CHECK(sessionstore_writer_sync(w, &err) == -1);
  CHECK_ERR(err, SESSIONSTORE_FAILED_PRECONDITION, "closed");
  sessionstore_writer_destroy(w);
  sessionstore_writer_destroy(NULL);

  /* Reading it back whole. */
  sessionstore_session_t* s = sessionstore_load(store, id, &err);
  CHECK_OK(err);
  CHECK(sessionstore_session_count(s) == 7);
  CHECK(contains(sessionstore_session_header(s), "\"id\":\"c-one\""));
  CHECK(contains(sessionstore_session_header(s), "12345678901234567890")); /* metadata byte for byte */
  CHECK(contains(sessionstore_session_entry(s, 0), "hello from C, \xc3\xa9t\xc3\xa9"));
  CHECK(contains(sessionstore_session_entry(s, 1), "\"tool_call\""));
  CHECK(contains(sessionstore_session_entry(s, 2), "\"tool_result\""));
  CHECK(sessionstore_session_entry(s, 7) == NULL);
  CHECK(sessionstore_session_skipped(s) == 0);
  CHECK(sessionstore_session_archived(s) == 0);
  sessionstore_session_destroy(s);
  CHECK(sessionstore_load(store, "c-none", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_NOT_FOUND, "c-none");

  /* A cursor over the last two lines. */
  CHECK(sessionstore_read(store, id, "{\"last_n\": -1}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "last_n");
  sessionstore_cursor_t* c = sessionstore_read(store, id, "{\"last_n\": 2}", &err);
  CHECK_OK(err);
  CHECK(contains(sessionstore_cursor_header(c), "c-one"));
  int n = 0;
  for (; sessionstore_cursor_valid(c); sessionstore_cursor_next(c)) {
    CHECK(contains(sessionstore_cursor_entry(c), "\"seq\""));
    ++n;
  }
  CHECK(n == 2);
  CHECK(sessionstore_cursor_entry(c) == NULL);
  CHECK(sessionstore_cursor_status(c, &err) == 0);
  CHECK_OK(err);
  sessionstore_cursor_close(c);
  CHECK(sessionstore_cursor_valid(c) == 0);
  CHECK(sessionstore_cursor_status(c, &err) == -1);
  CHECK_ERR(err, SESSIONSTORE_FAILED_PRECONDITION, "the cursor is closed");
  sessionstore_cursor_next(c); /* a no-op */
  sessionstore_cursor_destroy(c);

  /* The context, in a provider's shape. */
  char* context = sessionstore_context(store, id, "{\"shape\":\"openai-chat\"}", &err);
  CHECK_OK(err);
  CHECK(contains(context, "\"request\":{\"messages\":["));
  CHECK(contains(context, "another answer"));
  CHECK(!contains(context, "thanks")); /* the leaf is the branch */
  sessionstore_free(context);
  context = sessionstore_context(store, id, NULL, &err);
  CHECK_OK(err);
  CHECK(contains(context, "\"left_out\":[]") && contains(context, "\"compaction\":\"\""));
  sessionstore_free(context);
  CHECK(sessionstore_context(store, id, "{\"shape\":\"klingon\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "klingon");
  CHECK(sessionstore_context(store, id, "{\"leaf\":\"nowhere\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_NOT_FOUND, "");

  /* A message from one shape to another, without a store. */
  char* converted = sessionstore_convert_message(
      "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"ls\",\"arguments\":\"{}\"}",
      "{\"from\":\"openai-responses\",\"to\":\"native\"}", &err);
  CHECK_OK(err);
  CHECK(contains(converted, "\"request\":{\"messages\":[{\"role\":\"assistant\""));
  CHECK(contains(converted, "\"type\":\"tool_call\""));
  sessionstore_free(converted);
  converted =
      sessionstore_convert_message("{\"role\":\"user\",\"content\":\"hi\"}", "{\"to\":\"openai-responses\"}", &err);
  CHECK_OK(err);
  CHECK(contains(converted, "\"input\":[") && contains(converted, "\"input_text\""));
  sessionstore_free(converted);
  CHECK(sessionstore_convert_message("{\"role\":\"user\",\"content\":\"hi\"}", "{\"to\":\"auto\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "\"to\" is native");
  CHECK(sessionstore_convert_message("{\"content\":\"hi\"}", NULL, &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "role");

  /* Listing, a page at a time. */
  sessionstore_list_t* list = sessionstore_list(store, "{\"limit\": 1}", &err);
  CHECK_OK(err);
  CHECK(sessionstore_list_count(list) == 1);
  CHECK(contains(sessionstore_list_row(list, 0), "\"id\":"));
  CHECK(sessionstore_list_row(list, 1) == NULL);
  CHECK(sessionstore_list_id(list, 0) != NULL && sessionstore_list_id(list, 1) == NULL);
  CHECK(strlen(sessionstore_list_next_cursor(list)) > 0);
  sessionstore_list_destroy(list);
  list = sessionstore_list(store, "{\"title_contains\":\"renamed in c\",\"include_archived\":true}", &err);
  CHECK_OK(err);
  CHECK(sessionstore_list_count(list) == 1 && same(sessionstore_list_id(list, 0), "c-one"));
  CHECK(same(sessionstore_list_next_cursor(list), ""));
  sessionstore_list_destroy(list);
  CHECK(sessionstore_list(store, "{\"sort\":\"alphabetical\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "alphabetical");
  CHECK(sessionstore_list(store, "not json", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "not a JSON object");
  char* latest = sessionstore_latest(store, "/w", &err);
  CHECK_OK(err);
  CHECK(same(latest, "c-one"));
  sessionstore_free(latest);
  CHECK(sessionstore_latest(store, "/nowhere", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_NOT_FOUND, "");

  /* Search. */
  sessionstore_hits_t* hits = sessionstore_search(store, "hello", "{\"limit\": 5}", &err);
  CHECK_OK(err);
  CHECK(sessionstore_hits_count(hits) == 1);
  CHECK(contains(sessionstore_hits_hit(hits, 0), hello));
  CHECK(sessionstore_hits_hit(hits, 1) == NULL);
  sessionstore_hits_destroy(hits);
  CHECK(sessionstore_search(store, "hello", "{\"limt\": 5}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "unknown member \"limt\"");

  /* Names, labels, summaries. */
  CHECK(sessionstore_rename(store, id, "Named again", &err) == 0);
  CHECK_OK(err);
  CHECK(sessionstore_label(store, id, hello, "start", &err) == 0);
  CHECK_OK(err);
  CHECK(sessionstore_label(store, id, "nowhere", "x", &err) == -1);
  CHECK_ERR(err, SESSIONSTORE_NOT_FOUND, "");
  CHECK(sessionstore_set_summary(store, id, "The user said hello.", &err) == 0);
  CHECK_OK(err);
  char* summary = sessionstore_get_summary(store, id, &err);
  CHECK_OK(err);
  CHECK(same(summary, "The user said hello."));
  sessionstore_free(summary);

  /* History. */
  char* history = sessionstore_set_history(
      store, fresh, "[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]", 0, &err);
  CHECK_OK(err);
  CHECK(history != NULL && history[0] == '[');
  sessionstore_free(history);
  char* popped = sessionstore_pop_message(store, fresh, &err);
  CHECK_OK(err);
  CHECK(contains(popped, "\"a\""));
  sessionstore_free(popped);
  popped = sessionstore_pop_message(store, fresh, &err);
  CHECK_OK(err);
  sessionstore_free(popped);
  CHECK(sessionstore_pop_message(store, fresh, &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_FAILED_PRECONDITION, "");
  char* truncated = sessionstore_truncate_history(store, id, 1, &err);
  CHECK_OK(err);
  CHECK(contains(truncated, "\"truncated\":true"));
  sessionstore_free(truncated);
  char* forked = sessionstore_fork(store, id, call, "{\"id\":\"c-fork\"}", &err);
  CHECK_OK(err);
  CHECK(same(forked, "c-fork"));
  sessionstore_free(forked);
  CHECK(sessionstore_fork(store, id, "nowhere", NULL, &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_NOT_FOUND, "");
  char* compacted = sessionstore_compact(store, id, 1, &err);
  CHECK_OK(err);
  CHECK(contains(compacted, "\"entries_before\":"));
  sessionstore_free(compacted);

  /* Moving sessions about. */
  CHECK(sessionstore_archive(store, "c-fork", &err) == 0);
  CHECK_OK(err);
  s = sessionstore_load(store, "c-fork", &err);
  CHECK(sessionstore_session_archived(s) == 1);
  sessionstore_session_destroy(s);
  CHECK(sessionstore_restore(store, "c-fork", &err) == 0);
  CHECK_OK(err);
  CHECK(sessionstore_trash(store, "c-fork", &err) == 0);
  CHECK_OK(err);
  CHECK(sessionstore_exists(store, "c-fork", &err) == 0);
  CHECK(sessionstore_untrash(store, "c-fork", &err) == 0);
  CHECK_OK(err);
  CHECK(sessionstore_delete(store, "c-fork", &err) == 0);
  CHECK_OK(err);
  CHECK(sessionstore_delete(store, "c-fork", &err) == -1);
  CHECK_ERR(err, SESSIONSTORE_NOT_FOUND, "c-fork");
  char* old = sessionstore_cleanup_older_than(store, 1, 1, &err);
  CHECK_OK(err);
  CHECK(same(old, "[]"));
  sessionstore_free(old);

  /* A writer outlives its store's closing; the store refuses calls after. */
  w = sessionstore_writer_open(store, id, "{\"durability\":\"process\"}", &err);
  CHECK_OK(err);
  sessionstore_store_close(store);
  char* after = sessionstore_writer_append(w, "{\"role\":\"user\",\"content\":\"after the store closed\"}", &err);
  CHECK_OK(err);
  sessionstore_free(after);
  CHECK(sessionstore_writer_close(w, &err) == 0);
  CHECK_OK(err);
  sessionstore_writer_destroy(w);
  CHECK(sessionstore_create(store, NULL, &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_FAILED_PRECONDITION, "the store is closed");
  CHECK(sessionstore_list(store, NULL, &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_FAILED_PRECONDITION, "the store is closed");
  sessionstore_store_close(store); /* twice is fine */
  sessionstore_store_destroy(store);

  sessionstore_free(id);
  sessionstore_free(fresh);
  sessionstore_free(hello);
  sessionstore_free(call);
  sessionstore_free(result);
  sessionstore_free(branch);
}

/* Errors say what and where: a damaged line read strictly names the file,
 * the line and the byte offset. */
static void check_errors(const char* dir) {
  sessionstore_error_t* err = NULL;
  CHECK(sessionstore_error_code(NULL) == SESSIONSTORE_OK);
  CHECK(sessionstore_open(NULL, NULL, &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "location is NULL");
  CHECK(sessionstore_open(dir, "{\"create_if_missing\": \"yes\"}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "\"create_if_missing\" is not true or false");
  char missing[4096];
  snprintf(missing, sizeof missing, "%s/no-store-here", dir);
  CHECK(sessionstore_open(missing, "{\"create_if_missing\": false}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_NOT_FOUND, "no store");
  CHECK(sessionstore_create(NULL, NULL, &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "store is NULL");
  CHECK(sessionstore_writer_append(NULL, "{}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "writer is NULL");
  CHECK(sessionstore_cursor_status(NULL, &err) == -1);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "cursor is NULL");
  /* A NULL err is allowed: the caller only wants the result. */
  CHECK(sessionstore_create(NULL, NULL, NULL) == NULL);

  char store_dir[4096];
  snprintf(store_dir, sizeof store_dir, "%s/damaged", dir);
  sessionstore_store_t* store = sessionstore_open(store_dir, NULL, &err);
  CHECK_OK(err);
  char* id = sessionstore_create(store, "{\"id\":\"hurt\"}", &err);
  CHECK_OK(err);
  sessionstore_store_destroy(store);
  char path[4200];
  snprintf(path, sizeof path, "%s/sessions/hurt.jsonl", store_dir);
  FILE* f = fopen(path, "a");
  CHECK(f != NULL);
  if (f != NULL) {
    fputs("{\"type\":\"message\",\"seq\":1,\"id\":\"x\"\n", f);
    fclose(f);
  }
  store = sessionstore_open(store_dir, "{\"strict\": true}", &err);
  CHECK_OK(err);
  CHECK(sessionstore_load(store, "hurt", &err) == NULL);
  CHECK(sessionstore_error_code(err) == SESSIONSTORE_CORRUPTION);
  CHECK(same(sessionstore_error_code_name(err), "Corruption"));
  CHECK(contains(sessionstore_error_path(err), "hurt.jsonl"));
  CHECK(sessionstore_error_line(err) == 2);
  CHECK(sessionstore_error_offset(err) > 0);
  CHECK(contains(sessionstore_error_message(err), "hurt.jsonl"));
  sessionstore_error_destroy(err);
  err = NULL;
  sessionstore_store_destroy(store);
  /* Not strict: the line is skipped and counted. */
  store = sessionstore_open(store_dir, NULL, &err);
  sessionstore_session_t* s = sessionstore_load(store, "hurt", &err);
  CHECK_OK(err);
  CHECK(sessionstore_session_skipped(s) == 1 && sessionstore_session_count(s) == 0);
  sessionstore_session_destroy(s);
  sessionstore_store_destroy(store);
  sessionstore_free(id);
  /* An error left in place is replaced, not leaked. */
  CHECK(sessionstore_open(NULL, NULL, &err) == NULL);
  CHECK(sessionstore_open(NULL, "{}", &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "location");
  sessionstore_error_destroy(NULL);
  sessionstore_session_destroy(NULL);
  sessionstore_cursor_destroy(NULL);
  sessionstore_list_destroy(NULL);
  sessionstore_hits_destroy(NULL);
  sessionstore_store_destroy(NULL);
  sessionstore_free(NULL);
}

/* {"redact": true}: what the store writes holds no secret the detectors
 * find; a patterns file that does not compile is refused with its line. */
static void check_redact(const char* dir) {
  sessionstore_error_t* err = NULL;
  char store_dir[4096];
  snprintf(store_dir, sizeof store_dir, "%s/redacting", dir);
  sessionstore_store_t* store = sessionstore_open(store_dir, "{\"redact\": true}", &err);
  CHECK_OK(err);
  char* id = sessionstore_create(store, "{\"id\":\"leaky\"}", &err);
  CHECK_OK(err);
  sessionstore_writer_t* w = sessionstore_writer_open(store, "leaky", NULL, &err);
  CHECK_OK(err);
  char* entry = sessionstore_writer_append(w, "{\"role\":\"user\",\"content\":\"key AKIAIOSFODNN7EXAMPLE\"}", &err);
  CHECK_OK(err);
  CHECK(sessionstore_writer_close(w, &err) == 0);
  sessionstore_writer_destroy(w);
  sessionstore_session_t* s = sessionstore_load(store, "leaky", &err);
  CHECK_OK(err);
  CHECK(s != NULL && sessionstore_session_count(s) == 1);
  if (s != NULL && sessionstore_session_count(s) == 1) {
    CHECK(contains(sessionstore_session_entry(s, 0), "key [REDACTED:aws-access-key]"));
    CHECK(!contains(sessionstore_session_entry(s, 0), "AKIAIOSFODNN7EXAMPLE"));
  }
  sessionstore_session_destroy(s);
  sessionstore_store_destroy(store);
  sessionstore_free(entry);
  sessionstore_free(id);

  char patterns[4200];
  snprintf(patterns, sizeof patterns, "%s/patterns.txt", dir);
  FILE* f = fopen(patterns, "w");
  CHECK(f != NULL);
  if (f != NULL) {
    fputs("ticket  JIRA-[0-9]+\nbroken  (x\n", f);
    fclose(f);
  }
  char options[4400];
  snprintf(options, sizeof options, "{\"redact_patterns\": \"%s\"}", patterns);
  CHECK(sessionstore_open(store_dir, options, &err) == NULL);
  CHECK_ERR(err, SESSIONSTORE_INVALID_ARGUMENT, "patterns.txt:2: redaction pattern \"broken\"");
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: c_api_test DIR [LOCATION...]\n");
    return 2;
  }
  CHECK(strlen(sessionstore_version()) >= 5);
  check_errors(argv[1]);
  check_redact(argv[1]);
  char files[4096];
  snprintf(files, sizeof files, "%s/store", argv[1]);
  check_store(files);
  for (int i = 2; i < argc; ++i) check_store(argv[i]);
  if (failures > 0) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("every check passed\n");
  return 0;
}
