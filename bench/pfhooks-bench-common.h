/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What pfhooks-bench's traffic and lifecycle figures share: clocks, medians
 * and memory readings.
 */
#ifndef PFHOOKS_BENCH_COMMON_H
#define PFHOOKS_BENCH_COMMON_H

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <malloc.h>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace pfhooks_bench
{

/** \return seconds from a to b */
inline double
Elapsed(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

/** \return heap bytes in use (mallinfo2) */
inline size_t
HeapInUse()
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/** \return the median of v */
inline double
Median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/** \return the process's peak resident set, KiB */
inline long
PeakRssKib()
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/**
 * Lifecycle figures: creating, halting and destroying `instances` IP
 * instances, lookups and hook registrations on each, the memory of an idle
 * one, and the seed module full.c's recall cycle (`module`, on
 * `recallNodes` instances for `recallSeconds` simulated seconds).  Prints a
 * table and JSON lines.
 * \return 0, or 1 when the recall cycle did not behave
 */
int RunLifecycles(uint32_t instances,
                  uint32_t runs,
                  const std::string& module,
                  uint32_t recallNodes,
                  double recallSeconds);

/**
 * PfhooksHelper::Install alone on `instances` fresh nodes with internet
 * stacks, `runs` times: the minimum and median wall time with the load
 * average, and the heap per idle instance.  Under callgrind with
 * --instr-atstart=no only Install is instrumented (bench/install.sh).
 * \return 0
 */
int RunInstalls(uint32_t instances, uint32_t runs);

} // namespace pfhooks_bench

#endif /* PFHOOKS_BENCH_COMMON_H */
