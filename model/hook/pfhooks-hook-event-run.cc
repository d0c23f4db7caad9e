/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
// PfhooksHookEvent's run loop (hook_run()) and what it keeps per call; the
// list rules and the queries are in pfhooks-hook-event.cc.
#include "observe-hook.h"
#include "packet-hook.h"
#include "pfhooks-hook-event.h"
#include "pfhooks-hook-run-loop.h"
#include "pfhooks-observer.h"

#include "ns3/log.h"
#include "ns3/pfhooks-kernel-thread.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksHookEventRun");

uint64_t PfhooksHookEvent::s_calls = 0;
PfhooksHookEvent::HooksChanged PfhooksHookEvent::s_hooksChanged = nullptr;
const std::string* PfhooksHookEvent::s_lastHook = nullptr;
hook_t PfhooksHookEvent::s_culprit{};
std::string PfhooksHookEvent::s_culpritName;

// The hook being called now (innermost, when a hook's injection runs
// others) is kept in PfhooksKernelThread::Slot(): a hook asleep on a kernel
// thread keeps its own, and is not credited with what runs meanwhile.

/*
 * Function: NoteInjection
 * Credits the hook running now with a net_inject() that worked.
 */
void
PfhooksHookEvent::NoteInjection()
{
    NS_LOG_FUNCTION_NOARGS();
    if (void* running = PfhooksKernelThread::Slot())
    {
        static_cast<PfhooksHookEntry*>(running)->injections++;
    }
}

namespace
{
/// RunLoop's data for any run: a packet event's pending message, an
/// observation's, or neither (a NIC event, a message made before the run).
struct AnyData
{
    PfhooksPendingPacket packet;     //!< lazy null when no packet message is pending
    ObserveLazyMessage* observation; //!< the pending observation, or null

    bool Before(const PfhooksHookEntry& h, hook_data_t* info)
    {
        if (packet.lazy != nullptr)
        {
            return packet.Before(h, info);
        }
        if (observation != nullptr && !h.cxx)
        {
            // A C observer gets the message's header from here on, as when
            // the message is made before the run.
            *info = reinterpret_cast<hook_data_t>(observation->GetMessage());
            return *info != 0; // allocb failed: illumos skips the observers
        }
        return true;
    }

    bool Gone(hook_data_t info) const
    {
        if (packet.lazy != nullptr)
        {
            return packet.Gone(info);
        }
        return packet.gone != nullptr && packet.gone(info);
    }
};
} // namespace

/*
 * Function: Run, RunHeld (hook_run())
 * Returns: 0, or the first non-zero value a hook returned
 * Calls the live hooks in list order, counting each call (hook_hits) and
 * the run (events); hooks may (un)register hooks meanwhile, see the class.
 * The loop is RunLoop (pfhooks-hook-run-loop.h).  The packet path: no
 * logging here.
 */
int
PfhooksHookEvent::RunHeld(hook_data_t info, AfterHook gone)
{
    // The run's pending message, if any: a nested run's comes and goes
    // within one hook call, so it is looked up once.
    AnyData data{{PacketHookLazyMessage::Of(reinterpret_cast<const void*>(info)), gone},
                 ObserveLazyMessage::Of(reinterpret_cast<const void*>(info))};
    return RunLoop(info, data);
}

void
PfhooksHookEvent::RunIdle(PfhooksHookEntry& h)
{
    std::vector<std::function<void()>> idle;
    idle.swap(h.onIdle);
    for (auto& fn : idle)
    {
        fn();
    }
}

void
PfhooksHookEvent::NoteCulprit(const PfhooksHookEntry& h)
{
    s_culprit = h.hook;
    s_culpritName = h.hook.h_name != nullptr ? h.hook.h_name : "";
    s_culprit.h_name = const_cast<char*>(s_culpritName.c_str());
}

/*
 * Function: ReportFreedAndAccepted
 * A hook left no message but returned 0: the stack drops the packet, and
 * the observers hear of it with the hook the run found after it returned,
 * or every hook of the event when the run had no check.  Rare, so its
 * cost does not matter.
 */
void
PfhooksHookEvent::ReportFreedAndAccepted(netid_t netid) const
{
    NS_LOG_FUNCTION(this << netid);
    PfhooksObserver::Tell(&PfhooksObserver::FreedAndAccepted,
                          netid,
                          *m_names->family + "/" + *m_names->event,
                          s_culprit.h_func != nullptr ? std::vector<hook_t>{s_culprit}
                                                      : GetHooks());
}

} // namespace ns3
