#include "model/final_states.hpp"

#include <algorithm>

namespace weft::model {

namespace {
bool writes(OpKind op) {
  return op == OpKind::shared_write || op == OpKind::atomic_store || op == OpKind::atomic_rmw;
}

// FNV-1a over the bytes of each 64-bit word, little end first: the same on every platform.
struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void mix(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 0x100000001b3ull;
    }
  }
};
}  // namespace

void FinalStates::collect(std::span<const TraceEvent> events) {
  std::fill(written_.begin(), written_.end(), 0);
  for (const TraceEvent& e : events) {
    if (!writes(e.op) || !e.has_value || e.object == kNoObject) continue;
    if (e.object >= last_.size()) {
      last_.resize(e.object + 1);
      written_.resize(e.object + 1);
    }
    last_[e.object] = e.value;
    written_[e.object] = 1;
  }
}

std::uint64_t FinalStates::hash(std::span<const TraceEvent> events, std::optional<FailureKind> ended) {
  collect(events);
  // Canonical form: the ending (0 = ok, 1 + kind), then (id, value) in ascending id order.
  Fnv f;
  f.mix(ended ? 1u + static_cast<std::uint64_t>(*ended) : 0u);
  for (std::size_t id = 0; id < written_.size(); ++id) {
    if (!written_[id]) continue;
    f.mix(id);
    f.mix(static_cast<std::uint64_t>(last_[id]));
  }
  return f.h;
}

std::vector<FinalValue> FinalStates::values(std::span<const TraceEvent> events) {
  collect(events);
  std::vector<FinalValue> out;
  for (std::size_t id = 0; id < written_.size(); ++id)
    if (written_[id]) out.push_back(FinalValue{static_cast<ObjectId>(id), last_[id]});
  return out;
}

}  // namespace weft::model
