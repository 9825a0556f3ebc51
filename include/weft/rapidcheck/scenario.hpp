#pragma once
// The scenarios of the linearizability harness (weft/rapidcheck/linearizability.hpp;
// docs/linearizability.md, "The harness"): what a scenario is, how big the generated ones are,
// how a failing one is shrunk, and how the report draws it. Includes rapidcheck.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include <weft/lin/history.hpp>

namespace weft::lin {

/// One call of a scenario: the operation's index in the harness, its name, and its argument
/// (none for an operation without one).
struct Call {
  std::size_t op = 0;
  std::string name;
  Value arg;
  /// "put(3)", "get()".
  std::string to_string() const { return name + "(" + (arg.is_none() ? "" : arg.to_string()) + ")"; }
};

/// What the harness generates: calls on the main thread before the threads start (init), one
/// list of calls per thread (threads; a thread without calls is not started), and calls on the
/// main thread after every thread has finished (post).
struct Scenario {
  std::vector<Call> init;
  std::vector<std::vector<Call>> threads;
  std::vector<Call> post;

  /// The number of calls in all three parts.
  std::size_t size() const {
    std::size_t n = init.size() + post.size();
    for (const auto& t : threads) n += t.size();
    return n;
  }
  /// The number of calls in the parallel part.
  std::size_t parallel_size() const { return size() - init.size() - post.size(); }
};

/// rapidcheck prints a scenario with this: "init [put(1)] | [put(2)] [get(), put(3)] | post []".
inline void showValue(const Scenario& s, std::ostream& os) {
  const auto list = [&](const std::vector<Call>& calls) {
    os << "[";
    for (std::size_t i = 0; i < calls.size(); ++i) os << (i ? ", " : "") << calls[i].to_string();
    os << "]";
  };
  os << "init ";
  list(s.init);
  os << " |";
  for (const auto& t : s.threads) {
    os << " ";
    list(t);
  }
  os << " | post ";
  list(s.post);
}

namespace detail {

/// Smaller variants of a scenario, in the order shrinking tries them (after Lincheck's
/// minimisation, which removes calls and moves them out of the parallel part):
///   1. each call removed;
///   2. a thread's calls merged into another thread (appended, then prepended), a thread's first
///      call moved to the end of init, its last call to the front of post;
///   3. a call's argument replaced by the smallest one a call of the same operation has (so
///      it stays a value the operation's generator makes).
/// Each variant has fewer calls, or as many and fewer parallel calls, or as many of both and
/// fewer threads with calls, or all those and smaller arguments: shrinking always ends.
inline std::vector<Scenario> scenario_variants(const Scenario& s) {
  std::vector<Scenario> out;
  const auto without = [](std::vector<Call>& calls, std::size_t i) {
    Call c = calls[i];
    calls.erase(calls.begin() + static_cast<std::ptrdiff_t>(i));
    return c;
  };
  // Every list of calls of a scenario, init first, post last.
  const auto lists = [](auto& x) {
    std::vector<decltype(&x.init)> all{&x.init};
    for (auto& t : x.threads) all.push_back(&t);
    all.push_back(&x.post);
    return all;
  };
  const std::size_t list_count = s.threads.size() + 2;
  for (std::size_t l = 0; l < list_count; ++l)
    for (std::size_t i = 0; i < lists(s)[l]->size(); ++i) {
      out.push_back(s);
      without(*lists(out.back())[l], i);
    }
  for (std::size_t from = 0; from < s.threads.size(); ++from) {
    if (s.threads[from].empty()) continue;
    for (std::size_t to = 0; to < s.threads.size(); ++to) {
      if (to == from || s.threads[to].empty()) continue;
      for (const bool at_end : {true, false}) {
        Scenario v = s;
        auto& dst = v.threads[to];
        dst.insert(at_end ? dst.end() : dst.begin(), v.threads[from].begin(), v.threads[from].end());
        v.threads[from].clear();
        out.push_back(std::move(v));
      }
    }
  }
  for (std::size_t t = 0; t < s.threads.size(); ++t) {
    if (s.threads[t].empty()) continue;
    out.push_back(s);
    out.back().init.push_back(without(out.back().threads[t], 0));
    out.push_back(s);
    Scenario& v = out.back();
    v.post.insert(v.post.begin(), without(v.threads[t], v.threads[t].size() - 1));
  }
  std::vector<std::optional<Value>> smallest;  // by operation: the smallest argument it has
  for (const auto* list : lists(s))
    for (const Call& c : *list) {
      if (c.op >= smallest.size()) smallest.resize(c.op + 1);
      if (!c.arg.is_none() && (!smallest[c.op] || c.arg < *smallest[c.op])) smallest[c.op] = c.arg;
    }
  for (std::size_t l = 0; l < list_count; ++l)
    for (std::size_t i = 0; i < lists(s)[l]->size(); ++i) {
      const Call& c = (*lists(s)[l])[i];
      if (c.arg.is_none() || !(*smallest[c.op] < c.arg)) continue;
      out.push_back(s);
      (*lists(out.back())[l])[i].arg = *smallest[c.op];
    }
  return out;
}

/// A shrinkable scenario whose shrinks are its variants, recursively. rapidcheck's own
/// shrinking of the generated lists is not used: it shrinks arguments before it has removed
/// every call it could, and equal arguments can hide the failure a smaller scenario shows.
inline ::rc::Shrinkable<Scenario> shrink_by_variants(Scenario s) {
  return ::rc::shrinkable::shrinkRecur(std::move(s), [](const Scenario& x) {
    return ::rc::seq::fromContainer(scenario_variants(x));
  });
}

}  // namespace detail

/// How big the generated scenarios are, and when a scenario is small enough for dpor.
struct ScenarioShape {
  int max_init = 2;            // calls before the threads
  int threads = 3;             // threads of the parallel part (those without calls are not started)
  int max_calls_per_thread = 3;
  int max_post = 2;            // calls after the threads
  /// A scenario with at most this many calls in its parallel part is explored with dpor (every
  /// interleaving, up to dpor_max_executions executions); a bigger one with the options'
  /// strategy (by default surw).
  std::size_t dpor_max_parallel_calls = 5;
  /// The execution budget of those dpor searches (Options::max_executions is the sampling
  /// strategy's): a complete search of a small scenario takes more executions than sampling a
  /// big one needs.
  std::uint64_t dpor_max_executions = 10000;
};

namespace detail {

/// The minimal scenario as a table: the init calls, one column per thread, the post calls,
/// each call with the result the history recorded.
inline std::string scenario_table(const Scenario& s, const History& h) {
  std::vector<std::string> results(h.size());
  for (const OperationRecord& r : h.operations())
    results[r.id] = r.op.to_string() + (r.pending ? " (pending)" : " -> " + r.result.to_string());
  std::size_t next = 0;  // operations were invoked init first, then threads, then post
  const auto take = [&] { return next < results.size() ? results[next++] : std::string("?"); };
  std::ostringstream out;
  out << "init: ";
  for (std::size_t i = 0; i < s.init.size(); ++i) out << (i ? ", " : "") << take();
  if (s.init.empty()) out << "(none)";
  out << "\n";
  // The parallel part's operation ids interleave by invocation order: match them by thread.
  std::vector<std::vector<std::string>> columns;
  std::vector<std::string> headers;
  for (std::size_t t = 0; t < s.threads.size(); ++t) {
    if (s.threads[t].empty()) continue;
    headers.push_back("thread-" + std::to_string(t + 1));
    std::vector<std::string> cells;
    for (const OperationRecord& r : h.operations())
      if (r.thread == t + 1) cells.push_back(results[r.id]);
    columns.push_back(std::move(cells));
  }
  std::vector<std::size_t> width(columns.size());
  std::size_t rows = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    width[c] = headers[c].size();
    for (const auto& cell : columns[c]) width[c] = std::max(width[c], cell.size());
    rows = std::max(rows, columns[c].size());
  }
  const auto row = [&](const auto& cell_of) {
    out << "     ";
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string cell = cell_of(c);
      out << " | " << cell << std::string(width[c] - cell.size(), ' ');
    }
    out << "\n";
  };
  row([&](std::size_t c) { return headers[c]; });
  for (std::size_t i = 0; i < rows; ++i)
    row([&](std::size_t c) { return i < columns[c].size() ? columns[c][i] : std::string(); });
  next = h.size() - s.post.size();
  out << "post: ";
  for (std::size_t i = 0; i < s.post.size(); ++i) out << (i ? ", " : "") << take();
  if (s.post.empty()) out << "(none)";
  out << "\n";
  return out.str();
}

}  // namespace detail

}  // namespace weft::lin
