#pragma once
// Coverage labels of one exploration (weft::sometimes, weft::reachable, WEFT_REACHABLE; the
// public side is include/weft/coverage.hpp, the rules docs/detectors.md). The exploration
// loop installs a CoverageRecorder for its OS thread; the public calls made by that
// exploration's simulated threads record into it, and after the last execution the loop asks
// it which labels no execution satisfied. Recording is not an operation of the execution: it
// has no event and no scheduling point, so it cannot change what is explored.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <weft/coverage.hpp>
#include <weft/result.hpp>
#include <weft/trace.hpp>

#include "sim/execution.hpp"

namespace weft::detect {

/// The coverage labels evaluated during one exploration, and the functions it ran. Keyed by
/// text (std::map, std::set: iteration order, and so every message, is deterministic). Not
/// thread-safe: used by the exploring OS thread only (its simulated threads are fibers on it).
class CoverageRecorder {
 public:
  /// Records one evaluation of `label` at `file`:`line`, in `function` (as
  /// std::source_location::function_name() gives it); `satisfied` is the condition (always
  /// true for reachable). A label keeps the kind and place of its first evaluation.
  void record(CoverageKind kind, bool satisfied, std::string_view label, std::string_view file, std::uint32_t line,
              std::string_view function);

  /// Notes the functions in which `events` (one execution's) did weft operations, so that
  /// labels declared in those functions are expected. The exploration loop passes its last
  /// execution's events (one scan per exploration, not per execution).
  void note_ran(std::span<const TraceEvent> events);

  /// The labels this exploration expects, sorted by label: every label it evaluated, plus
  /// every label declared by WEFT_REACHABLE in a function it ran (where it evaluated a label,
  /// or a function of note_ran's events), with times_seen == 0 when never evaluated. Declared
  /// labels of other functions are not expected: they belong to code this exploration did
  /// not run (another test's body, say). A function is its source file and function_key().
  std::vector<CoverageLabel> expected() const;

  /// A never_reached failure when some expected label was never satisfied, else nullopt.
  /// `executions` is how many executions ran; `complete` whether they covered the whole
  /// space of an exhaustive search (then no interleaving satisfies the labels). The message
  /// names the first five such labels, by label, with kind and place; the details give one
  /// line per label and what the verdict means for this kind of search.
  std::optional<sim::FailureInfo> unsatisfied(std::uint64_t executions, bool complete) const;

  /// The labels evaluated so far (declared ones only if evaluated), sorted by label.
  std::vector<CoverageLabel> recorded() const;

  /// Nothing recorded yet.
  bool empty() const noexcept { return labels_.empty(); }

  /// Adds what another recorder of the same exploration recorded (a parallel worker's):
  /// counts add up, functions join. A label both recorded keeps this recorder's kind and
  /// place unless only `other` had it; the exploration merges workers in worker order, so a
  /// label evaluated at two places may name another of them than with one job.
  void merge(const CoverageRecorder& other);

 private:
  struct Entry {
    CoverageKind kind = CoverageKind::sometimes;
    std::string file;
    std::uint32_t line = 0;
    std::string function;
    std::uint64_t seen = 0;
    std::uint64_t satisfied = 0;
  };
  void note_function(std::string_view file, std::string_view function);

  std::map<std::string, Entry, std::less<>> labels_;
  // file -> functions in it that ran, as given (function_key() when compared). The file is
  // part of a function's identity: static functions of different files share names (Catch2's
  // test functions are all C_A_T_C_H_T_E_S_T_<n>).
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> functions_;
};

/// A function's identity for matching declarations with evaluations and events:
/// std::source_location::function_name() without return type, parameter types, template
/// arguments or g++'s "[with T = ...]" ("void W<T>::m(U) const" -> "W::m() const",
/// "tf<int>(int)::<lambda()>" -> "tf()::<lambda>"). Inside a template, g++ names a static
/// initialiser's function by the template and a call's by the instantiation; both give one key.
std::string function_key(std::string_view function_name);

/// Whether any WEFT_REACHABLE label is declared in the program (then the functions an
/// exploration's last execution ran decide which labels it expects).
bool any_label_declared();

/// The recorder installed for this OS thread, or nullptr (nothing records: real threads use
/// the process-wide table; replay installs none).
CoverageRecorder* current_recorder() noexcept;

/// Owns a CoverageRecorder and installs it as this OS thread's current one for its
/// lifetime; the previous one (if any) is current again after. Create it on the exploring OS
/// thread, outside any simulation.
class CoverageScope {
 public:
  CoverageScope() noexcept;
  ~CoverageScope();
  CoverageScope(const CoverageScope&) = delete;
  CoverageScope& operator=(const CoverageScope&) = delete;

  CoverageRecorder& recorder() noexcept { return recorder_; }
  const CoverageRecorder& recorder() const noexcept { return recorder_; }

 private:
  CoverageRecorder recorder_;
  CoverageRecorder* previous_;
};

/// The exploration loop's coverage verdict, for an exploration that ended without a failure:
/// notes the functions of `last_events` (its last execution's events; note_ran), then turns
/// unsatisfied(stats.executions, stats.complete) into a Failure (coverage_failure, with
/// stats.seed). nullopt when every expected label was satisfied.
std::optional<Failure> coverage_verdict(CoverageRecorder& recorder, std::span<const TraceEvent> last_events,
                                        const Stats& stats);

/// The public Failure for a coverage report from unsatisfied(): kind, message and details
/// from `info`, no thread, no trace and no schedule (no single execution failed, so there is
/// nothing to replay), `execution` = `executions` (how many ran), `seed` as given.
Failure coverage_failure(const sim::FailureInfo& info, std::uint64_t executions, std::uint64_t seed);

}  // namespace weft::detect
