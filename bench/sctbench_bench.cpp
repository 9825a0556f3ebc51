// Search power on SCTBench's CS programs (Thomson, Donaldson & Betts, "Concurrency testing
// using controlled schedulers: an empirical study", PPoPP'14 / TOPC'16), ported to weft.
//
//   weft_bench_sctbench [max_executions=10000] [seeds=20] [subject-prefix] [strategy...]
//
// For every subject and strategy: runs with seeds 1..seeds, each up to max_executions
// executions, and prints how many runs found the bug and the mean number of executions to
// the first bug over the runs that found it ("-" when none did). dfs and dpor ignore the
// seed: they run once and their one result stands for every seed.
//
// Beside them: the means published by the SURW artifact (Zhao, Wolff, Mathur & Roychoudhury,
// "Selectively Uniform Concurrency Testing", ASPLOS 2025; github.com/zhaohuanqdcn/SURW,
// commit 2a4c5de). Its raw results are one JSON file per run under stats/period/CS/<subject>/,
// named <config>-<run>.json with fields "iterations" and "found". We computed each mean as
// the artifact's own scripts/analyze/eval_period.py does: over the 20 runs of a config, the
// mean of "iterations" (+1 for every config except pos and rw, whose counter already counts
// the failing execution) among runs with "found": true; found/20 counts those runs. Configs:
// SURW = rp-urw, URW = basicurw, POS = pos, PCT-3 = pct3, RW = rw (random walk, beside
// weft's random). Its twostage is our twostage_2.
//
// Ports: globals become Shared<int> created in the body, pthread mutexes become Locks,
// ESBMC atomic sections (a global mutex in SCTBench's pthread build) become one Lock, and
// assert becomes weft::check. Two programs return from main without joining (account,
// token_ring); SCTBench's harness and the artifact let the threads finish anyway (the bug
// is reachable only so), so these ports join them at the end. Every subject runs with o.detect_races = false and detect_lock_order =
// false: SCTBench measures how fast a schedule search reaches the failing assertion (or the
// deadlock); with the race detector on, a race report in execution 0 would make every
// strategy look perfect on the racy subjects (reorder, wronglock, bluetooth_driver...).
//
// Shapes: reorder_N runs N-1 setters and one checker, twostage_N N-1 writers and one reader,
// as weft's issue asks. The artifact ran the programs of the PERIOD repository
// (github.com/wcventure/PERIOD, evaluation/CS/<subject>/<subject>_bad.c, whose iSet/iCheck and
// iTThreads/iRThreads say the mix): the same shape for reorder_3/4/5/10/100, twostage (1 + 1,
// our twostage_2) and twostage_100, but 10 + 10 threads for reorder_20 and twostage_20 and
// 40 + 10 for reorder_50 and twostage_50. Those four are run here too ("reorder_20/10+10"...),
// and a published mean is set beside a result only for the same program: the N-1 + 1 shapes of
// 20 and 50 have none ("other shape").
//
// At the end, for every sampler: on how many of the subjects with a published SURW mean its
// mean is at or below that mean, and where it is above twice that mean plus 5 (or missed runs).
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <weft/weft.hpp>

using weft::check;
using weft::Lock;
using weft::Shared;
using weft::Thread;

