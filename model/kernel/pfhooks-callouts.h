/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_CALLOUTS_H
#define PFHOOKS_CALLOUTS_H

#include "pfhooks-kernel-thread.h"
#include "pfhooks-kernel-types.h"
#include "solaris-module.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The simulated kernel's clock and callouts (illumos callout.c, clock.c):
 * timeout(9F) runs its function on a kernel thread of its own (so it may
 * sleep), untimeout(9F) cancels one or waits for a running one, delay(9F)
 * sleeps the calling kernel thread while the simulation goes on.
 *
 * One tick is 1 ms (hz = 1000, as illumos with hires_tick set), so
 * drv_usectohz(5000) is 5 ticks.
 */
class PfhooksCallouts
{
  public:
    /** \return the length of a tick */
    static Time Tick()
    {
        return MilliSeconds(1);
    }

    /** \return ticks per second (hz) */
    static int Hz();
    /** drv_usectohz(9F), rounded up: a wait is never shorter than asked. */
    static clock_t UsecToHz(clock_t usec);
    /** drv_hztousec(9F). */
    static clock_t HzToUsec(clock_t ticks);
    /** \return ddi_get_lbolt64(9F): ticks since the start of the run */
    static int64_t Lbolt64();
    /** \return gethrtime(9F): nanoseconds since the start of the run */
    static int64_t HrTime();

    /**
     * timeout(9F): fn(arg) after @p ticks (at least one), charged to the
     * site's module. \return the id for Untimeout
     */
    void* Timeout(const pfhooks_site_t* site, void (*fn)(void*), void* arg, clock_t ticks);
    /**
     * untimeout(9F). \return the ticks that were left, or -1 (unknown, run
     * already, or running: then it waits for it unless the callout asks itself)
     */
    clock_t Untimeout(void* id);
    /** delay(9F): panics on the simulator's stack (interrupt context). */
    void Delay(clock_t ticks);
    /**
     * drv_usecwait(9F): a busy wait.  A kernel thread (a packet hook that
     * may sleep) is held that long in simulated time, so that the wait
     * holds its packet; elsewhere (the simulator's stack, a device call or
     * a taskq on a kernel thread) it takes no time.
     */
    void UsecWait(clock_t usec);
    /** \return the timeouts an owner has pending, with where they were set */
    std::vector<PfhooksKernelLeak> GetTimeouts(uint32_t owner) const;
    /** Cancels every pending timeout of an owner. */
    void CancelTimeouts(uint32_t owner);
    /**
     * Stops the owner's callouts that are asleep inside it (its code is about
     * to go). \return one entry per thread stopped
     */
    std::vector<PfhooksKernelLeak> KillThreads(uint32_t owner);

  private:
    /** One pending or running callout. */
    struct Callout
    {
        uint32_t owner;                  //!< the module's id (0: "kernel")
        void (*fn)(void*);               //!< what to run
        void* arg;                       //!< its argument
        EventId event;                   //!< the pending run
        Ptr<PfhooksKernelThread> thread; //!< while the callback runs (it may sleep)
        std::string site;                //!< "file:line" of the timeout() call
    };

    void Run(uint64_t id);

    std::map<uint64_t, Callout> m_callouts;
    uint64_t m_nextCallout{1};
};

} // namespace ns3

#endif /* PFHOOKS_CALLOUTS_H */
