// The schedule string codec: round trips, hostile input, and the messages a user reads.
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <weft/errors.hpp>

#include "model/schedule_codec.hpp"

using namespace weft;
using namespace weft::model;
using sim::Decision;
using Catch::Matchers::Contains;
namespace gen = rc::gen;

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
using Bytes = std::vector<std::uint8_t>;

// An independent CRC-32 (bitwise) and base64url, to build payloads with a valid checksum.
std::string wrap(Bytes payload) {
  std::uint32_t c = 0xffffffffu;
  for (std::uint8_t b : payload) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  c = ~c;
  for (int i = 0; i < 4; ++i) payload.push_back(static_cast<std::uint8_t>(c >> (8 * i)));
  std::string out = "weft1:";
  for (std::size_t i = 0; i < payload.size(); i += 3) {
    std::uint32_t group = static_cast<std::uint32_t>(payload[i]) << 16;
    if (i + 1 < payload.size()) group |= static_cast<std::uint32_t>(payload[i + 1]) << 8;
    if (i + 2 < payload.size()) group |= payload[i + 2];
    const std::size_t chars = std::min<std::size_t>(payload.size() - i, 3) + 1;
    for (std::size_t k = 0; k < chars; ++k) out += kAlphabet[(group >> (18 - 6 * k)) & 63u];
  }
  return out;
}

/// The payload of a well-formed string, without its checksum (the inverse of wrap).
Bytes unwrap(std::string_view text) {
  Bytes out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text.substr(6)) {
    acc = (acc << 6) | static_cast<std::uint32_t>(kAlphabet.find(c));
    if ((bits += 6) >= 8) out.push_back(static_cast<std::uint8_t>(acc >> (bits -= 8)));
  }
  out.erase(out.end() - std::min<std::ptrdiff_t>(4, std::ssize(out)), out.end());  // drop the checksum
  return out;
}

std::string trim(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\n\r\v\f");
  if (first == std::string_view::npos) return "";
  return std::string(s.substr(first, s.find_last_not_of(" \t\n\r\v\f") - first + 1));
}

std::string dump(const Schedule& s) {
  std::string out = std::string(to_string(s.strategy)) + " " + std::to_string(s.seed) + " #" +
                    std::to_string(s.execution);
  for (const Decision& d : s.decisions) out += " [" + describe(d) + "]";
  return out;
}

/// Decodes arbitrary text: either a UsageError with a message, or a schedule that encodes back
/// to exactly the (trimmed) input. Any other exception fails the property.
void decode_any(const std::string& text) {
  try {
    const Schedule s = decode_schedule(text);
    RC_ASSERT(encode_schedule(s) == trim(text));
  } catch (const UsageError& e) {
    RC_ASSERT(std::string_view(e.what()).starts_with("bad schedule string: "));
  }
}

Decision thread(std::uint32_t t, OpKind op, ObjectId object = kNoObject) { return {t, op, object, false}; }
Decision value(std::uint32_t v, std::uint32_t n) { return {v, OpKind::choose, n, true}; }

/// Thread decisions as the simulator records them: any op (a thread about to call choose()
/// is scheduled with op choose), any object including kNoObject.
rc::Gen<Decision> thread_decision() {
  return gen::apply([](std::uint32_t t, unsigned op, ObjectId o) { return thread(t, OpKind(op), o); },
                    gen::oneOf(gen::inRange<std::uint32_t>(0, 16), gen::inRange<std::uint32_t>(0, kNoThread)),
                    gen::inRange<unsigned>(0, kOpKindCount),
                    gen::oneOf(gen::inRange<ObjectId>(0, 128), gen::just(kNoObject), gen::arbitrary<ObjectId>()));
}

rc::Gen<Decision> value_decision() {
  constexpr std::uint32_t kMax = std::numeric_limits<std::uint32_t>::max();
  const auto options =
      gen::oneOf(gen::inRange<std::uint32_t>(2, 20), gen::inRange<std::uint32_t>(2, kMax), gen::just(kMax));
  return gen::mapcat(options, [](std::uint32_t n) {
    return gen::map(gen::inRange<std::uint32_t>(0, n), [n](std::uint32_t v) { return value(v, n); });
  });
}

rc::Gen<Schedule> schedule() {
  return gen::build<Schedule>(
      gen::set(&Schedule::strategy,
               gen::element(Strategy::random, Strategy::pct, Strategy::dfs, Strategy::dpor, Strategy::replay)),
      gen::set(&Schedule::seed,
               gen::oneOf(gen::arbitrary<std::uint64_t>(), gen::just(std::numeric_limits<std::uint64_t>::max()))),
      gen::set(&Schedule::execution),
      gen::set(&Schedule::timeouts, gen::element(TimeoutPolicy::when_idle, TimeoutPolicy::explore)),
      gen::set(&Schedule::shared_points, gen::element(SharedPoints::every_access, SharedPoints::sync_only)),
      gen::set(&Schedule::decisions,
               gen::container<std::vector<Decision>>(gen::oneOf(thread_decision(), value_decision()))));
}

}  // namespace

