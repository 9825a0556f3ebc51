// Finds the lost update through the installed package, replays it, and exits 0 only if both
// behave as documented.
#include <cstdio>

#include <weft/weft.hpp>

int main() {
  auto body = [] {
    weft::Shared<int> n{0};
    weft::Thread a([&] { n = n + 1; }), b([&] { n = n + 1; });
    a.start();
    b.start();
    a.join();
    b.join();
    weft::check(n == 2, "lost update");
  };
  // Judged as a data race by its first execution; with the race detector off, the search
  // reaches the interleaving that loses the update.
  const weft::Result race = weft::explore({.max_executions = 500, .use_environment = false}, body);
  if (race.ok() || race.failure().kind != weft::FailureKind::data_race)
    return std::puts("consumer: expected a data race"), 1;
  const weft::Result r =
      weft::explore({.max_executions = 500, .detect_races = false, .use_environment = false}, body);
  if (r.ok()) return std::puts("consumer: expected a failure"), 1;
  weft::Options quiet;
  quiet.detect_races = false;
  const weft::Result again = weft::replay(r.failure().schedule, body, quiet);
  if (again.ok() || again.failure().message != "lost update") return std::puts("consumer: replay differs"), 1;
  std::printf("consumer: found and replayed: %s\n", r.failure().schedule.c_str());
  return 0;
}
