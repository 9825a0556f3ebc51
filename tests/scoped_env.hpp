// A test helper: sets one environment variable for the lifetime of a scope.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

namespace weft::test {

/// Sets the environment variable `name` to `value` on construction; on destruction puts back
/// what was there before: the earlier value, or no variable at all when it was unset. Not
/// copyable, so exactly one object restores a given setting. Not thread-safe (setenv is not):
/// construct and destroy it where no other thread reads the environment, as the tests do
/// outside explore()/run(). Nested ScopedEnvs of one name must end in reverse order, which
/// scoping gives for free.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) previous_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (previous_)
      ::setenv(name_.c_str(), previous_->c_str(), 1);
    else
      ::unsetenv(name_.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> previous_;
};

}  // namespace weft::test
