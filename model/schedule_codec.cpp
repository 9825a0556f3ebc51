// The schedule string codec: "weft1:" + base64url (RFC 4648 §5, no padding) of this payload.
//
//   u8      strategy        low 4 bits: weft::Strategy (0 random .. 4 replay, 5 pos, 6 surw); bit 4 (0x10):
//                           TimeoutPolicy::explore (clear: when_idle); bit 5 (0x20):
//                           SharedPoints::sync_only (clear: every_access); bits 6-7 zero.
//                           Strings from before a flag (always 0 there) read as its default.
//   varint  seed            unsigned LEB128, canonical (shortest form), at most 64 bits
//   varint  execution
//   varint  count           number of decisions; each takes >= 2 bytes, so count <= left / 2
//   count x decision        head = u8 (hi << 4 | lo), then fields by tag:
//     lo 0..11   thread decision, op = lo (thread_start .. sleep)
//     lo 12      value decision (op choose)
//     lo 13      thread decision, op in an u8 right after the head (only for ops >= 12)
//     lo 14, 15  reserved (rejected)
//     hi 0..14   the thread id / chosen value; hi 15: a varint (>= 15) follows with it
//     thread:    head [u8 op] [varint id] varint object+1   (mod 2^32: 0 stands for kNoObject)
//     value:     head [varint value] varint n               (options; 2 <= n < 2^32, value < n)
//   u32     CRC-32 (IEEE 802.3, as zlib's crc32) of every byte before it, little-endian
//
// A thread decision with id < 15, op < 12 and object < 127 is 2 bytes; a choice of a value
// below 15 among fewer than 128 options is 2 bytes. CRC-32 detects every error burst of up to
// 32 bits, so any single changed character (6 bits) is caught; the unused low bits of the last
// character must be zero so that no character can change without changing the bytes.
// Decoding only accepts the canonical form: an accepted string is what the encoder makes.
#include "model/schedule_codec.hpp"

#include <array>
#include <limits>

#include <weft/errors.hpp>

namespace weft::model {

namespace {

constexpr std::string_view kPrefix = "weft1:";
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr unsigned kCompactOps = 12, kValueTag = 12, kOpEscape = 13, kBig = 15;
constexpr unsigned kExploreTimeouts = 0x10;  // flags in the strategy byte
constexpr unsigned kSyncOnlyShared = 0x20;
static_assert(kOpKindCount >= kCompactOps && kOpKindCount <= 256);

constexpr std::string_view kCopyHint = " Copy the whole weft1:... token printed by the failing run, as one line.";
constexpr std::string_view kBuildHint =
    " Its checksum matches, so it was not damaged in copying: an incompatible weft build made it."
    " Rerun the exploration with this build to get a new schedule string.";

[[noreturn]] void fail(const std::string& what, std::string_view hint) {
  throw UsageError("bad schedule string: " + what + "." + std::string(hint));
}

std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
  static constexpr std::array<std::uint32_t, 256> kCrcTable = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      t[i] = i;
      for (int k = 0; k < 8; ++k) t[i] = (t[i] & 1u) ? 0xEDB88320u ^ (t[i] >> 1) : t[i] >> 1;
    }
    return t;
  }();
  std::uint32_t c = 0xffffffffu;
  for (std::size_t i = 0; i < n; ++i) c = kCrcTable[(c ^ p[i]) & 0xffu] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

void put_varint(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<std::uint8_t>(v | 0x80));
  out.push_back(static_cast<std::uint8_t>(v));
}

