// ThreadPool::parallel_for: coverage of every index exactly once, the chunk contract, nested calls running
// inline, exception propagation, real concurrency, and the thread-count options.
// To add a case: add a count to kCounts, a grain to kGrains or a size to kPoolSizes; every combination runs
// through check_cover(), which checks coverage and chunk lengths.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ttnn/error.hpp"
#include "ttnn/thread_pool.hpp"

namespace {

constexpr size_t kCounts[] = {0, 1, 2, 3, 7, 8, 31, 100, 1000, 4097};
constexpr size_t kGrains[] = {0, 1, 2, 3, 16, 1000, 5000};
constexpr int kPoolSizes[] = {1, 2, 4, 7};

// Every index hit exactly once; every chunk non-empty, in range and at least `grain` long unless it is the last.
void check_cover(ttnn::ThreadPool& pool, size_t count, size_t grain) {
    std::vector<std::atomic<int>> hits(count);
    std::mutex mutex;
    std::vector<std::pair<size_t, size_t>> chunks;
    pool.parallel_for(count, grain, [&](size_t begin, size_t end) {
        {
            std::lock_guard lock(mutex);
            chunks.emplace_back(begin, end);
        }
        for (size_t i = begin; i < end && i < count; ++i) {
            hits[i].fetch_add(1);
        }
    });
    for (size_t i = 0; i < count; ++i) {
        ASSERT_EQ(hits[i].load(), 1) << "index " << i;
    }
    if (count == 0) {
        EXPECT_TRUE(chunks.empty()) << "a zero count must not call the body";
    }
    for (const auto& [begin, end] : chunks) {
        ASSERT_LT(begin, end);
        ASSERT_LE(end, count);
        if (end != count) {
            ASSERT_GE(end - begin, grain) << "chunk [" << begin << ", " << end << ") shorter than the grain";
        }
    }
}

TEST(ThreadPool, CoversEveryIndexExactlyOnce) {
    for (int size : kPoolSizes) {
        ttnn::ThreadPool pool(size);
        ASSERT_EQ(pool.size(), size);
        for (size_t count : kCounts) {
            for (size_t grain : kGrains) {
                SCOPED_TRACE("pool " + std::to_string(size) + " count " + std::to_string(count) + " grain " +
                             std::to_string(grain));
                check_cover(pool, count, grain);
            }
        }
    }
}

TEST(ThreadPool, PoolOfOneRunsOnTheCaller) {
    ttnn::ThreadPool pool(1);
    const std::thread::id caller = std::this_thread::get_id();
    std::atomic<int> calls{0};
    std::atomic<bool> elsewhere{false};
    pool.parallel_for(1000, 1, [&](size_t begin, size_t end) {
        calls.fetch_add(1);
        elsewhere = elsewhere || std::this_thread::get_id() != caller;
        EXPECT_EQ(begin, 0u);
        EXPECT_EQ(end, 1000u);
    });
    EXPECT_EQ(calls.load(), 1);
    EXPECT_FALSE(elsewhere.load());
}

// A parallel_for inside a chunk runs inline on that chunk's thread, as one call over the whole range.
TEST(ThreadPool, NestedCallsRunInlineAndCoverEverything) {
    ttnn::ThreadPool pool(4);
    constexpr size_t kOuter = 64;
    constexpr size_t kInner = 50;
    std::vector<std::atomic<int>> hits(kOuter * kInner);
    std::atomic<int> inner_calls{0};
    std::atomic<int> wrong_thread{0};
    pool.parallel_for(kOuter, 1, [&](size_t begin, size_t end) {
        const std::thread::id outer_thread = std::this_thread::get_id();
        for (size_t o = begin; o < end; ++o) {
            pool.parallel_for(kInner, 1, [&](size_t inner_begin, size_t inner_end) {
                inner_calls.fetch_add(1);
                if (std::this_thread::get_id() != outer_thread || inner_begin != 0 || inner_end != kInner) {
                    wrong_thread.fetch_add(1);
                }
                for (size_t i = inner_begin; i < inner_end; ++i) {
                    hits[o * kInner + i].fetch_add(1);
                }
            });
        }
    });
    for (size_t i = 0; i < hits.size(); ++i) {
        ASSERT_EQ(hits[i].load(), 1) << "index " << i;
    }
    EXPECT_EQ(inner_calls.load(), static_cast<int>(kOuter));
    EXPECT_EQ(wrong_thread.load(), 0);
    check_cover(pool, 777, 3);  // and the pool still works at top level afterwards
}

TEST(ThreadPool, ExceptionsPropagateAndThePoolSurvives) {
    for (int size : {1, 4}) {
        ttnn::ThreadPool pool(size);
        std::atomic<size_t> done{0};
        try {
            pool.parallel_for(1000, 10, [&](size_t begin, size_t end) {
                if (begin <= 500 && 500 < end) {
                    throw std::runtime_error("chunk with 500 failed");
                }
                done.fetch_add(end - begin);
            });
            ADD_FAILURE() << "pool " << size << ": the exception was swallowed";
        } catch (const std::runtime_error& error) {
            EXPECT_STREQ(error.what(), "chunk with 500 failed");
        }
        if (size > 1) {
            EXPECT_GT(done.load(), 0u) << "other chunks still run";
        }
        // A ttnn::Error keeps its kind across the pool.
        try {
            pool.parallel_for(100, 1, [](size_t, size_t) { TTNN_FAIL(INDEX, "body: out of range"); });
            ADD_FAILURE() << "expected a ttnn::Error";
        } catch (const ttnn::Error& error) {
            EXPECT_EQ(error.kind(), ttnn::ErrorKind::INDEX);
            EXPECT_STREQ(error.what(), "body: out of range");
        }
        check_cover(pool, 1000, 10);
    }
}

// Two chunks must be able to run at the same time: each waits (bounded) for the other to arrive.
TEST(ThreadPool, ChunksRunConcurrently) {
    ttnn::ThreadPool pool(2);
    std::mutex mutex;
    std::condition_variable arrived;
    int present = 0;
    std::atomic<int> met{0};
    pool.parallel_for(2, 1, [&](size_t, size_t) {
        std::unique_lock lock(mutex);
        ++present;
        arrived.notify_all();
        if (arrived.wait_for(lock, std::chrono::seconds(20), [&] { return present == 2; })) {
            met.fetch_add(1);
        }
    });
    EXPECT_EQ(met.load(), 2) << "the two chunks never ran at the same time";
}

// Calls from several threads into one pool are serialised, and each still covers its own range.
TEST(ThreadPool, ConcurrentSubmittersEachGetTheirRange) {
    ttnn::ThreadPool pool(3);
    std::vector<std::thread> submitters;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        submitters.emplace_back([&pool, &failures, t] {
            for (int round = 0; round < 50; ++round) {
                const size_t count = 100 + static_cast<size_t>(t * 37 + round);
                std::vector<std::atomic<int>> hits(count);
                pool.parallel_for(count, 4, [&](size_t begin, size_t end) {
                    for (size_t i = begin; i < end; ++i) {
                        hits[i].fetch_add(1);
                    }
                });
                for (size_t i = 0; i < count; ++i) {
                    failures += hits[i].load() == 1 ? 0 : 1;
                }
            }
        });
    }
    for (std::thread& submitter : submitters) {
        submitter.join();
    }
    EXPECT_EQ(failures.load(), 0);
}

