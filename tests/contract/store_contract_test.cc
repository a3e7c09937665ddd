// The Store contract, on both stores: create, load, read, import, list,
// latest, delete, archive, restore, rename.

#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <thread>

#include "sessionstore/follower.h"
#include "testing/store_fixture.h"

namespace sessionstore {
namespace {

using testing::ContractTest;
using testing::OtherStore;
using testing::UserText;

TEST_P(ContractTest, CreateWritesADurableHeader) {
  auto h = store_->Create(
      {.id = "s1", .workspace = "/w", .title = "T", .model = "m", .provider = "p", .metadata = R"({"k":1})"});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->id, "s1");
  EXPECT_GT(h->created_ms, 0);
  auto loaded = store_->Load("s1");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->header.workspace, "/w");
  EXPECT_EQ(loaded->header.metadata, R"({"k":1})");
  EXPECT_TRUE(loaded->entries.empty());
  EXPECT_EQ(store_->Create({.id = "s1"}).status().code(), StatusCode::kAlreadyExists);
}

TEST_P(ContractTest, CreateGeneratesUuidV7Ids) {
  std::string a = Create(), b = Create();
  EXPECT_EQ(a.size(), 36u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '7');
}

TEST_P(ContractTest, GetOrCreateReturnsTheExistingHeader) {
  auto first = store_->GetOrCreate({.id = "telegram:123", .workspace = "/a"});
  ASSERT_TRUE(first.ok());
  auto second = store_->GetOrCreate({.id = "telegram:123", .workspace = "/b"});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->workspace, "/a");
  EXPECT_EQ(second->created_ms, first->created_ms);
  EXPECT_EQ(store_->GetOrCreate({}).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(ContractTest, GetOrCreateFromManyThreadsCreatesOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  std::vector<int64_t> created(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto h = store_->GetOrCreate({.id = "shared"});
      if (h.ok()) {
        ++ok;
        created[i] = h->created_ms;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 8);
  for (int64_t c : created) EXPECT_EQ(c, created[0]);
}

TEST_P(ContractTest, ExistsLiveAndArchived) {
  std::string id = Create();
  EXPECT_TRUE(*store_->Exists(id));
  EXPECT_FALSE(*store_->Exists("nope"));
  ASSERT_TRUE(store_->Archive(id).ok());
  EXPECT_TRUE(*store_->Exists(id));
}

TEST_P(ContractTest, AppendThenLoadGivesEntriesInOrderAsAChain) {
  std::string id = Create();
  auto ids = Append(id, {UserText("one"), UserText("two"), Record::Title("t")});
  auto more = Append(id, {UserText("three")});
  auto s = store_->Load(id);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->entries.size(), 4u);
  EXPECT_EQ(s->entries[0].id, ids[0]);
  EXPECT_TRUE(s->entries[0].parent.empty());
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(s->entries[i].seq, i + 1);
    EXPECT_EQ(s->entries[i].parent, s->entries[i - 1].id) << "a reopened writer continues the chain";
  }
  EXPECT_EQ(s->entries[3].id, more[0]);
  EXPECT_EQ(s->entries[1].message.Text(), "two");
  EXPECT_TRUE(s->report.skipped.empty());
}

