// POP's records in the POP reference; see pop_records.hpp. The control flow follows the
// fork's behaviour as docs/pop_notes.md ("The redundancy check", "Unclear or suspect points")
// describes it, including the walk that stops at a write which clears a chained record.
#include "pop_records.hpp"

#include <cassert>
#include <utility>

namespace pop_ref {

namespace {

// Feeds one event to one segment's skipped entries. An entry of the event's own thread is
// cleared (or rejects, if sleeping and the event comes after the segment's schedules); the
// first entry the event conflicts with remembers it; an event after a remembered conflict
// rejects. A reject is softened to clear when the event comes after a later read of the
// record's variable (`same_var_reads`).
Verdict feed_segment(LiveSegment& seg, int thread, Op op, const Clock& clock,
                     const std::vector<Clock>& same_var_reads) {
  Verdict verdict = Verdict::carry_on;
  for (std::size_t i = 0; i < seg.entries.size(); ++i) {
    for (const Clock& c : seg.remembered[i]) {
      if (lt(c, clock)) {
        verdict = Verdict::reject;
        break;
      }
    }
    if (verdict == Verdict::reject) continue;
    if (seg.entries[i].thread == thread) {
      if (seg.entries[i].sleeping && lt(seg.schedules_clock, clock)) return Verdict::reject;
      seg.entries.erase(seg.entries.begin() + static_cast<std::ptrdiff_t>(i));
      seg.remembered.erase(seg.remembered.begin() + static_cast<std::ptrdiff_t>(i));
      verdict = Verdict::clear;
      break;
    }
    if (ops_conflict(op, seg.entries[i].op)) {
      Clock remembered = clock;
      join(remembered, seg.schedules_clock);
      seg.remembered[i].push_back(std::move(remembered));
      verdict = Verdict::reject;
      break;
    }
  }
  if (verdict == Verdict::reject) {
    for (const Clock& c : same_var_reads) {
      if (lt(c, clock)) {
        verdict = Verdict::clear;
        break;
      }
    }
  }
  return verdict;
}

bool any_before(const std::vector<Clock>& clocks, const Clock& clock) {
  for (const Clock& c : clocks)
    if (lt(c, clock)) return true;
  return false;
}

LiveRecord copy_out(const Record& record, const RecordOptions& options);

LiveSegment copy_segment(const Segment& seg, const RecordOptions& options) {
  LiveSegment live;
  live.address = seg.address;
  live.schedules_clock = seg.schedules_clock;
  live.entries = seg.skipped;
  live.remembered.resize(seg.skipped.size());
  if (!seg.second_read_clock.empty()) live.same_var_reads.push_back(seg.second_read_clock);
  if (seg.linked) {
    live.chain = copy_out(*seg.linked, options);
    if (options.feed_missed && !live.chain.empty()) {
      // Change J: the linked record came into force at an earlier schedule's last event k;
      // feed it the events of the new schedule from k on, which it would otherwise miss.
      LiveRecords alone;
      alone.push_back(std::move(live.chain));
      for (const MissedEvent& e : seg.missed) (void)feed(alone, e.thread, e.op, e.clock, options);
      live.chain = std::move(alone.front());
    }
  }
  return live;
}

LiveRecord copy_out(const Record& record, const RecordOptions& options) {
  LiveRecord live;
  for (const Segment& seg : record.segments) {
    assert(seg.linked || !seg.skipped.empty());
    live.push_back(copy_segment(seg, options));
  }
  return live;
}

}  // namespace

void bring_into_force(LiveRecords& in_force, const Record& record, const RecordOptions& options) {
  LiveRecord live = copy_out(record, options);
  if (!live.empty()) in_force.push_back(std::move(live));
}

Verdict feed(LiveRecords& in_force, int thread, Op op, const Clock& clock,
             const RecordOptions& options) {
  // The work list and the chain stacks are shared by all records of one feed, as in the
  // fork: work left over when a write stops a record's walk is done during the next record's.
  struct Work {
    LiveRecord* list;
    int chain_stack;  // -1: none
  };
  std::vector<Work> work;
  std::vector<std::vector<std::pair<LiveRecord*, std::size_t>>> chain_stacks;
  bool all_clear = true;
  for (LiveRecord& record : in_force) {
    if (record.empty()) continue;
    const int base_address = record.front().address;
    work.push_back({&record, -1});
    while (!work.empty()) {
      const Work item = work.back();
      work.pop_back();
      LiveRecord& list = *item.list;
      if (list.empty()) continue;
      const bool same_object = address(op) == list.front().address && !is_mutex_op(op);
      const bool writes = same_object && is_write(op);
      const bool reads = same_object && is_read(op);
      if (writes) {
        // A write of the variable clears the record and, as in the fork, ends this record's
        // walk. With change K a chained record keeps its sleeper hits in an empty husk.
        std::vector<Clock> hits;
        if (options.keep_sleeper_hits && item.list != &record)
          hits = std::move(list.front().sleeping_hits);
        const int cleared_address = list.front().address;
        list.clear();
        if (!hits.empty()) {
          LiveSegment husk;
          husk.address = cleared_address;
          husk.sleeping_hits = std::move(hits);
          list.push_back(std::move(husk));
        }
        break;
      }
      const bool is_base = list.front().address == base_address;
      Verdict verdict = Verdict::carry_on;
      for (std::size_t index = 0; index < list.size(); ++index) {
        LiveSegment& seg = list[index];
        std::vector<Clock>& front_reads = list.front().same_var_reads;
        if (!seg.entries.empty()) {
          verdict = feed_segment(seg, thread, op, clock, front_reads);
          if (verdict == Verdict::reject && same_object && lt(seg.schedules_clock, clock)) {
            if (!is_base)
              list.front().sleeping_hits.push_back(clock);
            else if (item.chain_stack == -1)
              return Verdict::reject;
            if (item.chain_stack != -1) {
              // Climb the chain of records of the same variable that led here.
              auto& stack = chain_stacks[static_cast<std::size_t>(item.chain_stack)];
              while (!stack.empty()) {
                const std::vector<Clock> root_reads = stack.front().first->front().same_var_reads;
                const auto [up_list, up_index] = stack.back();
                stack.pop_back();
                if (!lt((*up_list)[up_index].schedules_clock, clock)) break;
                if (!is_base)
                  up_list->front().sleeping_hits.push_back(clock);
                else if (stack.empty() && !any_before(root_reads, clock))
                  return Verdict::reject;
              }
            }
          }
        }
        if (reads && index == 0) seg.same_var_reads.push_back(clock);
        if (verdict != Verdict::carry_on) break;
        if (!seg.chain.empty()) {
          int chain_stack = -1;
          if (reads && seg.address == seg.chain.front().address) {
            chain_stack = item.chain_stack;
            if (chain_stack == -1) {
              chain_stack = static_cast<int>(chain_stacks.size());
              chain_stacks.emplace_back();
            }
            chain_stacks[static_cast<std::size_t>(chain_stack)].emplace_back(&list, index);
          }
          work.push_back({&seg.chain, chain_stack});
        }
        if (reads && !seg.chain.empty()) {
          // A read after a chained record hit a sleeper rejects, unless it comes after
          // another read of the variable.
          for (const Clock& hit : seg.chain.front().sleeping_hits) {
            if (!(lt(hit, clock) && lt(seg.schedules_clock, clock))) continue;
            if (any_before(front_reads, clock)) {
              verdict = Verdict::clear;
              break;
            }
            if (is_base) return Verdict::reject;
            list.front().sleeping_hits.push_back(clock);
            verdict = Verdict::reject;
          }
        }
      }
    }
    if (!record.empty()) all_clear = false;
  }
  return all_clear ? Verdict::clear : Verdict::carry_on;
}

bool rejects(const LiveRecords& in_force, const std::vector<CheckedEvent>& v,
             const RecordOptions& options) {
  LiveRecords copy = in_force;
  Verdict verdict = Verdict::carry_on;
  for (const CheckedEvent& e : v) {
    verdict = feed(copy, e.thread, e.op, e.clock, options);
    if (verdict != Verdict::carry_on) break;
  }
  return verdict == Verdict::reject;
}

}  // namespace pop_ref
