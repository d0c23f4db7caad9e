/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "hook-family.h"

#include "hook-stack.h"

#include <cerrno>

namespace ns3
{

HookFamily::HookFamily(HookStack* stack, const std::string& name, const std::string& hookName)
    : m_stack(stack),
      m_name(HookEvent::Intern(name)),
      m_hookName(HookEvent::Intern(hookName))
{
}

HookFamily::~HookFamily()
{
    for (auto& ev : m_events)
    {
        ev->Detach();
    }
}

bool
HookFamily::StackShuttingDown() const
{
    return m_stack == nullptr || m_stack->GetShutdown() != 0;
}

Ptr<HookEvent>
HookFamily::FindEvent(const std::string& name) const
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
HookFamily::GetEventNames() const
{
    std::vector<std::string> names;
    for (const auto& ev : m_events)
    {
        names.push_back(ev->GetName());
    }
    return names;
}

Ptr<HookEvent>
HookFamily::AddEvent(const std::string& name)
{
    if (StackShuttingDown() || m_condemned || m_shutdown || FindEvent(name))
    {
        return nullptr;
    }
    Ptr<HookEvent> ev = Create<HookEvent>(this, name);
    m_events.insert(m_events.begin(), ev);
    m_notify.Run(HN_REGISTER, m_name->c_str(), name.c_str(), name.c_str());
    return ev;
}

int
HookFamily::ShutdownEvent(const std::string& name)
{
    Ptr<HookEvent> ev = FindEvent(name);
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
HookFamily::RemoveEvent(const std::string& name)
{
    Ptr<HookEvent> ev = FindEvent(name);
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
HookFamily::DropEvent(std::vector<Ptr<HookEvent>>::iterator it)
{
    (*it)->Detach();
    m_events.erase(it);
}

void
HookFamily::EventMayBeIdle(HookEvent* ev)
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
            Ptr<HookFamily> self(this);
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
HookFamily::HookRegister(const std::string& event, const hook_t* h, std::shared_ptr<void> holder)
{
    if (StackShuttingDown())
    {
        // hook_register() returns 0 here without registering; kept, and
        // logged by the caller so that it is never silent.
        return 0;
    }
    Ptr<HookEvent> ev = FindEvent(event);
    if (!ev)
    {
        return ENXIO;
    }
    return ev->Register(h, std::move(holder));
}

int
HookFamily::HookUnregister(const std::string& event, const hook_t* h)
{
    Ptr<HookEvent> ev = FindEvent(event);
    if (!ev || h == nullptr)
    {
        return ENXIO;
    }
    return ev->Unregister(h->h_name);
}

int
HookFamily::NotifyRegister(const HookNotifyList::Entry& e)
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
        HookNotifyList::Call(e, HN_REGISTER, m_name->c_str(), name.c_str(), name.c_str());
    }
    return 0;
}

int
HookFamily::NotifyUnregister(const HookNotifyList::Entry& e)
{
    HookNotifyList::Entry removed;
    int error = m_notify.Remove(e, &removed);
    if (error != 0)
    {
        return error;
    }
    Ptr<HookFamily> self(this);
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
        HookNotifyList::Call(removed, HN_UNREGISTER, m_name->c_str(), name.c_str(), name.c_str());
    }
    return 0;
}

int
HookFamily::EventNotifyRegister(const std::string& event, const HookNotifyList::Entry& e)
{
    if (StackShuttingDown() || m_condemned || m_shutdown)
    {
        return ESHUTDOWN;
    }
    Ptr<HookEvent> ev = FindEvent(event);
    if (!ev)
    {
        return ESRCH;
    }
    return ev->NotifyRegister(e);
}

int
HookFamily::EventNotifyUnregister(const std::string& event, const HookNotifyList::Entry& e)
{
    Ptr<HookEvent> ev = FindEvent(event);
    if (!ev)
    {
        return ESRCH;
    }
    return ev->NotifyUnregister(e);
}

} // namespace ns3