// An entry is acknowledged only if every reader can read it back: nothing
// longer than the readers' line limit is written, on any backend, by any
// call that writes lines.
TEST_P(ContractTest, NothingLongerThanTheReadersLineLimitIsWritten) {
  constexpr size_t kLimit = size_t{1} << 20;
  store_ = OpenStore({.read = {.max_line_bytes = kLimit}});
  const std::string id = Create({.id = "s"});
  auto w = store_->OpenWriter(id);
  ASSERT_TRUE(w.ok());
  auto fits = (*w)->Append(UserText(std::string(kLimit - 200, 'a')));
  ASSERT_TRUE(fits.ok()) << fits.status().ToString();
  for (const std::string& text : {std::string(kLimit + 1, 'b'),              // its text alone is too long
                                  std::string(kLimit / 2 + 100, '\x01')}) {  // only escaped (\u0001: 6x)
    auto refused = (*w)->Append(UserText(text));
    ASSERT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(refused.status().message().find("max_line_bytes"), std::string::npos) << refused.status().ToString();
    EXPECT_NE(refused.status().message().find(std::to_string(kLimit)), std::string::npos);
  }
  auto batch = (*w)->AppendBatch(std::vector<Record>{UserText("x"), UserText(std::string(2 * kLimit, 'c'))});
  EXPECT_EQ(batch.status().code(), StatusCode::kInvalidArgument) << "a batch goes whole or not at all";
  auto after = (*w)->Append(UserText("after"));
  ASSERT_TRUE(after.ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto loaded = store_->Load(id);
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->entries.size(), 2u);
  EXPECT_EQ(loaded->entries[0].id, *fits);
  EXPECT_EQ(loaded->entries[1].parent, *fits) << "the chain goes on from what was written";
  EXPECT_TRUE(loaded->report.skipped.empty());

  // Headers, imports and rewrites keep the limit too.
  EXPECT_EQ(store_->Create({.metadata = "\"" + std::string(kLimit, 'm') + "\""}).status().code(),
            StatusCode::kInvalidArgument);
  Session big{.header = {.id = "imported"}};
  Entry e;
  static_cast<Record&>(e) = UserText(std::string(kLimit + 10, 'i'));
  e.seq = 1;
  e.id = "e1";
  big.entries.push_back(e);
  EXPECT_EQ(store_->Import(big).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(*store_->Exists("imported"));
  const std::vector<Message> history = {Message::User(std::string(kLimit + 10, 'h'))};
  EXPECT_EQ(store_->SetHistory(id, history, {.rewrite = true}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Load(id)->entries.size(), 2u);
}

TEST_P(ContractTest, CursorReadsAllOrTheLastN) {
  std::string id = Create();
  std::vector<Record> records;
  for (int i = 0; i < 50; ++i) records.push_back(UserText("m" + std::to_string(i)));
  Append(id, records);
  auto all = store_->Read(id);
  ASSERT_TRUE(all.ok());
  int n = 0;
  for (const Entry& e : **all) EXPECT_EQ(e.message.Text(), "m" + std::to_string(n++));
  EXPECT_EQ(n, 50);
  EXPECT_TRUE((*all)->status().ok());

  for (size_t last : {1, 7, 50, 80}) {
    auto tail = store_->Read(id, {.last_n = last});
    ASSERT_TRUE(tail.ok());
    std::vector<std::string> texts;
    for (const Entry& e : **tail) texts.push_back(e.message.Text());
    size_t expect = std::min<size_t>(last, 50);
    ASSERT_EQ(texts.size(), expect);
    EXPECT_EQ(texts.front(), "m" + std::to_string(50 - expect));
    EXPECT_EQ(texts.back(), "m49");
  }
}

TEST_P(ContractTest, CursorLinesAreTheStoredBytes) {
  std::string id = Create();
  Append(id, {UserText("a"), UserText("b")});
  auto c = store_->Read(id);
  ASSERT_TRUE(c.ok());
  std::string all = std::string((*c)->header_line()) + "\n";
  for (; (*c)->Valid(); (*c)->Next()) all += std::string((*c)->line()) + "\n";
  EXPECT_EQ(all, Stored(id));
}

// Import makes a session exactly as another store held it: header and
// entries with their own ids, seqs, parents, times and unknown members.
TEST_P(ContractTest, ImportKeepsASessionAsItWas) {
  auto h = store_->Create({.id = "src", .workspace = "/w", .title = "T", .metadata = R"({"k":[1,2]})"});
  ASSERT_TRUE(h.ok());
  Record odd = Record::Custom("tool_state", {{.key = "open", .json = R"(["a.c"])"}});
  Append("src", {UserText("one"), odd});
  auto source = store_->Load("src");
  ASSERT_TRUE(source.ok());

  OtherStore other(backend());
  auto target = Store::Open(other.location());
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  auto made = (*target)->Import(*source);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  auto back = (*target)->Load("src");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->header.created_ms, source->header.created_ms);
  EXPECT_EQ(back->header.metadata, R"({"k":[1,2]})");
  ASSERT_EQ(back->entries.size(), source->entries.size());
  for (size_t i = 0; i < back->entries.size(); ++i) {
    EXPECT_EQ(back->entries[i].id, source->entries[i].id);
    EXPECT_EQ(back->entries[i].seq, source->entries[i].seq);
    EXPECT_EQ(back->entries[i].parent, source->entries[i].parent);
    EXPECT_EQ(back->entries[i].timestamp_ms, source->entries[i].timestamp_ms);
  }
  EXPECT_EQ(other.Stored("src"), Stored("src")) << "the same lines, byte for byte";
  // A renamed session's Load carries its current title in the header: the
  // copy made from it has that title, and every entry as it was.
  ASSERT_TRUE(store_->Rename("src", "named").ok());
  auto renamed = store_->Load("src");
  renamed->header.id = "renamed";
  ASSERT_TRUE((*target)->Import(*renamed).ok());
  EXPECT_EQ((*target)->Load("renamed")->header.title, "named");
  EXPECT_EQ((*target)->List({.title_contains = "named"})->size(), 1u);
  // A writer goes on where the imported chain ends.
  auto w = (*target)->OpenWriter("src");
  ASSERT_TRUE(w.ok());
  auto next = (*w)->Append(UserText("more"));
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto grown = (*target)->Load("src");
  EXPECT_EQ(grown->entries.back().seq, source->entries.back().seq + 1);
  EXPECT_EQ(grown->entries.back().parent, source->entries.back().id);

  EXPECT_EQ((*target)->Import(*source).status().code(), StatusCode::kAlreadyExists);
  Session out_of_order = *source;
  out_of_order.header.id = "disorder";
  std::swap(out_of_order.entries[0].seq, out_of_order.entries[1].seq);
  EXPECT_EQ((*target)->Import(out_of_order).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(*(*target)->Exists("disorder"));
}

// copy can be run again after it was cut short: an archived session is
// never live in the target, one already copied is not copied twice, one a
// copy left live is archived, and another session of that id is refused.
TEST_P(ContractTest, CopyIsResumableAndAnArchivedSessionIsNeverLive) {
  Append(Create({.id = "a"}), {UserText("one"), UserText("two")});
  Append(Create({.id = "b"}), {UserText("three")});
  ASSERT_TRUE(store_->Archive("b").ok());
  OtherStore other(backend());
  auto target = Store::Open(other.location());
  ASSERT_TRUE(target.ok());

  auto b = store_->Load("b");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->archived);
  ASSERT_TRUE((*target)->Import(*b).ok());
  auto rows = (*target)->List();
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty()) << "imported archived: never in the default listing";
  EXPECT_TRUE((*target)->Load("b")->archived);

  auto first = store_->CopyTo("a", **target);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->entries, 2);
  EXPECT_FALSE(first->already);
  auto again = store_->CopyTo("a", **target);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->already);
  EXPECT_EQ(other.Stored("a"), Stored("a"));

  // What an older copy left: the session live in the target.
  ASSERT_TRUE((*target)->Restore("b").ok());
  auto finished = store_->CopyTo("b", **target);
  ASSERT_TRUE(finished.ok()) << finished.status().ToString();
  EXPECT_TRUE(finished->already);
  EXPECT_TRUE((*target)->Load("b")->archived) << "the copy was finished";

  ASSERT_TRUE((*target)->Create({.id = "c", .title = "there"}).ok());
  Create({.id = "c", .title = "here"});
  EXPECT_EQ(store_->CopyTo("c", **target).status().code(), StatusCode::kAlreadyExists)
      << "another session of that id is not overwritten";
}

