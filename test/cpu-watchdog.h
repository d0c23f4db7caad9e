/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_TEST_CPU_WATCHDOG_H
#define PFHOOKS_TEST_CPU_WATCHDOG_H

#include <csignal>
#include <sys/time.h>
#include <unistd.h>

namespace pfhooks_test
{

/**
 * A watchdog on the process's CPU time (ITIMER_PROF) for the long
 * randomised tests: a hang (a loop that never ends) spends CPU time and
 * ends the test as a failure, while a loaded machine, which slows the test
 * in wall time only, does not (a wall-clock alarm of 170 s fired once at a
 * load average of 15 on a run that takes 18 s).
 */
class CpuWatchdog
{
  public:
    /** \param seconds CPU seconds the test may use from now */
    explicit CpuWatchdog(unsigned seconds)
    {
        std::signal(SIGPROF, &Fire);
        itimerval t{};
        t.it_value.tv_sec = seconds;
        setitimer(ITIMER_PROF, &t, nullptr);
    }

    ~CpuWatchdog()
    {
        itimerval t{};
        setitimer(ITIMER_PROF, &t, nullptr);
        std::signal(SIGPROF, SIG_DFL);
    }

    CpuWatchdog(const CpuWatchdog&) = delete;
    CpuWatchdog& operator=(const CpuWatchdog&) = delete;

  private:
    /** Ends the process as a failure, naming why (async-signal-safe calls only). */
    static void Fire(int)
    {
        static const char msg[] = "watchdog: the test spent its CPU time budget: a hang\n";
        (void)!write(2, msg, sizeof msg - 1);
        _exit(1);
    }
};

} // namespace pfhooks_test

#endif
