/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-hook-event.h"

#include "pfhooks-hook-family.h"

#include "ns3/log.h"

#include <cerrno>
#include <cstring>
#include <unordered_set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksHookEvent");

static_assert(sizeof(hook_hint_t) == sizeof(int), "h_hint is read as an int");

PfhooksHookEvent::PfhooksHookEvent(PfhooksHookFamily* family, const std::string& name)
    : m_family(family),
      m_familyName(Intern(family->GetName())),
      m_name(Intern(name))
{
}

const std::string*
PfhooksHookEvent::Intern(const std::string& name)
{
    // Never freed, so that a name outlives every event and family; reachable
    // from this static, so not a leak to LeakSanitizer.
    static auto* names = new std::unordered_set<std::string>;
    return &*names->insert(name).first;
}

PfhooksHookEvent::~PfhooksHookEvent() = default;

PfhooksHookEvent::HookList::iterator
PfhooksHookEvent::FindByName(HookList& list, const char* name)
{
    for (auto it = list.begin(); it != list.end(); ++it)
    {
        if (!it->removed && it->name == name)
        {
            return it;
        }
    }
    return list.end();
}

// Entries flagged `removed` only exist while a run walks the list; every rule
// below looks through them as if they were already gone.

static bool
Live(const PfhooksHookEntry& e)
{
    return !e.removed;
}

PfhooksHookEvent::HookList::iterator
PfhooksHookEvent::Next(HookList& list, HookList::iterator it)
{
    do
    {
        ++it;
    } while (it != list.end() && !Live(*it));
    return it;
}

PfhooksHookEvent::HookList::iterator
PfhooksHookEvent::InsertPlain(HookList& list)
{
    // Only the head is checked for HH_LAST, as in illumos: with a FIRST hook
    // at the head a LAST hook at the tail does not stop a plain append.
    auto head = list.begin();
    if (head != list.end() && !Live(*head))
    {
        head = Next(list, head);
    }
    if (head != list.end() && head->hook.h_hint == HH_LAST)
    {
        return head;
    }
    return list.end();
}

PfhooksHookEvent::HookList::iterator
PfhooksHookEvent::InsertAfterBefore(HookList& list, const hook_t& h)
{
    // The named neighbour is absent: group with hooks naming the same
    // neighbour so that BEFOREs stay ahead of AFTERs for when it arrives.
    const char* target = reinterpret_cast<const char*>(h.h_hintvalue);
    for (auto it = list.begin(); it != list.end(); ++it)
    {
        if (!Live(*it))
        {
            continue;
        }
        const hook_t& o = it->hook;
        if (o.h_hint != HH_BEFORE && o.h_hint != HH_AFTER)
        {
            continue;
        }
        if (std::strcmp(reinterpret_cast<const char*>(o.h_hintvalue), target) != 0)
        {
            continue;
        }
        if (o.h_hint == h.h_hint)
        {
            return Next(list, it); // both BEFORE or both AFTER: after it
        }
        return it; // opposite hints: before it
    }
    return InsertPlain(list);
}

int
PfhooksHookEvent::Insert(HookList& list, const hook_t& h, HookList::iterator* where)
{
    switch (h.h_hint)
    {
    case HH_NONE: {
        // A hook that asked to be after this one wins over one that asked to
        // be before it; failing both, a plain insert.
        auto before = list.end();
        for (auto it = list.begin(); it != list.end(); ++it)
        {
            if (!Live(*it))
            {
                continue;
            }
            const hook_t& o = it->hook;
            if (o.h_hint == HH_AFTER &&
                std::strcmp(h.h_name, reinterpret_cast<const char*>(o.h_hintvalue)) == 0)
            {
                *where = it;
                return 0;
            }
            if (o.h_hint == HH_BEFORE && before == list.end() &&
                std::strcmp(h.h_name, reinterpret_cast<const char*>(o.h_hintvalue)) == 0)
            {
                before = it;
            }
        }
        *where = (before != list.end()) ? Next(list, before) : InsertPlain(list);
        return 0;
    }
    case HH_FIRST: {
        auto head = list.begin();
        if (head != list.end() && !Live(*head))
        {
            head = Next(list, head);
        }
        if (head != list.end() && head->hook.h_hint == HH_FIRST)
        {
            return EBUSY;
        }
        *where = head;
        return 0;
    }
    case HH_LAST: {
        auto last = list.end();
        for (auto it = list.begin(); it != list.end(); ++it)
        {
            if (Live(*it))
            {
                last = it;
            }
        }
        if (last != list.end() && last->hook.h_hint == HH_LAST)
        {
            return EBUSY;
        }
        *where = list.end();
        return 0;
    }
    case HH_BEFORE:
    case HH_AFTER: {
        const char* target = reinterpret_cast<const char*>(h.h_hintvalue);
        auto it = list.begin();
        for (; it != list.end(); ++it)
        {
            if (Live(*it) && it->name == target)
            {
                break;
            }
        }
        if (it == list.end())
        {
            *where = InsertAfterBefore(list, h);
            return 0;
        }
        if (h.h_hint == HH_BEFORE)
        {
            if (it->hook.h_hint == HH_FIRST)
            {
                return EBUSY;
            }
            *where = it;
            return 0;
        }
        if (it->hook.h_hint == HH_LAST)
        {
            return EBUSY;
        }
        *where = Next(list, it);
        return 0;
    }
    default:
        return EINVAL;
    }
}