TEST_P(ContractTest, ListSummarizesNewestFirst) {
  std::string a = Create({.id = "a", .workspace = "/w1", .model = "m0", .provider = "p0"});
  Message reply = Message::Assistant("ok");
  reply.usage = Usage{.input_tokens = 10, .cost_usd = 0.25};
  Append(a, {UserText("What is the meaning of life, the universe and everything, and why 42 of all?"),
             Record::FromMessage(reply), Record::FromUsage(Usage{.cost_usd = 0.5}), Record::ModelChange("m1", "p1"),
             Record::Custom("app", {{"x", "1"}})});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::string b = Create({.id = "b", .workspace = "/w2", .title = "Header title"});
  Append(b, {UserText("hi")});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::string c = Create({.id = "c", .workspace = "/w1"});

  auto rows = store_->List();
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].id, "c");
  EXPECT_EQ((*rows)[1].id, "b");
  EXPECT_EQ((*rows)[2].id, "a");
  const SessionInfo& ia = (*rows)[2];
  EXPECT_EQ(ia.title, "What is the meaning of life, the universe and everything, an\u2026");
  EXPECT_EQ(ia.message_count, 2);
  EXPECT_DOUBLE_EQ(ia.cost_usd, 0.75);
  EXPECT_EQ(ia.model, "m1");
  EXPECT_EQ(ia.provider, "p1");
  EXPECT_EQ(ia.workspace, "/w1");
  EXPECT_GE(ia.updated_ms, ia.created_ms);
  EXPECT_EQ(ia.bytes, Stored("a").size());
  EXPECT_FALSE(ia.archived);
  EXPECT_EQ((*rows)[1].title, "Header title");
  EXPECT_EQ((*rows)[0].title, "New session");

  auto w1 = store_->List({.workspace = "/w1"});
  ASSERT_EQ(w1->size(), 2u);
  EXPECT_EQ(store_->List({.limit = 1})->size(), 1u);
}

