#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ttnn {

// A fixed set of worker threads plus the calling thread. One pool per device (docs/architecture.md, Layers: no nested
// parallelism on 2 cores): a parallel_for called from inside another parallel_for runs inline on the calling thread.
class ThreadPool {
public:
    explicit ThreadPool(int num_threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return static_cast<int>(workers_.size()) + 1; }

    // Calls body(begin, end) over disjoint chunks covering [0, count), each at least `grain` long except the
    // last. Returns when every chunk is done; the first exception thrown by a chunk is rethrown here.
    void parallel_for(size_t count, size_t grain, const std::function<void(size_t, size_t)>& body);

    // Threads used when no option says otherwise: TTNN_NUM_THREADS if set, else the hardware's cores.
    static int default_thread_count();
    // The pool for host-side work that belongs to no device (conversions of host tensors).
    static ThreadPool& host();

private:
    struct Job;
    void worker_loop();
    void run_chunks(Job& job);
    bool spin_for_job(uint64_t seen_generation) const;

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    Job* job_ = nullptr;
    // Written under mutex_; read without it by workers spinning for the next job.
    std::atomic<uint64_t> generation_{0};
    bool stopping_ = false;
    std::mutex submit_mutex_;
};

}  // namespace ttnn