TEST_CASE("schedule strings round-trip and are one base64url token") {
  rc::prop("decode(encode(s)) == s, also with whitespace around it", [] {
    const Schedule s = *schedule();
    RC_LOG() << dump(s) << "\n";
    const std::string text = encode_schedule(s);
    RC_ASSERT(text.starts_with("weft1:"));
    RC_ASSERT(text.substr(6).find_first_not_of(kAlphabet) == std::string::npos);
    RC_ASSERT(decode_schedule(text) == s);
    RC_ASSERT(decode_schedule(" \t\n" + text + "\r\n ") == s);
  });
}

TEST_CASE("the byte layout is stable (a golden string)") {
  const Schedule s{Strategy::random, 0x5eed, 3, {thread(1, OpKind::lock_acquire, 0), value(1, 3)}};
  CHECK(encode_schedule(s) == wrap({0x00, 0xED, 0xBD, 0x01, 0x03, 0x02, 0x13, 0x01, 0x1C, 0x03}));
  CHECK(encode_schedule(s) == "weft1:AO29AQMCEwEcA2d5MwM");  // checked against Python's zlib.crc32
  CHECK(decode_schedule("weft1:AO29AQMCEwEcA2d5MwM") == s);
  CHECK(encode_schedule(Schedule{}) == wrap({0, 0, 0, 0}));
  CHECK(decode_schedule(encode_schedule(Schedule{})) == Schedule{});
  // The flags of the strategy byte: 0x10 timeouts explore, 0x20 Shared points sync_only.
  Schedule flagged;
  flagged.strategy = Strategy::dpor;
  flagged.shared_points = SharedPoints::sync_only;
  CHECK(encode_schedule(flagged) == wrap({0x23, 0, 0, 0}));
  flagged.timeouts = TimeoutPolicy::explore;
  CHECK(encode_schedule(flagged) == wrap({0x33, 0, 0, 0}));
  CHECK(decode_schedule(wrap({0x23, 0, 0, 0})).shared_points == SharedPoints::sync_only);
  CHECK(decode_schedule(wrap({0x03, 0, 0, 0})).shared_points == SharedPoints::every_access);
}

TEST_CASE("schedule strings are compact") {
  Schedule s{Strategy::random, std::numeric_limits<std::uint64_t>::max(), 999, {}};
  for (std::uint32_t i = 0; i < 200; ++i)
    s.decisions.push_back(thread(i % 16 == 15 ? 3 : i % 16, static_cast<OpKind>(i % 12), i % 127));
  const std::string text = encode_schedule(s);
  CHECK(text.size() < 200 * 2 * 4 / 3 + 40);
  CHECK(decode_schedule(text) == s);
  // Values, escaped ops, kNoObject and big ids still round-trip (just longer).
  s.decisions = {value(0, 2),        value(14, 15),      value(15, 16),
                 value(70000, 70001), thread(14, OpKind::check_failed), thread(15, OpKind::choose, 5),
                 thread(0, OpKind::sleep, 126), thread(0, OpKind::sleep, 127), thread(65534, OpKind::yield, 0xfffffffeu)};
  CHECK(decode_schedule(encode_schedule(s)) == s);
}

