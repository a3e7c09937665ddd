// A TCP proxy on loopback in front of a server, for tests that cut a
// connection at a chosen moment as a network does: the client's side is
// closed, and the server's side is left open and silent, so the server
// does not notice (its process lives on, holding what it held).
//
// Thread-safe; one thread of its own moves the bytes.

#ifndef SESSIONSTORE_TESTS_TESTING_TCP_PROXY_H_
#define SESSIONSTORE_TESTS_TESTING_TCP_PROXY_H_

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

namespace sessionstore::testing {

class TcpProxy {
 public:
  // Where the next client message that holds a marker is cut.
  enum class Cut {
    kBefore,  // the message is dropped: the server never sees it
    kAfter,   // it reaches the server; the server's reply is dropped
  };

  // Listens on 127.0.0.1 at a free port; each connection made to it is
  // passed on to 127.0.0.1:`server_port`.
  explicit TcpProxy(int server_port);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  int port() const { return port_; }
  // Cuts, once, the connection whose client next sends a message holding
  // `marker` (as read in one piece).
  void CutAt(const std::string& marker, Cut how);
  // Whether that cut has happened.
  bool cut_done() const { return cut_done_; }

 private:
  void Run();

  int listen_fd_ = -1;
  int port_ = 0;
  const int server_port_;
  std::mutex mu_;
  std::string marker_;  // empty: no cut pending
  Cut how_ = Cut::kBefore;
  std::atomic<bool> cut_done_{false};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace sessionstore::testing

#endif  // SESSIONSTORE_TESTS_TESTING_TCP_PROXY_H_
