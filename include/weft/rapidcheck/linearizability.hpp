#pragma once
// A Lincheck-style linearizability harness (docs/linearizability.md, "The harness"): list a
// concurrent object's operations — a name, a generator of arguments, the call on the object,
// the same call on a sequential model — and weft generates scenarios with rapidcheck, runs each
// under exploration, records the history of every execution, checks it with
// weft::linearizable, and shrinks the scenario and the schedule of a failure.
//
// The idea and the shape of a scenario (an init part, a parallel part, a post part) are
// Lincheck's (Koval, Sokolova, Fedorov, Alistarh, Nikolaev: "Testing concurrency on the JVM
// with Lincheck", PPoPP 2020); the checker is weft's own (weft/linearizable.hpp).
//
//   weft::lin::Harness<Counter, int> h;
//   h.operation("inc", [](Counter& c) { return c.increment(); }, [](int& m) { return ++m; });
//   h.operation("add", rc::gen::inRange(0, 10), [](Counter& c, int x) { c.add(x); },
//               [](int& m, int x) { m += x; });
//   const auto result = h.check("counter");   // result.ok, result.message, result.scenario
//
// Includes rapidcheck (through weft/rapidcheck.hpp); link rapidcheck and weft_lincheck.
#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <weft/linearizable.hpp>
#include <weft/rapidcheck.hpp>
#include <weft/rapidcheck/scenario.hpp>
#include <weft/runtime.hpp>
#include <weft/thread.hpp>

namespace weft::lin {

/// What Harness::check found.
struct HarnessResult {
  bool ok = true;              // every scenario's every explored history was linearizable
  std::string message;         // not ok: the report (minimal scenario, interleaving, reproduce line)
  int scenarios = 0;           // scenarios tested, the failing one included
  int dpor_scenarios = 0;      // of them, explored exhaustively (dpor when small: ScenarioShape)
  int complete_scenarios = 0;  // of them, explored completely (dpor within its budget)
  /// Not ok: the minimal scenario, its failing execution, the history it recorded with the
  /// checker's verdict, and the WEFT_RC_REPRODUCE value that brings them back.
  std::optional<Scenario> scenario;
  std::optional<Failure> failure;
  std::optional<History> history;
  std::optional<CheckResult> verdict;
  std::string reproduce;
};

namespace detail {

/// A call's result as a Value: nothing (void) is none, an empty std::optional is
/// Value::empty(), anything else converts.
template <class F, class... A>
Value call_to_value(const F& f, A&&... a) {
  using R = std::invoke_result_t<const F&, A...>;
  if constexpr (std::is_void_v<R>) {
    f(std::forward<A>(a)...);
    return {};
  } else if constexpr (requires(const R& r) { r.has_value(); *r; }) {
    const R r = f(std::forward<A>(a)...);
    return r.has_value() ? Value(*r) : Value::empty();
  } else {
    return Value(f(std::forward<A>(a)...));
  }
}

/// A generated argument back from its Value.
template <class Arg>
Arg from_value(const Value& v) {
  if constexpr (std::is_same_v<Arg, Value>) return v;
  else if constexpr (std::is_same_v<Arg, bool>) return v.as_bool();
  else if constexpr (std::is_integral_v<Arg>) return static_cast<Arg>(v.as_int());
  else return Arg(v.as_string());
}

/// The harness's per-operation model calls as a SequentialModel over the user's State (hashed
/// with std::hash when it has one; else every state hashes alike and the checker compares
/// states one by one: fine for scenarios of a few dozen calls).
template <class S>
struct CallModel {
  using State = S;
  const std::vector<std::string>* names;
  const std::vector<std::function<Value(S&, const Value&)>>* calls;
  S start;

  S initial() const { return start; }
  std::pair<S, Value> step(const S& s, const Operation& op) const {
    const auto at = std::find(names->begin(), names->end(), op.name);
    if (at == names->end()) throw std::invalid_argument("no operation named " + op.name);
    S next = s;
    Value result = (*calls)[static_cast<std::size_t>(at - names->begin())](next, op.args.empty() ? Value{} : op.args[0]);
    return {std::move(next), std::move(result)};
  }
  std::size_t hash(const S& s) const {
    if constexpr (requires { std::hash<S>{}(s); }) return std::hash<S>{}(s);
    else return 0;
  }
};

}  // namespace detail

/// A Lincheck-style harness for a concurrent Object whose sequential model has state State
/// (copyable, ==; std::hash<State> used when it exists). The Object is made afresh for every
/// execution (by default `Object{}`), the model state starts as `initial` every time.
template <class Object, class State>
class Harness {
 public:
  using Make = std::function<std::unique_ptr<Object>()>;

