#include "detect/lock_order.hpp"

#include <algorithm>

namespace weft::detect {

namespace {
constexpr std::size_t kMaxEdges = 4096;        // per execution; more are not recorded
constexpr std::uint32_t kSearchBudget = 200000;  // cycle-search steps per execution
constexpr std::size_t kMaxCycle = 8;
}  // namespace

void LockOrder::reset(const sim::Execution& ex) {
  ex_ = &ex;
  if (held_by_.size() < ex.thread_count()) held_by_.resize(ex.thread_count());
  for (auto& h : held_by_) h.clear();
  held_.clear();
  edges_.clear();
}

void LockOrder::observe(const TraceEvent& e, std::uint32_t index) {
  if (e.thread >= held_by_.size() || e.object == kNoObject || e.object >= ex_->object_count()) return;
  const bool acquire = e.op == OpKind::lock_acquire || e.op == OpKind::rlock_acquire;
  const bool release = e.op == OpKind::lock_release || e.op == OpKind::rlock_release;
  if ((!acquire && !release) || !e.ok || ex_->object(e.object).internal) return;
  std::vector<Held>& held = held_by_[e.thread];
  const auto mine = std::find_if(held.begin(), held.end(), [&](const Held& h) { return h.lock == e.object; });
  if (release) {
    // A Lock may be released by another thread: drop it from whoever holds it.
    if (e.op == OpKind::rlock_release && e.value != 0) return;
    for (auto& hs : held_by_)
      hs.erase(std::remove_if(hs.begin(), hs.end(), [&](const Held& h) { return h.lock == e.object; }), hs.end());
    return;
  }
  if (mine != held.end()) return;  // RLock re-entry
  if (e.blocking && !e.timed && !held.empty() && edges_.size() < kMaxEdges) {
    const auto begin = static_cast<std::uint32_t>(held_.size());
    for (const Held& h : held) held_.push_back(h.lock);
    const auto end = static_cast<std::uint32_t>(held_.size());
    for (const Held& h : held) {
      // One edge per (thread, from, to, held set): a loop taking the same locks adds nothing.
      const bool seen = std::any_of(edges_.begin(), edges_.end(), [&](const LockEdge& x) {
        return x.thread == e.thread && x.from == h.lock && x.to == e.object && x.held_end - x.held_begin == end - begin &&
               std::equal(held_.begin() + x.held_begin, held_.begin() + x.held_end, held_.begin() + begin);
      });
      if (!seen) edges_.push_back(LockEdge{h.lock, e.object, e.thread, h.event, index, begin, end, ClockTable::kNoRow});
    }
  }
  held.push_back(Held{e.object, index});
}

bool LockOrder::compatible(const LockEdge& a, const LockEdge& b, bool with_clocks) const {
  if (a.thread == b.thread) return false;
  for (std::uint32_t i = a.held_begin; i < a.held_end; ++i)
    for (std::uint32_t j = b.held_begin; j < b.held_end; ++j)
      if (held_[i] == held_[j]) return false;  // a gate lock serialises them
  if (!with_clocks) return true;
  const std::uint32_t* ca = clocks_.row(a.clock_row);
  const std::uint32_t* cb = clocks_.row(b.clock_row);
  const bool a_before_b = ca[a.thread] <= cb[a.thread];
  const bool b_before_a = cb[b.thread] <= ca[b.thread];
  return !a_before_b && !b_before_a;
}

// Depth-first over edges: path[0] is the cycle's lowest-numbered edge, so each cycle is
// found once. Each new edge continues the chain and is compatible with every edge so far.
bool LockOrder::search(std::vector<std::uint32_t>& path, bool with_clocks, std::uint32_t& budget) const {
  const LockEdge& first = edges_[path.front()];
  const LockEdge& last = edges_[path.back()];
  for (std::uint32_t i = path.front() + 1; i < edges_.size(); ++i) {
    if (budget == 0) return false;
    --budget;
    const LockEdge& next = edges_[i];
    if (next.from != last.to) continue;
    const bool closes = next.to == first.from;
    bool ok = true;
    for (std::uint32_t p : path) {
      if (!compatible(edges_[p], next, with_clocks)) ok = false;
      if (!closes && edges_[p].from == next.to) ok = false;  // would close a smaller cycle
    }
    if (!ok) continue;
    path.push_back(i);
    if (closes) return true;
    if (path.size() < kMaxCycle && search(path, with_clocks, budget)) return true;
    path.pop_back();
  }
  return false;
}

void LockOrder::compute_clocks(const std::vector<TraceEvent>& events) {
  hb_.reset(*ex_, EdgeSet::without_user_locks);
  clocks_.reset(hb_.width());
  std::vector<std::uint32_t> order(edges_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return edges_[a].to_event < edges_[b].to_event; });
  std::size_t next = 0;
  for (std::uint32_t i = 0; i < events.size() && next < order.size(); ++i) {
    while (next < order.size() && edges_[order[next]].to_event == i) {
      LockEdge& edge = edges_[order[next++]];
      edge.clock_row = clocks_.add_row();
      clocks_.copy(edge.clock_row, hb_.clock(edge.thread));
    }
    hb_.apply(events[i]);
  }
}

std::optional<std::vector<LockEdge>> LockOrder::find_inversion(const std::vector<TraceEvent>& events) {
  if (edges_.size() < 2) return std::nullopt;
  for (bool with_clocks : {false, true}) {
    if (with_clocks) compute_clocks(events);
    std::uint32_t budget = kSearchBudget;
    bool any = false;
    for (std::uint32_t s = 0; s < edges_.size() && budget > 0; ++s) {
      std::vector<std::uint32_t> path{s};
      if (!search(path, with_clocks, budget)) continue;
      any = true;
      if (!with_clocks) break;
      std::vector<LockEdge> cycle;
      for (std::uint32_t p : path) cycle.push_back(edges_[p]);
      return cycle;
    }
    if (!any) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace weft::detect
