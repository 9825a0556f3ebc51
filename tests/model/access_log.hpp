#pragma once
// The canonical name of an execution's Mazurkiewicz trace, for tests that compare the traces
// dpor and dfs reach: per object, its accesses in order (a lock's acquire and release count as
// writes, so one entry per critical section), each run of reads sorted, since reads commute.
// With program order, that names the whole trace.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace weft::test {

class AccessLog {
 public:
  void read(int object, int thread) { per_object_[object].push_back({false, thread}); }
  void write(int object, int thread) { per_object_[object].push_back({true, thread}); }
  /// "|object:W1,R0.2.,..." for every object, in ascending object order.
  std::string trace() const {
    std::string s;
    for (const auto& [object, accesses] : per_object_) {
      s += "|" + std::to_string(object) + ":";
      for (std::size_t i = 0; i < accesses.size();) {
        if (accesses[i].write) {
          s += "W" + std::to_string(accesses[i++].thread) + ",";
          continue;
        }
        std::vector<int> readers;
        while (i < accesses.size() && !accesses[i].write) readers.push_back(accesses[i++].thread);
        std::sort(readers.begin(), readers.end());
        s += "R";
        for (int r : readers) s += std::to_string(r) + ".";
        s += ",";
      }
    }
    return s;
  }

 private:
  struct Access {
    bool write;
    int thread;
  };
  std::map<int, std::vector<Access>> per_object_;
};

}  // namespace weft::test