  explicit Harness(Make make = [] { return std::make_unique<Object>(); }, State initial = State{})
      : make_(std::move(make)), initial_(std::move(initial)) {}

  /// An operation without argument: `call(object)` runs it on the object under test and
  /// `model(state)` on the sequential model; each returns the result (void, a value a
  /// lin::Value holds, an std::optional of one — empty is Value::empty() — or a Value).
  template <class Call, class ModelCall>
  Harness& operation(std::string name, Call call, ModelCall model) {
    names_.push_back(name);
    const std::size_t index = calls_.size();
    calls_.push_back([call](Object& o, const Value&) { return detail::call_to_value(call, o); });
    model_calls_.push_back([model](State& s, const Value&) { return detail::call_to_value(model, s); });
    gens_.push_back(::rc::gen::just(lin::Call{index, std::move(name), Value{}}));
    return *this;
  }

  /// An operation with one generated argument (an integer, a bool or a std::string):
  /// `call(object, arg)` and `model(state, arg)`.
  template <class Arg, class Call, class ModelCall>
  Harness& operation(std::string name, ::rc::Gen<Arg> args, Call call, ModelCall model) {
    names_.push_back(name);
    const std::size_t index = calls_.size();
    calls_.push_back([call](Object& o, const Value& v) { return detail::call_to_value(call, o, detail::from_value<Arg>(v)); });
    model_calls_.push_back(
        [model](State& s, const Value& v) { return detail::call_to_value(model, s, detail::from_value<Arg>(v)); });
    gens_.push_back(::rc::gen::map(std::move(args), [index, name](const Arg& a) { return lin::Call{index, name, Value(a)}; }));
    return *this;
  }

  /// The size of the generated scenarios.
  Harness& shape(const ScenarioShape& s) {
    shape_ = s;
    return *this;
  }

  /// Generates scenarios (rapidcheck, configured by RC_PARAMS), explores each (dpor when small,
  /// see ScenarioShape; else `options`), and checks every execution's history; on a failure
  /// shrinks the scenario and the schedule. Throws UsageError when no operation was added or
  /// the options are invalid.
  HarnessResult check(const std::string& name, const Options& options = {}) const;

  /// Explores one scenario as check() does for each generated one (dpor when it is small, see
  /// ScenarioShape; else `options`): fails when some execution's history is not linearizable.
  /// For a regression test of a scenario check() once reported.
  weft::Result explore(const Scenario& scenario, const Options& options = {}) const;

  /// Runs `scenario` once in the current execution (call it inside weft::explore) and returns
  /// its history: what check() does for every execution.
  History run(const Scenario& scenario) const;

 private:
  ::rc::Gen<Scenario> scenarios() const;
  CheckResult check_history(const History& h) const;
  /// What check() runs in every execution: the scenario, then weft::check on its history.
  void run_and_check(const Scenario& scenario) const {
    const History h = run(scenario);
    // A fixed message, so schedule shrinking can compare failures; check() shows the verdict.
    weft::check(check_history(h).verdict != Verdict::not_linearizable, "the history is not linearizable");
  }
  /// The options for `scenario`: dpor with dpor_max_executions when it is small enough (options
  /// that already say dpor are kept as they are).
  Options options_for(Options o, const Scenario& scenario) const {
    if (o.strategy != Strategy::dpor && scenario.parallel_size() <= shape_.dpor_max_parallel_calls) {
      o.strategy = Strategy::dpor;
      o.max_executions = shape_.dpor_max_executions;
    }
    return o;
  }

