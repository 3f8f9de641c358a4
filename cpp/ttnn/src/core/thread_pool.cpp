#include "ttnn/thread_pool.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <string>

#include "ttnn/error.hpp"

namespace ttnn {
namespace {
// True on pool workers and on a caller while it runs a job: a nested parallel_for then runs inline.
thread_local bool t_inside_parallel_region = false;

// How long a worker (and a caller waiting for the last chunk) spins before sleeping. Ops come back to back
// within a model; a worker asleep on a futex must be woken and rescheduled for every op, which on a loaded
// 2-core machine can take longer than a small op (the caller then does all the chunks alone).
constexpr auto kSpin = std::chrono::microseconds(500);

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
}

// Spins until done() or kSpin has passed; returns done(). After a short busy spin it yields between checks:
// on an idle core yield returns at once, on a loaded one it lets the thread we wait for (or another
// process) run instead of burning the time slice.
template <typename Done>
bool spin_until(Done done) {
    for (int i = 0; i < 256; ++i) {
        if (done())
            return true;
        cpu_relax();
    }
    const auto deadline = std::chrono::steady_clock::now() + kSpin;
    for (;;) {
        for (int i = 0; i < 8; ++i) {
            if (done())
                return true;
            std::this_thread::yield();
        }
        if (std::chrono::steady_clock::now() >= deadline)
            return done();
    }
}
}  // namespace

struct ThreadPool::Job {
    const std::function<void(size_t, size_t)>* body = nullptr;
    size_t count = 0;
    size_t chunk = 1;
    std::atomic<size_t> next_chunk{0};
    size_t chunk_count = 0;
    std::atomic<int> active_workers{0};  // changed under the pool's mutex_
    std::mutex error_mutex;
    std::exception_ptr error;
};

ThreadPool::ThreadPool(int num_threads) {
    TTNN_CHECK(num_threads >= 1, VALUE, "ThreadPool: thread count must be positive; expected >= 1, got ", num_threads);
    for (int i = 1; i < num_threads; ++i) {
        workers_.emplace_back([this] { worker_loop(); });
    }
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& worker : workers_) {
        worker.join();
    }
}

int ThreadPool::default_thread_count() {
    if (const char* env = std::getenv("TTNN_NUM_THREADS"); env != nullptr && *env != '\0') {
        char* end = nullptr;
        const long value = std::strtol(env, &end, 10);
        TTNN_CHECK(end != env && *end == '\0' && value >= 1 && value <= 1024,
                   VALUE,
                   "TTNN_NUM_THREADS: expected an integer from 1 to 1024, got '",
                   env,
                   "'");
        return static_cast<int>(value);
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

ThreadPool& ThreadPool::host() {
    static ThreadPool pool(default_thread_count());
    return pool;
}

void ThreadPool::run_chunks(Job& job) {
    for (;;) {
        const size_t index = job.next_chunk.fetch_add(1, std::memory_order_relaxed);
        if (index >= job.chunk_count) {
            return;
        }
        const size_t begin = index * job.chunk;
        const size_t end = std::min(job.count, begin + job.chunk);
        try {
            (*job.body)(begin, end);
        } catch (...) {
            std::lock_guard lock(job.error_mutex);
            if (!job.error) {
                job.error = std::current_exception();
            }
        }
    }
}

bool ThreadPool::spin_for_job(uint64_t seen_generation) const {
    return spin_until([&] { return generation_.load(std::memory_order_acquire) != seen_generation; });
}

void ThreadPool::worker_loop() {
    t_inside_parallel_region = true;
    uint64_t seen_generation = 0;
    std::unique_lock lock(mutex_);
    for (;;) {
        lock.unlock();
        spin_for_job(seen_generation);
        lock.lock();
        wake_.wait(lock, [&] { return stopping_ || generation_ != seen_generation; });
        if (stopping_) {
            return;
        }
        seen_generation = generation_;
        Job* job = job_;
        if (job == nullptr) {
            continue;  // the caller finished that job alone before this worker got to it
        }
        ++job->active_workers;
        lock.unlock();
        run_chunks(*job);
        lock.lock();
        if (--job->active_workers == 0) {
            done_.notify_all();
        }
    }
}

void ThreadPool::parallel_for(size_t count, size_t grain, const std::function<void(size_t, size_t)>& body) {
    if (count == 0) {
        return;
    }
    grain = std::max<size_t>(grain, 1);
    if (t_inside_parallel_region || workers_.empty() || count <= grain) {
        body(0, count);
        return;
    }
    std::lock_guard submit_lock(submit_mutex_);
    Job job;
    job.body = &body;
    job.count = count;
    // A few chunks per thread balance uneven rows without paying for many tiny tasks.
    const size_t target_chunks = static_cast<size_t>(size()) * 4;
    job.chunk = std::max(grain, (count + target_chunks - 1) / target_chunks);
    job.chunk_count = (count + job.chunk - 1) / job.chunk;
    {
        std::lock_guard lock(mutex_);
        job_ = &job;
        ++generation_;
    }
    wake_.notify_all();
    t_inside_parallel_region = true;
    run_chunks(job);
    t_inside_parallel_region = false;
    spin_until([&] { return job.active_workers.load(std::memory_order_acquire) == 0; });
    {
        std::unique_lock lock(mutex_);
        done_.wait(lock, [&] { return job.active_workers == 0; });
        job_ = nullptr;
    }
    if (job.error) {
        std::rethrow_exception(job.error);
    }
}

}  // namespace ttnn
