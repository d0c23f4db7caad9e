/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-take-back.h"

#include "pfhooks-net-instance-registry.h"

#include "ns3/log.h"
#include "ns3/pfhooks-hook-event.h"
#include "ns3/pfhooks-hook-family.h"
#include "ns3/pfhooks-hook-stack.h"
#include "ns3/pfhooks-notify-list.h"

NS_LOG_COMPONENT_DEFINE("PfhooksTakeBack");

namespace ns3
{

void
PfhooksTakeBack(
    const std::function<bool(const void* addr)>& in,
    const std::function<void(const std::string& kind, const void* addr, const std::string& what)>&
        report)
{
    NS_LOG_FUNCTION_NOARGS();
    PfhooksNetInstanceRegistry& reg = PfhooksNetInstanceRegistry::Get();
    // Net instances first: unregistering one runs its destroy callbacks,
    // which may take hooks and callbacks back themselves.
    // The name registered, not nin_name: the module may have freed or reused
    // that buffer since (full.c's recall cycle does).
    std::vector<const void*> keys = reg.GetModuleKeys();
    std::vector<std::string> names = reg.GetModuleNames();
    for (size_t k = 0; k < keys.size(); k++)
    {
        const auto* ni = static_cast<const net_instance_t*>(keys[k]);
        if (in(reinterpret_cast<const void*>(ni->nin_create)) ||
            in(reinterpret_cast<const void*>(ni->nin_destroy)))
        {
            report("net_instance",
                   keys[k],
                   "net instance \"" + names[k] + "\" still registered: unregistered");
            reg.Unregister(keys[k]);
        }
    }
    auto dropNotifies = [&](const PfhooksNotifyList& list,
                            const std::string& where,
                            const std::function<void(const PfhooksNotifyList::Entry&)>& remove) {
        for (const auto& e : list.GetEntries())
        {
            if (e.fn != nullptr && in(reinterpret_cast<const void*>(e.fn)))
            {
                report("notify",
                       reinterpret_cast<const void*>(e.fn),
                       "notify callback on " + where + " still registered: unregistered");
                remove(e);
            }
        }
    };
    for (netid_t id : reg.GetInstances())
    {
        Ptr<PfhooksHookStack> stack = reg.GetStack(id);
        if (!stack)
        {
            continue;
        }
        std::string inst = "instance " + std::to_string(id);
        dropNotifies(stack->GetNotifyList(), inst, [&](const PfhooksNotifyList::Entry& e) {
            stack->NotifyUnregister(e);
        });
        for (const auto& fname : stack->GetFamilyNames())
        {
            Ptr<PfhooksHookFamily> f = stack->FindFamily(fname);
            if (!f)
            {
                continue;
            }
            dropNotifies(f->GetNotifyList(),
                         inst + " " + fname,
                         [&](const PfhooksNotifyList::Entry& e) { f->NotifyUnregister(e); });
            for (const auto& ename : f->GetEventNames())
            {
                Ptr<PfhooksHookEvent> ev = f->FindEvent(ename);
                if (!ev)
                {
                    continue;
                }
                std::string where = inst + " " + fname + "/" + ename;
                dropNotifies(ev->GetNotifyList(), where, [&](const PfhooksNotifyList::Entry& e) {
                    ev->NotifyUnregister(e);
                });
                for (const hook_t& h : ev->GetHooks())
                {
                    if (in(reinterpret_cast<const void*>(h.h_func)))
                    {
                        std::string name = h.h_name;
                        report("hook",
                               reinterpret_cast<const void*>(h.h_func),
                               "hook \"" + name + "\" on " + where +
                                   " still registered: unregistered");
                        ev->Unregister(name.c_str());
                    }
                }
            }
        }
    }
}

} // namespace ns3
