/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_KERNEL_THREAD_H
#define PFHOOKS_KERNEL_THREAD_H

#include "pfhooks-visibility.h"

#include "ns3/nstime.h"
#include "ns3/simple-ref-count.h"

#include <boost/context/fiber.hpp>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * A kernel thread of the simulated Solaris kernel: module code that may
 * sleep (_init, _fini, attach/detach, timeout(9F) callbacks) runs on a stack
 * of its own (a Boost.Context fiber), so that delay(9F) or a contended mutex
 * suspends just that code while the simulation goes on.
 *
 * Invariants: threads are resumed only from the simulator's own stack
 * ("interrupt context": event handlers, packet hooks), never from another
 * thread, so at most one thread runs at a time and a suspended thread is
 * continued by a simulator event.  Code on the simulator's stack cannot
 * sleep: Current() is null there.
 */
class PfhooksKernelThread : public SimpleRefCount<PfhooksKernelThread>
{
  public:
    /**
     * \param name for messages, e.g. "pamp_drv:_init"
     * \param body what the thread runs
     */
    PfhooksKernelThread(const std::string& name, std::function<void()> body);
    /** A thread destroyed while suspended (the simulation ended) never runs again. */
    ~PfhooksKernelThread();

    PfhooksKernelThread(const PfhooksKernelThread&) = delete;
    PfhooksKernelThread& operator=(const PfhooksKernelThread&) = delete;

    /** Runs the thread until it finishes or sleeps; call from the simulator's stack. */
    void Start();

    /** \return true once the body has returned */
    bool IsDone() const
    {
        return m_done;
    }

    /** \return true while the thread is suspended */
    bool IsSleeping() const
    {
        return m_started && !m_done && !m_running;
    }

    /** \return the thread's name */
    const std::string& GetName() const
    {
        return m_name;
    }

    /** \return the running thread, or null on the simulator's stack */
    static PfhooksKernelThread* Current();

    /**
     * \return one word of context that follows the running code: the
     *         simulator's stack and every thread have their own, swapped on
     *         every switch (the hook framework keeps the hook it is calling
     *         there, so that a hook asleep is not taken for the running one)
     */
    static void*& Slot()
    {
        return s_slot; // inline: the hook run loop asks it per run
    }

    /**
     * The panic message for a sleeping call (delay(), cv_wait(), ...) made
     * on the simulator's stack: in a packet hook that pfhooks runs there
     * (an event other than PHYSICAL_IN/OUT) or in other interrupt context.
     * \param call the call's name, e.g. "delay()"
     * \return the message
     */
    static std::string CannotSleepHere(const std::string& call);

    /** Suspends the running thread for @p t of simulated time (delay(9F)). */
    static void Sleep(Time t);
    /** Suspends the running thread until someone calls Wake(). */
    static void Block();
    /** Makes a blocked thread continue at the current time (from any context). */
    void Wake();
    /**
     * Stops a suspended thread for good: nothing of the code it was in runs
     * again (its stack is set aside, not unwound) and it counts as finished.
     * For a module unloaded while one of its threads sleeps in it.
     */
    void Kill();
    /** Calls @p fn once the thread has finished (at once if it has). */
    void OnExit(std::function<void()> fn);

  private:
    void Resume();
    void SwitchOut();

    std::string m_name;
    std::function<void()> m_body;
    boost::context::fiber m_fiber;  //!< the thread, while it is not running
    boost::context::fiber m_caller; //!< the simulator's stack, while the thread runs
    bool m_started{false};
    bool m_running{false};
    bool m_done{false};
    bool m_wakePending{false};
    void* m_stackBottom{nullptr}; //!< the thread's stack, for AddressSanitizer
    std::size_t m_stackSize{0};
    std::vector<std::function<void()>> m_onExit;
    PFHOOKS_LOCAL static void* s_slot; //!< Slot() of the code running now
    void* m_slot{nullptr};             //!< this thread's Slot() while it is not running
};

} // namespace ns3

#endif /* PFHOOKS_KERNEL_THREAD_H */
