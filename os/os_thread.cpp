#include "os_thread.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
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

namespace {
std::atomic<std::size_t> g_stack_size{0};

void* native_entry(void* arg) {
  const std::unique_ptr<std::function<void()>> fn(static_cast<std::function<void()>*>(arg));
  try {
    (*fn)();
  } catch (...) {
    std::terminate();  // as std::thread: nothing may escape a thread's function
  }
  return nullptr;
}
}  // namespace

NativeThread::~NativeThread() {
  if (joinable_) std::terminate();
}

void NativeThread::start(std::function<void()> fn, std::size_t stack_size) {
  pthread_attr_t attr;
  if (int e = pthread_attr_init(&attr)) throw std::system_error(e, std::generic_category(), "pthread_attr_init");
  int e = stack_size != 0 ? pthread_attr_setstacksize(&attr, stack_size) : 0;
  auto arg = std::make_unique<std::function<void()>>(std::move(fn));
  if (e == 0) e = pthread_create(&id_, &attr, &native_entry, arg.get());
  pthread_attr_destroy(&attr);
  if (e != 0) throw std::system_error(e, std::generic_category(), "pthread_create");
  arg.release();  // owned by the new thread
  joinable_ = true;
}

void NativeThread::join() {
  if (int e = pthread_join(id_, nullptr)) throw std::system_error(e, std::generic_category(), "pthread_join");
  joinable_ = false;
}

void NativeThread::detach() {
  if (int e = pthread_detach(id_)) throw std::system_error(e, std::generic_category(), "pthread_detach");
  joinable_ = false;
}

std::size_t stack_size() { return g_stack_size.load(); }
std::size_t set_stack_size(std::size_t size) { return g_stack_size.exchange(size); }

void start_thread(ThreadState& st, Thread* self, std::function<void()> body) {
  if (st.ident == 0) st.ident = next_ident();
  try {
    st.thread.start([&st, self, body = std::move(body)] {
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
    }, stack_size());
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
