// Timing used as synchronisation: right on an idle machine, wrong on a slow one. Shows
// Options::timeouts = TimeoutPolicy::explore (`weft run ... --timeouts explore`).
#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

void sleep_as_sync() {
  Shared<int> result{0};
  Thread worker(ThreadOptions{"worker", {}}, [&] { result = 42; });
  Thread reader(ThreadOptions{"reader", {}}, [&] {
    sleep(0.1);  // "the worker has surely finished by now"
    check(result == 42, "the reader woke before the worker wrote: sleep(0.1) is not synchronisation");
  });
  worker.start();
  reader.start();
  worker.join();
  reader.join();
}

const Registrar sleep_as_sync_reg{{
    "sleep_as_sync",
    "a reader sleeps 0.1 s instead of joining the writer -> passes (fails with --timeouts explore)",
    "'reader' sleeps 0.1 s \"so that the worker has surely finished\", then checks the worker's "
    "write. With the default timeout policy (when_idle) virtual time only moves when no thread "
    "can run, so the worker always writes first and every execution passes, as it nearly always "
    "does on an idle machine. With --timeouts explore the sleep may end while the worker could "
    "still run (a slow or overloaded machine, a descheduled worker), and the check fails. "
    "A sleep orders nothing: join the worker, or wait on an Event it sets.",
    Expect::passes, false, sleep_as_sync}};

}  // namespace
}  // namespace weft::scenarios
