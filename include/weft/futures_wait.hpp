#pragma once
// concurrent.futures.wait() and as_completed() (docs/python_semantics.md), over any range of futures
// (Future<R>, or FutureBase to mix result types). Included by future.hpp.
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <ranges>
#include <source_location>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include "future.hpp"

namespace weft {

/// wait()'s return_when.
enum class ReturnWhen : std::uint8_t { first_completed, first_exception, all_completed };
inline constexpr ReturnWhen FIRST_COMPLETED = ReturnWhen::first_completed;
inline constexpr ReturnWhen FIRST_EXCEPTION = ReturnWhen::first_exception;
inline constexpr ReturnWhen ALL_COMPLETED = ReturnWhen::all_completed;

/// Python's DoneAndNotDoneFutures: the distinct futures given, split; each list keeps the
/// order in which the futures first appeared in the input.
template <class F>
struct DoneAndNotDone {
  std::vector<F> done;
  std::vector<F> not_done;
};

namespace detail {
/// wait()'s algorithm on distinct futures: done[i] tells whether fs[i] ended up done.
std::vector<bool> wait_futures(const std::vector<FutureCore*>& fs, OptSeconds timeout, ReturnWhen return_when,
                               std::source_location where);

class AsCompletedWaiter;  // api/futures.cpp
/// as_completed()'s state: a waiter installed on every future at construction (under all
/// their locks) and removed from those not yet yielded at destruction.
class AsCompletedState {
 public:
  AsCompletedState(std::vector<FutureCore*> fs, OptSeconds timeout, std::source_location where);
  ~AsCompletedState();
  AsCompletedState(const AsCompletedState&) = delete;
  AsCompletedState& operator=(const AsCompletedState&) = delete;
  /// Index of the next future to yield; nullopt once all were yielded. TimeoutError
  /// "<k> (of <n>) futures unfinished" once the deadline has passed.
  std::optional<std::size_t> next();

 private:
  void yielded(std::size_t i);
  std::vector<FutureCore*> fs_;
  std::unique_ptr<AsCompletedWaiter> waiter_;
  std::vector<std::size_t> ready_;  // done, not yet yielded (initially done ones first)
  std::size_t initial_ = 0;         // how many of ready_ were done at the start
  std::vector<bool> pending_;       // not yet seen done
  std::size_t npending_ = 0;
  std::vector<bool> removed_;       // waiter removed from fs_[i]
  std::optional<double> end_;
  std::source_location where_;
};

/// The distinct futures of a range, in first-occurrence order (duplicates dropped, as
/// Python turns fs into a set; membership only, so the order never depends on addresses).
template <class Range>
auto distinct_futures(const Range& fs) {
  using F = std::remove_cvref_t<std::ranges::range_value_t<Range>>;
  static_assert(std::is_base_of_v<FutureBase, F>, "wait()/as_completed() take a range of futures");
  std::vector<F> out;
  std::unordered_set<const FutureCore*> seen;
  for (const auto& f : fs)
    if (seen.insert(&f.core()).second) out.push_back(f);
  return out;
}
template <class F>
std::vector<FutureCore*> cores_of(const std::vector<F>& fs) {
  std::vector<FutureCore*> cores;
  for (const auto& f : fs) cores.push_back(&f.core());
  return cores;
}
}  // namespace detail

/// Waits until return_when holds or `timeout` passes (never raises on timeout) and returns
/// the split. "Done" means finished or cancelled (the documented rule, not CPython's; see
/// future.hpp). Returns at once when every future is done, for FIRST_COMPLETED when one is,
/// for FIRST_EXCEPTION when a done one raised. An invalid return_when raises ValueError, but
/// only when the call has to wait (as CPython).
template <class Range>
auto wait(const Range& fs, OptSeconds timeout = forever, ReturnWhen return_when = ALL_COMPLETED,
          std::source_location where = std::source_location::current()) {
  auto distinct = detail::distinct_futures(fs);
  const std::vector<bool> done = detail::wait_futures(detail::cores_of(distinct), timeout, return_when, where);
  DoneAndNotDone<typename decltype(distinct)::value_type> r;
  for (std::size_t i = 0; i < distinct.size(); ++i) (done[i] ? r.done : r.not_done).push_back(distinct[i]);
  return r;
}
template <class F>
auto wait(std::initializer_list<F> fs, OptSeconds timeout = forever, ReturnWhen return_when = ALL_COMPLETED,
          std::source_location where = std::source_location::current()) {
  return wait(std::vector<F>(fs), timeout, return_when, where);
}

/// as_completed()'s result: a single-pass range of the distinct futures, those already done
/// first (in an order the simulator explores, input order on real threads), then the others
/// as they complete (cancelled ones included). The timeout is one deadline counted from the
/// as_completed() call (as documented; CPython counts from the first next()); reaching it
/// raises TimeoutError("<k> (of <n>) futures unfinished") from next()/++.
template <class F>
class AsCompleted {
 public:
  AsCompleted(std::vector<F> fs, OptSeconds timeout, std::source_location where)
      : fs_(std::move(fs)), state_(detail::cores_of(fs_), timeout, where) {}
  AsCompleted(const AsCompleted&) = delete;
  AsCompleted& operator=(const AsCompleted&) = delete;

  /// The next future, or nullopt when every future has been yielded.
  std::optional<F> next() {
    const auto i = state_.next();
    if (!i) return std::nullopt;
    return fs_[*i];
  }

  class iterator {
   public:
    using value_type = F;
    using difference_type = std::ptrdiff_t;
    explicit iterator(AsCompleted* owner) : owner_(owner) { ++*this; }
    const F& operator*() const { return *current_; }
    iterator& operator++() {
      current_ = owner_->next();
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(std::default_sentinel_t) const { return !current_; }

   private:
    AsCompleted* owner_;
    std::optional<F> current_;
  };
  /// Starts iterating (fetches the first future). Single pass.
  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() const { return {}; }

 private:
  std::vector<F> fs_;
  detail::AsCompletedState state_;
};

/// Python's as_completed(fs, timeout): see AsCompleted. Duplicates are yielded once.
template <class Range>
auto as_completed(const Range& fs, OptSeconds timeout = forever,
                  std::source_location where = std::source_location::current()) {
  return AsCompleted<typename decltype(detail::distinct_futures(fs))::value_type>(detail::distinct_futures(fs),
                                                                                  timeout, where);
}
template <class F>
auto as_completed(std::initializer_list<F> fs, OptSeconds timeout = forever,
                  std::source_location where = std::source_location::current()) {
  return as_completed(std::vector<F>(fs), timeout, where);
}

}  // namespace weft
