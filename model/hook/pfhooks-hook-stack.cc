/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-hook-stack.h"

#include <cerrno>

namespace ns3
{

PfhooksHookStack::PfhooksHookStack(netid_t netid)
    : m_netid(netid)
{
}

PfhooksHookStack::~PfhooksHookStack()
{
    for (auto& f : m_families)
    {
        f->Detach();
    }
}

Ptr<PfhooksHookFamily>
PfhooksHookStack::FindFamily(const std::string& name) const
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
PfhooksHookStack::GetFamilyNames() const
{
    std::vector<std::string> names;
    for (const auto& f : m_families)
    {
        names.push_back(f->GetName());
    }
    return names;
}

Ptr<PfhooksHookFamily>
PfhooksHookStack::AddFamily(const std::string& name, const std::string& hookName)
{
    if (m_shutdown != 0 || FindFamily(name))
    {
        return nullptr;
    }
    Ptr<PfhooksHookFamily> f =
        Create<PfhooksHookFamily>(this, name, hookName.empty() ? name : hookName);
    m_families.insert(m_families.begin(), f);
    m_notify.Run(HN_REGISTER, name.c_str(), nullptr, f->GetHookName().c_str());
    return f;
}

int
PfhooksHookStack::ShutdownFamily(const std::string& name)
{
    Ptr<PfhooksHookFamily> f = FindFamily(name);
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
PfhooksHookStack::RemoveFamily(const std::string& name)
{
    Ptr<PfhooksHookFamily> f = FindFamily(name);
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
PfhooksHookStack::FamilyMayBeIdle(PfhooksHookFamily* f)
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
PfhooksHookStack::NotifyRegister(const PfhooksNotifyList::Entry& e)
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
    std::vector<Ptr<PfhooksHookFamily>> now(m_families);
    for (const auto& f : now)
    {
        if (f->m_condemned || f->m_shutdown)
        {
            continue;
        }
        PfhooksNotifyList::Call(e,
                                HN_REGISTER,
                                f->GetName().c_str(),
                                nullptr,
                                f->GetHookName().c_str());
    }
    return 0;
}

int
PfhooksHookStack::NotifyUnregister(const PfhooksNotifyList::Entry& e)
{
    PfhooksNotifyList::Entry removed;
    int error = m_notify.Remove(e, &removed);
    if (error != 0)
    {
        return error;
    }
    // illumos replays to every family on the list, condemned or not.
    Ptr<PfhooksHookStack> self(this);
    std::vector<Ptr<PfhooksHookFamily>> now(m_families);
    for (const auto& f : now)
    {
        PfhooksNotifyList::Call(removed,
                                HN_UNREGISTER,
                                f->GetName().c_str(),
                                nullptr,
                                f->GetHookName().c_str());
    }
    return 0;
}

} // namespace ns3
