// Sleep, yield, choose and check inside a simulation.
#include <cmath>

#include "sim_ops.hpp"

namespace weft::sim {

std::uint64_t deadline_after(const Execution& ex, double seconds) {
  constexpr double kMaxNs = 9.0e18;
  double ns = seconds > 0 ? std::ceil(seconds * 1e9) : 0.0;
  if (!(ns < kMaxNs)) ns = kMaxNs;  // also catches NaN
  auto add = static_cast<std::uint64_t>(ns);
  const std::uint64_t now = ex.now_ns();
  // The deadline is whole nanoseconds, at least `seconds` later, also as monotonic() measures
  // it in double seconds: 0.15 - 0.05 < 0.1, so a 0.1 s wait from 0.05 s ends at 0.150000001.
  const auto secs = [](std::uint64_t t) { return static_cast<double>(t) / 1e9; };
  for (int i = 0; i < 64 && add < kMaxNs && secs(now + add) - secs(now) < seconds; ++i) ++add;
  return now + add < now ? UINT64_MAX : now + add;
}

void sleep_for(Execution& ex, double seconds, loc where) {
  const PendingOp op{OpKind::sleep, ObjectKind::clock, kNoObject, where};
  ex.schedule(op, true, deadline_after(ex, seconds));
  TraceEvent& e = ex.commit(op);
  e.value = static_cast<std::int64_t>(std::llround(seconds * 1e3));  // milliseconds
  e.has_value = true;
}

void yield_now(Execution& ex, loc where) {
  const PendingOp op{OpKind::yield, ObjectKind::none, kNoObject, where};
  ex.schedule(op);
  ex.commit(op);
}

std::uint32_t choose(Execution& ex, std::uint32_t n, loc where) {
  const PendingOp op{OpKind::choose, ObjectKind::choice, kNoObject, where};
  ex.schedule(op);
  const std::uint32_t v = ex.choose_value(n, ValueKind::data);
  TraceEvent& e = ex.commit(op);
  e.value = v;
  e.has_value = true;
  return v;
}

std::uint64_t clock_now_ns(Execution& ex, loc where) {
  const std::uint64_t now = ex.now_ns();
  peek(ex, kNoObject, ObjectKind::clock, static_cast<std::int64_t>(now / 1000000), where);  // ms
  return now;
}

void rethrow_if_unwind() {
  try {
    throw;
  } catch (const Unwind&) {
    throw;
  } catch (...) {
  }
}

void peek(Execution& ex, ObjectId id, ObjectKind kind, std::int64_t value, loc where) {
  if (ex.unwinding()) return;
  ex.check_step_limit(where);  // a loop of peeks alone (`while (!e.is_set()) {}`) is a livelock too
  TraceEvent& e = ex.commit(PendingOp{OpKind::peek, kind, id, where});
  e.value = value;
  e.has_value = true;
}

void object_destroyed(Execution& ex, const detail::SimHandle& h) noexcept {
  if (h.epoch != ex.epoch() || ex.unwinding()) return;
  const ThreadId t = ex.waiter_on(h.id);
  if (t == kNoThread) return;
  const detail::NoUnwindScope in_a_destructor;
  try {
    ex.fail(FailureKind::misuse,
            ex.object_label(h.id) + " was destroyed while " + ex.thread_label(t) +
                " still waits on it: keep it alive until every thread using it has finished (join them first)",
            ex.user_location(ex.current()));
  } catch (...) {  // out of memory building the message: the waiter is left as it is
  }
}

void check_failed(Execution& ex, std::string_view message, loc where) {
  const PendingOp op{OpKind::check_failed, ObjectKind::none, kNoObject, where};
  TraceEvent& e = ex.commit(op);
  e.ok = false;
  ex.fail(FailureKind::check_failed, std::string(message), where);
}

}  // namespace weft::sim
