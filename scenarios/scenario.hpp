#pragma once
// The scenario registry behind the `weft` CLI: named example programs with a lesson each.
// Users can add their own by linking files that define a static weft::scenarios::Registrar
// against the weft_cli_main library (like Catch2's main).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <weft/options.hpp>
#include <weft/result.hpp>

namespace weft::scenarios {

/// What exploring a scenario is expected to show.
enum class Expect { passes, fails };

struct Scenario {
  std::string name;      // [a-z0-9_]+, unique
  std::string summary;   // one line, shown by `weft list`
  std::string lesson;    // one paragraph, shown by `weft run NAME --explain`
  Expect expect = Expect::passes;
  bool real_threads_ok = true;  // false: meaningless or unsafe on real threads (a deadlock
                                // lesson would hang; a virtual-time check would not hold)
  std::function<void()> body;
  /// With Expect::fails: the kind of failure a plain `weft run NAME` reports (the scenario's
  /// strategy, default seed and budget, both detectors on), such as FailureKind::data_race for
  /// a lost update: a race is reported in the first execution that makes both accesses, before
  /// the interleaving that breaks the check is found. The summary ends with the same words
  /// ("-> data race"), which is what `weft list` shows and tests/cli/cli_test.sh checks.
  std::optional<FailureKind> failure{};
  /// The strategy of a plain `weft run NAME` (--strategy and WEFT_STRATEGY override it); unset:
  /// the default (surw), as for every scenario but those whose lesson is what one strategy does
  /// (lock_order_deadlock: random, whose first execution deadlocks).
  std::optional<Strategy> strategy{};
};

/// Adds a scenario at static-initialisation time. Aborts with a message on a duplicate name.
struct Registrar {
  explicit Registrar(Scenario s);
};

/// Every registered scenario, sorted by name.
const std::vector<Scenario>& all();
/// The scenario called `name`, or nullptr.
const Scenario* find(const std::string& name);

}  // namespace weft::scenarios
