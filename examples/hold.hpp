#pragma once
// weft::examples::detail::Hold: holds a weft::Lock for a scope, acquiring and releasing it at
// the line that constructed the guard, so interleaving tables point into the example's code
// rather than into <mutex> (include/weft/lock.hpp says why std::lock_guard's rows do not).
// The release in the destructor also runs while an abandoned thread unwinds
// (docs/abandonment.md, "What runs", rule 1).
#include <source_location>

#include <weft/lock.hpp>

namespace weft::examples::detail {

class Hold {
 public:
  explicit Hold(Lock& lock, std::source_location where = std::source_location::current())
      : lock_(lock), where_(where) {
    lock_.acquire(true, -1, where_);
  }
  ~Hold() { lock_.release(where_); }
  Hold(const Hold&) = delete;
  Hold& operator=(const Hold&) = delete;

 private:
  Lock& lock_;
  std::source_location where_;
};

}  // namespace weft::examples::detail