int
PfhooksHookEvent::Register(const hook_t* h, std::shared_ptr<void> holder)
{
    // illumos ASSERTs these; a simulation answers EINVAL instead of crashing.
    if (h == nullptr || h->h_name == nullptr || h->h_func == nullptr)
    {
        return EINVAL;
    }
    // A C caller may put any int in h_hint; reading it as the enum would be
    // undefined behaviour in C++, so look at the raw value.
    int hint;
    std::memcpy(&hint, &h->h_hint, sizeof(hint));
    if ((hint == HH_BEFORE || hint == HH_AFTER) && h->h_hintvalue == 0)
    {
        return EINVAL;
    }
    if (m_shutdown)
    {
        return ESHUTDOWN;
    }
    if (!m_hooks)
    {
        m_hooks = std::make_unique<HookList>();
    }
    HookList& hooks = *m_hooks;
    if (FindByName(hooks, h->h_name) != hooks.end())
    {
        return EEXIST;
    }

    if (hint < HH_NONE || hint > HH_AFTER)
    {
        return EINVAL; // hook_insert()'s default case
    }

    // hook_copy(): the caller may free its hook_t and strings afterwards.
    HookList scratch(1);
    PfhooksHookEntry& e = scratch.front();
    e.hook = *h;
    e.name = h->h_name;
    if (h->h_hint == HH_BEFORE || h->h_hint == HH_AFTER)
    {
        e.hintValue = reinterpret_cast<const char*>(h->h_hintvalue);
    }
    e.hook.h_name = &e.name[0];
    e.hook.h_hintvalue = reinterpret_cast<uintptr_t>(e.hintValue.c_str());
    e.holder = std::move(holder);

    HookList::iterator where;
    int error = Insert(hooks, e.hook, &where);
    if (error != 0)
    {
        return error;
    }
    hooks.splice(where, scratch);
    ++m_nHooks;
    ++m_hooksAdded;
    int32_t position = 1;
    for (auto& x : hooks)
    {
        if (Live(x))
        {
            x.position = position++;
        }
    }
    NS_LOG_LOGIC("registered hook " << h->h_name << " on " << *m_name);
    // illumos passes the caller's name string, not the copy.
    m_notify.Run(HN_REGISTER, m_familyName->c_str(), m_name->c_str(), h->h_name);
    return 0;
}

int
PfhooksHookEvent::Unregister(const char* name)
{
    if (name == nullptr)
    {
        return ENXIO;
    }
    if (!m_hooks)
    {
        return ENXIO;
    }
    auto it = FindByName(*m_hooks, name);
    if (it == m_hooks->end())
    {
        return ENXIO;
    }
    // Keep the name alive for the notifications: the entry may go now.
    std::string copy = it->name;
    if (m_runDepth > 0)
    {
        it->removed = true;
        m_needPurge = true;
    }
    else
    {
        m_hooks->erase(it);
    }
    --m_nHooks;
    ++m_hooksRemoved;
    // The notify callbacks may drop the last reference to this event.
    Ptr<PfhooksHookEvent> self(this);
    m_notify.Run(HN_UNREGISTER, m_familyName->c_str(), m_name->c_str(), copy.c_str());
    if (m_family != nullptr)
    {
        m_family->EventMayBeIdle(this);
    }
    return 0;
}