TEST_P(ContractTest, LatestPerWorkspace) {
  Create({.id = "old", .workspace = "/w"});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Create({.id = "other", .workspace = "/x"});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Create({.id = "new", .workspace = "/w"});
  EXPECT_EQ(store_->Latest("/w")->id, "new");
  EXPECT_EQ(store_->Latest()->id, "new");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Append("old", {UserText("bump")});
  EXPECT_EQ(store_->Latest("/w")->id, "old");
  EXPECT_EQ(store_->Latest("/nope").status().code(), StatusCode::kNotFound);
}

TEST_P(ContractTest, RenameSetsTheTitle) {
  std::string id = Create();
  Append(id, {UserText("first words")});
  ASSERT_TRUE(store_->Rename(id, "Renamed").ok());
  EXPECT_EQ(store_->List()->front().title, "Renamed");
  EXPECT_EQ(store_->Rename("missing", "x").code(), StatusCode::kNotFound);
}

TEST_P(ContractTest, ArchiveAndRestore) {
  std::string id = Create({.id = "s"});
  Append(id, {UserText("keep me")});
  ASSERT_TRUE(store_->Archive(id).ok());
  EXPECT_TRUE(store_->List()->empty());
  auto with = store_->List({.include_archived = true});
  ASSERT_EQ(with->size(), 1u);
  EXPECT_TRUE(with->front().archived);
  auto loaded = store_->Load(id);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->entries[0].message.Text(), "keep me");
  EXPECT_EQ(store_->Archive(id).code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->Restore(id).ok());
  EXPECT_EQ(store_->List()->size(), 1u);
  EXPECT_EQ(store_->Restore(id).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Archive("missing").code(), StatusCode::kNotFound);
}

