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
    "a reader sleeps 0.1 s instead of joining the writer -> data race (with --races=0: passes; "
    "fails with --timeouts explore)",
    "'reader' sleeps 0.1 s \"so that the worker has surely finished\", then checks the worker's "
    "write. With the default timeout policy (when_idle) virtual time only moves when no thread "
    "can run, so the worker always writes first and the check holds in every execution, as it "
    "nearly always does on an idle machine. But a sleep orders nothing: the race detector sees "
    "the worker's write and the reader's read with no synchronisation between them and reports "
    "a data race in the first execution, even though the value read was right. With --races=0 "
    "every execution passes under when_idle; with --timeouts explore the sleep may end while the "
    "worker could still run (a slow or overloaded machine, a descheduled worker), and the check "
    "fails. In the table, look at the two rows marked =>: the worker's write of result "
    "(Shared#1) <- 42 and, after the reader's sleep 100ms row, the reader's read of it; the "
    "switch lines between them say 'finished' and 'blocked', and no join, event or lock row "
    "links the worker's lane to the reader's. The fix: in scenarios/timing.cpp, replace the "
    "reader's `sleep(0.1);` by a wait that orders: an Event the worker sets right after "
    "`result = 42;` and the reader waits on, or a join of the worker.",
    Expect::fails, false, sleep_as_sync, FailureKind::data_race}};

}  // namespace
}  // namespace weft::scenarios
