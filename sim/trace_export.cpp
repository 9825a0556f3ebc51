// The execution as others read it after (or during) a run: an object's label, as reports and
// traces print it (docs/labels.md), and the whole run as the public Trace.
#include <string>

#include "sim/execution.hpp"

namespace weft::sim {

std::string Execution::object_label(ObjectId id) const {
  if (id == kNoObject || id >= objects_.size()) return "-";
  const ObjectRecord& o = objects_[id];
  const char* kind = "Object";
  switch (o.kind) {
    case ObjectKind::thread: return "T" + std::to_string(o.holder);
    case ObjectKind::lock: kind = "Lock"; break;
    case ObjectKind::rlock: kind = "RLock"; break;
    case ObjectKind::shared: kind = "Shared"; break;
    case ObjectKind::atomic: kind = "Atomic"; break;
    case ObjectKind::condition: kind = "Condition"; break;
    case ObjectKind::semaphore: kind = "Semaphore"; break;
    case ObjectKind::event: kind = "Event"; break;
    case ObjectKind::barrier: kind = "Barrier"; break;
    case ObjectKind::queue: kind = "Queue"; break;
    case ObjectKind::future: kind = "Future"; break;
    case ObjectKind::executor: kind = "Executor"; break;
    default: break;
  }
  std::string label = std::string(kind) + "#" + std::to_string(id);
  if (o.name == 0) return label;
  return *names_[o.name - 1] + " (" + label + ")";  // docs/labels.md
}

Trace Execution::export_trace() const {
  Trace t;
  t.events = events_;
  t.calls = calls_;
  for (std::uint32_t i = 0; i < nthreads_; ++i) t.thread_names.push_back(threads_[i]->name);
  for (ObjectId i = 0; i < objects_.size(); ++i) t.object_labels.push_back(object_label(i));
  return t;
}

}  // namespace weft::sim
