#pragma once
// The floor under issue 13's Relacy comparison: the program's schedule space run on bare
// Boost.Context fibers with nothing else. 4 threads x 10 rounds; a scheduling point at each
// lock, unlock, fetch_add, load and store (the plain variable is read and written without one,
// as Relacy and SharedPoints::sync_only schedule it); at every point a uniformly random pick
// among the enabled threads (a thread waiting for the held lock is not enabled) and a direct
// switch to it. No trace, no checks, no replay record, no detectors, no timeouts: what any
// fiber-based tool pays at least for this program. weft_bench_explore reports it beside weft's
// own runs of the program, so the gap to Relacy's figure can be read against what is possible.
// The switch is the one weft's fibers run on (sim/context_switch.hpp).
#include <array>
#include <bit>
#include <cstdint>
#include <memory>

#include "sim/context_switch.hpp"

namespace weft::bench {

class RelacyFloor {
 public:
  static constexpr int kThreads = 4;
  static constexpr int kRounds = 10;
  static constexpr int kPointsPerRound = 5;  // lock, unlock, fetch_add, load, store (body)

  RelacyFloor() : stacks_(std::make_unique<Stacks>()) {}

  /// One execution under `seed`'s choices; returns the plain variable's final value (40).
  int run_once(std::uint64_t seed) {
    rng_ = seed * 0x9e3779b97f4a7c15ULL + 1;
    plain_ = 0;
    atomic_ = 0;
    locked_ = false;
    alive_ = (1u << kThreads) - 1;
    waiting_ = 0;
    for (int t = 0; t < kThreads; ++t) {
      auto& stack = (*stacks_)[static_cast<std::size_t>(t)];
      ctx_[t] = weft_make_fcontext(stack.data() + stack.size(), stack.size(), &RelacyFloor::entry);
    }
    cur_ = kHost;
    switch_to(pick(alive_));
    return plain_;
  }

 private:
  static constexpr int kHost = kThreads;
  static constexpr std::size_t kStackBytes = 64 * 1024;
  using Stacks = std::array<std::array<char, kStackBytes>, kThreads>;

  static void entry(boost::context::detail::transfer_t t) {
    auto* self = static_cast<RelacyFloor*>(t.data);
    self->ctx_[self->from_] = t.fctx;
    self->body(self->cur_);
  }

  void body(int me) {
    for (int i = 0; i < kRounds; ++i) {
      point(me, true);  // lock
      locked_ = true;
      plain_ = plain_ + 1;
      point(me, false);  // unlock
      locked_ = false;
      point(me, false);  // fetch_add
      ++atomic_;
      point(me, false);  // load
      const int v = atomic_;
      point(me, false);  // store
      atomic_ = v;
    }
    alive_ &= ~(1u << me);
    switch_to(alive_ == 0 ? kHost : pick(enabled()));  // never resumed
  }

  std::uint32_t enabled() const { return locked_ ? alive_ & ~waiting_ : alive_; }

  // Thread `me` announces its next operation (an acquire or not) and returns when picked;
  // only an acquire waits (its bit in waiting_ is set from the announcement to the pick).
  void point(int me, bool acquire) {
    if (acquire) waiting_ |= 1u << me;
    const int next = pick(enabled());
    if (next != me) switch_to(next);
    waiting_ &= ~(1u << me);
  }

  int pick(std::uint32_t mask) {
    rng_ ^= rng_ << 13;  // xorshift64
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    auto k = static_cast<std::uint32_t>(((rng_ >> 32) * std::popcount(mask)) >> 32);
    for (; k > 0; --k) mask &= mask - 1;
    return std::countr_zero(mask);
  }

  void switch_to(int next) {
    from_ = cur_;
    cur_ = next;
    const boost::context::detail::transfer_t t = weft_jump_fcontext(ctx_[next], this);
    ctx_[from_] = t.fctx;  // the context that just switched here, suspended
  }

  std::unique_ptr<Stacks> stacks_;
  std::array<boost::context::detail::fcontext_t, kThreads + 1> ctx_{};
  int cur_ = kHost, from_ = kHost;
  std::uint64_t rng_ = 1;
  std::uint32_t alive_ = 0, waiting_ = 0;
  bool locked_ = false;
  int plain_ = 0, atomic_ = 0;
};

}  // namespace weft::bench
