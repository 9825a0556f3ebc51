// dfs keeps a value decision's untried alternatives as a range, so a huge choose(n) costs no
// more than choose(2): three executions of choose(1'000'000'000) finish at once, in order.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include <weft/weft.hpp>

using namespace weft;

TEST_CASE("dfs: choose(1e9) takes constant memory per decision and tries 0, 1, 2 first") {
  Options o;
  o.strategy = Strategy::dfs;
  o.max_executions = 3;
  o.use_environment = false;
  std::vector<std::uint32_t> seen;
  const Result r = explore(o, [&] { seen.push_back(choose(1'000'000'000)); });
  INFO(r.summary());
  CHECK(r.ok());
  CHECK_FALSE(r.stats().complete);
  CHECK(seen == std::vector<std::uint32_t>{0, 1, 2});
}

TEST_CASE("dfs: values after threads, and the last value of a range ends the search") {
  Options o;
  o.strategy = Strategy::dfs;
  o.use_environment = false;
  std::vector<std::uint32_t> seen;
  const Result r = explore(o, [&] {
    const std::uint32_t a = choose(3);
    seen.push_back(a * 10 + choose(a + 2));
  });
  CHECK(r.ok());
  CHECK(r.stats().complete);
  CHECK(seen == std::vector<std::uint32_t>{0, 1, 10, 11, 12, 20, 21, 22, 23});
}
