#pragma once
// The watchdog of one explore()/replay() call: a real-time helper thread that notices when
// the exploring thread stops reaching scheduling points (a simulated thread spinning in a
// loop that never calls weft), interrupts it so that the execution ends with a report, and
// ends the process with exit status 3 and a message when even that does not help.
#include <condition_variable>
#include <mutex>
#include <thread>

#include <pthread.h>

namespace weft::sim {
struct Heartbeat;
}

namespace weft::detail {

/// Watches the calling thread from construction to destruction. `seconds` <= 0: does
/// nothing.
class Watchdog {
 public:
  explicit Watchdog(double seconds);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  /// The documented exit status when the exploring thread cannot be interrupted.
  static constexpr int kExitStatus = 3;

 private:
  void watch();

  double seconds_;
  sim::Heartbeat* heartbeat_ = nullptr;
  pthread_t target_{};
  std::mutex m_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace weft::detail
