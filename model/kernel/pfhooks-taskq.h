/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_TASKQ_H
#define PFHOOKS_TASKQ_H

#include "pfhooks-kernel-thread.h"
#include "pfhooks-kernel-types.h"

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

/** A task queue (taskq_t, ddi_taskq_t; opaque to modules). */
struct taskq
{
    /** One dispatched task. */
    struct Task
    {
        void (*fn)(void*); //!< what to run
        void* arg;         //!< its argument
    };

    std::string name;         //!< taskq_create's name
    int nthreads;             //!< most tasks running at once
    uint32_t owner;           //!< the creating module's id
    std::deque<Task> pending; //!< dispatched, not started, in order
    int running{0};           //!< workers running tasks now
    uint64_t dispatched{0};   //!< tasks dispatched so far (their ids)
    bool suspended{false};    //!< ddi_taskq_suspend
    std::vector<ns3::Ptr<ns3::PfhooksKernelThread>> waiting; //!< threads in taskq_wait
};

namespace ns3
{

/**
 * \ingroup pfhooks
 * Task queues (illumos taskq.c, ddi_taskq(9F)): a dispatched task runs
 * on a kernel thread of the queue's own (it may sleep), at the current
 * simulated time but after the dispatching code returns; at most
 * nthreads tasks run at once, in dispatch order.  Dispatching is allowed
 * anywhere (a packet hook too, as TQ_NOSLEEP is in illumos); waiting and
 * destroying (which waits) only on a kernel thread.  A queue a module
 * leaves at unload is reported; its pending tasks are dropped.
 */
class PfhooksTaskqs
{
  public:
    /** taskq_create / ddi_taskq_create. \return the queue (nthreads < 1 counts as 1) */
    struct taskq* Create(const pfhooks_site_t* site, const char* name, int nthreads);
    /** taskq_dispatch. \return the task's id (never 0) */
    uint64_t Dispatch(struct taskq* tq, void (*fn)(void*), void* arg);
    /** taskq_wait: until nothing is pending or running. */
    void Wait(struct taskq* tq);
    /** taskq_destroy: waits, then frees the queue. */
    void Destroy(struct taskq* tq);
    /** ddi_taskq_suspend / ddi_taskq_resume: no new task starts while suspended. */
    void Suspend(struct taskq* tq, bool suspend);
    /** Drops the queues of a going module. \return a line per queue */
    std::vector<std::string> TakeBack(uint32_t owner);

  private:
    void StartWorkers(struct taskq* tq);
    void Worker(struct taskq* tq);
    static void WakeWaiters(struct taskq* tq);

    std::vector<struct taskq*> m_queues;
};

} // namespace ns3

#endif /* PFHOOKS_TASKQ_H */
