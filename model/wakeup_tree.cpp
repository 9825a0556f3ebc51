#include "model/wakeup_tree.hpp"

#include <algorithm>

namespace weft::model {

int weak_initial(const Transition& first, const std::vector<SequenceStep>& w, const std::vector<std::uint8_t>& live) {
  for (std::size_t k = 0; k < w.size(); ++k) {
    if (!live[k] || w[k].step.thread != first.thread) continue;
    for (std::size_t j = 0; j < k; ++j)
      if (live[j] && happens_before(w[j], w[k])) return kNotInitial;
    return static_cast<int>(k);
  }
  for (std::size_t k = 0; k < w.size(); ++k)
    if (live[k] && dependent(first, w[k].step)) return kNotInitial;
  return kInitialWithoutStep;
}

std::uint32_t WakeupForest::make_node(std::uint32_t step) {
  std::uint32_t id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
    nodes_[id] = Node{step, kNil, kNil};
  } else {
    id = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(Node{step, kNil, kNil});
  }
  peak_ = std::max(peak_, live_nodes());
  return id;
}

std::uint32_t WakeupForest::make_root() { return make_node(0); }  // the table's empty transition

void WakeupForest::free_tree(std::uint32_t node) {
  if (node == kNil) return;
  stack_.clear();
  stack_.push_back(node);
  while (!stack_.empty()) {
    const std::uint32_t n = stack_.back();
    stack_.pop_back();
    for (std::uint32_t c = nodes_[n].first_child; c != kNil; c = nodes_[c].next_sibling) stack_.push_back(c);
    free_.push_back(n);
  }
}

std::uint32_t WakeupForest::add_child(std::uint32_t parent, const Transition& step) {
  const std::uint32_t n = make_node(table_.intern(step));
  std::uint32_t* link = &nodes_[parent].first_child;
  while (*link != kNil) link = &nodes_[*link].next_sibling;
  *link = n;
  return n;
}

std::uint32_t WakeupForest::take_first(std::uint32_t root) {
  const std::uint32_t c = nodes_[root].first_child;
  if (c == kNil) return kNil;
  nodes_[root].first_child = nodes_[c].next_sibling;
  nodes_[c].next_sibling = kNil;
  return c;
}

// JACM 2017's insert walk: from `root`, the leftmost child that is a weak initial of what
// remains of w, down to a leaf (covered) or to a node none of whose children is one (where
// the rest goes). kNil: covered. Marks in live_ the steps of w the walk matched.
WakeupForest::Place WakeupForest::place_of(std::uint32_t root, const std::vector<SequenceStep>& w) {
  live_.assign(w.size(), 1);
  std::size_t remaining = w.size();
  std::uint32_t node = root, branch = kNil;
  for (;;) {
    if (remaining == 0) return Place{};  // w is a prefix of every branch below: covered
    std::uint32_t c = nodes_[node].first_child;
    if (c == kNil && node != root) return Place{};  // a leaf: an equivalent branch exists
    std::uint32_t next = kNil;
    for (; c != kNil; c = nodes_[c].next_sibling) {
      const int at = weak_initial(table_.get(nodes_[c].step), w, live_);
      if (at == kNotInitial) continue;
      if (at >= 0) {
        live_[static_cast<std::size_t>(at)] = 0;
        --remaining;
      }
      next = c;
      break;
    }
    if (next == kNil) return Place{node, branch};
    if (node == root) branch = next;
    node = next;
  }
}

WakeupForest::Inserted WakeupForest::insert(std::uint32_t root, const std::vector<SequenceStep>& w) {
  const Place place = place_of(root, w);
  std::uint32_t parent = place.parent;
  if (parent == kNil) return Inserted{};
  // Append what remains of w, in order, as the rightmost branch of `parent`.
  bool first = true;
  for (std::size_t k = 0; k < w.size(); ++k) {
    if (!live_[k]) continue;
    if (first) {
      parent = add_child(parent, w[k].step);
      first = false;
    } else {
      const std::uint32_t n = make_node(table_.intern(w[k].step));
      nodes_[parent].first_child = n;
      parent = n;
    }
  }
  return Inserted{true, place.branch};
}

// A branch whose first thread is an initial of w covers it: the exploration of that branch
// reaches an execution equivalent to one that runs w (the argument by which source sets are
// sound, JACM 2017). Not a weak initial without a step in w: a leaf stands for a whole
// sequence only in optimal DPOR. w's first step has nothing before it in w: an initial.
bool WakeupForest::insert_first_step(std::uint32_t root, const std::vector<SequenceStep>& w) {
  if (w.empty()) return false;
  live_.assign(w.size(), 1);
  for (std::uint32_t c = nodes_[root].first_child; c != kNil; c = nodes_[c].next_sibling)
    if (weak_initial(table_.get(nodes_[c].step), w, live_) >= 0) return false;
  add_child(root, w.front().step);
  return true;
}

}  // namespace weft::model
