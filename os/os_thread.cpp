#include "os_thread.hpp"

#include <algorithm>
#include <atomic>
#include <system_error>

#include <unistd.h>

#include <weft/errors.hpp>

#include "os_clock.hpp"

namespace weft::os {

namespace {
struct Entry {
  std::uint64_t ident;
  Thread* thread;
};
std::mutex g_registry_mutex;
std::vector<Entry>& registry() {
  static std::vector<Entry> r;
  return r;
}
thread_local std::uint64_t t_ident = 0;
std::atomic<std::uint32_t> g_names{0};
std::atomic<std::uint64_t> g_idents{0};
}  // namespace

void register_thread(std::uint64_t ident, Thread* t, bool is_current) {
  if (is_current) t_ident = ident;
  std::lock_guard g(g_registry_mutex);
  registry().push_back(Entry{ident, t});
}

void unregister_thread(std::uint64_t ident) {
  std::lock_guard g(g_registry_mutex);
  auto& r = registry();
  r.erase(std::remove_if(r.begin(), r.end(), [&](const Entry& e) { return e.ident == ident; }), r.end());
}

void rebind_thread(std::uint64_t ident, Thread* to) {
  std::lock_guard g(g_registry_mutex);
  for (Entry& e : registry())
    if (e.ident == ident) e.thread = to;
}

Thread* registered_current() {
  if (t_ident == 0) return nullptr;
  std::lock_guard g(g_registry_mutex);
  for (const Entry& e : registry())
    if (e.ident == t_ident) return e.thread;
  return nullptr;
}

std::vector<Thread*> alive_threads() {
  std::lock_guard g(g_registry_mutex);
  std::vector<Thread*> out;
  for (const Entry& e : registry())
    if (e.thread != nullptr) out.push_back(e.thread);
  return out;
}

std::uint64_t native_thread_id() { return static_cast<std::uint64_t>(::gettid()); }

std::uint32_t next_thread_number() { return ++g_names; }
std::uint64_t next_ident() { return ++g_idents; }

void start_thread(ThreadState& st, Thread* self, std::function<void()> body) {
  if (st.ident == 0) st.ident = next_ident();
  try {
    st.thread = std::thread([&st, self, body = std::move(body)] {
      register_thread(st.ident, self, true);
      {
        std::lock_guard g(st.m);
        st.native_id = native_thread_id();
        st.running = true;
      }
      st.cv.notify_all();
      body();
      unregister_thread(st.ident);
      {
        std::lock_guard g(st.m);
        st.running = false;
        st.finished = true;
      }
      st.cv.notify_all();
    });
  } catch (const std::system_error&) {
    throw RuntimeError("can't start new thread", std::source_location::current(), false);
  }
  std::unique_lock g(st.m);
  st.cv.wait(g, [&] { return st.running || st.finished; });
}

void join_thread(ThreadState& st, std::optional<double> timeout) {
  std::unique_lock g(st.m);
  if (!timeout) {
    st.cv.wait(g, [&] { return st.finished; });
  } else {
    st.cv.wait_until(g, deadline_after(*timeout), [&] { return st.finished; });
  }
}

bool thread_alive(ThreadState& st) {
  std::lock_guard g(st.m);
  return st.running;
}

void release_thread(ThreadState& st) {
  if (!st.thread.joinable()) return;
  bool finished;
  {
    std::lock_guard g(st.m);
    finished = st.finished;
  }
  if (finished) {
    st.thread.join();
  } else {
    st.thread.detach();
  }
}

}  // namespace weft::os