  Make make_;
  State initial_;
  ScenarioShape shape_;
  std::vector<std::string> names_;
  std::vector<std::function<Value(Object&, const Value&)>> calls_;
  std::vector<std::function<Value(State&, const Value&)>> model_calls_;
  std::vector<::rc::Gen<lin::Call>> gens_;
};

// ---------------------------------------------------------------------------------------------
// Harness members.

template <class Object, class State>
::rc::Gen<Scenario> Harness<Object, State>::scenarios() const {
  const std::vector<::rc::Gen<lin::Call>> gens = gens_;
  // One call: an operation (shrinking towards the first listed), then its argument; at full
  // size, since rapidcheck's generators narrow their ranges at small sizes and the list sizes
  // below are small.
  const ::rc::Gen<lin::Call> call = ::rc::gen::resize(
      100, ::rc::gen::mapcat(::rc::gen::inRange<std::size_t>(0, gens.size()), [gens](std::size_t i) { return gens[i]; }));
  // Up to `most` calls; rapidcheck shrinks a list by dropping calls.
  const auto calls = [call](int most) {
    return ::rc::gen::map(::rc::gen::resize(most, ::rc::gen::container<std::vector<lin::Call>>(call)),
                          [most](std::vector<lin::Call> v) {
                            if (v.size() > static_cast<std::size_t>(most)) v.resize(static_cast<std::size_t>(most));
                            return v;
                          });
  };
  const ::rc::Gen<Scenario> generated = ::rc::gen::map(
      ::rc::gen::tuple(calls(shape_.max_init),
                       ::rc::gen::container<std::vector<std::vector<lin::Call>>>(
                           static_cast<std::size_t>(shape_.threads), calls(shape_.max_calls_per_thread)),
                       calls(shape_.max_post)),
      [](std::tuple<std::vector<lin::Call>, std::vector<std::vector<lin::Call>>, std::vector<lin::Call>> parts) {
        return Scenario{std::move(std::get<0>(parts)), std::move(std::get<1>(parts)), std::move(std::get<2>(parts))};
      });
  return ::rc::Gen<Scenario>([generated](const ::rc::Random& random, int size) {
    return detail::shrink_by_variants(generated(random, size).value());
  });
}

template <class Object, class State>
History Harness<Object, State>::run(const Scenario& scenario) const {
  std::unique_ptr<Object> object = make_();
  History history;
  const auto perform = [&](ProcessId thread, const std::vector<lin::Call>& calls) {
    for (const lin::Call& c : calls) {
      const OpId id = history.invoke(thread, c.name, c.arg.is_none() ? std::vector<Value>{} : std::vector<Value>{c.arg});
      history.respond(id, calls_[c.op](*object, c.arg));
    }
  };
  perform(0, scenario.init);
  std::vector<std::unique_ptr<Thread>> threads;
  for (std::size_t t = 0; t < scenario.threads.size(); ++t) {
    if (scenario.threads[t].empty()) continue;
    const auto& calls = scenario.threads[t];
    const ProcessId id = static_cast<ProcessId>(t + 1);
    threads.push_back(std::make_unique<Thread>(ThreadOptions{"thread-" + std::to_string(id), {}},
                                               [&perform, &calls, id] { perform(id, calls); }));
    threads.back()->start();
  }
  for (auto& t : threads) t->join();
  perform(0, scenario.post);
  return history;
}

template <class Object, class State>
weft::Result Harness<Object, State>::explore(const Scenario& scenario, const Options& options) const {
  return weft::explore(options_for(options, scenario), [&] { run_and_check(scenario); });
}

template <class Object, class State>
CheckResult Harness<Object, State>::check_history(const History& h) const {
  return linearizable(h, detail::CallModel<State>{&names_, &model_calls_, initial_});
}


template <class Object, class State>
HarnessResult Harness<Object, State>::check(const std::string& name, const Options& options) const {
  if (calls_.empty()) throw UsageError("weft::lin::Harness::check: add at least one operation() first");
  const ::rc::Gen<Scenario> inputs = scenarios();
  const auto body = [this](const Scenario& scenario) { run_and_check(scenario); };
  const auto choose = [this](const Options& o, const Scenario& scenario) { return options_for(o, scenario); };
  const auto found = weft::rc::run_generated(name, options, inputs, body, choose);
  HarnessResult result;
  result.ok = found.ok;
  result.scenarios = found.inputs;
  result.complete_scenarios = found.complete_inputs;
  result.dpor_scenarios = found.exhaustive_inputs;
  if (found.ok) return result;
  if (!found.input || !found.failure) {
    result.message = found.message;
    return result;
  }
  result.scenario = std::get<0>(*found.input);
  result.failure = found.failure;
  result.reproduce = found.reproduce;
  // The failing execution once more, to show its history and the checker's verdict (without
  // weft::check, so the replay passes when it follows the schedule to the end).
  Options once = options;
  once.shrink = false;
  const weft::Result again = weft::replay(found.failure->schedule, [&] {
    History h = run(*result.scenario);
    result.verdict = check_history(h);
    result.history = std::move(h);
  }, once);
  std::ostringstream report;
  report << "weft::lin: \"" << name << "\": ";
  if (!result.verdict || result.verdict->verdict != Verdict::not_linearizable || !again.ok()) {
    report << found.message;  // not a linearizability failure (an exception, a deadlock...)
    result.message = report.str();
    return result;
  }
  report << "not linearizable; minimal scenario (" << result.scenario->size() << " calls, found after "
         << found.inputs << " scenarios, shrunk " << found.input_shrinks << " times):\n"
         << detail::scenario_table(*result.scenario, *result.history)
         << "no sequential order explains these results:\n" << result.verdict->explanation << "\n"
         << "the interleaving:\n" << weft::rc::detail::report_for_property(*found.failure) << "\nreproduce the scenario and the schedule:\n  "
         << weft::rc::kReproduceVariable << "='" << found.reproduce << "' <this test>\n";
  result.message = report.str();
  return result;
}

}  // namespace weft::lin
