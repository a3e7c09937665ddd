// Cursor: a pull cursor over the entries of one session, in file order.
//
//   auto cursor = store->Read(id);
//   if (!cursor.ok()) return cursor.status();
//   for (const Entry& e : **cursor) { ... }
//   if (!(*cursor)->status().ok()) ...
//
// A cursor reads the file in bounded chunks, so memory does not grow with the
// session. It never locks and never sees a torn last line. A cursor is used
// by one thread at a time. The Entry returned by entry() is valid until the
// next Next() or the cursor's destruction. A cursor owns what it uses: it
// may outlive the Store that opened it.

#ifndef SESSIONSTORE_CURSOR_H_
#define SESSIONSTORE_CURSOR_H_

#include <cstddef>
#include <iterator>
#include <string_view>

#include "sessionstore/record.h"
#include "sessionstore/session.h"
#include "sessionstore/status.h"

namespace sessionstore {

class Cursor {
 public:
  Cursor() = default;
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  virtual ~Cursor() = default;

  // True while entry() is an entry; false at the end or after an error.
  virtual bool Valid() const = 0;
  // Precondition: Valid().
  virtual void Next() = 0;
  // Precondition: Valid().
  virtual const Entry& entry() const = 0;
  // OK at the end of the entries; the error that stopped the cursor otherwise.
  virtual const Status& status() const = 0;
  // The entry's line exactly as stored, without its '\n'. Precondition:
  // Valid(); valid until the next Next().
  virtual std::string_view line() const = 0;
  virtual const SessionHeader& header() const = 0;
  // The header's line exactly as stored, without its '\n'.
  virtual std::string_view header_line() const = 0;
  // Lines skipped so far and the torn tail seen when the cursor was opened.
  virtual const LoadReport& report() const = 0;

  // Range-for over the remaining entries.
  class Iterator {
   public:
    using iterator_concept = std::input_iterator_tag;
    using value_type = Entry;
    using difference_type = std::ptrdiff_t;
    explicit Iterator(Cursor* c) : c_(c && c->Valid() ? c : nullptr) {}
    const Entry& operator*() const { return c_->entry(); }
    const Entry* operator->() const { return &c_->entry(); }
    Iterator& operator++() {
      c_->Next();
      if (!c_->Valid()) c_ = nullptr;
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(const Iterator& o) const { return c_ == o.c_; }

   private:
    Cursor* c_;
  };
  Iterator begin() { return Iterator(this); }
  Iterator end() { return Iterator(nullptr); }
};

}  // namespace sessionstore

#endif  // SESSIONSTORE_CURSOR_H_
