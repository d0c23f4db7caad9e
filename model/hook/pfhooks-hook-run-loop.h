/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * PfhooksHookEvent's run loop (hook_run()), inline: RunHeld() instantiates
 * it for any data, a packet seam for its pending message, so that a C++
 * accept's run is one frame without the lookups RunHeld() makes.
 */
#ifndef PFHOOKS_HOOK_RUN_LOOP_H
#define PFHOOKS_HOOK_RUN_LOOP_H

#include "packet-hook.h"
#include "pfhooks-hook-event.h"

#include "ns3/pfhooks-kernel-thread.h"

namespace ns3
{

/**
 * \ingroup pfhooks
 * What a packet event's run with its message pending does around each hook
 * (PfhooksHookEvent::RunLoop's Data): a hook that is not a
 * PacketHookCallback reads the message at once, so it is built first; a
 * message not built yet cannot be gone.
 */
struct PfhooksPendingPacket
{
    PacketHookLazyMessage* lazy;      //!< the pending message
    PfhooksHookEvent::AfterHook gone; //!< checked once the message is built (null: none)

    /**
     * \param h the hook about to be called
     * \return true (the run goes on)
     */
    bool Before(const PfhooksHookEntry& h, hook_data_t*)
    {
        if (!h.cxx)
        {
            lazy->Build();
        }
        return true;
    }

    /**
     * \param info the event data
     * \return true when the hook left the message gone
     */
    bool Gone(hook_data_t info) const
    {
        return gone != nullptr && lazy->IsBuilt() && gone(info);
    }
};

// Forced inline: GCC keeps a loop this size out of line otherwise, and the
// frame it saves is the point.
template <typename Data>
__attribute__((always_inline)) inline int
PfhooksHookEvent::RunLoop(hook_data_t info, Data& data)
{
    s_culprit.h_func = nullptr;
    int rval = 0;
    ++m_runDepth;
    // Once made, the list stays for the event's life: the reference holds
    // while hooks (un)register during the run.
    if (m_hooks)
    {
        void*& running = PfhooksKernelThread::Slot();
        for (PfhooksHookEntry& h : *m_hooks)
        {
            if (h.removed)
            {
                continue;
            }
            if (!data.Before(h, &info))
            {
                break;
            }
            void* outer = running;
            running = &h;
            ++s_calls;
            ++h.running;
            // A C++ packet hook's closure is called here, not through its
            // adapter (observers go through theirs).
            rval = h.closure ? PacketHookClosure::Call(GetToken(), info, h.hook.h_arg)
                             : h.hook.h_func(GetToken(), info, h.hook.h_arg);
            --h.running;
            running = outer;
            s_lastHook = h.interned; // the traces name the hook that decided
            h.hits++;
            if (!h.onIdle.empty() && h.running == 0)
            {
                RunIdle(h);
            }
            if (rval != 0)
            {
                h.drops++;
                break;
            }
            // Checked here, after each hook, so the one that did it is named.
            if (data.Gone(info))
            {
                NoteCulprit(h);
                break;
            }
        }
    }
    ++m_events;
    if (--m_runDepth == 0 && m_needPurge)
    {
        Purge();
    }
    return rval;
}

} // namespace ns3

#endif /* PFHOOKS_HOOK_RUN_LOOP_H */
