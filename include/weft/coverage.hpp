#pragma once
// Coverage assertions: properties that must hold in SOME execution, not in every one.
// `sometimes(cond, label)` says cond is true at least once; `reachable(label)` says the line
// runs at least once. An exploration whose executions never satisfied a label it saw fails
// with FailureKind::never_reached (docs/detectors.md, "Coverage assertions").
#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

namespace weft {

/// Records one evaluation of the coverage label `label`, satisfied when `cond` is true.
/// Contract: the label is expected to be satisfied by at least one execution of an
/// exploration that evaluates it; calls with the same label, from any place, count together.
/// Never a scheduling point and never blocks: inside explore() it is recorded for the
/// running exploration and changes neither the interleavings explored nor the schedule
/// strings; during replay() it records nothing; on real threads (outside any simulation) it
/// is recorded in the process-wide table that coverage_labels() returns. Thread-safe.
void sometimes(bool cond, std::string_view label, std::source_location where = std::source_location::current());

/// Records that the point labelled `label` was reached: sometimes(true, label) with kind
/// `reachable`. Same contract and backends as sometimes(). Prefer WEFT_REACHABLE, which also
/// declares the label before main, so that an exploration that runs the enclosing function
/// but never this line reports it.
void reachable(std::string_view label, std::source_location where = std::source_location::current());

/// Which call named a coverage label.
enum class CoverageKind : std::uint8_t {
  sometimes,  // weft::sometimes: satisfied by an evaluation whose condition was true
  reachable,  // weft::reachable / WEFT_REACHABLE: satisfied by being reached
};
/// "sometimes" or "reachable", as reports print it.
constexpr std::string_view to_string(CoverageKind k) noexcept {
  return k == CoverageKind::sometimes ? "sometimes" : "reachable";
}

/// One coverage label and what is known of it (coverage_labels(), and reports).
struct CoverageLabel {
  std::string label;
  CoverageKind kind = CoverageKind::sometimes;  // of the first evaluation (or the declaration)
  std::string file;                             // where it was first evaluated (or declared)
  std::uint32_t line = 0;
  std::string function;  // the function around that place, as std::source_location names it
                         // but without return type, parameter types or template arguments:
                         // "Worker::drain()", "main()::<lambda>"
  std::uint64_t times_seen = 0;       // evaluations
  std::uint64_t times_satisfied = 0;  // evaluations with a true condition (reachable: all)
  bool declared = false;              // declared before main by WEFT_REACHABLE
};

/// The coverage labels recorded for the process: every label evaluated on real threads
/// (outside any simulation) since the program started, merged with every label declared by
/// WEFT_REACHABLE (a declared label nobody reached has times_seen == 0), sorted by label, one
/// entry per label. Evaluations inside explore() are not included: they belong to that
/// exploration, which reports its unsatisfied labels itself. Thread-safe; a snapshot.
std::vector<CoverageLabel> coverage_labels();

namespace detail {

/// Adds `label` to the process-wide registry of declared labels (kind reachable), declared
/// at `where` (its file, line and function); the first declaration's place is kept, and the
/// functions of all of them. Returns true. Used by WEFT_REACHABLE during static
/// initialisation; safe to call at any time, from any thread.
bool declare_reachable(std::string_view label, const std::source_location& where);

/// Makes its argument odr-used, so the static member it names is instantiated and
/// initialised (before main, with the other static initialisers of its translation unit).
inline void odr_use(const bool&) noexcept {}

/// One instantiation per WEFT_REACHABLE: `Tag` is a local class whose static members give
/// the label and its place; initialising `registered` declares the label.
template <class Tag>
struct DeclaredLabel {
  static inline const bool registered = declare_reachable(Tag::label(), Tag::where());
};

}  // namespace detail
}  // namespace weft

/// WEFT_REACHABLE("label"): weft::reachable("label") at this line, and, before main, a
/// declaration of the label with this file, line and enclosing function. coverage_labels()
/// then lists it even if the line never runs, and an exploration that ran the enclosing
/// function (evaluated a coverage label in it, or did a weft operation in it in its last
/// execution) without reaching the line reports it (docs/detectors.md). `label_literal` must
/// be a string literal (a constant expression). A statement, for any non-constexpr function,
/// templates included (declared once per instantiation, so only for instantiated ones).
#define WEFT_REACHABLE(label_literal)                                                                        \
  do {                                                                                                       \
    static constexpr ::std::source_location weft_reachable_where_ = ::std::source_location::current();       \
    struct WeftReachableTag {                                                                                \
      static constexpr ::std::string_view label() noexcept { return label_literal; }                         \
      static constexpr const ::std::source_location& where() noexcept { return weft_reachable_where_; }      \
    };                                                                                                       \
    ::weft::detail::odr_use(::weft::detail::DeclaredLabel<WeftReachableTag>::registered);                    \
    ::weft::reachable(WeftReachableTag::label(), weft_reachable_where_);                                     \
  } while (false)
