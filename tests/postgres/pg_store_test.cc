// What only the PostgreSQL store has: writers on separate connections (as
// separate machines would be), a writer whose connection dies, the server
// going away under a store, and commits with synchronous_commit off.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "postgres/pg_schema.h"
#include "testing/store_fixture.h"
#include "testing/tcp_proxy.h"
#include "testing/test_pg.h"

namespace sessionstore {
namespace {

using testing::UserText;

class PgStoreTest : public testing::StoreFixture<::testing::Test> {
 protected:
  std::string backend() const override { return "Postgres"; }
  // A connection to this store's schema, for checks of what is stored.
  postgres::PgConnection Connect() const {
    auto c = postgres::PgConnection::Connect(location());
    if (!c.ok()) throw std::runtime_error(c.status().ToString());
    return std::move(*c);
  }
  // Runs scripts/pg-test-server.sh `command` on the test server.
  void Server(const std::string& command) {
    ASSERT_FALSE(testing::TestPgDir().empty()) << "SESSIONSTORE_TEST_PG_DIR is not set";
    const std::string script = std::string(SOURCE_DIR) + "/scripts/pg-test-server.sh";
    ASSERT_EQ(std::system((script + " " + command + " " + testing::TestPgDir()).c_str()), 0);
  }
  // Ends the server processes of this store's writers, as a crash of their
  // machine would: the ones holding a session-level advisory lock (the
  // PostgreSQL tests run one at a time).
  void KillWriters() {
    postgres::PgConnection admin = Connect();
    ASSERT_TRUE(admin
                    .Run("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                         " AND pid <> pg_backend_pid()")
                    .ok());
  }
};

// Two stores stand for two machines: one writer per session between them,
// and a second one is Busy naming the holder.
TEST_F(PgStoreTest, OneWriterPerSessionAcrossStores) {
  Create({.id = "s"});
  auto elsewhere = OpenStore();
  auto w = store_->OpenWriter("s");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  auto second = elsewhere->OpenWriter("s");
  EXPECT_EQ(second.status().code(), StatusCode::kBusy);
  EXPECT_NE(second.status().message().find("sessionstore pid"), std::string::npos) << second.status().ToString();
  EXPECT_EQ(elsewhere->Delete("s").code(), StatusCode::kBusy);
  EXPECT_EQ(elsewhere->Compact("s").status().code(), StatusCode::kBusy);
  ASSERT_TRUE((*w)->Append(UserText("mine")).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto now_theirs = elsewhere->OpenWriter("s");
  ASSERT_TRUE(now_theirs.ok()) << now_theirs.status().ToString();
  auto id = (*now_theirs)->Append(UserText("theirs"));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE((*now_theirs)->Close().ok());
  auto loaded = store_->Load("s");
  ASSERT_EQ(loaded->entries.size(), 2u);
  EXPECT_EQ(loaded->entries[1].parent, loaded->entries[0].id) << "the second writer continued the chain";
}

// A writer whose connection dies (as when its machine crashes) loses its
// lock with it: another writer takes the session; the first one, when it
// comes back, finds it taken (Busy) and writes nothing.
TEST_F(PgStoreTest, ACrashedWritersLockGoesWithItsConnection) {
  Create({.id = "s"});
  auto w = store_->OpenWriter("s");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append(UserText("before")).ok());
  KillWriters();
  auto other = OpenStore();
  auto taker = other->OpenWriter("s");
  ASSERT_TRUE(taker.ok()) << "the lock went with the connection: " << taker.status().ToString();
  auto lost = (*w)->Append(UserText("too late"));
  EXPECT_FALSE(lost.ok());
  ASSERT_TRUE((*taker)->Append(UserText("after")).ok());
  ASSERT_TRUE((*taker)->Close().ok());
  auto again = (*w)->Append(UserText("still too late"));
  EXPECT_TRUE(again.ok()) << "the taker closed: the writer takes the lock again: " << again.status().ToString();
  ASSERT_TRUE((*w)->Close().ok());
  auto loaded = store_->Load("s");
  ASSERT_TRUE(loaded.ok());
  std::vector<std::string> texts;
  for (const Entry& e : loaded->entries) texts.push_back(e.message.Text());
  EXPECT_EQ(texts, (std::vector<std::string>{"before", "after", "still too late"}));
  for (size_t i = 0; i < loaded->entries.size(); ++i) EXPECT_EQ(loaded->entries[i].seq, i + 1);
}

// The server stops: every call is Unavailable with the server's or libpq's
// words, nothing acknowledged is lost, and the same store and writer work
// again once it is back.
TEST_F(PgStoreTest, ALostServerIsUnavailableAndTheStoreRecovers) {
  Create({.id = "s"});
  auto w = store_->OpenWriter("s");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append(UserText("kept")).ok());
  Server("halt");
  auto load = store_->Load("s");
  auto list = store_->List();
  auto append = (*w)->Append(UserText("while down"));
  Server("resume");
  EXPECT_EQ(load.status().code(), StatusCode::kUnavailable) << load.status().ToString();
  EXPECT_NE(load.status().message().find("PostgreSQL: "), std::string::npos);
  EXPECT_EQ(list.status().code(), StatusCode::kUnavailable) << list.status().ToString();
  EXPECT_EQ(append.status().code(), StatusCode::kUnavailable) << append.status().ToString();
  ASSERT_TRUE((*w)->Append(UserText("back")).ok()) << "the writer reconnects and takes its lock again";
  ASSERT_TRUE((*w)->Close().ok());
  auto loaded = store_->Load("s");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->entries.size(), 2u);
  EXPECT_EQ(loaded->entries[0].message.Text(), "kept");
  EXPECT_EQ(loaded->entries[1].message.Text(), "back");
  EXPECT_EQ(loaded->entries[1].seq, 2u);
  EXPECT_EQ(store_->List()->front().message_count, 2);
}

// kProcess commits without waiting for the WAL flush; kBuffered keeps
// entries in the writer until Flush. Both are visible to readers once
// committed, and Sync returns once the server has them on disk.
TEST_F(PgStoreTest, DurabilityModesCommitWhenTheySay) {
  Create({.id = "s"});
  auto buffered = store_->OpenWriter("s", {.durability = Durability::kBuffered});
  ASSERT_TRUE(buffered.ok());
  ASSERT_TRUE((*buffered)->Append(UserText("held")).ok());
  EXPECT_TRUE(store_->Load("s")->entries.empty()) << "kBuffered: in the writer's memory";
  ASSERT_TRUE((*buffered)->Flush().ok());
  EXPECT_EQ(store_->Load("s")->entries.size(), 1u);
  ASSERT_TRUE((*buffered)->Close().ok());
  auto process = store_->OpenWriter("s", {.durability = Durability::kProcess});
  ASSERT_TRUE(process.ok());
  ASSERT_TRUE((*process)->Append(UserText("async")).ok());
  EXPECT_EQ(store_->Load("s")->entries.size(), 2u) << "committed before the append returned";
  ASSERT_TRUE((*process)->Sync().ok());
  ASSERT_TRUE((*process)->Close().ok());
  EXPECT_EQ((*process)->Append(UserText("x")).status().code(), StatusCode::kFailedPrecondition);
}

// kBuffered across a lost connection: what is buffered is committed after
// the writer reconnects when nothing was written meanwhile, and refused
// (said, never merged) when another writer moved the session on.
TEST_F(PgStoreTest, BufferedEntriesOutliveAReconnectUnlessTheSessionMovedOn) {
  Create({.id = "s"});
  auto w = store_->OpenWriter("s", {.durability = Durability::kBuffered});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append(UserText("buffered before")).ok());
  Server("halt");
  Server("resume");
  auto listed = store_->List();
  EXPECT_TRUE(listed.ok()) << "a pooled connection that died while idle connects again: " << listed.status().ToString();
  ASSERT_TRUE((*w)->Flush().ok()) << "the writer reconnects, takes its lock again and commits";
  ASSERT_TRUE((*w)->Append(UserText("after the flush")).ok());
  ASSERT_TRUE((*w)->Flush().ok());

