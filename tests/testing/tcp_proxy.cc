#include "testing/tcp_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

namespace sessionstore::testing {

namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// Writes all of `n` bytes; false if the peer is gone.
bool WriteAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

TcpProxy::TcpProxy(int server_port) : server_port_(server_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = Loopback(0);
  socklen_t len = sizeof a;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(listen_fd_, 16) != 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    throw std::runtime_error("TcpProxy: cannot listen on loopback");
  }
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] { Run(); });
}

TcpProxy::~TcpProxy() {
  stop_ = true;
  thread_.join();
  ::close(listen_fd_);
}

void TcpProxy::CutAt(const std::string& marker, Cut how) {
  std::lock_guard<std::mutex> l(mu_);
  marker_ = marker;
  how_ = how;
  cut_done_ = false;
}

void TcpProxy::Run() {
  struct Pair {
    int client, server;
    bool withhold = false;  // the server's next reply is dropped, and the client cut
    bool done = false;      // nothing more moves (after a cut, the server's side stays open, unread)
  };
  std::vector<Pair> pairs;
  char buf[1 << 16];
  while (!stop_) {
    std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}};
    for (const Pair& p : pairs) {
      if (!p.done) {
        fds.push_back({p.client, POLLIN, 0});
        fds.push_back({p.server, POLLIN, 0});
      }
    }
    if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
    if (fds[0].revents & POLLIN) {
      const int client = ::accept(listen_fd_, nullptr, nullptr);
      const int server = ::socket(AF_INET, SOCK_STREAM, 0);
      const sockaddr_in to = Loopback(server_port_);
      if (client >= 0 && server >= 0 && ::connect(server, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0) {
        pairs.push_back({client, server});
      } else {
        if (client >= 0) ::close(client);
        if (server >= 0) ::close(server);
      }
      continue;  // fds no longer match pairs
    }
    size_t f = 1;
    for (Pair& p : pairs) {
      if (p.done) continue;
      const short from_client = fds[f++].revents, from_server = fds[f++].revents;
      bool gone = false;
      if (from_client & (POLLIN | POLLHUP | POLLERR)) {
        const ssize_t n = ::recv(p.client, buf, sizeof buf, 0);
        if (n <= 0) {
          gone = true;
        } else {
          std::lock_guard<std::mutex> l(mu_);
          const bool marked = !marker_.empty() && std::string_view(buf, n).find(marker_) != std::string_view::npos;
          if (marked && how_ == Cut::kBefore) {
            p.done = true;
          } else {
            gone = !WriteAll(p.server, buf, static_cast<size_t>(n));
            p.withhold = p.withhold || (marked && how_ == Cut::kAfter);
          }
          if (marked) {
            marker_.clear();
            if (p.done) cut_done_ = true;
          }
        }
      }
      if (!p.done && !gone && (from_server & (POLLIN | POLLHUP | POLLERR))) {
        const ssize_t n = ::recv(p.server, buf, sizeof buf, 0);
        if (n <= 0) {
          gone = true;
        } else if (p.withhold) {
          p.done = true;
          cut_done_ = true;
        } else {
          gone = !WriteAll(p.client, buf, static_cast<size_t>(n));
        }
      }
      if (p.done) {
        ::close(p.client);  // the server's side stays open until the proxy ends
        p.client = -1;
      } else if (gone) {
        ::close(p.client);
        ::close(p.server);
        p.client = p.server = -1;
        p.done = true;  // nothing more to move
      }
    }
  }
  for (const Pair& p : pairs) {
    if (p.client >= 0) ::close(p.client);
    if (p.server >= 0) ::close(p.server);
  }
}

}  // namespace sessionstore::testing
