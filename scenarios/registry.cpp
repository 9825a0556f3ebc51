#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {

namespace {
std::vector<Scenario>& registry() {
  static std::vector<Scenario> r;
  return r;
}
bool g_sorted = false;
}  // namespace

Registrar::Registrar(Scenario s) {
  for (const Scenario& existing : registry()) {
    if (existing.name == s.name) {
      std::fprintf(stderr, "weft: two scenarios are named '%s'; rename one\n", s.name.c_str());
      std::abort();
    }
  }
  registry().push_back(std::move(s));
  g_sorted = false;
}

const std::vector<Scenario>& all() {
  if (!g_sorted) {
    std::sort(registry().begin(), registry().end(),
              [](const Scenario& a, const Scenario& b) { return a.name < b.name; });
    g_sorted = true;
  }
  return registry();
}

const Scenario* find(const std::string& name) {
  for (const Scenario& s : all())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace weft::scenarios
