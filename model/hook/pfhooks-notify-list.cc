/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-notify-list.h"

#include "pfhooks-observer.h"

#include "ns3/log.h"

#include <cerrno>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksNotifyList");

bool
PfhooksNotifyList::Same(const Entry& a, const Entry& b)
{
    if (a.fn != nullptr || b.fn != nullptr)
    {
        return a.fn == b.fn;
    }
    return a.cb.IsEqual(b.cb);
}

const PfhooksNotifyList::Entry*
PfhooksNotifyList::Find(const Entry& e) const
{
    if (!m_entries)
    {
        return nullptr;
    }
    for (const auto& x : *m_entries)
    {
        if (Same(x, e))
        {
            return &x;
        }
    }
    return nullptr;
}

int
PfhooksNotifyList::Add(const Entry& e)
{
    NS_LOG_FUNCTION(this << reinterpret_cast<void*>(e.fn));
    if (Find(e) != nullptr)
    {
        return EEXIST;
    }
    if (!m_entries)
    {
        m_entries = std::make_unique<std::vector<Entry>>();
    }
    m_entries->push_back(e);
    return 0;
}

int
PfhooksNotifyList::Remove(const Entry& e, Entry* removed)
{
    NS_LOG_FUNCTION(this << reinterpret_cast<void*>(e.fn));
    if (!m_entries)
    {
        return ESRCH;
    }
    for (auto it = m_entries->begin(); it != m_entries->end(); ++it)
    {
        if (Same(*it, e))
        {
            if (removed != nullptr)
            {
                *removed = *it;
            }
            m_entries->erase(it);
            if (m_entries->empty())
            {
                m_entries.reset();
            }
            return 0;
        }
    }
    return ESRCH;
}

int
PfhooksNotifyList::Call(const Entry& e,
                        hook_notify_cmd_t cmd,
                        const char* family,
                        const char* event,
                        const char* name)
{
    NS_LOG_FUNCTION(reinterpret_cast<void*>(e.fn) << cmd);
    if (e.fn != nullptr)
    {
        PfhooksObserver::Tell(&PfhooksObserver::NotifyCalled, e.fn, cmd, family, event, name);
        return e.fn(cmd, e.arg, family, event, name);
    }
    return e.cb(cmd, family ? family : "", event ? event : "", name ? name : "");
}

void
PfhooksNotifyList::Run(hook_notify_cmd_t cmd,
                       const char* family,
                       const char* event,
                       const char* name) const
{
    NS_LOG_FUNCTION(this << cmd);
    // A callback may add or remove callbacks of this very list (the seed's
    // recall module does so on other lists); walking a snapshot and checking
    // membership keeps the walk safe and never calls a removed callback.
    if (!m_entries)
    {
        return;
    }
    std::vector<Entry> snapshot(*m_entries);
    for (const auto& e : snapshot)
    {
        // Entries are copied out before the call: the callback may remove itself.
        if (const Entry* cur = Find(e))
        {
            Entry now = *cur;
            Call(now, cmd, family, event, name);
        }
    }
}

} // namespace ns3
