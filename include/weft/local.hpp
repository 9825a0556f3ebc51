#pragma once
// weft::Local<T>: Python's threading.local for one value of type T.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace weft {

namespace detail {
/// Identifies the calling thread for Local: {execution epoch, thread id} when simulated,
/// {0, ident} on real threads.
std::pair<std::uint64_t, std::uint64_t> local_key();
}  // namespace detail

/// Each thread sees its own T, constructed on that thread's first use from the arguments
/// given at construction (as a threading.local subclass's __init__ runs again per thread).
/// Accessing it is not a scheduling point: no other thread can see the value.
/// Values live until the Local is destroyed.
template <class T>
class Local {
 public:
  Local() : make_([] { return std::make_unique<T>(); }) {}
  template <class... Args>
  explicit Local(Args... args) : make_([=] { return std::make_unique<T>(args...); }) {}
  Local(const Local&) = delete;
  Local& operator=(const Local&) = delete;

  /// The calling thread's value (constructed now if this thread never used it).
  T& get() {
    const auto key = detail::local_key();
    std::lock_guard g(m_);
    auto it = values_.find(key);
    if (it == values_.end()) it = values_.emplace(key, make_()).first;
    return *it->second;
  }
  /// Whether the calling thread has a value yet.
  bool has_value() const {
    const auto key = detail::local_key();
    std::lock_guard g(m_);
    return values_.count(key) != 0;
  }
  T& operator*() { return get(); }
  T* operator->() { return &get(); }

 private:
  std::function<std::unique_ptr<T>()> make_;
  mutable std::mutex m_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::unique_ptr<T>> values_;
};

}  // namespace weft
