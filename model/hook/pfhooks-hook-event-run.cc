/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
// PfhooksHookEvent's run loop (hook_run()) and what it keeps per call; the
// list rules and the queries are in pfhooks-hook-event.cc.
#include "observe-hook.h"
#include "packet-hook.h"
#include "pfhooks-hook-event.h"
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

/*
 * Function: Run, RunHeld (hook_run())
 * Returns: 0, or the first non-zero value a hook returned
 * Calls the live hooks in list order, counting each call (hook_hits) and
 * the run (events); hooks may (un)register hooks meanwhile, see the class.
 * The packet path: no logging here.
 */
int
PfhooksHookEvent::RunHeld(hook_data_t info, AfterHook gone)
{
    s_culprit.h_func = nullptr;
    int rval = 0;
    ++m_runDepth;
    // Once made, the list stays for the event's life: the reference holds
    // while hooks (un)register during the run.
    if (m_hooks)
    {
        HookList& hooks = *m_hooks;
        // The run's pending message, if any: a nested run's comes and goes
        // within one hook call, so it is looked up once.
        PacketHookLazyMessage* lazy =
            PacketHookLazyMessage::Of(reinterpret_cast<const void*>(info));
        ObserveLazyMessage* observation =
            ObserveLazyMessage::Of(reinterpret_cast<const void*>(info));
        void*& running = PfhooksKernelThread::Slot();
        for (auto it = hooks.begin(); it != hooks.end(); ++it)
        {
            if (it->removed)
            {
                continue;
            }
            // A hook that is not a PacketHookCallback reads the message at
            // once: a lazy one is built first.
            if (lazy != nullptr && !it->cxx && !lazy->IsBuilt())
            {
                lazy->Build();
            }
            else if (observation != nullptr && !it->cxx)
            {
                // So does a C observer: it gets the message's header from
                // here on, as when the message is made before the run.
                info = reinterpret_cast<hook_data_t>(observation->GetMessage());
                if (info == 0)
                {
                    break; // allocb failed: illumos skips the observers
                }
            }
            void* outer = running;
            running = &*it;
            ++s_calls;
            ++it->running;
            // A C++ packet hook's closure is called here, not through its
            // adapter (observers go through theirs).
            rval = it->closure ? PacketHookClosure::Call(GetToken(), info, it->hook.h_arg)
                               : it->hook.h_func(GetToken(), info, it->hook.h_arg);
            --it->running;
            running = outer;
            s_lastHook = it->interned; // the traces name the hook that decided
            it->hits++;
            if (!it->onIdle.empty() && it->running == 0)
            {
                std::vector<std::function<void()>> idle;
                idle.swap(it->onIdle);
                for (auto& fn : idle)
                {
                    fn();
                }
            }
            if (rval != 0)
            {
                it->drops++;
                break;
            }
            // Checked here, after each hook, so the one that did it is named;
            // a message not built yet cannot be gone.
            if (gone != nullptr && (lazy == nullptr || lazy->IsBuilt()) && gone(info))
            {
                s_culprit = it->hook;
                s_culpritName = it->hook.h_name != nullptr ? it->hook.h_name : "";
                s_culprit.h_name = const_cast<char*>(s_culpritName.c_str());
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
