#pragma once
// Resource bounds every fuzz target checks per input, beyond what the
// sanitizers and libFuzzer's -timeout/-rss_limit_mb catch: an input of N bytes
// may use at most kBytesPerByte * N + kFixedBytes of heap at its peak and at
// most kTimePerByte * N + kFixedTime of wall time. A blow-up (a macro or alias
// bomb, a copy of a list per list value) aborts, which libFuzzer reports.
//
// The heap is counted through the sanitizer allocator's hooks, so this works
// only in the instrumented fuzz build (ASan), which is the only place it is used.

#include <sanitizer/allocator_interface.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace ruledex::fuzz {

inline constexpr int64_t kBytesPerByte = 1024;
inline constexpr int64_t kFixedBytes = 32 << 20;
inline constexpr std::chrono::microseconds kTimePerByte{1000};
inline constexpr std::chrono::seconds kFixedTime{2};

namespace detail {

inline std::atomic<int64_t> live_bytes{0};
inline std::atomic<int64_t> peak_bytes{0};

inline void on_malloc(const volatile void*, size_t size) {
  const int64_t live = live_bytes.fetch_add(static_cast<int64_t>(size), std::memory_order_relaxed) + size;
  int64_t peak = peak_bytes.load(std::memory_order_relaxed);
  while (live > peak && !peak_bytes.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
  }
}

inline void on_free(const volatile void* pointer) {
  if (pointer && __sanitizer_get_ownership(const_cast<const void*>(pointer)))
    live_bytes.fetch_sub(static_cast<int64_t>(__sanitizer_get_allocated_size(const_cast<const void*>(pointer))),
                         std::memory_order_relaxed);
}

inline const int hooks_installed = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);

}  // namespace detail

// Declare one at the top of LLVMFuzzerTestOneInput; its destructor checks.
class ResourceGuard {
 public:
  explicit ResourceGuard(size_t input_size)
      : input_size_(static_cast<int64_t>(input_size)),
        baseline_(detail::live_bytes.load(std::memory_order_relaxed)),
        start_(std::chrono::steady_clock::now()) {
    detail::peak_bytes.store(baseline_, std::memory_order_relaxed);
  }
  ResourceGuard(const ResourceGuard&) = delete;
  ResourceGuard& operator=(const ResourceGuard&) = delete;

  ~ResourceGuard() {
    const int64_t used = detail::peak_bytes.load(std::memory_order_relaxed) - baseline_;
    const int64_t allowed = kBytesPerByte * input_size_ + kFixedBytes;
    if (used > allowed) fail("heap", used, allowed);
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start_);
    const auto limit = kTimePerByte * input_size_ + kFixedTime;
    if (elapsed > limit) fail("time (us)", elapsed.count(), std::chrono::duration_cast<std::chrono::microseconds>(limit).count());
  }

 private:
  [[noreturn]] void fail(const char* what, int64_t used, int64_t allowed) const {
    std::fprintf(stderr, "resource bound exceeded: %s %lld for an input of %lld bytes (allowed %lld)\n", what,
                 static_cast<long long>(used), static_cast<long long>(input_size_), static_cast<long long>(allowed));
    std::abort();
  }

  int64_t input_size_;
  int64_t baseline_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace ruledex::fuzz
