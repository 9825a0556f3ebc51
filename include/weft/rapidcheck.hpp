#pragma once
// Property-based testing of concurrent code with rapidcheck (docs/property_testing.md).
//
// A weft property is a rapidcheck property whose body runs under weft::explore for every
// generated input: the input fails when any explored schedule fails. rapidcheck then shrinks
// the input; on each smaller input weft first retries the schedule that failed last (followed
// as far as it still applies: Options::first_schedule), then explores with a small budget, so
// the input and the schedule shrink together. At the end the failing schedule of the minimal
// input is shrunk too (Options::shrink), and the report shows the minimal input, the failure
// with its interleaving, and one environment variable, WEFT_RC_REPRODUCE, that reproduces both.
//
// Only this header (and weft/rapidcheck/catch.hpp) includes rapidcheck: link rapidcheck
// yourself (CMake: find_package(rapidcheck) and target_link_libraries(... rapidcheck)).
//
//   TEST_CASE("transfers keep the total") {
//     weft::rc::prop("concurrent transfers", weft::Options{}, [](const std::vector<int>& amounts) {
//       Bank bank;
//       weft::Thread a([&] { for (int x : amounts) bank.transfer(0, 1, x); });
//       weft::Thread b([&] { bank.transfer(1, 0, 1); });
//       a.start(); b.start(); a.join(); b.join();
//       weft::check(bank.total() == Bank::kInitialTotal, "money appeared or vanished");
//     });
//   }
//
// The body runs many times per input (once per explored execution): generate everything as
// the lambda's parameters, never with *rc::gen inside it, and build the object under test
// inside the body. Check with weft::check (RC_ASSERT works too: an exception escaping the body
// is a failure, but it is not schedule-shrunk).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include <rapidcheck.h>

#include <weft/errors.hpp>
#include <weft/explore.hpp>