  ASSERT_TRUE((*w)->Append(UserText("never stored")).ok());
  KillWriters();
  auto other = store_->OpenWriter("s");
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ASSERT_TRUE((*other)->Append(UserText("by another writer")).ok());
  ASSERT_TRUE((*other)->Close().ok());
  Status flushed = (*w)->Flush();
  EXPECT_EQ(flushed.code(), StatusCode::kFailedPrecondition) << flushed.ToString();
  EXPECT_NE(flushed.message().find("1 entry buffered was not stored"), std::string::npos) << flushed.ToString();
  ASSERT_TRUE((*w)->Append(UserText("continues")).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto loaded = store_->Load("s");
  ASSERT_TRUE(loaded.ok());
  std::vector<std::string> texts;
  for (const Entry& e : loaded->entries) texts.push_back(e.message.Text());
  EXPECT_EQ(texts, (std::vector<std::string>{"buffered before", "after the flush", "by another writer", "continues"}));
  for (size_t i = 0; i < loaded->entries.size(); ++i) {
    EXPECT_EQ(loaded->entries[i].seq, i + 1);
    if (i > 0) {
      EXPECT_EQ(loaded->entries[i].parent, loaded->entries[i - 1].id);
    }
  }
}

// A cursor reads the session as it was when opened, a page at a time; a
// rewrite or a delete between pages stops it with an error, never with a
// mix of two versions.
TEST_F(PgStoreTest, ACursorStopsWhenItsSessionIsRewrittenOrDeleted) {
  Create({.id = "s"});
  std::vector<Record> many;
  for (int i = 0; i < 2500; ++i) many.push_back(UserText("m" + std::to_string(i)));
  Append("s", many);
  auto whole = store_->Read("s");
  ASSERT_TRUE(whole.ok());
  Append("s", {UserText("after the cursor opened")});
  int n = 0;
  for (const Entry& e : **whole) EXPECT_EQ(e.message.Text(), "m" + std::to_string(n++));
  EXPECT_EQ(n, 2500) << "up to the last entry when it was opened";
  EXPECT_TRUE((*whole)->status().ok());

  auto rewritten = store_->Read("s");
  ASSERT_TRUE(rewritten.ok());
  for (n = 0; n < 10; ++n) (*rewritten)->Next();
  ASSERT_TRUE(store_->SetHistory("s", std::vector<Message>{Message::User("new")}, {.rewrite = true}).ok());
  while ((*rewritten)->Valid()) (*rewritten)->Next();
  EXPECT_EQ((*rewritten)->status().code(), StatusCode::kFailedPrecondition) << (*rewritten)->status().ToString();

  Append("s", many);
  auto deleted = store_->Read("s");
  ASSERT_TRUE(deleted.ok());
  ASSERT_TRUE(store_->Delete("s").ok());
  while ((*deleted)->Valid()) (*deleted)->Next();
  EXPECT_EQ((*deleted)->status().code(), StatusCode::kNotFound) << (*deleted)->status().ToString();
}

// What "durable" rests on: a kSync append returns only when the server has
// flushed its commit to disk; a kProcess append may return before, and
// Sync() returns only after; a kInterval writer flushes on its own within
// its interval. The server's WAL writer is slowed down for the
// test so that it does not flush on its own meanwhile.
TEST_F(PgStoreTest, SyncedCommitsAreOnTheServersDiskWhenTheyReturn) {
  postgres::PgConnection admin = Connect();
  ASSERT_TRUE(admin.Run("ALTER SYSTEM SET wal_writer_delay = '10s'").ok());
  ASSERT_TRUE(admin.Run("SELECT pg_reload_conf()").ok());
  auto flushed = [&] {
    auto r = admin.Exec("SELECT pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn()");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && r->Text(0, 0) == "t";
  };
  Create({.id = "s"});
  auto synced = store_->OpenWriter("s");
  ASSERT_TRUE(synced.ok());
  ASSERT_TRUE((*synced)->Append(UserText("synced")).ok());
  EXPECT_TRUE(flushed()) << "kSync: flushed before the append returned";
  ASSERT_TRUE((*synced)->Close().ok());
  auto process = store_->OpenWriter("s", {.durability = Durability::kProcess});
  ASSERT_TRUE(process.ok());
  ASSERT_TRUE((*process)->Append(UserText("not yet flushed")).ok());
  const bool before_sync = flushed();
  ASSERT_TRUE((*process)->Sync().ok());
  const bool after_sync = flushed();
  ASSERT_TRUE((*process)->Close().ok());
  auto interval = store_->OpenWriter("s", {.durability = Durability::kInterval, .interval_ms = 50});
  ASSERT_TRUE(interval.ok());
  ASSERT_TRUE((*interval)->Append(UserText("flushed within the interval")).ok());
  bool flushed_by_writer = false;
  for (int i = 0; i < 100 && !(flushed_by_writer = flushed()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE((*interval)->Close().ok());
  ASSERT_TRUE(admin.Run("ALTER SYSTEM RESET wal_writer_delay").ok());
  ASSERT_TRUE(admin.Run("SELECT pg_reload_conf()").ok());
  EXPECT_FALSE(before_sync) << "kProcess returned before the flush (else this test proves nothing of Sync)";
  EXPECT_TRUE(after_sync) << "Sync returned after it";
  EXPECT_TRUE(flushed_by_writer) << "kInterval: flushed within a second (its interval: 50 ms), with no call";
}

// A network cut during a commit, where the server does not notice: the
// writer's old server process lives on, holding the session's lock. The
// writer connects again, ends that process (its own, lost), takes the lock,
// and reads from the session whether the commit landed: if it did (only
// the reply was lost) the append succeeded; if not, it is sent again.
// Either way each entry is stored once.
TEST_F(PgStoreTest, ACommitCutOffByTheNetworkIsResolvedByWhatLanded) {
  Create({.id = "s"});
  const std::string url = location();
  const size_t host = url.find("127.0.0.1:") + 10, path = url.find('/', host);
  testing::TcpProxy proxy(std::stoi(url.substr(host, path - host)));
  auto through = Store::Open(url.substr(0, host) + std::to_string(proxy.port()) + url.substr(path));
  ASSERT_TRUE(through.ok()) << through.status().ToString();
  auto w = (*through)->OpenWriter("s");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  std::vector<std::string> ids;
  auto append = [&](const std::string& text) {
    auto id = (*w)->Append(UserText(text));
    EXPECT_TRUE(id.ok()) << text << ": " << id.status().ToString();
    if (id.ok()) ids.push_back(*id);
  };
  append("before");
  proxy.CutAt("sessionstore_commit", testing::TcpProxy::Cut::kAfter);
  append("landed, its reply lost");
  EXPECT_TRUE(proxy.cut_done());
  proxy.CutAt("sessionstore_commit", testing::TcpProxy::Cut::kBefore);
  append("lost on the way, sent again");
  EXPECT_TRUE(proxy.cut_done());
  append("after");
  ASSERT_TRUE((*w)->Close().ok());
  auto loaded = store_->Load("s");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->entries.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(loaded->entries[i].seq, i + 1);
    EXPECT_EQ(loaded->entries[i].id, ids.at(i));
  }
}

// A row whose line does not read as an entry (written by hand, or by a
// broken program) is reported where it is, fatal to strict reads, and never
// dropped by a rewrite: Compact and Reindex refuse.
TEST_F(PgStoreTest, ABadRowIsReportedAndNeverDropped) {
  Create({.id = "s"});
  Append("s", {UserText("one"), UserText("two")});
  postgres::PgConnection db = Connect();
  ASSERT_TRUE(
      db.Run("INSERT INTO entries(session_id, seq, id, line, role, ts_ms) VALUES('s', 3, 'x', '{\"type\":', '', 0);"
             " UPDATE sessions SET last_seq = 3 WHERE id = 's'")
          .ok());
  auto loaded = store_->Load("s");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->entries.size(), 2u);
  ASSERT_EQ(loaded->report.skipped.size(), 1u);
  EXPECT_EQ(loaded->report.skipped[0].line, 4) << "as the line of a session file: the header is line 1";
  EXPECT_EQ(loaded->report.skipped[0].reason.context().path, "postgresql:s");
  EXPECT_EQ(loaded->report.skipped[0].reason.context().line, 4);
  // The same place from the other readers: the context's backward walk and
  // a cursor.
  auto view = store_->Context("s");
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  ASSERT_EQ(view->report.skipped.size(), 1u);
  EXPECT_EQ(view->report.skipped[0].line, 4);
  EXPECT_EQ(view->report.skipped[0].reason.context().line, 4);
  auto cursor = store_->Read("s");
  ASSERT_TRUE(cursor.ok());
  while ((*cursor)->Valid()) (*cursor)->Next();
  ASSERT_TRUE((*cursor)->status().ok()) << (*cursor)->status().ToString();
  ASSERT_EQ((*cursor)->report().skipped.size(), 1u);
  EXPECT_EQ((*cursor)->report().skipped[0].line, 4);
  EXPECT_EQ((*cursor)->report().skipped[0].reason.context().line, 4);
  auto strict = OpenStore({.read = {.strict = true}});
  EXPECT_EQ(strict->Load("s").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(store_->Compact("s").status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Reindex().code(), StatusCode::kFailedPrecondition);
  auto rows = db.Exec("SELECT count(*) FROM entries WHERE session_id = 's'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Int(0, 0), 3) << "the bad row is still there";
}

// Search walks the newest entries first (at least 1,000 of them) and turns
// to the word index when too few of them hit: either way the hits are the
// newest of all matches. Here the store holds 1,300 entries; "needle" is
// in the oldest two and the newest three, "common" in every other one.
// Usage reads each session's buckets from its row; a session stored before
// the rows had them (NULL) is replayed, stays unknown through appends (its
// writer knows only its own), and a reindex gives it its buckets.
TEST_F(PgStoreTest, UsageComesFromTheRowsAndOlderRowsAreReplayed) {
  auto answer = [](int64_t in, double cost) {
    Message m = Message::Assistant("answer");
    m.model = "m";
    m.usage = Usage{.input_tokens = in, .output_tokens = 1, .cost_usd = cost};
    return Record::FromMessage(std::move(m));
  };
  const std::string a = Create(), old = Create();
  Append(a, {UserText("q"), answer(100, 0.5)});
  Append(old, {UserText("q"), answer(10, 0.25)});
  postgres::PgConnection db = Connect();
  auto total = [&]() {
    auto rows = store_->Usage({.by = UsageOptions::By::kTotal});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() && rows->size() == 1 ? (*rows)[0] : UsageRow{};
  };
  auto buckets_of = [&](const std::string& id) {
    auto r = db.Exec("SELECT usage_buckets IS NULL, coalesce(usage_buckets, '') FROM sessions WHERE id = $1", {id});
    EXPECT_TRUE(r.ok() && r->rows() == 1);
    return r->Text(0, 0) == "t" ? std::string("NULL") : std::string(r->Text(0, 1));
  };
  EXPECT_NE(buckets_of(a), "NULL");
  EXPECT_NE(buckets_of(a), "");
  ASSERT_TRUE(db.Run("UPDATE sessions SET usage_buckets = NULL WHERE id = $1", {old}).ok());
  EXPECT_EQ(total().input_tokens, 110);
  EXPECT_EQ(total().cost_usd, 0.75);
  Append(old, {answer(1000, 1.0)});
  EXPECT_EQ(buckets_of(old), "NULL") << "a writer going on from an unknown row knows only its own";
  EXPECT_EQ(total().input_tokens, 1110);
  EXPECT_EQ(total().messages, 5);
  ASSERT_TRUE(store_->Reindex().ok());
  EXPECT_NE(buckets_of(old), "NULL");
  Append(old, {answer(1, 0.0)});
  EXPECT_EQ(total().input_tokens, 1111);
  EXPECT_EQ(total().cost_usd, 1.75);
}

TEST_F(PgStoreTest, SearchGivesTheNewestHitsOfAllMatches) {
  Create({.id = "s"});
  std::vector<Record> records;
  for (int i = 0; i < 1300; ++i) {
    std::string text = "entry " + std::to_string(i);
    if (i < 2 || i >= 1297) text += " needle";
    if (i % 2 == 0) text += " common";
    records.push_back(UserText(text));
    records.back().timestamp_ms = 1'700'000'000'000 + i;
  }
  const std::vector<std::string> ids = Append("s", records);
  ASSERT_EQ(ids.size(), 1300u);
  auto hit_ids = [&](std::string_view query, size_t limit) {
    auto hits = store_->Search(query, {.limit = limit});
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<std::string> out;
    for (const SearchHit& h : hits.ok() ? *hits : std::vector<SearchHit>()) out.push_back(h.entry_id);
    return out;
  };
  EXPECT_EQ(hit_ids("needle", 2), (std::vector<std::string>{ids[1299], ids[1298]})) << "found among the newest";
  EXPECT_EQ(hit_ids("needle", 20), (std::vector<std::string>{ids[1299], ids[1298], ids[1297], ids[1], ids[0]}))
      << "the oldest two are past the walk: the index finds them";
  EXPECT_EQ(hit_ids("common", 3), (std::vector<std::string>{ids[1298], ids[1296], ids[1294]}));
  EXPECT_EQ(hit_ids("\"needle common\"", 20), (std::vector<std::string>{ids[1298], ids[0]}));
  EXPECT_TRUE(hit_ids("absent", 20).empty());
}

// A database that version 1 of the schema made is upgraded when a store
// opens it, and what it held stays whole: its session loads as it was,
// lists in order, takes appends, and is deleted with its entries.
TEST(PgSchemaUpgradeTest, AVersionOneDatabaseKeepsItsSessions) {
  testing::TestPgSchema old_db, source;
  ASSERT_TRUE(old_db.error().empty()) << old_db.error();
  // The rows of a session as this build writes them; version 1 has the
  // same columns but the ones migration 2 added.
  auto made = Store::Open(source.url());
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  ASSERT_TRUE((*made)->Create({.id = "s"}).ok());
  ASSERT_TRUE((*made)->Create({.id = "t"}).ok());
  for (const char* text : {"first", "second"}) ASSERT_TRUE((*made)->Rename("s", text).ok());
  {
    auto w = (*made)->OpenWriter("s");
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append(UserText("a needle in the old database")).ok());
    ASSERT_TRUE((*w)->Close().ok());
  }
  auto before = (*made)->Load("s");
  ASSERT_TRUE(before.ok());
  postgres::PgConnection db = old_db.Connect();
  ASSERT_TRUE(postgres::Migrate(db, 1).ok());
  const std::string v1_columns =
      "id, header, archived, workspace, explicit_title, first_user_title, created_ms, updated_ms, message_count, "
      "model, provider, cost_usd, bytes, parent_session, parent_entry, last_seq, last_id, rewrites";
  ASSERT_TRUE(
      db.Run("INSERT INTO sessions(" + v1_columns + ") SELECT " + v1_columns + " FROM " + source.schema() + ".sessions")
          .ok());
  const std::string entry_columns = "session_id, seq, id, line, role, ts_ms, search";
  ASSERT_TRUE(db.Run("INSERT INTO entries(" + entry_columns + ") SELECT " + entry_columns + " FROM " + source.schema() +
                     ".entries")
                  .ok());

  auto store = Store::Open(old_db.url());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto version = db.Exec("SELECT max(version) FROM sessionstore_schema");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->Int(0, 0), postgres::LatestSchemaVersion());
  auto after = (*store)->Load("s");
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  ASSERT_EQ(after->entries.size(), before->entries.size());
  for (size_t i = 0; i < after->entries.size(); ++i) EXPECT_EQ(after->entries[i].id, before->entries[i].id);
  ASSERT_TRUE((*store)->Rename("t", "now newest").ok());
  auto listed = (*store)->List();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, "t");
  EXPECT_EQ((*listed)[1].id, "s");
  EXPECT_EQ((*listed)[1].title, "second");
  auto found = (*store)->Search("needle");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().snippet, "a needle in the old database");
  ASSERT_EQ(found->front().matches.size(), 1u);
  EXPECT_EQ(found->front().matches[0].offset, 2u);
  ASSERT_TRUE((*store)->Delete("s").ok());
  auto left = db.Exec("SELECT count(*) FROM entries WHERE session_id = 's'");
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->Int(0, 0), 0) << "a deleted session's entries go with it";
}

}  // namespace
}  // namespace sessionstore
