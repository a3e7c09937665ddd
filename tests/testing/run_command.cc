#include "testing/run_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

extern char** environ;

namespace sessionstore::testing {

namespace {

std::vector<char*> CStrings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (std::string& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, int in, int out, int err,
          const std::vector<int>& close_in_child, const std::string& cwd = {}) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_adddup2(&actions, in, 0);
  posix_spawn_file_actions_adddup2(&actions, out, 1);
  if (err >= 0) posix_spawn_file_actions_adddup2(&actions, err, 2);
  for (int fd : close_in_child) posix_spawn_file_actions_addclose(&actions, fd);
  std::vector<std::string> args = argv;
  // The environment, with the names in `env` replaced.
  std::vector<std::string> envs = env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view var(*e);
    std::string_view name = var.substr(0, var.find('='));
    bool replaced = false;
    for (const std::string& o : env) replaced |= o.substr(0, o.find('=')) == name;
    if (!replaced) envs.emplace_back(var);
  }
  std::vector<char*> cargs = CStrings(args), cenv = CStrings(envs);
  pid_t pid;
  int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, cargs.data(), cenv.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn " + args[0] + " failed");
  return pid;
}

}  // namespace

namespace {

// Runs argv with stdin from `stdin_fd` (closed here), or from a pipe fed
// with `input` when it is -1; stdout to `stdout_fd` (the caller's), or to
// a pipe read into CommandResult::out when it is -1.
CommandResult Run(const std::vector<std::string>& argv, int stdin_fd, const std::string& input,
                  const std::vector<std::string>& env, int stdout_fd = -1, const std::string& cwd = {}) {
  int in[2] = {stdin_fd, -1}, out[2] = {-1, stdout_fd}, err[2];
  if ((stdin_fd < 0 && pipe2(in, O_CLOEXEC)) || (stdout_fd < 0 && pipe2(out, O_CLOEXEC)) || pipe2(err, O_CLOEXEC)) {
    throw std::runtime_error("pipe");
  }
  pid_t pid = Spawn(argv, env, in[0], out[1], err[1], {}, cwd);
  close(in[0]);
  if (stdout_fd < 0) close(out[1]);
  close(err[1]);
  signal(SIGPIPE, SIG_IGN);
  size_t written = 0;
  if (input.empty()) {
    close(in[1]);
    in[1] = -1;
  }
  CommandResult r;
  bool out_open = stdout_fd < 0, err_open = true;
  while (out_open || err_open || in[1] >= 0) {
    pollfd fds[3] = {{out_open ? out[0] : -1, POLLIN, 0}, {err_open ? err[0] : -1, POLLIN, 0}, {in[1], POLLOUT, 0}};
    if (poll(fds, 3, -1) < 0 && errno != EINTR) break;
    char buf[65536];
    for (int k = 0; k < 2; ++k) {
      if (fds[k].revents == 0) continue;
      ssize_t n = read(fds[k].fd, buf, sizeof buf);
      if (n <= 0) {
        (k == 0 ? out_open : err_open) = false;
      } else {
        (k == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
    }
    if (in[1] >= 0 && fds[2].revents != 0) {
      ssize_t n = write(in[1], input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 || written == input.size()) {
        close(in[1]);
        in[1] = -1;
      }
    }
  }
  if (out[0] >= 0) close(out[0]);
  close(err[0]);
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  r.max_rss_kb = usage.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input,
                         const std::vector<std::string>& env) {
  return Run(argv, -1, input, env);
}

CommandResult RunCommandIn(const std::string& cwd, const std::vector<std::string>& argv, const std::string& input,
                           const std::vector<std::string>& env) {
  return Run(argv, -1, input, env, -1, cwd);
}

CommandResult RunCommandOnFile(const std::vector<std::string>& argv, const std::string& input_path) {
  const int fd = open(input_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("open " + input_path);
  return Run(argv, fd, {}, {});
}

CommandResult RunCommandWithStdout(const std::vector<std::string>& argv, int stdout_fd, const std::string& input) {
  return Run(argv, -1, input, {}, stdout_fd);
}

Child SpawnChild(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) throw std::runtime_error("pipe");
  int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  Child c;
  c.pid = Spawn(argv, env, in[0], out[1], devnull, {});
  close(devnull);
  close(in[0]);
  close(out[1]);
  c.stdin_fd = in[1];
  c.stdout_fd = out[0];
  return c;
}

std::vector<std::string> KillAfter(Child& child, std::chrono::microseconds delay,
                                   const std::function<bool(std::string_view line)>& start) {
  std::string out;
  char buf[4096];
  bool open = true;  // until the child closes its stdout (it exited)
  auto drain = [&](int timeout_ms) {
    pollfd p{child.stdout_fd, POLLIN, 0};
    while (open && ::poll(&p, 1, timeout_ms) > 0) {
      const ssize_t n = ::read(child.stdout_fd, buf, sizeof buf);
      if (n <= 0) {
        open = false;
        break;
      }
      out.append(buf, static_cast<size_t>(n));
      if (timeout_ms > 0) break;
    }
  };
  if (start) {
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    size_t scanned = 0;  // lines before this offset did not match
    for (bool started = false; !started && open && std::chrono::steady_clock::now() < limit;) {
      drain(1);
      for (size_t end; !started && (end = out.find('\n', scanned)) != std::string::npos; scanned = end + 1) {
        started = start(std::string_view(out).substr(scanned, end - scanned));
      }
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + delay;
  while (open && std::chrono::steady_clock::now() < deadline) drain(1);
  ::kill(child.pid, SIGKILL);
  ::waitpid(child.pid, nullptr, 0);
  drain(0);  // what it printed before dying
  ::close(child.stdout_fd);
  std::vector<std::string> lines;
  for (size_t from = 0, end; (end = out.find('\n', from)) != std::string::npos; from = end + 1) {
    lines.push_back(out.substr(from, end - from));
  }
  return lines;
}

}  // namespace sessionstore::testing