TEST_P(ContractTest, DeleteRemovesForGood) {
  std::string id = Create();
  ASSERT_TRUE(store_->Delete(id).ok());
  EXPECT_FALSE(*store_->Exists(id));
  EXPECT_EQ(store_->Load(id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Delete(id).code(), StatusCode::kNotFound);
}

TEST_P(ContractTest, ChangesWaitForNoOneButAreBusyWhileAWriterHoldsTheSession) {
  std::string id = Create();
  auto w = store_->OpenWriter(id);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(store_->Delete(id).code(), StatusCode::kBusy);
  EXPECT_EQ(store_->Archive(id).code(), StatusCode::kBusy);
  EXPECT_EQ(store_->Rename(id, "x").code(), StatusCode::kBusy);
  EXPECT_TRUE(store_->Load(id).ok()) << "readers never lock";
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_TRUE(store_->Delete(id).ok());
}

// The trash: out of every call here, back whole, emptied by age.
TEST_P(ContractTest, TrashedSessionsLeaveAndComeBackWhole) {
  const std::string id = Create({.title = "to trash"});
  Append(id, {UserText("keep me safe"), Record::Title("renamed")});
  const std::string archived = Create();
  ASSERT_TRUE(store_->Archive(archived).ok());
  const Session before = *store_->Load(id);
  EXPECT_TRUE(store_->TrashList()->empty()) << "no trash yet";
  ASSERT_TRUE(store_->Trash(id).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(3));  // trashed later, to the millisecond
  ASSERT_TRUE(store_->Trash(archived).ok());
  EXPECT_FALSE(*store_->Exists(id));
  EXPECT_TRUE(store_->List({.include_archived = true})->empty());
  EXPECT_TRUE(store_->Search("safe")->empty());
  Result<std::vector<SessionInfo>> trashed = store_->TrashList();
  ASSERT_TRUE(trashed.ok()) << trashed.status().ToString();
  ASSERT_EQ(trashed->size(), 2u);
  EXPECT_EQ(trashed->front().id, archived) << "the most recently trashed first";
  EXPECT_GT(trashed->front().stored_ms, 0);
  ASSERT_TRUE(store_->Untrash(id).ok());
  const Session after = *store_->Load(id);
  ASSERT_EQ(after.entries.size(), before.entries.size());
  for (size_t i = 0; i < after.entries.size(); ++i) {
    EXPECT_EQ(after.entries[i].id, before.entries[i].id);
    EXPECT_EQ(after.entries[i].seq, before.entries[i].seq);
  }
  EXPECT_EQ(after.header.title, "renamed");
  ASSERT_TRUE(store_->Untrash(archived).ok());
  EXPECT_TRUE(store_->List()->size() == 1u && store_->List({.include_archived = true})->size() == 2u)
      << "archived as it was";
  EXPECT_EQ(store_->Untrash(id).code(), StatusCode::kNotFound);
  // Trashed again, and again after a new session took the id: replaced.
  ASSERT_TRUE(store_->Trash(id).ok());
  ASSERT_TRUE(store_->Create({.id = id}).ok());
  ASSERT_TRUE(store_->Trash(id).ok());
  EXPECT_EQ(store_->TrashList()->size(), 1u);
  ASSERT_TRUE(store_->Create({.id = id}).ok());
  EXPECT_EQ(store_->Untrash(id).code(), StatusCode::kAlreadyExists) << "never over a live session";
  // Busy while a writer holds it; emptied by age.
  auto w = store_->OpenWriter(archived);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(store_->Trash(archived).code(), StatusCode::kBusy);
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_TRUE(store_->EmptyTrash(1)->empty()) << "nothing was trashed before 1970";
  Result<std::vector<SessionInfo>> dry = store_->EmptyTrash(INT64_MAX, {.dry_run = true});
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->size(), 1u);
  EXPECT_EQ(store_->TrashList()->size(), 1u) << "a dry run removes nothing";
  EXPECT_EQ(store_->EmptyTrash(INT64_MAX)->size(), 1u);
  EXPECT_TRUE(store_->TrashList()->empty());
}

// Place names the session as its errors do.
TEST_P(ContractTest, PlaceNamesWhereASessionIsKept) {
  const std::string id = Create();
  Result<std::string> live = store_->Place(id);
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  EXPECT_NE(live->find(id), std::string::npos) << *live;
  ASSERT_TRUE(store_->Archive(id).ok());
  Result<std::string> archived = store_->Place(id);
  ASSERT_TRUE(archived.ok());
  EXPECT_NE(archived->find(id), std::string::npos);
  EXPECT_EQ(store_->Place("missing").status().code(), StatusCode::kNotFound);
}

TEST_P(ContractTest, WriterHolderSaysWhoHoldsTheSessionAndTakesNothing) {
  std::string id = Create();
  EXPECT_EQ(*store_->WriterHolder(id), "") << "no one";
  auto w = store_->OpenWriter(id);
  ASSERT_TRUE(w.ok());
  Result<std::string> holder = store_->WriterHolder(id);
  ASSERT_TRUE(holder.ok()) << holder.status().ToString();
  EXPECT_FALSE(holder->empty());
  auto busy = store_->OpenWriter(id);
  EXPECT_NE(busy.status().message().find(*holder), std::string::npos)
      << "the same words as Busy: " << busy.status().message() << " / " << *holder;
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ(*store_->WriterHolder(id), "");
  EXPECT_TRUE(store_->OpenWriter(id).ok()) << "asking took nothing";
  EXPECT_EQ(store_->WriterHolder("missing").status().code(), StatusCode::kNotFound);
}

