// The per-thread key behind weft::Local.
#include <weft/local.hpp>
#include <weft/thread.hpp>

#include "sim/execution.hpp"

namespace weft::detail {

std::pair<std::uint64_t, std::uint64_t> local_key() {
  if (sim::Execution* ex = current_execution()) return {ex->epoch(), ex->current()};
  return {0, get_ident()};
}

}  // namespace weft::detail
