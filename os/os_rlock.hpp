#pragma once
// The real-thread RLock: owner ident + depth on std::mutex + std::condition_variable.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

namespace weft::detail {

struct OsRLock {
  /// Reentrant acquire by thread `me` (its ident); `restore` > 0 sets the depth (Condition).
  bool acquire(std::uint64_t me, bool blocking, std::optional<double> timeout, std::uint32_t restore = 0);
  /// Releases one level (all when `all`); returns the levels released, 0 when `me` is not
  /// the owner (nothing changes then).
  std::uint32_t release(std::uint64_t me, bool all);
  bool locked() const;
  /// The depth held by `me` (0 when it is not the owner).
  std::uint32_t depth_of(std::uint64_t me) const;

 private:
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::uint64_t owner_ = 0;
  std::uint32_t count_ = 0;
};

}  // namespace weft::detail
