/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-hook-family.h"

#include "pfhooks-hook-stack.h"

#include <cerrno>

namespace ns3
{

PfhooksHookFamily::PfhooksHookFamily(PfhooksHookStack* stack,
                                     const std::string& name,
                                     const std::string& hookName)
    : m_stack(stack),
      m_name(PfhooksHookEvent::Intern(name)),
      m_hookName(PfhooksHookEvent::Intern(hookName))
{
}

PfhooksHookFamily::~PfhooksHookFamily()
{
    for (auto& ev : m_events)
    {
        ev->Detach();
    }
}

bool
PfhooksHookFamily::StackShuttingDown() const
{
    return m_stack == nullptr || m_stack->GetShutdown() != 0;
}

Ptr<PfhooksHookEvent>
PfhooksHookFamily::FindEvent(const std::string& name) const
{
    for (const auto& ev : m_events)
    {
        if (ev->GetName() == name)
        {
            return ev;
        }
    }
    return nullptr;
}

std::vector<std::string>
PfhooksHookFamily::GetEventNames() const
{
    std::vector<std::string> names;
    for (const auto& ev : m_events)
    {
        names.push_back(ev->GetName());
    }
    return names;
}

Ptr<PfhooksHookEvent>
PfhooksHookFamily::AddEvent(const std::string& name)
{
    if (StackShuttingDown() || m_condemned || m_shutdown || FindEvent(name))
    {
        return nullptr;
    }
    Ptr<PfhooksHookEvent> ev = Create<PfhooksHookEvent>(this, name);
    m_events.insert(m_events.begin(), ev);
    m_notify.Run(HN_REGISTER, m_name->c_str(), name.c_str(), name.c_str());
    return ev;
}

int
PfhooksHookFamily::ShutdownEvent(const std::string& name)
{
    Ptr<PfhooksHookEvent> ev = FindEvent(name);
    if (!ev)
    {
        return ESRCH;
    }
    if (!ev->m_shutdown)
    {
        ev->m_shutdown = true;
        m_notify.Run(HN_UNREGISTER, m_name->c_str(), name.c_str(), name.c_str());
    }
    return 0;
}

int
PfhooksHookFamily::RemoveEvent(const std::string& name)
{
    Ptr<PfhooksHookEvent> ev = FindEvent(name);
    if (!ev)
    {
        return ESRCH;
    }
    bool notifyDone = ev->m_shutdown;
    ev->m_shutdown = true;
    ev->m_condemned = true;
    if (!notifyDone)
    {
        m_notify.Run(HN_UNREGISTER, m_name->c_str(), name.c_str(), name.c_str());
    }
    EventMayBeIdle(PeekPointer(ev));
    return 0;
}

void
PfhooksHookFamily::DropEvent(std::vector<Ptr<PfhooksHookEvent>>::iterator it)
{
    (*it)->Detach();
    m_events.erase(it);
}

void
PfhooksHookFamily::EventMayBeIdle(PfhooksHookEvent* ev)
{
    if (!ev->m_condemned || !ev->IsIdle())
    {
        return;
    }
    for (auto it = m_events.begin(); it != m_events.end(); ++it)
    {
        if (PeekPointer(*it) == ev)
        {
            // Our own last reference may be the one in the list.
            Ptr<PfhooksHookFamily> self(this);
            DropEvent(it);
            if (m_stack != nullptr)
            {
                m_stack->FamilyMayBeIdle(this);
            }
            return;
        }
    }
}

int
PfhooksHookFamily::HookRegister(const std::string& event,
                                const hook_t* h,
                                std::shared_ptr<void> holder)
{
    if (StackShuttingDown())
    {
        // hook_register() returns 0 here without registering; kept, and
        // logged by the caller so that it is never silent.
        return 0;
    }
    Ptr<PfhooksHookEvent> ev = FindEvent(event);
    if (!ev)
    {
        return ENXIO;
    }
    return ev->Register(h, std::move(holder));
}

int
PfhooksHookFamily::HookUnregister(const std::string& event, const hook_t* h)
{
    Ptr<PfhooksHookEvent> ev = FindEvent(event);
    if (!ev || h == nullptr)
    {
        return ENXIO;
    }
    return ev->Unregister(h->h_name);
}

int
PfhooksHookFamily::NotifyRegister(const PfhooksNotifyList::Entry& e)
{
    if (StackShuttingDown() || m_condemned || m_shutdown)
    {
        return ESHUTDOWN;
    }
    int error = m_notify.Add(e);
    if (error != 0)
    {
        return error;
    }
    for (const auto& name : GetEventNames())
    {
        PfhooksNotifyList::Call(e, HN_REGISTER, m_name->c_str(), name.c_str(), name.c_str());
    }
    return 0;
}

int
PfhooksHookFamily::NotifyUnregister(const PfhooksNotifyList::Entry& e)
{
    PfhooksNotifyList::Entry removed;
    int error = m_notify.Remove(e, &removed);
    if (error != 0)
    {
        return error;
    }
    Ptr<PfhooksHookFamily> self(this);
    if (m_condemned && IsIdle())
    {
        if (m_stack != nullptr)
        {
            m_stack->FamilyMayBeIdle(this);
        }
        return 0;
    }
    for (const auto& name : GetEventNames())
    {
        PfhooksNotifyList::Call(removed,
                                HN_UNREGISTER,
                                m_name->c_str(),
                                name.c_str(),
                                name.c_str());
    }
    return 0;
}

int
PfhooksHookFamily::EventNotifyRegister(const std::string& event, const PfhooksNotifyList::Entry& e)
{
    if (StackShuttingDown() || m_condemned || m_shutdown)
    {
        return ESHUTDOWN;
    }
    Ptr<PfhooksHookEvent> ev = FindEvent(event);
    if (!ev)
    {
        return ESRCH;
    }
    return ev->NotifyRegister(e);
}

int
PfhooksHookFamily::EventNotifyUnregister(const std::string& event,
                                         const PfhooksNotifyList::Entry& e)
{
    Ptr<PfhooksHookEvent> ev = FindEvent(event);
    if (!ev)
    {
        return ESRCH;
    }
    return ev->NotifyUnregister(e);
}

} // namespace ns3
