#include "detect/lock_order.hpp"

#include <algorithm>

namespace weft::detect {

namespace {
constexpr std::size_t kMaxEdges = 4096;        // per execution; more are not recorded
constexpr std::uint32_t kSearchBudget = 200000;  // cycle-search steps per execution
constexpr std::size_t kMaxCycle = 8;
constexpr std::uint32_t kCycleCost = 1000;       // budget a rejected cycle's happens-before pass costs
}  // namespace

void LockOrder::reset(const sim::Execution& ex) {
  ex_ = &ex;
  if (held_by_.size() < ex.thread_count()) held_by_.resize(ex.thread_count());
  for (auto& h : held_by_) h.clear();
  if (last_.size() < ex.thread_count()) last_.resize(ex.thread_count());
  for (Last& l : last_) l.to = kNoObject;
  held_.clear();
  edges_.clear();
}

void LockOrder::observe_rest(const TraceEvent& e, std::uint32_t index, bool acquire) {
  if (e.object == kNoObject || e.object >= ex_->object_count() || ex_->object(e.object).internal) return;
  std::vector<Held>& held = held_by_[e.thread];
  const auto mine = std::find_if(held.begin(), held.end(), [&](const Held& h) { return h.lock == e.object; });
  if (!acquire) {
    if (e.op == OpKind::rlock_release && e.value != 0) return;
    if (mine != held.end()) {
      held.erase(mine);
      return;
    }
    // A Lock may be released by a thread other than its holder: drop it from the holder's list.
    for (auto& hs : held_by_)
      hs.erase(std::remove_if(hs.begin(), hs.end(), [&](const Held& h) { return h.lock == e.object; }), hs.end());
    return;
  }
  if (mine != held.end()) return;  // RLock re-entry
  if (e.blocking && !e.timed && !held.empty() && edges_.size() < kMaxEdges && !repeats_last(e, held)) {
    const auto begin = static_cast<std::uint32_t>(held_.size());
    for (const Held& h : held) held_.push_back(h.lock);
    const auto end = static_cast<std::uint32_t>(held_.size());
    const std::size_t before = edges_.size();
    for (const Held& h : held) {
      // One edge per (thread, from, to, held set): a loop taking the same locks adds nothing.
      const bool seen = std::any_of(edges_.begin(), edges_.end(), [&](const LockEdge& x) {
        return x.thread == e.thread && x.from == h.lock && x.to == e.object && x.held_end - x.held_begin == end - begin &&
               std::equal(held_.begin() + x.held_begin, held_.begin() + x.held_end, held_.begin() + begin);
      });
      if (!seen) edges_.push_back(LockEdge{h.lock, e.object, e.thread, h.event, index, begin, end});
    }
    if (edges_.size() == before) held_.resize(begin);  // nothing new: its held set is not needed
    Last& last = last_[e.thread];
    last.to = e.object;
    last.held.clear();
    for (const Held& h : held) last.held.push_back(h.lock);
  }
  held.push_back(Held{e.object, index});
}

// The same lock taken with the same locks held as at this thread's last acquire tested for edges:
// its edges are all there already (a loop taking the same locks adds nothing), so the search
// over every edge is skipped.
bool LockOrder::repeats_last(const TraceEvent& e, const std::vector<Held>& held) const {
  const Last& last = last_[e.thread];
  if (last.to != e.object || last.held.size() != held.size()) return false;
  for (std::size_t i = 0; i < held.size(); ++i)
    if (last.held[i] != held[i].lock) return false;
  return true;
}

bool LockOrder::compatible(const LockEdge& a, const LockEdge& b) const {
  if (a.thread == b.thread) return false;
  for (std::uint32_t i = a.held_begin; i < a.held_end; ++i)
    for (std::uint32_t j = b.held_begin; j < b.held_end; ++j)
      if (held_[i] == held_[j]) return false;  // a gate lock serialises them
  return true;
}

// Depth-first over edges: path[0] is the cycle's lowest-numbered edge, so each cycle is
// found once. Each new edge continues the chain, with a thread and held set of its own; a
// closed cycle is then put to the happens-before test.
bool LockOrder::search(std::vector<std::uint32_t>& path, const std::vector<TraceEvent>& events,
                       std::uint32_t& budget) {
  const ObjectId first_from = edges_[path.front()].from;
  const ObjectId last_to = edges_[path.back()].to;
  for (std::uint32_t i = path.front() + 1; i < edges_.size(); ++i) {
    if (budget == 0) return false;
    --budget;
    const LockEdge& next = edges_[i];
    if (next.from != last_to) continue;
    const bool closes = next.to == first_from;
    bool ok = true;
    for (std::uint32_t p : path) {
      if (!compatible(edges_[p], next)) ok = false;
      if (!closes && edges_[p].from == next.to) ok = false;  // would close a smaller cycle
    }
    if (!ok) continue;
    path.push_back(i);
    if (closes ? concurrent(path, events) : path.size() < kMaxCycle && search(path, events, budget)) return true;
    path.pop_back();
    if (closes && budget > kCycleCost) budget -= kCycleCost;  // each test is a pass over the events
  }
  return false;
}

// Whether no two edges of the cycle are ordered by happens-before, leaving out the edges of
// the cycle's own locks (see HappensBefore::reset).
bool LockOrder::concurrent(const std::vector<std::uint32_t>& cycle, const std::vector<TraceEvent>& events) {
  cycle_locks_.clear();
  std::uint32_t last = 0;
  for (std::uint32_t p : cycle) {
    cycle_locks_.push_back(edges_[p].from);
    last = std::max(last, edges_[p].to_event);
  }
  hb_.reset(*ex_, cycle_locks_);
  clocks_.reset(hb_.width());
  for (std::size_t k = 0; k < cycle.size(); ++k) clocks_.add_row();
  for (std::uint32_t i = 0; i <= last && i < events.size(); ++i) {
    for (std::size_t k = 0; k < cycle.size(); ++k)
      if (edges_[cycle[k]].to_event == i)
        clocks_.copy(static_cast<std::uint32_t>(k), hb_.clock(edges_[cycle[k]].thread));
    hb_.apply(events[i]);
  }
  for (std::size_t a = 0; a < cycle.size(); ++a)
    for (std::size_t b = a + 1; b < cycle.size(); ++b) {
      const ThreadId ta = edges_[cycle[a]].thread, tb = edges_[cycle[b]].thread;
      const std::uint32_t* ca = clocks_.row(static_cast<std::uint32_t>(a));
      const std::uint32_t* cb = clocks_.row(static_cast<std::uint32_t>(b));
      if (ca[ta] <= cb[ta] || cb[tb] <= ca[tb]) return false;  // one edge happens before the other
    }
  return true;
}

std::optional<std::vector<LockEdge>> LockOrder::find_inversion(const std::vector<TraceEvent>& events) {
  if (edges_.size() < 2) return std::nullopt;
  std::uint32_t budget = kSearchBudget;
  std::vector<std::uint32_t> path;
  for (std::uint32_t s = 0; s < edges_.size() && budget > 0; ++s) {
    path.assign(1, s);
    if (!search(path, events, budget)) continue;
    std::vector<LockEdge> cycle;
    for (std::uint32_t p : path) cycle.push_back(edges_[p]);
    return cycle;
  }
  return std::nullopt;
}

}  // namespace weft::detect