// Sets TTNN_NUM_THREADS for one scope and restores what was there.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) {
            old_ = old;
        }
        setenv(name, value, 1);
    }
    ~ScopedEnv() {
        if (old_) {
            setenv(name_, old_->c_str(), 1);
        } else {
            unsetenv(name_);
        }
    }

private:
    const char* name_;
    std::optional<std::string> old_;
};

TEST(ThreadPool, ThreadCountOptions) {
    {
        ScopedEnv env("TTNN_NUM_THREADS", "3");
        EXPECT_EQ(ttnn::ThreadPool::default_thread_count(), 3);
    }
    for (const char* bad : {"0", "-2", "abc", "4x", "100000"}) {
        ScopedEnv env("TTNN_NUM_THREADS", bad);
        try {
            ttnn::ThreadPool::default_thread_count();
            ADD_FAILURE() << "TTNN_NUM_THREADS=" << bad << " was accepted";
        } catch (const ttnn::Error& error) {
            EXPECT_EQ(error.kind(), ttnn::ErrorKind::VALUE);
            EXPECT_NE(std::string(error.what()).find("TTNN_NUM_THREADS"), std::string::npos) << error.what();
            EXPECT_NE(std::string(error.what()).find(bad), std::string::npos) << error.what();
        }
    }
    try {
        ttnn::ThreadPool pool(0);
        ADD_FAILURE() << "a pool of 0 threads was built";
    } catch (const ttnn::Error& error) {
        EXPECT_EQ(error.kind(), ttnn::ErrorKind::VALUE);
        EXPECT_NE(std::string(error.what()).find("ThreadPool"), std::string::npos) << error.what();
    }
    EXPECT_EQ(&ttnn::ThreadPool::host(), &ttnn::ThreadPool::host());
    EXPECT_GE(ttnn::ThreadPool::host().size(), 1);
}

}  // namespace
