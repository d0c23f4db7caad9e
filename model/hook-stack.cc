/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "hook-stack.h"

#include <cerrno>

namespace ns3
{

HookStack::HookStack(netid_t netid)
    : m_netid(netid)
{
}

HookStack::~HookStack()
{
    for (auto& f : m_families)
    {
        f->Detach();
    }
}

Ptr<HookFamily>
HookStack::FindFamily(const std::string& name) const
{
    for (const auto& f : m_families)
    {
        if (f->GetName() == name)
        {
            return f;
        }
    }
    return nullptr;
}

std::vector<std::string>
HookStack::GetFamilyNames() const
{
    std::vector<std::string> names;
    for (const auto& f : m_families)
    {
        names.push_back(f->GetName());
    }
    return names;
}

Ptr<HookFamily>
HookStack::AddFamily(const std::string& name, const std::string& hookName)
{
    if (m_shutdown != 0 || FindFamily(name))
    {
        return nullptr;
    }
    Ptr<HookFamily> f = Create<HookFamily>(this, name, hookName.empty() ? name : hookName);
    m_families.insert(m_families.begin(), f);
    m_notify.Run(HN_REGISTER, name.c_str(), nullptr, f->GetHookName().c_str());
    return f;
}

int
HookStack::ShutdownFamily(const std::string& name)
{
    Ptr<HookFamily> f = FindFamily(name);
    if (!f)
    {
        return ESRCH;
    }
    if (!f->m_shutdown)
    {
        f->m_shutdown = true;
        m_notify.Run(HN_UNREGISTER, name.c_str(), nullptr, f->GetHookName().c_str());
    }
    return 0;
}

int
HookStack::RemoveFamily(const std::string& name)
{
    Ptr<HookFamily> f = FindFamily(name);
    if (!f)
    {
        return ESRCH;
    }
    bool notifyDone = f->m_shutdown;
    f->m_shutdown = true;
    f->m_condemned = true;
    if (!notifyDone)
    {
        m_notify.Run(HN_UNREGISTER, name.c_str(), nullptr, f->GetHookName().c_str());
    }
    FamilyMayBeIdle(PeekPointer(f));
    return 0;
}

void
HookStack::FamilyMayBeIdle(HookFamily* f)
{
    if (!f->m_condemned || !f->IsIdle())
    {
        return;
    }
    for (auto it = m_families.begin(); it != m_families.end(); ++it)
    {
        if (PeekPointer(*it) == f)
        {
            (*it)->Detach();
            m_families.erase(it);
            return;
        }
    }
}

int
HookStack::NotifyRegister(const HookNotifyList::Entry& e)
{
    if (m_shutdown != 0)
    {
        return ESHUTDOWN;
    }
    int error = m_notify.Add(e);
    if (error != 0)
    {
        return error;
    }
    // Replay the families there now, skipping those on their way out.
    std::vector<Ptr<HookFamily>> now(m_families);
    for (const auto& f : now)
    {
        if (f->m_condemned || f->m_shutdown)
        {
            continue;
        }
        HookNotifyList::Call(e,
                             HN_REGISTER,
                             f->GetName().c_str(),
                             nullptr,
                             f->GetHookName().c_str());
    }
    return 0;
}

int
HookStack::NotifyUnregister(const HookNotifyList::Entry& e)
{
    HookNotifyList::Entry removed;
    int error = m_notify.Remove(e, &removed);
    if (error != 0)
    {
        return error;
    }
    // illumos replays to every family on the list, condemned or not.
    Ptr<HookStack> self(this);
    std::vector<Ptr<HookFamily>> now(m_families);
    for (const auto& f : now)
    {
        HookNotifyList::Call(removed,
                             HN_UNREGISTER,
                             f->GetName().c_str(),
                             nullptr,
                             f->GetHookName().c_str());
    }
    return 0;
}

} // namespace ns3
