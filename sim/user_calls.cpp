// User-level calls: which steps of a thread belong to one public call (docs/exploration.md,
// "User-level rows"). Bookkeeping only: no scheduling point, no choice, so schedules,
// replays and DPOR are those of the steps themselves.
#include <type_traits>

#include "sim/execution.hpp"
#include <weft/detail/call_scope.hpp>

namespace weft::sim {

std::uint32_t Execution::begin_call(const UserCall& call, const detail::SimHandle* object) {
  ThreadRecord& r = *threads_[cur_];
  if (r.call != kNoCall || r.killed) return kNoCall;
  r.call = static_cast<std::uint32_t>(calls_.size());
  r.call_object = object;
  UserCall& c = calls_.emplace_back(call);
  c.thread = cur_;
  c.first_step = kNoCall;
  if (object != nullptr && object->epoch == epoch_) c.object = object->id;
  return r.call;
}

void Execution::end_call(std::uint32_t i) {
  ThreadRecord& r = *threads_[cur_];
  if (r.call != i) return;
  if (const detail::SimHandle* h = r.call_object; h != nullptr && h->epoch == epoch_ && calls_[i].object == kNoObject)
    calls_[i].object = h->id;
  r.call = kNoCall;
  r.call_object = nullptr;
}

void Execution::note_call_step(TraceEvent& e) {
  ThreadRecord& r = *threads_[cur_];
  if (r.call == kNoCall) return;
  e.call = r.call;
  UserCall& c = calls_[r.call];
  if (c.first_step == kNoCall) c.first_step = e.step;
  if (c.object == kNoObject && r.call_object != nullptr && r.call_object->epoch == epoch_) c.object = r.call_object->id;
}

}  // namespace weft::sim

namespace weft::detail {

CallScope::CallScope(CallKind kind, const SimHandle* object, std::source_location where) noexcept {
  sim::Execution* ex = current_execution();
  if (ex == nullptr) return;
  UserCall c;
  c.kind = kind;
  c.where = where;
  try {
    index_ = ex->begin_call(c, object);
  } catch (...) {  // out of memory: the steps stay untagged rows
    index_ = kNoCall;
  }
  if (index_ != kNoCall) {
    ex_ = ex;
    epoch_ = ex->epoch();
  }
}

CallScope::~CallScope() {
  if (UserCall* c = record()) {
    // A thread abandoned at the end of the execution (a deadlock) never returned: it did not raise.
    if (!ex_->unwinding()) c->raised = !c->returned;
    ex_->end_call(index_);
  }
}

UserCall* CallScope::record() noexcept {
  if (ex_ == nullptr || current_execution() != ex_ || ex_->epoch() != epoch_) return nullptr;
  return &ex_->user_call(index_);
}

void CallScope::arg(std::int64_t v) noexcept {
  if (UserCall* c = record()) {
    c->arg = v;
    c->has_arg = true;
  }
}

void CallScope::timeout(std::optional<double> seconds) noexcept {
  if (UserCall* c = record(); c != nullptr && seconds) {
    c->timeout = *seconds;
    c->has_timeout = true;
  }
}

void CallScope::returned() noexcept {
  if (UserCall* c = record()) c->returned = true;
}

void CallScope::end() noexcept {
  if (UserCall* c = record()) {
    c->returned = true;
    ex_->end_call(index_);
  }
  ex_ = nullptr;
}

void CallScope::returned_value(std::int64_t v) noexcept {
  if (UserCall* c = record()) {
    c->returned = true;
    c->result_kind = CallResult::value;
    c->result = v;
  }
}

void CallScope::returned_bool(bool b) noexcept {
  if (UserCall* c = record()) {
    c->returned = true;
    c->result_kind = CallResult::boolean;
    c->result = b ? 1 : 0;
  }
}

}  // namespace weft::detail
