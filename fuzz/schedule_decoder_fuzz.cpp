// libFuzzer target: weft::model::decode_schedule, the parser of the "weft1:..." strings users
// paste into `weft replay` (model/schedule_codec.hpp).
//
// Each input is decoded twice:
//   1. as text, exactly as a user could paste it;
//   2. as a payload: the bytes get a valid CRC-32, base64url and the "weft1:" prefix, so the
//      fuzzer reaches the field reader behind the checksum, which random text almost never passes.
// The contract checked: decode_schedule either throws weft::UsageError or returns a schedule
// whose encode_schedule is the (trimmed) input and which decodes back to itself.
// A finding: a crash, a sanitizer report, another exception type, a hang, or a broken
// round trip (reported with __builtin_trap()).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <weft/errors.hpp>

#include "model/schedule_codec.hpp"

namespace {

// CRC-32 (IEEE 802.3, reflected, as zlib's crc32): the checksum the codec appends.
std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
  std::uint32_t c = 0xffffffffu;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xffffffffu;
}

// "weft1:" + base64url (no padding, unused low bits zero) of `bytes` + their CRC-32, little-endian.
std::string wrap_payload(std::vector<std::uint8_t> bytes) {
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::uint32_t crc = crc32(bytes.data(), bytes.size());
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
  std::string out = "weft1:";
  std::uint32_t acc = 0;
  int bits = 0;
  for (const std::uint8_t b : bytes) {
    acc = (acc << 8) | b;
    for (bits += 8; bits >= 6; bits -= 6) out += kAlphabet[(acc >> (bits - 6)) & 63u];
    acc &= (1u << bits) - 1;
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63u];
  return out;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\r\v\f";
  const std::size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// Decodes `text`; a UsageError is the right answer to bad input, anything else escapes.
void check(std::string_view text) {
  weft::model::Schedule s;
  try {
    s = weft::model::decode_schedule(text);
  } catch (const weft::UsageError&) {
    return;
  }
  const std::string again = weft::model::encode_schedule(s);
  if (again != trim(text)) __builtin_trap();                         // accepted a non-canonical string
  if (!(weft::model::decode_schedule(again) == s)) __builtin_trap();  // round trip lost something
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check(std::string_view(reinterpret_cast<const char*>(data), size));
  check(wrap_payload(std::vector<std::uint8_t>(data, data + size)));
  return 0;
}
