#include "file/file_backend.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <thread>

#include "file/catalog/catalog.h"
#include "file/catalog/sessions_table.h"
#include "file/file_cursor.h"
#include "file/file_writer.h"
#include "file/session_lock.h"
#include "file/session_reader.h"
#include "file/session_watch.h"
#include "store/errors.h"

namespace sessionstore::file {

Result<std::unique_ptr<store::Backend>> OpenBackend(std::string_view dir, const StoreOptions& options, io::Fs* fs) {
  if (dir.empty()) return Status::InvalidArgument("the store directory is empty");
  Result<std::unique_ptr<SessionFiles>> files = SessionFiles::Open(fs, std::string(dir), options.create_if_missing);
  if (!files.ok()) return files.status();
  return std::unique_ptr<store::Backend>(new FileBackend(std::move(*files), options));
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view dir, const StoreOptions& options, io::Fs* fs) {
  Result<std::unique_ptr<store::Backend>> backend = OpenBackend(dir, options, fs);
  if (!backend.ok()) return backend.status();
  return std::make_unique<Store>(std::move(*backend), options);
}

FileBackend::FileBackend(std::shared_ptr<SessionFiles> files, const StoreOptions& options)
    : files_(std::move(files)), options_(options) {}

FileBackend::~FileBackend() = default;

Result<SessionHeader> FileBackend::Header(std::string_view id) {
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(*files_, id, options_.read);
  if (!reader.ok()) return reader.status();
  return (*reader)->header();
}

Status FileBackend::Create(const SessionHeader& h, std::string_view content, size_t, bool archived) {
  Result<SessionLock> lock = SessionLock::Acquire(files_, h.id);
  if (!lock.ok()) return lock.status();
  Result<Where> where = files_->Locate(h.id);
  if (!where.ok()) return where.status();
  if (*where != Where::kNone) {
    return Status::AlreadyExists("session \"" + h.id + "\" exists" + (*where == Where::kArchived ? " (archived)" : ""),
                                 ErrorContext{.op = "create", .path = files_->PathOf(*where, h.id)});
  }
  return files_->CreateSessionFile(h.id, archived ? Where::kArchived : Where::kLive, content);
}

Result<bool> FileBackend::Exists(std::string_view id) {
  Result<Where> where = files_->Locate(id);
  if (!where.ok()) return where.status();
  return *where != Where::kNone;
}

Result<std::unique_ptr<store::Backend>> FileBackend::OpenTrash(bool create) {
  // A file store of its own in <root>/trash, which this one never looks in.
  StoreOptions options = options_;
  options.create_if_missing = create;
  options.migrate_legacy_from.clear();
  options.on_notice = nullptr;  // the trash's own catalog is nobody's business
  options.on_progress = nullptr;
  return OpenBackend(files_->root() + "/" + kTrashDir, options, files_->fs());
}

Result<uint64_t> FileBackend::IndexBytes() {
  uint64_t bytes = 0;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    struct stat st;
    const std::string name = std::string(kCatalogFile) + suffix;
    if (files_->fs()->FStatAt(files_->root_fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
      bytes += static_cast<uint64_t>(st.st_size);
    } else if (errno != ENOENT) {
      return Status::FromErrno(errno, "stat", files_->root() + "/" + name);
    }
  }
  return bytes;
}

Result<std::string> FileBackend::Place(std::string_view id) {
  Result<Where> where = files_->Locate(id);
  if (!where.ok()) return where.status();
  if (*where == Where::kNone) return store::NoSuchSession(id);
  return files_->PathOf(*where, id);
}

Result<std::string> FileBackend::WriterHolder(std::string_view id) {
  Result<bool> exists = Exists(id);
  if (!exists.ok()) return exists.status();
  if (!*exists) return store::NoSuchSession(id);
  return SessionLock::Holder(*files_, id);
}

std::unique_ptr<store::ChangeWatch> FileBackend::WatchSession(std::string_view id) {
  return WatchSessionFile(files_, id);
}

Result<Session> FileBackend::Load(std::string_view id) {
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(*files_, id, options_.read);
  if (!reader.ok()) return reader.status();
  SessionReader& r = **reader;
  io::Fs* fs = files_->fs();
  Session session;
  session.header = r.header();
  session.report = r.report();
  session.archived = r.where() == Where::kArchived;
  // Two halves, split at a line, each counted and then decoded by its own
  // thread into its own part of one vector sized once: about twice as fast
  // on two cores, and no slack or copies from the vector growing.
  const uint64_t begin = r.header_end(), end = r.complete_end();
  Result<uint64_t> middle = io::CompleteLinesEnd(fs, r.fd(), r.path(), begin, begin + (end - begin) / 2);
  if (!middle.ok()) return middle.status();
  struct Half {
    uint64_t begin, end;
    Result<size_t> lines = size_t{0};
    Status status;
    std::vector<SkippedLine> skipped;
  };
  Half halves[2] = {{.begin = begin, .end = *middle}, {.begin = *middle, .end = end}};
  auto parallel = [&](auto&& work) {
    std::thread second([&] { work(halves[1]); });
    work(halves[0]);
    second.join();
  };
  parallel([&](Half& h) { h.lines = CountLines(fs, r.fd(), r.path(), h.begin, h.end); });
  for (const Half& h : halves) {
    if (!h.lines.ok()) return h.lines.status();
  }
  const size_t first_count = *halves[0].lines;
  session.entries.resize(first_count + *halves[1].lines);
  parallel([&](Half& h) {
    const bool first = &h == &halves[0];
    std::span<Entry> slots(session.entries.data() + (first ? 0 : first_count), *h.lines);
    h.status = DecodeLines(fs, r.fd(), r.path(), h.begin, h.end, first ? 2 : 2 + static_cast<int64_t>(first_count),
                           options_.read, slots, &h.skipped);
  });
  for (Half& h : halves) {
    if (!h.status.ok()) return h.status;
    std::move(h.skipped.begin(), h.skipped.end(), std::back_inserter(session.report.skipped));
  }
  if (!session.report.skipped.empty()) {
    std::erase_if(session.entries, [](const Entry& e) { return e.id.empty(); });
  }
  return session;
}

Result<std::unique_ptr<Cursor>> FileBackend::Read(std::string_view id, const CursorOptions& options) {
  Result<std::unique_ptr<SessionReader>> reader = SessionReader::Open(*files_, id, options_.read, options.last_n);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<Cursor>(new FileCursor(std::move(*reader)));
}

Result<Catalog*> FileBackend::OpenedCatalog() {
  std::lock_guard<std::mutex> l(catalog_mu_);
  if (catalog_ == nullptr) {
    Result<std::unique_ptr<Catalog>> c = Catalog::Open(*files_, options_);
    if (!c.ok()) return c.status();
    catalog_ = std::move(*c);
  }
  return catalog_.get();
}

void FileBackend::RemoveLeftovers(const std::vector<TempFile>& leftovers) {
  for (const TempFile& t : leftovers) {
    if (Result<SessionLock> lock = SessionLock::Acquire(files_, SessionFiles::TempFileOwner(t.name)); lock.ok()) {
      files_->RemoveTempFile(t.where, t.name);
    }
  }
}

Result<Catalog*> FileBackend::CaughtUpCatalog() {
  Result<Catalog*> c = OpenedCatalog();
  if (!c.ok()) return c.status();
  std::vector<TempFile> leftovers;
  if (Status s = (*c)->Reconcile(&leftovers); !s.ok()) return files_->WithDiskState(s);
  RemoveLeftovers(leftovers);
  return c;
}

Result<SessionPage> FileBackend::ListPage(const store::ListQuery& query) {
  Result<Catalog*> c = CaughtUpCatalog();
  if (!c.ok()) return c.status();
  Result<SessionPage> page = (*c)->List(query);
  if (!page.ok()) return files_->WithDiskState(page.status());
  return page;
}

Result<std::vector<store::SessionUsage>> FileBackend::UsageOfSessions(const std::string& workspace,
                                                                      bool include_archived) {
  Result<Catalog*> c = CaughtUpCatalog();
  if (!c.ok()) return c.status();
  Result<std::vector<store::SessionUsage>> usage = (*c)->Usage(workspace, include_archived);
  if (!usage.ok()) return files_->WithDiskState(usage.status());
  return usage;
}

Result<std::vector<SearchHit>> FileBackend::Search(const std::vector<search::SearchTerm>& terms,
                                                   const SearchOptions& options) {
  Result<Catalog*> c = CaughtUpCatalog();
  if (!c.ok()) return c.status();
  Result<std::vector<SearchHit>> hits = (*c)->Search(terms, options);
  if (!hits.ok()) return files_->WithDiskState(hits.status());
  return hits;
}

Result<std::vector<SessionInfo>> FileBackend::IdleSince(int64_t time_ms) {
  std::vector<SessionInfo> idle;
  for (Where where : {Where::kLive, Where::kArchived}) {
    Result<std::vector<SessionFiles::FileInfo>> files = files_->ListFiles(where);
    if (!files.ok()) return files.status();
    for (const SessionFiles::FileInfo& f : *files) {
      // The file's time is when the store last wrote it (stored_ms).
      const int64_t stored_ms = MtimeNs(f.st) / 1000000;
      if (stored_ms >= time_ms) continue;
      // A file this store cannot read is not for a cleanup to judge.
      Result<SessionHeader> header = Header(f.id);
      if (!header.ok()) continue;
      SessionInfo info{.id = f.id, .created_ms = header->created_ms, .updated_ms = header->created_ms};
      LoadReport report;
      Status walked = WalkBackward(
          f.id,
          [&](Entry& e) {
            info.updated_ms = e.timestamp_ms;
            return false;
          },
          &report);
      // An agent's clock may run ahead of the file's: its last entry's time counts too.
      if (!walked.ok() || info.updated_ms >= time_ms) continue;
      info.stored_ms = stored_ms;
      info.archived = where == Where::kArchived;
      idle.push_back(std::move(info));
    }
  }
  return idle;
}

Status FileBackend::Reindex() {
  Result<Catalog*> c = OpenedCatalog();
  if (!c.ok()) return c.status();
  std::vector<TempFile> leftovers;
  Status s = (*c)->Rebuild(&leftovers);
  RemoveLeftovers(leftovers);
  return files_->WithDiskState(s);
}

Result<std::unique_ptr<Writer>> FileBackend::OpenWriter(std::string_view id, const WriterOptions& options) {
  return FileWriter::Open(files_, id, options, options_.read);
}

Status FileBackend::Delete(std::string_view id) {
  Result<SessionLock> lock = SessionLock::Acquire(files_, id);
  if (!lock.ok()) return lock.status();
  Result<Where> where = files_->Locate(id);
  if (!where.ok()) return where.status();
  if (*where == Where::kNone) return store::NoSuchSession(id);
  return files_->Remove(id, *where);
}

Status FileBackend::SetArchived(std::string_view id, bool archived) {
  const Where from = archived ? Where::kLive : Where::kArchived, to = archived ? Where::kArchived : Where::kLive;
  Result<SessionLock> lock = SessionLock::Acquire(files_, id);
  if (!lock.ok()) return lock.status();
  Result<Where> where = files_->Locate(id);
  if (!where.ok()) return where.status();
  if (*where == Where::kNone) return store::NoSuchSession(id);
  if (*where != from) {
    return Status::FailedPrecondition("session \"" + std::string(id) + "\" is " +
                                      (archived ? "already archived" : "not archived"));
  }
  return files_->Move(id, from, to);
}

}  // namespace sessionstore::file