/// A character as an error message names it.
std::string show(unsigned char c) {
  if (c == ' ' || c == '\t') return c == ' ' ? "a space" : "a tab";
  if (c == '\n' || c == '\r') return c == '\n' ? "a line break" : "a carriage return";
  if (c > 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  constexpr char hex[] = "0123456789ABCDEF";
  return std::string("byte 0x") + hex[c >> 4] + hex[c & 15];
}

/// The start of the input, printable, for "it begins ..." messages.
std::string snippet(std::string_view text) {
  std::string s = "\"";
  for (std::size_t i = 0; i < text.size() && i < 16; ++i)
    s += text[i] > 0x20 && text[i] < 0x7f ? text[i] : '?';
  return s + (text.size() > 16 ? "...\"" : "\"");
}

/// The base64url text after a valid "weft1:"; throws for a missing prefix or another version.
std::string_view strip_prefix(std::string_view text) {
  if (text.starts_with(kPrefix)) return text.substr(kPrefix.size());
  const std::string missing = "a schedule string starts with weft1:, this one begins " + snippet(text);
  if (!text.starts_with("weft")) fail(missing, kCopyHint);
  std::size_t end = 4;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  if (end == 4 || end >= text.size() || text[end] != ':') fail(missing, kCopyHint);
  std::string_view digits = text.substr(4, end - 4);
  while (!digits.empty() && digits.front() == '0') digits.remove_prefix(1);
  const std::string tag =
      end <= 24 ? std::string(text.substr(0, end + 1)) : "weft" + std::string(digits.substr(0, 8)) + "...:";
  if (digits.size() > 1 || (digits.size() == 1 && digits[0] > '1'))
    fail(tag + " was written by a newer weft; this one reads weft1:",
         " Replay it with the weft version that printed it, or rerun the exploration with this one.");
  fail(tag + " is not a schedule version this weft reads; it reads weft1:", kCopyHint);
}

std::vector<std::uint8_t> from_base64url(std::string_view body) {
  static constexpr std::array<std::int8_t, 256> kValue = [] {
    std::array<std::int8_t, 256> v{};
    v.fill(-1);
    for (std::size_t i = 0; i < kAlphabet.size(); ++i)
      v[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    return v;
  }();
  std::vector<std::uint8_t> out;
  out.reserve(body.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    if (kValue[c] < 0) {
      const std::string at = " at character " + std::to_string(kPrefix.size() + i + 1);
      if (c == ' ' || (c >= '\t' && c <= '\r'))
        fail("it is broken by " + show(c) + at + ", but a schedule string is one unbroken token",
             " Join the pieces (line wrapping may have split it), or copy the weft1:... token again.");
      fail(show(c) + at + " is not a base64url character (A-Z a-z 0-9 - _)" +
               (c == '=' ? "; weft strings have no '=' padding" : ""), kCopyHint);
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(kValue[c]);
    if ((bits += 6) >= 8) out.push_back(static_cast<std::uint8_t>(acc >> (bits -= 8)));
    acc &= (1u << bits) - 1;  // keep only the bits not yet output
  }
  if (bits == 6) fail("the string was altered or cut when copied: it is truncated (a dangling character)", kCopyHint);
  if (acc != 0) fail("the string was altered or cut when copied: its last character has stray bits", kCopyHint);
  return out;
}

/// Reads the checksummed payload; every error names the field being read.
struct Reader {
  const std::vector<std::uint8_t>& bytes;
  std::size_t end, pos = 0;
  std::uint64_t decision = 0;  // 1-based; 0 while reading the header

  std::size_t left() const { return end - pos; }
  [[noreturn]] void bad(const std::string& what) const {
    fail((decision == 0 ? "the header" : "decision " + std::to_string(decision)) + ": " + what, kBuildHint);
  }
  std::uint8_t byte() {
    if (pos >= end) bad("the payload is truncated inside it");
    return bytes[pos++];
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const std::uint8_t c = byte();
      if (shift == 63 && c > 1) bad("a number does not fit in 64 bits");
      v |= static_cast<std::uint64_t>(c & 0x7f) << shift;
      if (c & 0x80) continue;
      if (c == 0 && shift > 0) bad("a number is not in its shortest encoding");
      return v;
    }
  }
};

sim::Decision read_decision(Reader& r) {
  const unsigned head = r.byte(), hi = head >> 4, lo = head & 15u;
  if (lo > kOpEscape) r.bad("unknown tag " + std::to_string(lo));
  unsigned op = lo;
  if (lo == kOpEscape) {
    op = r.byte();
    if (op >= kOpKindCount)
      r.bad("unknown operation kind " + std::to_string(op) + " (this weft knows " + std::to_string(kOpKindCount) +
            ")");
    if (op < kCompactOps) r.bad("operation kind " + std::to_string(op) + " is not in its shortest encoding");
  }
  std::uint64_t v = hi;
  if (hi == kBig && (v = r.varint()) < kBig) r.bad("a number is not in its shortest encoding");
  if (lo == kValueTag) {
    const std::uint64_t n = r.varint();
    if (n < 2 || n > std::numeric_limits<std::uint32_t>::max())
      r.bad("a choice among " + std::to_string(n) + " options is never recorded");
    if (v >= n) r.bad("chooses value " + std::to_string(v) + " of only " + std::to_string(n) + " options");
    return sim::Decision{static_cast<std::uint32_t>(v), OpKind::choose, static_cast<ObjectId>(n), true};
  }
  if (v >= kNoThread) r.bad("thread id " + std::to_string(v) + " is out of range");
  const std::uint64_t object = r.varint();
  if (object > std::numeric_limits<std::uint32_t>::max())
    r.bad("object id " + std::to_string(object - 1) + " is out of range");
  const auto id = static_cast<ObjectId>(object - 1);  // mod 2^32: 0 is kNoObject
  return sim::Decision{static_cast<std::uint32_t>(v), static_cast<OpKind>(op), id, false};
}

}  // namespace

std::string encode_schedule(const Schedule& s) {
  std::vector<std::uint8_t> p;
  p.reserve(40 + 2 * s.decisions.size());
  p.push_back(static_cast<std::uint8_t>(static_cast<unsigned>(s.strategy) |
                                        (s.timeouts == TimeoutPolicy::explore ? kExploreTimeouts : 0u) |
                                        (s.shared_points == SharedPoints::sync_only ? kSyncOnlyShared : 0u)));
  put_varint(p, s.seed);
  put_varint(p, s.execution);
  put_varint(p, s.decisions.size());
  for (const sim::Decision& d : s.decisions) {
    const auto op = static_cast<unsigned>(d.op);
    const unsigned lo = d.is_value ? kValueTag : op < kCompactOps ? op : kOpEscape;
    const unsigned hi = d.value < kBig ? d.value : kBig;
    p.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    if (lo == kOpEscape) p.push_back(static_cast<std::uint8_t>(op));
    if (hi == kBig) put_varint(p, d.value);
    put_varint(p, d.is_value ? d.object : static_cast<ObjectId>(d.object + 1));
  }
  const std::uint32_t crc = crc32(p.data(), p.size());
  for (int i = 0; i < 4; ++i) p.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));

  std::string out(kPrefix);
  out.reserve(kPrefix.size() + (p.size() * 4 + 2) / 3);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::uint8_t c : p) {
    acc = (acc << 8) | c;
    for (bits += 8; bits >= 6; acc &= (1u << bits) - 1) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63u];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63u];
  return out;
}