TEST_CASE("any input decodes to a schedule or a UsageError") {
  rc::prop("random bytes", [](const std::string& text) { decode_any(text); });
  rc::prop("random bytes after weft1:", [](const std::string& text) { decode_any("weft1:" + text); });
  rc::prop("random base64url after weft1:",
           [] { decode_any("weft1:" + *gen::container<std::string>(gen::elementOf(kAlphabet))); });
  rc::prop("random payloads with a valid checksum (often a plausible header)", [] {
    const auto byte = gen::oneOf(gen::arbitrary<std::uint8_t>(), gen::inRange<std::uint8_t>(0, 4),
                                 gen::element<std::uint8_t>(0x13, 0x1C, 0xF0, 0x0D, 0x0E, 0x80, 0xFF));
    Bytes payload = *gen::oneOf(gen::container<Bytes>(byte), gen::container<Bytes>(3, gen::inRange<std::uint8_t>(0, 6)));
    payload.push_back(*gen::inRange<std::uint8_t>(0, 8));  // the decision count, if the header was plausible
    const Bytes body = *gen::container<Bytes>(byte);
    payload.insert(payload.end(), body.begin(), body.end());
    decode_any(wrap(payload));
  });
  rc::prop("a valid payload with one byte changed, inserted or removed, and a fixed checksum", [] {
    Bytes payload = unwrap(encode_schedule(*gen::resize(20, schedule())));
    RC_ASSERT(wrap(payload) == encode_schedule(decode_schedule(wrap(payload))));
    const std::size_t at = *gen::inRange<std::size_t>(0, payload.size());
    const auto b = *gen::oneOf(gen::arbitrary<std::uint8_t>(), gen::inRange<std::uint8_t>(0, 16),
                               gen::element<std::uint8_t>(0x0C, 0x0D, 0x0E, 0x0F, 0x80, 0xF0, 0xFC, 0xFF));
    switch (*gen::inRange(0, 3)) {
      case 0: payload[at] = b; break;
      case 1: payload.insert(payload.begin() + static_cast<std::ptrdiff_t>(at), b); break;
      default: payload.erase(payload.begin() + static_cast<std::ptrdiff_t>(at)); break;
    }
    decode_any(wrap(payload));
  });
}

TEST_CASE("every single-character corruption or truncation is rejected") {
  rc::prop("replace, delete, insert one character; cut the end", [] {
    const Schedule s = *gen::resize(30, schedule());
    const std::string good = encode_schedule(s);
    RC_LOG() << good << "\n";
    const std::string others = std::string(kAlphabet) + " \n=.!:" + std::string(1, '\0') + "\xff";
    for (std::size_t i = 0; i < good.size(); ++i) {
      for (char c : others) {
        if (c == good[i]) continue;
        std::string bad = good;
        bad[i] = c;
        RC_ASSERT_THROWS_AS(decode_schedule(bad), UsageError);
      }
      RC_ASSERT_THROWS_AS(decode_schedule(std::string(good).erase(i, 1)), UsageError);
      RC_ASSERT_THROWS_AS(decode_schedule(good.substr(0, i)), UsageError);
    }
    for (std::size_t i = 0; i <= good.size(); ++i) {
      for (char c : {' ', '\n', 'A', '_'}) {
        const std::string longer = std::string(good).insert(i, 1, c);
        const bool harmless = (c == ' ' || c == '\n') && (i == 0 || i == good.size());
        if (harmless) RC_ASSERT(decode_schedule(longer) == s);
        if (!harmless) RC_ASSERT_THROWS_AS(decode_schedule(longer), UsageError);
      }
    }
  });
}