// Store::EntriesAfter / Follower: what was appended since, waiting for it,
// across a compaction and an archive, until the session is deleted.
TEST_P(ContractTest, AFollowerSeesWhatIsAppendedAsItComes) {
  const std::string id = Create();
  Follower follow(*store_, id);
  auto none = follow.Next(0);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
  Append(id, {UserText("one"), UserText("two")});
  auto first = follow.Next(0);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ(first->back().message.content[0].text, "two");
  // A wait ends when an entry comes, not at its timeout.
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    Append(id, {UserText("three")});
  });
  const auto start = std::chrono::steady_clock::now();
  auto third = follow.Next(20000);
  writer.join();
  ASSERT_TRUE(third.ok());
  ASSERT_EQ(third->size(), 1u);
  EXPECT_EQ(third->front().message.content[0].text, "three");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // Many at once: the look reaches back as far as it must.
  std::vector<Record> many;
  for (int i = 0; i < 100; ++i) many.push_back(UserText("m" + std::to_string(i)));
  Append(id, many);
  auto burst = follow.Next(0);
  ASSERT_TRUE(burst.ok());
  ASSERT_EQ(burst->size(), 100u);
  EXPECT_EQ(burst->front().message.content[0].text, "m0");
  ASSERT_TRUE(store_->Compact(id).ok());
  ASSERT_TRUE(store_->Archive(id).ok());
  EXPECT_TRUE(follow.Next(0)->empty()) << "a compaction and an archive append nothing";
  ASSERT_TRUE(store_->Restore(id).ok());
  Append(id, {UserText("after all that")});
  auto after = follow.Next(1000);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().message.content[0].text, "after all that");
  ASSERT_TRUE(store_->Delete(id).ok());
  EXPECT_EQ(follow.Next(100).status().code(), StatusCode::kNotFound);
}

// WriterOptions::lock_timeout_ms: a second writer waits for the first
// instead of failing, and fails with Busy once the time is up.
TEST_P(ContractTest, AWriterWaitsForTheLockAsLongAsItIsTold) {
  std::string id = Create();
  auto first = store_->OpenWriter(id);
  ASSERT_TRUE(first.ok());
  auto start = std::chrono::steady_clock::now();
  auto busy = store_->OpenWriter(id, {.lock_timeout_ms = 150});
  EXPECT_EQ(busy.status().code(), StatusCode::kBusy);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_TRUE((*first)->Close().ok());
  });
  start = std::chrono::steady_clock::now();
  auto second = store_->OpenWriter(id, {.lock_timeout_ms = 20000});
  closer.join();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << "taken soon after it is free";
  EXPECT_TRUE((*second)->Append(UserText("after the wait")).ok());
}

TEST_P(ContractTest, LongWorkSaysHowFarItHasCome) {
  for (int i = 0; i < 3; ++i) Append(Create(), {UserText("word " + std::to_string(i))});
  struct Heard {
    std::string what;
    uint64_t done, total;
  };
  std::vector<Heard> heard;
  auto store = OpenStore({.on_progress = [&](std::string_view what, uint64_t done, uint64_t total) {
    heard.push_back({std::string(what), done, total});
  }});
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Reindex().ok());
  ASSERT_TRUE(store->Search("word").ok());
  if (GetParam() == "Memory") {
    EXPECT_TRUE(heard.empty()) << "nothing of the memory store takes long";
    return;
  }
  ASSERT_FALSE(heard.empty());
  // Each piece of work counts up to its total and says when it is done.
  std::vector<std::string> finished;
  for (size_t i = 0; i < heard.size(); ++i) {
    EXPECT_LE(heard[i].done, heard[i].total);
    EXPECT_EQ(heard[i].total, 3u) << heard[i].what;
    if (i > 0 && heard[i - 1].what == heard[i].what && heard[i - 1].done < heard[i - 1].total) {
      EXPECT_EQ(heard[i].done, heard[i - 1].done + 1) << heard[i].what;
    }
    if (heard[i].done == heard[i].total) finished.push_back(heard[i].what);
  }
  const std::vector<std::string> want = GetParam() == "File"
                                            ? std::vector<std::string>{"indexing sessions", "indexing text for search"}
                                            : std::vector<std::string>{"reindexing"};
  EXPECT_EQ(finished, want);
}