Schedule decode_schedule(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\r\v\f";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) fail("it is empty", kCopyHint);
  text = text.substr(first, text.find_last_not_of(kSpace) - first + 1);

  const std::vector<std::uint8_t> bytes = from_base64url(strip_prefix(text));
  if (bytes.size() < 8)  // strategy, seed, execution, count, crc
    fail("the string was altered or cut when copied: it is truncated (too short)", kCopyHint);
  const std::size_t end = bytes.size() - 4;
  std::uint32_t stored = 0;
  for (std::size_t i = 0; i < 4; ++i) stored |= static_cast<std::uint32_t>(bytes[end + i]) << (8 * i);
  if (stored != crc32(bytes.data(), end))
    fail("the string was altered or cut when copied: checksum mismatch", kCopyHint);

  Reader r{bytes, end};
  Schedule s;
  const unsigned head = r.byte(), strategy = head & 15u;
  if (strategy > static_cast<unsigned>(Strategy::surw)) r.bad("unknown strategy " + std::to_string(strategy));
  if (head & ~(15u | kExploreTimeouts | kSyncOnlyShared))
    r.bad("strategy byte " + std::to_string(head) + " has unknown flag bits");
  if (head & kExploreTimeouts) s.timeouts = TimeoutPolicy::explore;
  if (head & kSyncOnlyShared) s.shared_points = SharedPoints::sync_only;
  s.strategy = static_cast<Strategy>(strategy);
  s.seed = r.varint();
  s.execution = r.varint();
  const std::uint64_t count = r.varint();
  if (count > r.left() / 2)
    r.bad("it claims " + std::to_string(count) + " decisions but has room for at most " +
          std::to_string(r.left() / 2));
  s.decisions.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    r.decision = i + 1;
    s.decisions.push_back(read_decision(r));
  }
  if (r.left() != 0)
    fail(std::to_string(r.left()) + " unexpected trailing byte(s) after the last decision", kBuildHint);
  return s;
}

std::string describe(const sim::Decision& d) {
  if (d.is_value) return "choose " + std::to_string(d.value) + " of " + std::to_string(d.object);
  std::string s = "T" + std::to_string(d.value) + " " + std::string(to_string(d.op));
  if (d.object != kNoObject) s += " #" + std::to_string(d.object);
  return s;
}

}  // namespace weft::model
