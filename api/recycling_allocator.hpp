#pragma once
// RecyclingAllocator: an allocator for std::allocate_shared that keeps freed blocks of one size
// on a per-OS-thread list and hands them out again (internal).
//
// Why: a test body starts threads by the dozen in every execution, and each weft::Thread
// allocates its shared state. glibc's per-thread cache keeps only 7 blocks of a size, so a body
// that starts 13 threads sends the rest through the slower general path at every execution.
// Here up to kKeep blocks per thread are kept. A block freed on another OS thread than the one
// that allocated it joins that other thread's list: blocks are plain operator new memory, so any
// thread may reuse or delete them. Under AddressSanitizer nothing is kept, so a use after free
// of these objects is still caught.
#include <cstddef>
#include <new>

namespace weft::detail {

/// A list of free blocks of `Size` bytes for the calling OS thread. Its destructor (at thread
/// exit) deletes them; blocks freed after that, by other thread-local destructors, are deleted
/// at once.
template <std::size_t Size>
class BlockRecycler {
 public:
  static constexpr std::size_t kKeep = 64;

  static void* take() {
    List& l = list();
    if (l.head == nullptr) return ::operator new(Size);
    Node* n = l.head;
    l.head = n->next;
    --l.count;
    return n;
  }

  static void give_back(void* p) {
#if defined(__SANITIZE_ADDRESS__)
    ::operator delete(p);
#else
    if (t_gone || list().count == kKeep) {
      ::operator delete(p);
      return;
    }
    List& l = list();
    l.head = new (p) Node{l.head};
    ++l.count;
#endif
  }

 private:
  struct Node {
    Node* next;
  };
  static_assert(Size >= sizeof(Node));
  struct List {
    Node* head = nullptr;
    std::size_t count = 0;
    ~List() {
      t_gone = true;
      while (head != nullptr) {
        Node* n = head;
        head = n->next;
        ::operator delete(n);
      }
    }
  };
  static List& list() {
    thread_local List l;
    return l;
  }
  // Trivially destructible, so it can still be read while other thread-locals are destroyed.
  static inline thread_local bool t_gone = false;
};

/// std::allocator's contract for one object at a time through BlockRecycler; arrays fall back
/// to operator new.
template <class T>
struct RecyclingAllocator {
  using value_type = T;
  RecyclingAllocator() = default;
  template <class U>
  RecyclingAllocator(const RecyclingAllocator<U>&) noexcept {}

  static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);

  T* allocate(std::size_t n) {
    if (n == 1) return static_cast<T*>(BlockRecycler<sizeof(T)>::take());
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n == 1) BlockRecycler<sizeof(T)>::give_back(p);
    else ::operator delete(p);
  }
  template <class U>
  bool operator==(const RecyclingAllocator<U>&) const noexcept { return true; }
};

}  // namespace weft::detail
