#pragma once
// The schedule string (docs/exploration.md): one failing execution's strategy, seed and recorded
// decisions as a single whitespace-free token "weft1:<base64url>", versioned and checksummed.
// The byte layout is documented at the top of schedule_codec.cpp.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <weft/options.hpp>

#include "sim/decision.hpp"

namespace weft::model {

/// Everything needed to run one execution again.
struct Schedule {
  weft::Strategy strategy = weft::Strategy::random;
  std::uint64_t seed = 0;
  std::uint64_t execution = 0;  // index of the execution within its exploration
  std::vector<weft::sim::Decision> decisions;
  /// The policy the execution ran under: its decisions mean something else under the other.
  weft::TimeoutPolicy timeouts = weft::TimeoutPolicy::when_idle;
  /// Which Shared accesses were scheduling points: the decisions are made at other points
  /// under the other setting.
  weft::SharedPoints shared_points = weft::SharedPoints::every_access;
  /// This run (strategy, seed, execution, policies) with `other` decisions: a shrunk or
  /// replayed execution of it.
  Schedule with_decisions(std::vector<weft::sim::Decision> other) const {
    return Schedule{strategy, seed, execution, std::move(other), timeouts, shared_points};
  }
  friend bool operator==(const Schedule&, const Schedule&) = default;
};

/// One whitespace-free token: "weft1:" followed by base64url (no padding) of the payload.
/// About 2 bytes (2.7 characters) per decision when thread ids < 15, object ids < 127 and the
/// op is not check_failed. Never throws except std::bad_alloc.
/// decode_schedule(encode_schedule(s)) == s for every schedule the simulator records:
/// thread decisions with value < kNoThread and any op / object; value decisions with
/// op == OpKind::choose, object (number of options) >= 2 and value < object. A value decision's
/// op is not stored (it reads back as choose); other out-of-range decisions encode to a string
/// that decode_schedule rejects.
std::string encode_schedule(const Schedule& s);

/// Inverse of encode_schedule. Accepts any bytes without crashing or hanging (linear time,
/// memory bounded by the input length); leading and trailing whitespace is ignored.
/// Throws weft::UsageError whose message says what is wrong and how to fix it: empty input,
/// missing "weft1:" prefix, another version, a character that is not base64url (named, with its
/// position), truncation, checksum mismatch, out-of-range fields (strategy, flags, op kind, thread id,
/// chosen value, counts), non-canonical encodings and trailing bytes.
/// Every accepted string is exactly encode_schedule of the result (after trimming).
Schedule decode_schedule(std::string_view text);

/// A decision as divergence messages show it: "T2 lock.acquire #3" (thread, op, object;
/// "#n" omitted for kNoObject) or "choose 1 of 3" (value decision).
std::string describe(const weft::sim::Decision& d);

}  // namespace weft::model