namespace {

using Threads = std::vector<std::unique_ptr<Thread>>;

template <class F>
Thread& spawn(Threads& ts, F f) {
  ts.push_back(std::make_unique<Thread>(std::move(f)));
  ts.back()->start();
  return *ts.back();
}

void join_all(Threads& ts) {
  for (auto& t : ts) t->join();
}

// account_bad.c: deposit, withdraw and a checker under one lock.
void account() {
  Lock m;
  Shared<int> balance{1}, deposit_done{0}, withdraw_done{0};
  const int x = 1, y = 2, z = 4;
  Threads ts;
  spawn(ts, [&] {
    std::lock_guard g(m);
    if (deposit_done.load() && withdraw_done.load()) check(balance.load() == (x - y) - z, "account: balance");
  });
  spawn(ts, [&] {
    std::lock_guard g(m);
    balance.store(balance.load() + y);
    deposit_done.store(1);
  });
  spawn(ts, [&] {
    std::lock_guard g(m);
    balance.store(balance.load() - z);
    withdraw_done.store(1);
  });
  join_all(ts);
}

// bluetooth_driver_bad.c: the stopper may release the device while an add is in progress.
void bluetooth_driver() {
  Lock atomic;  // __ESBMC_atomic_begin/end
  Shared<int> pending_io{1}, stopping_flag{0}, stopping_event{0}, stopped{0};
  auto io_decrement = [&] {
    int p;
    {
      std::lock_guard g(atomic);
      pending_io.store(pending_io.load() - 1);
      p = pending_io.load();
    }
    if (p == 0) stopping_event.store(1);
  };
  Threads ts;
  spawn(ts, [&] {  // BCSP_PnpStop
    stopping_flag.store(1);
    io_decrement();
    if (stopping_event.load()) stopped.store(1);
  });
  // BCSP_PnpAdd, by main
  int status = 0;
  if (stopping_flag.load()) {
    status = -1;
  } else {
    std::lock_guard g(atomic);
    pending_io.store(pending_io.load() + 1);
  }
  if (status == 0) check(!stopped.load(), "bluetooth_driver: used after stop");
  io_decrement();
  join_all(ts);
}

// deadlock01_bad.c: two locks taken in opposite orders.
void deadlock01() {
  Lock a, b;
  Shared<int> counter{1};
  Threads ts;
  spawn(ts, [&] {
    std::lock_guard ga(a);
    std::lock_guard gb(b);
    counter.store(counter.load() + 1);
  });
  spawn(ts, [&] {
    std::lock_guard gb(b);
    std::lock_guard ga(a);
    counter.store(counter.load() - 1);
  });
  join_all(ts);
}

// lazy01_bad.c: the checker fails if both adders ran before it.
void lazy01() {
  Lock m;
  Shared<int> data{0};
  Threads ts;
  spawn(ts, [&] {
    std::lock_guard g(m);
    data.store(data.load() + 1);
  });
  spawn(ts, [&] {
    std::lock_guard g(m);
    data.store(data.load() + 2);
  });
  spawn(ts, [&] {
    std::lock_guard g(m);
    check(!(data.load() >= 3), "lazy01: data >= 3");
  });
  join_all(ts);
}

// stack_bad.c: SIZE 10; the popper pops once the flag is set, even from an empty stack.
void stack() {
  constexpr int kSize = 10;
  Lock m;
  Shared<int> top{0}, flag{0};
  std::array<Shared<int>, kSize> arr;
  Threads ts;
  spawn(ts, [&] {
    for (int i = 0; i < kSize; ++i) {
      std::lock_guard g(m);
      const bool overflow = top.load() == kSize;
      if (!overflow) {
        arr[static_cast<std::size_t>(top.load())].store(i);
        top.store(top.load() + 1);
      }
      check(!overflow, "stack: overflow");
      flag.store(1);
    }
  });
  spawn(ts, [&] {
    for (int i = 0; i < kSize; ++i) {
      std::lock_guard g(m);
      if (flag.load()) {
        const bool underflow = top.load() == 0;
        if (!underflow) {
          top.store(top.load() - 1);
          (void)arr[static_cast<std::size_t>(top.load())].load();
        }
        check(!underflow, "stack: underflow");
      }
    }
  });
  join_all(ts);
}

// token_ring_bad.c: three atomic hand-offs and a checker.
void token_ring() {
  Lock atomic;
  Shared<int> x1{1}, x2{2}, x3{1}, f1{0}, f2{0}, f3{0};
  Threads ts;
  spawn(ts, [&] {
    std::lock_guard g(atomic);
    x1.store((x3.load() + 1) % 4);
    f1.store(1);
  });
  spawn(ts, [&] {
    std::lock_guard g(atomic);
    x2.store(x1.load());
    f2.store(1);
  });
  spawn(ts, [&] {
    std::lock_guard g(atomic);
    x3.store(x2.load());
    f3.store(1);
  });
  spawn(ts, [&] {
    std::lock_guard g(atomic);
    if (f1.load() && f2.load() && f3.load()) check(x1.load() == x2.load() && x2.load() == x3.load(), "token_ring");
  });
  join_all(ts);
}

// wronglock_bad.c (1 + 7 threads) and wronglock_3_bad.c (1 + 3): funcB increments under
// the wrong lock.
void wronglock(int others) {
  Lock data_lock, this_lock;
  Shared<int> value{0};
  Threads ts;
  spawn(ts, [&] {
    std::lock_guard g(data_lock);
    const int x = value.load();
    value.store(value.load() + 1);
    check(value.load() == x + 1, "wronglock: lost increment");
  });
  for (int i = 0; i < others; ++i)
    spawn(ts, [&] {
      std::lock_guard g(this_lock);
      value.store(value.load() + 1);
    });
  join_all(ts);
}

// reorder: setters write a = 1 then b = -1; checkers want the pair whole.
void reorder(int setters, int checkers) {
  Shared<int> a{0}, b{0};
  Threads ts;
  for (int i = 0; i < setters; ++i)
    spawn(ts, [&] {
      a.store(1);
      b.store(-1);
    });
  for (int i = 0; i < checkers; ++i)
    spawn(ts, [&] {
      const int va = a.load(), vb = b.load();
      check((va == 0 && vb == 0) || (va == 1 && vb == -1), "reorder: torn pair");
    });
  join_all(ts);
}

// twostage: writers in two stages under two locks; readers check they never see the first
// stage without the second.
void twostage(int writers, int readers) {
  Lock l1, l2;
  Shared<int> d1{0}, d2{0};
  Threads ts;
  for (int i = 0; i < writers; ++i)
    spawn(ts, [&] {
      {
        std::lock_guard g(l1);
        d1.store(1);
      }
      std::lock_guard g(l2);
      d2.store(d1.load() + 1);
    });
  for (int i = 0; i < readers; ++i)
    spawn(ts, [&] {
      int t1, t2;
      {
        std::lock_guard g(l1);
        if (d1.load() == 0) return;
        t1 = d1.load();
      }
      {
        std::lock_guard g(l2);
        t2 = d2.load();
      }
      check(t2 == t1 + 1, "twostage: reader between the stages");
    });
  join_all(ts);
}

struct Published {  // SURW artifact: found of 20, mean executions (NAN: never found)
  int found;
  double mean;
};
// The artifact ran no program of this shape (its reorder_20 has 10 setters and 10 checkers...).
constexpr Published kOther{-1, 0};
struct Subject {
  std::string name;
  std::function<void()> body;
  Published surw, urw, pos, pct3, rw;
};

constexpr double kNever = NAN;

std::vector<Subject> subjects() {
  return {
      {"account", account, {20, 5.8}, {20, 2.9}, {20, 4.1}, {20, 4.3}, {20, 18.1}},
      {"bluetooth_driver", bluetooth_driver, {20, 70.2}, {19, 1493.9}, {20, 36.1}, {20, 112.5}, {20, 214.7}},
      {"deadlock01", deadlock01, {20, 1.8}, {20, 2.6}, {20, 3.5}, {20, 12.9}, {20, 3.2}},
      {"lazy01", lazy01, {20, 2.0}, {20, 4.0}, {20, 4.7}, {20, 4.9}, {20, 20.6}},
      {"stack", stack, {20, 4.6}, {19, 985.8}, {20, 1.7}, {20, 3.2}, {20, 176.0}},
      {"token_ring", token_ring, {20, 8.2}, {20, 9.0}, {20, 8.6}, {20, 8.2}, {20, 13.0}},
      {"wronglock", [] { wronglock(7); }, {20, 7.5}, {20, 3.5}, {20, 10.2}, {20, 51.1}, {20, 35.9}},
      {"wronglock_3", [] { wronglock(3); }, {20, 8.8}, {20, 4.6}, {20, 10.8}, {20, 58.1}, {20, 35.9}},
      {"reorder_3", [] { reorder(2, 1); }, {20, 7.3}, {20, 23.9}, {20, 85.5}, {20, 185.2}, {0, kNever}},
      {"reorder_4", [] { reorder(3, 1); }, {20, 7.3}, {20, 21.9}, {20, 533.0}, {20, 554.0}, {0, kNever}},
      {"reorder_5", [] { reorder(4, 1); }, {20, 10.4}, {20, 27.3}, {20, 2169.1}, {20, 646.8}, {0, kNever}},
      {"reorder_10", [] { reorder(9, 1); }, {20, 17.2}, {20, 74.2}, {0, kNever}, {16, 3225.3}, {0, kNever}},
      {"reorder_20", [] { reorder(19, 1); }, kOther, kOther, kOther, kOther, kOther},
      {"reorder_20/10+10", [] { reorder(10, 10); }, {20, 6.0}, {20, 9.7}, {0, kNever}, {20, 3005.1}, {0, kNever}},
      {"reorder_50", [] { reorder(49, 1); }, kOther, kOther, kOther, kOther, kOther},
      {"reorder_50/40+10", [] { reorder(40, 10); }, {20, 13.0}, {20, 74.9}, {0, kNever}, {6, 3304.5}, {0, kNever}},
      {"reorder_100", [] { reorder(99, 1); }, {20, 194.2}, {12, 3785.1}, {0, kNever}, {0, kNever}, {0, kNever}},
      {"twostage_2", [] { twostage(1, 1); }, {20, 7.5}, {20, 9.0}, {20, 15.1}, {20, 12.6}, {20, 464.1}},
      {"twostage_20", [] { twostage(19, 1); }, kOther, kOther, kOther, kOther, kOther},
      {"twostage_20/10+10", [] { twostage(10, 10); }, {20, 5.7}, {20, 23.8}, {20, 156.0}, {20, 159.2}, {0, kNever}},
      {"twostage_50", [] { twostage(49, 1); }, kOther, kOther, kOther, kOther, kOther},
      {"twostage_50/40+10", [] { twostage(40, 10); }, {20, 20.5}, {20, 92.9}, {20, 1637.2}, {20, 1676.0}, {0, kNever}},
      {"twostage_100", [] { twostage(99, 1); }, {20, 453.9}, {18, 2991.7}, {3, 6673.7}, {3, 7466.0}, {0, kNever}},
  };
}

struct Config {
  std::string name;
  weft::Strategy strategy;
  bool selective = true;
};

std::string cell(int found, double mean, int runs = 20) {
  char buf[48];
  if (found < 0) return "other shape";
  if (found == 0 || std::isnan(mean)) std::snprintf(buf, sizeof buf, "%2d/%d %8s", found, runs, "-");
  else std::snprintf(buf, sizeof buf, "%2d/%d %8.1f", found, runs, mean);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t budget = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000;
  const int seeds = argc > 2 ? std::atoi(argv[2]) : 20;
  const std::string only = argc > 3 ? argv[3] : "";
  const std::vector<Config> all_configs{{"random", weft::Strategy::random}, {"pct", weft::Strategy::pct},
                                        {"pos", weft::Strategy::pos},       {"surw", weft::Strategy::surw, true},
                                        {"urw", weft::Strategy::surw, false}, {"dfs", weft::Strategy::dfs},
                                        {"dpor", weft::Strategy::dpor}};
  std::vector<Config> configs;
  for (int i = 4; i < argc; ++i)
    for (const Config& c : all_configs)
      if (c.name == argv[i]) configs.push_back(c);
  if (configs.empty()) configs = all_configs;

  struct Tally {
    int subjects = 0, at_or_below = 0;
    std::string far_above;
  };
  std::map<std::string, Tally> tallies;
  std::printf("budget %llu executions, seeds 1..%d; cells: runs that found the bug, mean executions to it\n",
              static_cast<unsigned long long>(budget), seeds);
  std::printf("%-18s %-7s %16s   %-26s\n", "subject", "weft", "found  mean", "artifact (found mean)");
  for (const Subject& s : subjects()) {
    if (!only.empty() && s.name.rfind(only, 0) != 0) continue;
    for (const Config& c : configs) {
      const bool exhaustive = c.strategy == weft::Strategy::dfs || c.strategy == weft::Strategy::dpor;
      int found = 0;
      double sum = 0;
      for (int seed = 1; seed <= (exhaustive ? 1 : seeds); ++seed) {
        weft::Options o;
        o.strategy = c.strategy;
        o.surw_selective = c.selective;
        o.seed = static_cast<std::uint64_t>(seed);
        o.max_executions = budget;
        o.use_environment = false;
        o.detect_races = false;       // see the header: schedule search power, not race reports
        o.detect_lock_order = false;  // deadlock01 must deadlock, not be predicted
        o.verify_replay = false;
        o.progress = weft::Progress::never;
        const weft::Result r = weft::explore(o, s.body);
        if (!r.ok()) {
          ++found;
          sum += static_cast<double>(r.stats().executions);
        }
      }
      if (exhaustive) found *= seeds, sum *= seeds;
      std::string published = "unavailable";
      if (c.name == "surw") published = "SURW  " + cell(s.surw.found, s.surw.mean);
      if (c.name == "urw") published = "URW   " + cell(s.urw.found, s.urw.mean);
      if (c.name == "pos") published = "POS   " + cell(s.pos.found, s.pos.mean);
      if (c.name == "pct") published = "PCT-3 " + cell(s.pct3.found, s.pct3.mean);
      if (c.name == "random") published = "RW    " + cell(s.rw.found, s.rw.mean);
      if (exhaustive) published = "(deterministic: one run stands for every seed)";
      const double mean = found ? sum / found : NAN;
      std::printf("%-18s %-7s %16s   %s\n", s.name.c_str(), c.name.c_str(), cell(found, mean, seeds).c_str(),
                  published.c_str());
      std::fflush(stdout);
      if (exhaustive || s.surw.found < 0) continue;
      Tally& t = tallies[c.name];
      ++t.subjects;
      const bool all_found = found == seeds;
      if (all_found && mean <= s.surw.mean) ++t.at_or_below;
      if (!all_found || mean > 2 * s.surw.mean + 5) t.far_above += " " + s.name;
    }
  }
  std::printf("\nagainst the artifact's SURW mean, on the subjects it ran:\n");
  for (const Config& c : configs) {
    const auto it = tallies.find(c.name);
    if (it == tallies.end()) continue;
    const Tally& t = it->second;
    std::printf("%-7s at or below on %d of %d; found in fewer than %d runs or above twice it plus 5 on:%s\n",
                c.name.c_str(), t.at_or_below, t.subjects, seeds, t.far_above.empty() ? " none" : t.far_above.c_str());
  }
  return 0;
}