// An extra member named as one of the object's own would make a line no
// reader takes ("appears twice"): refused before anything is written, on
// every way in, so that nothing acknowledged is unreadable.
TEST_P(ContractTest, AnExtraMemberNamedAsAnOwnOneIsRefusedNotWritten) {
  const std::string id = Create({});
  Message block_extra = Message::User("x");
  block_extra.content[0].extra.push_back({.key = "type", .json = "\"dup\""});
  Message message_extra = Message::User("y");
  message_extra.extra.push_back({.key = "role", .json = "\"dup\""});
  Record entry_extra = Record::FromMessage(Message::User("z"));
  entry_extra.extra.push_back({.key = "id", .json = "\"dup\""});
  Message usage_extra = Message::Assistant("w");
  usage_extra.usage = Usage{.input_tokens = 1, .extra = {{.key = "output", .json = "2"}}};
  auto writer = store_->OpenWriter(id);
  ASSERT_TRUE(writer.ok());
  for (const Record& r : {Record::FromMessage(block_extra), Record::FromMessage(message_extra), entry_extra,
                          Record::FromMessage(usage_extra)}) {
    Result<std::string> appended = (*writer)->Append(r);
    EXPECT_EQ(appended.status().code(), StatusCode::kInvalidArgument) << appended.status().ToString();
    EXPECT_NE(appended.status().message().find("a member of its own"), std::string::npos)
        << appended.status().ToString();
  }
  // A name of another record type's member is no own member of this one.
  Record title = Record::Title("t");
  title.extra.push_back({.key = "model", .json = "\"kept\""});
  ASSERT_TRUE((*writer)->Append(title).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  Result<Session> s = store_->Load(id);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->report.skipped.empty());
  ASSERT_EQ(s->entries.size(), 1u);
  EXPECT_EQ(s->entries[0].extra.at(0).key, "model");

  Session copy;
  copy.header.id = "imported";
  Entry e;
  static_cast<Record&>(e) = Record::FromMessage(block_extra);
  e.seq = 1;
  e.id = "e1";
  copy.entries.push_back(e);
  EXPECT_EQ(store_->Import(copy).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(*store_->Exists("imported"));
}

INSTANTIATE_CONTRACT_TEST(ContractTest);

// kBuffered on the backends that buffer (memory writes at once): the buffer
// never holds buffer_bytes; what it holds goes first when an append would
// pass it, and an append that big goes at once.
class BufferedTest : public ContractTest {};

TEST_P(BufferedTest, TheBufferStaysUnderItsSizeOnEveryBackend) {
  const std::string id = Create();
  auto w = store_->OpenWriter(id, {.durability = Durability::kBuffered, .buffer_bytes = 1000});
  ASSERT_TRUE(w.ok());
  auto visible = [&] { return store_->Load(id)->entries.size(); };
  const Record text = UserText(std::string(300, 'x'));  // a line of about 400 bytes
  ASSERT_TRUE((*w)->Append(text).ok());
  ASSERT_TRUE((*w)->Append(text).ok());
  EXPECT_EQ(visible(), 0u) << "about 800 bytes are buffered";
  ASSERT_TRUE((*w)->Append(text).ok());
  EXPECT_EQ(visible(), 2u) << "the third would pass 1000 bytes: the first two went first";
  ASSERT_TRUE((*w)->Append(UserText(std::string(2000, 'y'))).ok());
  EXPECT_EQ(visible(), 4u) << "a line bigger than the buffer goes at once, after what was buffered";
  ASSERT_TRUE((*w)->Close().ok());
}

INSTANTIATE_TEST_SUITE_P(Stores, BufferedTest, ::testing::ValuesIn(testing::BackendNames({.buffering = true})),
                         testing::BackendName);

}  // namespace
}  // namespace sessionstore
