#pragma once
// Each distinct transition stored once, named by a dense index. A wake-up tree node names its
// step by that index (12 bytes a node instead of 36): on some programs the trees hold about
// one node per trace still to explore (readers(n)), while the distinct transitions are few
// (one per thread and operation it performs).
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "model/transition.hpp"

namespace weft::model {

class TransitionTable {
 public:
  /// Index 0 is the empty transition (a tree's root).
  TransitionTable() { intern(Transition{}); }

  /// The index of t, storing it first if it is new. Deterministic: indices are handed out in
  /// the order transitions are first seen, and nothing depends on an address.
  std::uint32_t intern(const Transition& t) {
    std::uint32_t& cached = recent_[mix(t) & (kRecent - 1)];
    if (cached < items_.size() && items_[cached] == t) return cached;
    const auto [it, added] = ids_.try_emplace(Key{t}, static_cast<std::uint32_t>(items_.size()));
    if (added) items_.push_back(t);
    cached = it->second;
    return it->second;
  }
  /// The transition named `id`; the reference is valid until the next intern().
  const Transition& get(std::uint32_t id) const { return items_[id]; }
  /// Distinct transitions stored.
  std::size_t size() const { return items_.size(); }

 private:
  static constexpr std::size_t kRecent = 256;  // a direct-mapped cache in front of the map

  // The fields, never the padding bytes (Transition's operator== compares fields too).
  static std::uint64_t mix(const Transition& t) {
    std::uint64_t h = (std::uint64_t{t.thread} << 16) ^ (std::uint64_t{t.count} << 8) ^ std::uint64_t{t.overflow};
    for (std::uint8_t i = 0; i < t.count && i < Transition::kInline; ++i) {
      const Access& a = t.accesses[i];
      h = h * 0x9e3779b97f4a7c15ull ^ (std::uint64_t{a.object} << 24) ^ (std::uint64_t{static_cast<std::uint8_t>(a.op)} << 8) ^
          (std::uint64_t{a.untimed_wait} << 1) ^ std::uint64_t{a.succeeded};
    }
    return h ^ (h >> 29);
  }
  struct Key {
    Transition t;
    bool operator==(const Key& o) const { return t == o.t; }
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const { return static_cast<std::size_t>(mix(k.t)); }
  };

  std::vector<Transition> items_;
  std::unordered_map<Key, std::uint32_t, KeyHash> ids_;
  std::array<std::uint32_t, kRecent> recent_{};  // 0 is always a valid index
};

}  // namespace weft::model
