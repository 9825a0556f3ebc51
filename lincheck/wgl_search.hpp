#pragma once
// The search of one part of a history for a linearization (lincheck/wgl_search.cpp); check()
// in lincheck/search.cpp runs it once per part and explains or merges what it finds.
#include <string>
#include <vector>

#include <weft/linearizable.hpp>

namespace weft::lin::detail {

// What the search of one part found.
struct PartOutcome {
  Verdict verdict = Verdict::linearizable;
  std::vector<OpId> order;  // linearizable: the placed operations, in order
  // not_linearizable:
  std::vector<OpId> prefix;
  OpId blocked = 0;
  std::vector<Conflict> conflicts;
  std::string state;
};

// The WGL search over the operations `ops` (ids, ascending) of `h`; adds its counts to `stats`.
PartOutcome search(const History& h, const std::vector<OpId>& ops, ModelView& model, const CheckOptions& options,
                   CheckStats& stats);

}  // namespace weft::lin::detail