void
PfhooksHookEvent::Purge()
{
    m_hooks->remove_if([](const PfhooksHookEntry& e) { return e.removed; });
    m_needPurge = false;
}

uint64_t PfhooksHookEvent::s_calls = 0;

/// The hook being called now (innermost, when a hook's injection runs others).
static PfhooksHookEntry* g_running = nullptr;

void
PfhooksHookEvent::NoteInjection()
{
    if (g_running != nullptr)
    {
        g_running->injections++;
    }
}

int
PfhooksHookEvent::Run(hook_data_t info)
{
    // A hook may release the last outside reference to this event.
    Ptr<PfhooksHookEvent> self(this);
    int rval = 0;
    ++m_runDepth;
    // Once made, the list stays for the event's life: the reference holds
    // while hooks (un)register during the run.
    if (m_hooks)
    {
        HookList& hooks = *m_hooks;
        for (auto it = hooks.begin(); it != hooks.end(); ++it)
        {
            if (it->removed)
            {
                continue;
            }
            PfhooksHookEntry* outer = g_running;
            g_running = &*it;
            ++s_calls;
            rval = it->hook.h_func(GetToken(), info, it->hook.h_arg);
            g_running = outer;
            it->hits++;
            if (rval != 0)
            {
                it->drops++;
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

std::vector<std::string>
PfhooksHookEvent::GetHookNames() const
{
    if (!m_hooks)
    {
        return {};
    }
    std::vector<std::string> names;
    for (const auto& e : *m_hooks)
    {
        if (Live(e))
        {
            names.push_back(e.name);
        }
    }
    return names;
}

std::vector<hook_t>
PfhooksHookEvent::GetHooks() const
{
    if (!m_hooks)
    {
        return {};
    }
    std::vector<hook_t> hooks;
    for (const auto& e : *m_hooks)
    {
        if (Live(e))
        {
            hooks.push_back(e.hook);
        }
    }
    return hooks;
}

std::vector<PfhooksHookKstat>
PfhooksHookEvent::GetHookKstats() const
{
    if (!m_hooks)
    {
        return {};
    }
    std::vector<PfhooksHookKstat> out;
    for (const auto& e : *m_hooks)
    {
        if (!Live(e))
        {
            continue;
        }
        bool named = e.hook.h_hint == HH_BEFORE || e.hook.h_hint == HH_AFTER;
        out.push_back({e.name,
                       e.hook.h_version,
                       e.hook.h_flags,
                       static_cast<int32_t>(e.hook.h_hint),
                       named ? e.hintValue : std::string("<none>"),
                       e.position,
                       e.hits,
                       e.drops,
                       e.injections});
    }
    return out;
}

int
PfhooksHookEvent::NotifyRegister(const PfhooksNotifyList::Entry& e)
{
    if (m_condemned || m_shutdown)
    {
        return ESHUTDOWN;
    }
    int error = m_notify.Add(e);
    if (error != 0)
    {
        return error;
    }
    // Replay the hooks already there, in list order, to the new callback.
    for (const auto& name : GetHookNames())
    {
        PfhooksNotifyList::Call(e,
                                HN_REGISTER,
                                m_familyName->c_str(),
                                m_name->c_str(),
                                name.c_str());
    }
    return 0;
}

int
PfhooksHookEvent::NotifyUnregister(const PfhooksNotifyList::Entry& e)
{
    PfhooksNotifyList::Entry removed;
    int error = m_notify.Remove(e, &removed);
    if (error != 0)
    {
        return error;
    }
    Ptr<PfhooksHookEvent> self(this);
    // illumos skips the replay when the event is about to be freed.
    if (!(m_condemned && IsIdle()))
    {
        for (const auto& name : GetHookNames())
        {
            PfhooksNotifyList::Call(removed,
                                    HN_UNREGISTER,
                                    m_familyName->c_str(),
                                    m_name->c_str(),
                                    name.c_str());
        }
    }
    if (m_family != nullptr)
    {
        m_family->EventMayBeIdle(this);
    }
    return 0;
}

} // namespace ns3