namespace weft::rc {

/// The environment variable that reproduces a failing property: its value is printed in the
/// report ("reproduce=<rapidcheck's reproduce string> weft1:<schedule>"). While it is set, a
/// property whose name it names runs only its minimal input, and replays the schedule on it.
inline constexpr const char* kReproduceVariable = "WEFT_RC_REPRODUCE";

/// What a weft property found. Args are the body's parameter types, decayed.
template <class... Args>
struct PropertyResult {
  bool ok = true;                  // every generated input passed every explored schedule
  std::string message;             // not ok: the whole report (what check() prints)
  int inputs = 0;                  // inputs tested, the failing one included
  int input_shrinks = 0;           // rapidcheck's accepted shrinking steps on the failing input
  /// Of the inputs tested (not counting rapidcheck's shrinking candidates): those explored by
  /// an exhaustive strategy (dfs, dpor), and those whose search covered every schedule.
  int exhaustive_inputs = 0;
  int complete_inputs = 0;
  /// Not ok because a schedule failed: the minimal input, its failure (schedule shrunk when
  /// Options::shrink) and the value of WEFT_RC_REPRODUCE that reproduces both.
  std::optional<std::tuple<Args...>> input;
  std::optional<Failure> failure;
  std::string reproduce;
};

namespace detail {

/// Listens to nothing: the report is weft's, and rapidcheck's own "reproduce with RC_PARAMS"
/// note at exit would reproduce the input without its schedule.
class SilentListener final : public ::rc::detail::TestListener {
 public:
  void onTestCaseFinished(const ::rc::detail::CaseDescription&) override {}
  void onShrinkTried(const ::rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const ::rc::detail::TestMetadata&, const ::rc::detail::TestResult&) override {}
};

/// WEFT_RC_REPRODUCE split into rapidcheck's configuration and the schedule; nullopt when the
/// variable is unset or names another property. Throws UsageError when it does not parse.
struct Reproduction {
  std::unordered_map<std::string, ::rc::detail::Reproduce> inputs;
  std::string schedule;
};
inline std::optional<Reproduction> reproduction_for(const std::string& name) {
  const char* text = std::getenv(kReproduceVariable);
  if (text == nullptr || *text == '\0') return std::nullopt;
  const std::string value(text);
  const std::size_t space = value.rfind(' ');
  if (space == std::string::npos || value.compare(space + 1, 6, "weft1:") != 0)
    throw UsageError(std::string(kReproduceVariable) +
                     " must be \"reproduce=<rapidcheck string> weft1:<schedule>\", as a failing property "
                     "printed it; got \"" + value + "\"");
  ::rc::detail::Configuration config;
  try {
    config = ::rc::detail::configFromString(value.substr(0, space));
  } catch (const std::exception& e) {
    throw UsageError(std::string(kReproduceVariable) + ": rapidcheck cannot read \"" + value.substr(0, space) +
                     "\": " + e.what());
  }
  if (config.reproduce.count(name) == 0) return std::nullopt;
  return Reproduction{std::move(config.reproduce), value.substr(space + 1)};
}

/// The rapidcheck half of WEFT_RC_REPRODUCE for property `name`.
inline std::string reproduce_string(const std::string& name, const ::rc::detail::Reproduce& r) {
  ::rc::detail::Configuration config;
  config.reproduce[name] = r;
  return ::rc::detail::configToMinimalString(config);
}

/// Failure::report() without its "replay it: WEFT_REPLAY=..." line, which would replay the
/// schedule on whatever input rapidcheck generates first: WEFT_RC_REPRODUCE brings back both.
inline std::string report_for_property(const Failure& failure) {
  std::string text = failure.report();
  if (const std::size_t at = text.find("replay it: "); at != std::string::npos) {
    const std::size_t end = text.find('\n', at);
    text.erase(at, end == std::string::npos ? std::string::npos : end - at + 1);
  }
  return text;
}

/// rapidcheck's parameters for property `name`: RC_PARAMS's, except that the seed, unless
/// RC_PARAMS sets one, comes from weft's (Options::seed, WEFT_SEED, default kDefaultSeed) and
/// the property's name, so a property generates the same inputs in every run, as explore()
/// runs the same schedules.
inline ::rc::detail::TestParams test_params(const std::string& name, const Options& options) {
  ::rc::detail::TestParams params = ::rc::detail::configuration().testParams;
  const char* rc_params = std::getenv("RC_PARAMS");
  if (rc_params != nullptr && std::string(rc_params).find("seed=") != std::string::npos) return params;
  std::uint64_t seed = (options.use_environment ? apply_environment(options) : options).seed.value_or(kDefaultSeed);
  for (const char c : name) seed = (seed ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;  // FNV-1a step
  params.seed = seed;
  return params;
}

/// Per-property state shared by every call of the generated rapidcheck property.
template <class... Args>
struct PropertyState {
  Options options;
  int exhaustive_inputs = 0, complete_inputs = 0;
  std::optional<std::string> replay;        // reproducing: the schedule to replay
  std::optional<std::string> last_failing;  // the schedule that failed on the last failing input
  std::optional<std::tuple<Args...>> last_input;
  std::optional<Failure> last_failure;
  std::optional<UsageError> usage_error;    // bad options: rethrown once rapidcheck returns

  /// The options for one input: while shrinking (a failure was seen), the last failing
  /// schedule first, then a sampling strategy gets a tenth of the budget (dfs and dpor keep
  /// theirs: a smaller input has a smaller space, which they cover); no schedule shrinking until
  /// the end.
  Options for_input(Options o) const {
    o.shrink = false;
    if (last_failing) {
      o.first_schedule = *last_failing;
      const bool exhaustive = o.strategy == Strategy::dfs || o.strategy == Strategy::dpor;
      o.max_executions = (exhaustive ? o.max_executions : std::max<std::uint64_t>(1, o.max_executions / 10)) + 1;
    }
    return o;
  }
};

template <class F, class Choose, class... Params>
auto make_property(PropertyState<std::decay_t<Params>...>& state, const F& body, const Choose& choose,
                   ::rc::detail::TypeList<Params...>) {
  return [&state, &body, &choose](Params... params) {
    if (state.usage_error) RC_DISCARD("weft options are invalid");
    const auto run = [&] { body(params...); };
    Result result;
    try {
      result = state.replay ? weft::replay(*state.replay, run, state.options)
                            : weft::explore(state.for_input(choose(state.options, params...)), run);
    } catch (const UsageError& e) {
      state.usage_error = e;
      RC_DISCARD("weft options are invalid");
    }
    if (!state.last_failing) {  // a tested input, not a shrinking candidate
      if (result.stats().exhaustive) ++state.exhaustive_inputs;
      if (result.stats().complete) ++state.complete_inputs;
    }
    if (result.ok()) return;
    state.last_failing = result.failure().schedule;
    state.last_input.emplace(params...);
    state.last_failure = result.failure();
    RC_FAIL(std::string(to_string(result.failure().kind)) + ": " + result.failure().message);
  };
}

}  // namespace detail

namespace detail {

/// The failure to report for the minimal input: `found`, shrunk when options.shrink asks. The
/// shrinking search's first execution follows the schedule that failed on the input, so the
/// failure is the same one.
template <class F, class Choose, class Input>
Failure shrink_failure(const Failure& found, const Options& options, const F& body, const Choose& choose,
                       const Input& input) {
  if (!options.shrink) return found;
  Options final_options = std::apply([&](const auto&... xs) { return choose(options, xs...); }, input);
  final_options.first_schedule = found.schedule;
  final_options.max_executions = 1;
  const weft::Result again =
      weft::explore(final_options, [&] { std::apply([&](const auto&... xs) { body(xs...); }, input); });
  return again.ok() ? found : again.failure();
}

/// Fills `result` from rapidcheck's verdict that the property failed: the minimal input, its
/// failure, the reproduce line and the message. `reproduced`: the run replayed a reproduce line
/// (no shrinking then).
template <class Found, class State, class F, class Choose>
void fill_failed(Found& result, const State& state, const ::rc::detail::FailureResult& failed, const std::string& name,
                 const Options& options, const F& body, const Choose& choose, bool reproduced) {
  result.inputs = failed.numSuccess + 1;
  result.input_shrinks = static_cast<int>(failed.reproduce.shrinkPath.size());
  result.input = state.last_input;
  const Failure failure =
      reproduced ? *state.last_failure : shrink_failure(*state.last_failure, options, body, choose, *result.input);
  result.failure = failure;
  result.reproduce = detail::reproduce_string(name, failed.reproduce) + " " + failure.schedule;
  std::ostringstream report;
  report << "weft::rc: property \"" << name << "\" failed on input " << result.inputs;
  if (reproduced) report << " (reproduced from " << kReproduceVariable << ")";
  else report << ", shrunk " << result.input_shrinks << (result.input_shrinks == 1 ? " time" : " times");
  report << "\nminimal input:\n";
  for (const auto& [type, value] : failed.counterExample) report << "  " << type << ": " << value << "\n";
  report << report_for_property(failure) << "\nreproduce the input and the schedule:\n  " << kReproduceVariable << "='"
         << result.reproduce << "' <this test>\n";
  result.message = report.str();
}

/// The property runner behind run() and run_generated(): `params` lists the body's parameters;
/// `testable(property)` turns the property taking them into what rapidcheck checks (itself, or
/// a lambda drawing the input from a generator); `choose(options, input...)` gives each input's
/// options.
template <class F, class Choose, class Testable, class... P>
auto run_property(const std::string& name, const Options& given, const F& body, const Choose& choose,
                  const Testable& testable, ::rc::detail::TypeList<P...> params) {
  Options options = given;  // Options::html_report's page is named after the property
  if (options.name.empty()) options.name = name;
  using Found = PropertyResult<std::decay_t<P>...>;
  detail::PropertyState<std::decay_t<P>...> state;
  state.options = options;
  const std::optional<detail::Reproduction> reproduction = detail::reproduction_for(name);
  if (reproduction) state.replay = reproduction->schedule;
  ::rc::detail::TestMetadata metadata;
  metadata.id = name;
  metadata.description = name;
  detail::SilentListener listener;
  const ::rc::detail::TestResult outcome = ::rc::detail::checkProperty(
      ::rc::detail::toProperty(testable(detail::make_property(state, body, choose, params))), metadata,
      detail::test_params(name, options), listener,
      reproduction ? reproduction->inputs : ::rc::detail::configuration().reproduce);
  if (state.usage_error) throw *state.usage_error;

  Found result;
  result.exhaustive_inputs = state.exhaustive_inputs;
  result.complete_inputs = state.complete_inputs;
  if (outcome.template is<::rc::detail::SuccessResult>()) {
    result.inputs = outcome.template get<::rc::detail::SuccessResult>().numSuccess;
    return result;
  }
  result.ok = false;
  if (!outcome.template is<::rc::detail::FailureResult>() || !state.last_failure) {
    std::ostringstream report;
    report << "weft::rc: property \"" << name << "\" did not run to a verdict:\n";
    ::rc::detail::printResultMessage(outcome, report);
    result.message = report.str();
    return result;
  }
  fill_failed(result, state, outcome.template get<::rc::detail::FailureResult>(), name, options, body, choose,
              reproduction.has_value());
  return result;
}

}  // namespace detail

/// run() with the options of each input chosen by `choose(options, input...)`.
template <class F, class Choose>
auto run_choosing(const std::string& name, const Options& options, const F& body, const Choose& choose) {
  return detail::run_property(
      name, options, body, choose, [](auto property) { return property; }, ::rc::detail::ArgTypes<F>{});
}

/// run() with the input drawn from `inputs` instead of rapidcheck's Arbitrary for the body's
/// parameter type: `body(const T&)`, `choose(options, input)` gives each input's options.
template <class T, class F, class Choose>
auto run_generated(const std::string& name, const Options& options, const ::rc::Gen<T>& inputs, const F& body,
                   const Choose& choose) {
  return detail::run_property(
      name, options, body, choose, [&inputs](auto property) { return [property, &inputs] { property(*inputs); }; },
      ::rc::detail::TypeList<const T&>{});
}

/// Runs the property `name`: rapidcheck generates inputs for `body`'s parameters (as rc::check
/// does, configured by RC_PARAMS), and each input runs under weft::explore(options, ...).
/// Returns what it found; prints nothing. The body must be callable with the generated values
/// and deterministic apart from weft's primitives. Throws UsageError for bad options or a
/// malformed WEFT_RC_REPRODUCE.
template <class F>
auto run(const std::string& name, const Options& options, const F& body) {
  return run_choosing(name, options, body, [](const Options& o, const auto&...) { return o; });
}

/// run(), printing the report to stderr as rc::check does; true when the property held.
template <class F>
bool check(const std::string& name, const Options& options, const F& body) {
  const auto result = run(name, options, body);
  std::cerr << "- " << name << "\n" << (result.ok ? "OK, passed " + std::to_string(result.inputs) + " tests\n" : result.message);
  return result.ok;
}

}  // namespace weft::rc
