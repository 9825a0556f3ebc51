#pragma once
// weft::Local<T>: Python's threading.local for one value of type T.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace weft {

namespace detail {
/// Identifies the calling thread for Local: {execution epoch, thread id} when simulated,
/// {0, ident} on real threads.
using LocalKey = std::pair<std::uint64_t, std::uint64_t>;
LocalKey local_key();
/// Arranges for `erase(store, key)` to run when the calling thread ends, unless every
/// shared_ptr owning `store` is gone by then. Simulated threads: when their run() returns or
/// unwinds, and the entries left (the main thread's) when the execution ends; real threads:
/// when the thread's body returns (weft threads) or at OS thread exit (any other thread).
void at_thread_exit(std::weak_ptr<void> store, void (*erase)(void*, const LocalKey&), const LocalKey& key);
/// Runs and forgets the calling thread's at_thread_exit entries (weft calls it when a thread
/// ends; harmless to call twice).
void run_thread_exits();
}  // namespace detail

/// Each thread sees its own T. `Local<T>()` is a plain threading.local(): no thread has a value
/// (has_value() is Python's hasattr) until its first get() default-constructs one.
/// `Local<T>(args...)` is a threading.local subclass whose __init__ takes args: T(args...) is
/// constructed in the constructor for the constructing thread, then in each other thread at
/// its first get(), from copies of the same arguments.
/// Accessing it is not a scheduling point: no other thread can see the value.
/// A thread's value is destroyed when that thread ends (on its own thread); the values of
/// threads still alive when the Local dies are destroyed with it. Inside explore() no value
/// outlives its execution: the main thread's (and any other left) are destroyed when the
/// execution ends, outside it, so each execution starts with no values and a Local declared
/// outside the body does not grow with the number of executions.
template <class T>
class Local {
 public:
  Local() : make_([] { return std::make_unique<T>(); }) {}
  template <class... Args>
  explicit Local(Args... args) : make_([=] { return std::make_unique<T>(args...); }) {
    get();
  }
  Local(const Local&) = delete;
  Local& operator=(const Local&) = delete;

  /// The calling thread's value (constructed now if this thread never used it).
  T& get() {
    const auto key = detail::local_key();
    std::unique_lock g(store_->m);
    auto it = store_->values.find(key);
    if (it != store_->values.end()) return *it->second;
    g.unlock();
    std::unique_ptr<T> fresh = make_();  // T's constructor runs without the lock held
    g.lock();
    it = store_->values.emplace(key, std::move(fresh)).first;
    T& value = *it->second;
    g.unlock();
    detail::at_thread_exit(std::weak_ptr<void>(store_), &Local::erase, key);
    return value;
  }
  /// Whether the calling thread has a value now.
  bool has_value() const {
    const auto key = detail::local_key();
    std::lock_guard g(store_->m);
    return store_->values.count(key) != 0;
  }
  T& operator*() { return get(); }
  T* operator->() { return &get(); }

 private:
  struct Store {
    std::mutex m;
    std::map<detail::LocalKey, std::unique_ptr<T>> values;
  };

  static void erase(void* store, const detail::LocalKey& key) {
    auto* s = static_cast<Store*>(store);
    std::unique_ptr<T> dead;  // destroyed after the lock is released
    std::lock_guard g(s->m);
    auto it = s->values.find(key);
    if (it == s->values.end()) return;
    dead = std::move(it->second);
    s->values.erase(it);
  }

  std::function<std::unique_ptr<T>()> make_;
  std::shared_ptr<Store> store_ = std::make_shared<Store>();
};

}  // namespace weft