namespace {

// Strings that are not a schedule string at all, or not whole, and what decoding one says.
std::vector<std::pair<std::string, std::string>> bad_texts(const std::string& good) {
  return {
      {"", "it is empty"},
      {" \n\t ", "it is empty"},
      {"hello", "a schedule string starts with weft1:, this one begins \"hello\""},
      {"weft", "a schedule string starts with weft1:"},
      {"weftAAAA", "a schedule string starts with weft1:"},
      {"WEFT1:AAAA", "a schedule string starts with weft1:"},
      {good.substr(1), "a schedule string starts with weft1:"},
      {"weft7:AAAA", "weft7: was written by a newer weft; this one reads weft1:"},
      {"weft12:AAAA", "weft12: was written by a newer weft"},
      {"weft" + std::string(5000, '9') + ":x", "was written by a newer weft"},
      {"weft0:AAAA", "weft0: is not a schedule version this weft reads; it reads weft1:"},
      {"weft1:AB!C", "'!' at character 9 is not a base64url character"},
      {"weft1:ABC=", "'=' at character 10 is not a base64url character (A-Z a-z 0-9 - _); weft strings have no"},
      {"weft1:AB\x01" "C", "byte 0x01 at character 9"},
      {"weft1:AB\xC3\xA9", "byte 0xC3 at character 9"},
      {good.substr(0, 10) + "\n" + good.substr(10), "broken by a line break at character 11, but a schedule"},
      {"weft1:", "truncated"},
      {"weft1:AAAA", "truncated"},
      {"weft1:AAAAAAAAAAAAA", "truncated"},  // 13 characters: the last holds no whole byte
      {good.substr(0, good.size() - 1), "altered or cut when copied"},
  };
}

// Payloads with a valid checksum that are still not a schedule, and what decoding one says.
std::vector<std::pair<Bytes, std::string>> bad_payloads() {
  return {
      {{9, 0, 0, 0}, "the header: unknown strategy 9"},
      {{0x42, 0, 0, 0}, "the header: strategy byte 66 has unknown flag bits"},
      {{0, 0, 0, 1, 0x0D, kOpKindCount, 1}, "decision 1: unknown operation kind " + std::to_string(kOpKindCount) +
                                                 " (this weft knows " + std::to_string(kOpKindCount) + ")"},
      {{0, 0, 0, 1, 0x0D, 200, 1}, "unknown operation kind 200"},
      {{0, 0, 0, 2, 0x11, 1, 0x5C, 3}, "decision 2: chooses value 5 of only 3 options"},
      {{0, 0, 0, 1, 0xFC, 0x10, 0x10}, "chooses value 16 of only 16 options"},
      {{0, 0, 0, 1, 0x0C, 1}, "a choice among 1 options is never recorded"},
      {{0, 0, 0, 1, 0x0C, 0x80, 0x80, 0x80, 0x80, 0x10}, "a choice among 4294967296"},
      {{0, 0, 0, 1, 0xF0, 0xFF, 0xFF, 0x03, 0}, "thread id 65535 is out of range"},
      {{0, 0, 0, 1, 0x00, 0x81, 0x80, 0x80, 0x80, 0x10}, "object id 4294967296 is out of range"},
      {{0, 0, 0, 1, 0x0E, 0}, "decision 1: unknown tag 14"},
      {{0, 0, 0, 1, 0x0F, 0}, "decision 1: unknown tag 15"},
      {{0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, "it claims 4294967295 decisions but has room for at most 0"},
      {{0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0, 0},
       "it claims 18446744073709551615 decisions but has room for at most 1"},
      {{0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0, 0}, "a number does not fit in 64 bits"},
      {{0, 0x80, 0x00, 0, 0}, "the header: a number is not in its shortest encoding"},
      {{0, 0, 0, 1, 0xF0, 0x05, 0}, "decision 1: a number is not in its shortest encoding"},
      {{0, 0, 0, 1, 0x0D, 3, 0}, "operation kind 3 is not in its shortest encoding"},
      {{0, 0, 0, 1, 0xF0, 0x80, 0x80}, "decision 1: the payload is truncated inside it"},
      {{0, 0x80, 0x80, 0x80}, "the header: the payload is truncated inside it"},
      {{0, 0, 0, 0, 7}, "1 unexpected trailing byte(s) after the last decision"},
      {{0, 0, 0, 1, 0x13, 1, 7, 7}, "2 unexpected trailing byte(s)"},
  };
}

}  // namespace

TEST_CASE("a bad schedule string says what is wrong") {
  const std::string good = encode_schedule(Schedule{Strategy::random, 42, 7, {thread(1, OpKind::lock_acquire, 0)}});
  SECTION("empty, no weft1: prefix, another version, not base64url, truncated") {
    const std::vector<std::pair<std::string, std::string>> cases = bad_texts(good);
    for (const auto& [text, message] : cases) {
      INFO(text.substr(0, 40));
      CHECK_THROWS_WITH(decode_schedule(text), Contains(message));
    }
  }
  SECTION("checksum mismatch") {
    std::string bad = good;
    bad[8] = bad[8] == 'A' ? 'B' : 'A';
    CHECK_THROWS_WITH(decode_schedule(bad), Contains("the string was altered or cut when copied: checksum mismatch") &&
                                                Contains("Copy the whole weft1:"));
    CHECK_THROWS_WITH(decode_schedule("weft1:" + std::string(1 << 20, 'A')), Contains("checksum mismatch"));
  }
  SECTION("stray bits in the last character") {
    std::string bad = good;  // 10 bytes: the last character holds 2 bits of data and 4 zero bits
    REQUIRE((bad.size() - 6) % 4 == 2);
    bad.back() = kAlphabet[kAlphabet.find(bad.back()) | 1];
    CHECK_THROWS_WITH(decode_schedule(bad), Contains("stray bits"));
  }
  SECTION("out-of-range fields, absurd counts, bad numbers, truncation, trailing bytes (valid checksum)") {
    const std::vector<std::pair<Bytes, std::string>> cases = bad_payloads();
    for (const auto& [payload, message] : cases) {
      INFO(wrap(payload));
      CHECK_THROWS_WITH(decode_schedule(wrap(payload)), Contains(message) && Contains("incompatible weft build"));
    }
  }
}

TEST_CASE("describe names a decision for divergence messages") {
  CHECK(describe(thread(2, OpKind::lock_acquire, 3)) == "T2 lock.acquire #3");
  CHECK(describe(thread(0, OpKind::yield)) == "T0 yield");
  CHECK(describe(thread(1, OpKind::shared_write, 0)) == "T1 write #0");
  CHECK(describe(value(1, 3)) == "choose 1 of 3");
}
