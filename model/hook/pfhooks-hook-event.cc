/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-hook-event.h"

#include "observe-hook.h"
#include "packet-hook.h"
#include "pfhooks-hook-family.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/pfhooks-kernel-thread.h"
#include "ns3/solaris-kernel.h"
#include "ns3/solaris-module.h"

#include <cerrno>
#include <cstring>
#include <map>
#include <new>
#include <unordered_set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksHookEvent");

static_assert(sizeof(hook_hint_t) == sizeof(int), "h_hint is read as an int");

/*
 * Function: PfhooksHookEvent (hook_event_add()'s copy)
 * The family makes its events; the event keeps interned copies of its own
 * and its family's names, so that a condemned event the family has let go
 * still names itself in notifications and kstats.
 */
PfhooksHookEvent::PfhooksHookEvent(PfhooksHookFamily* family, const std::string& name)
    : PfhooksHookLevel(family),
      m_names(InternNames(family->GetName(), name))
{
    NS_LOG_FUNCTION(this << name);
}

PfhooksHookEvent::PfhooksHookEvent(PfhooksHookFamily* family, const Names* names)
    : PfhooksHookLevel(family),
      m_names(names)
{
    NS_LOG_FUNCTION(this << *names->event);
}

// An idle instance's 17 events are most of its bytes: keep them at 56.
static_assert(sizeof(PfhooksHookEvent) <= 56, "PfhooksHookEvent grew past 56 bytes");

namespace
{
/// A block of events side by side (PfhooksHookEvent::SlabScope), freed
/// with its last event.
struct Slab
{
    uint16_t live;     //!< events made in it and not yet freed
    uint16_t used;     //!< slots handed out
    uint16_t capacity; //!< slots in all
    bool open;         //!< its scope still hands out slots
    bool armed;        //!< the next Make() takes a slot (SlabScope::Arm)
    // the events follow, aligned as the header is 8 bytes
};

static_assert(sizeof(Slab) == 8, "events follow an 8-byte header");

Slab* s_openSlab = nullptr; //!< the innermost SlabScope's block

PfhooksHookEvent*
SlotOf(Slab* slab, uint32_t i)
{
    return reinterpret_cast<PfhooksHookEvent*>(reinterpret_cast<char*>(slab + 1) +
                                               i * sizeof(PfhooksHookEvent));
}

void
FreeIfDone(Slab* slab)
{
    if (slab->live == 0 && !slab->open)
    {
        ::operator delete(slab);
    }
}
} // namespace

PfhooksHookEvent::SlabScope::SlabScope(uint32_t capacity)
    : m_prev(s_openSlab)
{
    NS_ABORT_MSG_IF(capacity == 0 || capacity >= kAlone, "SlabScope: capacity " << capacity);
    auto* slab =
        static_cast<Slab*>(::operator new(sizeof(Slab) + capacity * sizeof(PfhooksHookEvent)));
    *slab = Slab{0, 0, static_cast<uint16_t>(capacity), true, false};
    m_slab = slab;
    s_openSlab = slab;
}

void
PfhooksHookEvent::SlabScope::Arm(bool on)
{
    static_cast<Slab*>(m_slab)->armed = on;
}

PfhooksHookEvent::SlabScope::~SlabScope()
{
    auto* slab = static_cast<Slab*>(m_slab);
    s_openSlab = static_cast<Slab*>(m_prev);
    slab->open = false;
    FreeIfDone(slab);
}

Ptr<PfhooksHookEvent>
PfhooksHookEvent::Make(PfhooksHookFamily* family, const std::string& name)
{
    return Make(family, InternNames(family->GetName(), name));
}

Ptr<PfhooksHookEvent>
PfhooksHookEvent::Make(PfhooksHookFamily* family, const Names* names)
{
    Slab* slab = s_openSlab;
    if (slab == nullptr || !slab->armed || slab->used == slab->capacity)
    {
        return Create<PfhooksHookEvent>(family, names);
    }
    slab->armed = false;
    uint16_t i = slab->used;
    auto* ev = new (SlotOf(slab, i)) PfhooksHookEvent(family, names);
    slab->used++;
    slab->live++;
    ev->m_slot = static_cast<uint8_t>(i);
    return Ptr<PfhooksHookEvent>(ev, false);
}

void
PfhooksHookEventDeleter::Delete(PfhooksHookEvent* ev)
{
    uint8_t slot = ev->m_slot;
    if (slot == PfhooksHookEvent::kAlone)
    {
        delete ev;
        return;
    }
    auto* slab =
        reinterpret_cast<Slab*>(reinterpret_cast<char*>(ev) - slot * sizeof(PfhooksHookEvent)) - 1;
    ev->~PfhooksHookEvent();
    slab->live--;
    FreeIfDone(slab);
}

/*
 * Function: Intern
 * Returns the process' one copy of a name.
 */
const std::string*
PfhooksHookEvent::Intern(const std::string& name)
{
    // Never freed, so that a name outlives every event and family; reachable
    // from this static, so not a leak to LeakSanitizer.
    static auto* names = new std::unordered_set<std::string>;
    return &*names->insert(name).first;
}

/*
 * Function: InternNames
 * Returns the process' one pair of a family's and an event's names.
 */
const PfhooksHookEvent::Names*
PfhooksHookEvent::InternNames(const std::string& family, const std::string& event)
{
    // The family's name is its family's interned copy (PfhooksHookFamily
    // keeps one), so the pair is found by that pointer and the event's
    // name: no string is hashed for a pair already there (an instance
    // boots 17 events).
    static auto* pairs = new std::map<std::pair<const std::string*, std::string>, Names>;
    auto key = std::make_pair(&family, event);
    auto it = pairs->find(key);
    if (it == pairs->end())
    {
        // Stored under the interned copy, which no other string's address
        // can be, whatever the caller passed.
        const std::string* f = Intern(family);
        it = pairs->emplace(std::make_pair(f, event), Names{f, Intern(event)}).first;
    }
    return &it->second;
}

namespace
{
/**
 * Totals of unregistered hooks, per event and hook name.  A side table, not
 * a member: few events ever lose a hook, and an idle instance's size counts.
 */
std::map<const PfhooksHookEvent*, std::map<std::string, PfhooksHookKstat>>&
RemovedTable()
{
    static std::map<const PfhooksHookEvent*, std::map<std::string, PfhooksHookKstat>> table;
    return table;
}
} // namespace

PfhooksHookEvent::~PfhooksHookEvent()
{
    if (m_hasRemoved)
    {
        RemovedTable().erase(this);
    }
}

/*
 * Function: FindByName (hook_find_byname())
 * The live hook of that name: the identity of a hook within an event.
 */
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

/*
 * Function: InsertPlain (hook_insert_plain())
 * Where a hook with nothing to say about its place goes.
 */
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

/*
 * Function: InsertAfterBefore (hook_insert_afterbefore())
 * Where a HH_BEFORE/HH_AFTER hook goes when the hook it names is absent.
 */
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

/*
 * Function: Insert (hook_insert())
 * Returns: 0, EBUSY, EINVAL
 * Where a new hook goes, by its hint: the ordering rules of the hook list,
 * all of them (doc/pfhooks.md has the table).
 */
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

/*
 * Function: Register (hook_register())
 * Returns: 0, EINVAL, ESHUTDOWN, EEXIST, EBUSY
 * Copies the caller's hook (hook_copy()), puts it where its hint says,
 * renumbers the positions and tells the event's notify callbacks.
 */
int
PfhooksHookEvent::Register(const hook_t* h, std::shared_ptr<void> holder)
{
    NS_LOG_FUNCTION(this << h);
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
    if (IsShutdown())
    {
        return ESHUTDOWN;
    }
    if (!m_hooks)
    {
        m_hooks = std::make_unique<HookBlock>();
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
    e.interned = Intern(e.name);
    e.hook.h_hintvalue = reinterpret_cast<uintptr_t>(e.hintValue.c_str());
    e.holder = std::move(holder);
    SolarisModule* m = SolarisKernel::Get().ModuleAt(reinterpret_cast<const void*>(h->h_func));
    e.maySleep = m != nullptr && m->MaySleep();
    e.closure = PacketHookContext::IsCxxHook(e.hook.h_func);
    e.cxx = e.closure || ObservedPacket::IsCxxObserver(e.hook.h_func);

    HookList::iterator where;
    int error = Insert(hooks, e.hook, &where);
    if (error != 0)
    {
        return error;
    }
    bool sleeper = e.maySleep;
    hooks.splice(where, scratch);
    NoteFirstHook();
    ++m_nHooks;
    m_hooks->sleepers += sleeper ? 1 : 0;
    if (m_nHooks == 1 && s_hooksChanged != nullptr)
    {
        s_hooksChanged(this);
    }
    ++m_hooks->added;
    int32_t position = 1;
    for (auto& x : hooks)
    {
        if (Live(x))
        {
            x.position = position++;
        }
    }
    NS_LOG_LOGIC("registered hook " << h->h_name << " on " << *m_names->event);
    // illumos passes the caller's name string, not the copy.
    m_notify.Run(HN_REGISTER, m_names->family->c_str(), m_names->event->c_str(), h->h_name);
    return 0;
}

/*
 * Function: Unregister (hook_unregister())
 * Returns: 0, ENXIO
 * Takes the hook off the list (or marks it while a run walks the list),
 * tells the event's notify callbacks, and lets the family free a condemned
 * event this made idle.
 */
int
PfhooksHookEvent::Unregister(const char* name, uint64_t* hits)
{
    NS_LOG_FUNCTION(this << (name ? name : "(null)"));
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
    if (hits != nullptr)
    {
        *hits = it->hits;
    }
    // Its kstats go with it (illumos); the totals per name stay for reports.
    PfhooksHookKstat& gone = RemovedTable()[this][copy];
    m_hasRemoved = true;
    bool named = it->hook.h_hint == HH_BEFORE || it->hook.h_hint == HH_AFTER;
    gone.name = copy;
    gone.version = it->hook.h_version;
    gone.flags = it->hook.h_flags;
    gone.hint = static_cast<int32_t>(it->hook.h_hint);
    gone.hintValue = named ? it->hintValue : std::string("<none>");
    gone.position = it->position;
    gone.hits += it->hits;
    gone.drops += it->drops;
    gone.injections += it->injections;
    gone.removed = true;
    m_hooks->sleepers -= it->maySleep ? 1 : 0;
    // Runs of it asleep on kernel threads: a kernel thread waits for them
    // (unless it is the hook asking about itself); the entry may be freed
    // while it waits, so it is not touched afterwards.
    bool wait = it->running > 0 && PfhooksKernelThread::Current() != nullptr &&
                PfhooksKernelThread::Slot() != static_cast<void*>(&*it);
    if (wait)
    {
        Ptr<PfhooksKernelThread> self(PfhooksKernelThread::Current());
        it->onIdle.emplace_back([self]() { self->Wake(); });
    }
    if (m_runDepth > 0)
    {
        it->removed = true;
        m_needPurge = true;
    }
    else
    {
        m_hooks->erase(it);
    }
    NoteFirstHook();
    --m_nHooks;
    ++m_hooks->removed;
    // The notify callbacks may drop the last reference to this event.
    Ptr<PfhooksHookEvent> self(this);
    if (m_nHooks == 0 && s_hooksChanged != nullptr)
    {
        s_hooksChanged(this);
    }
    if (wait)
    {
        NS_LOG_LOGIC("unregistering " << copy << ": waiting for its runs in progress");
        PfhooksKernelThread::Block();
    }
    m_notify.Run(HN_UNREGISTER, m_names->family->c_str(), m_names->event->c_str(), copy.c_str());
    ParentMayBeIdle();
    return 0;
}

/*
 * Function: Purge
 * Drops the entries unregistered while a run walked the list, once no run does.
 */
void
PfhooksHookEvent::Purge()
{
    m_hooks->remove_if([](const PfhooksHookEntry& e) { return e.removed; });
    m_needPurge = false;
}

/*
 * Function: NoteFirstHook
 * Whether the first live hook reads the message at once (not a
 * PacketHookCallback), for the seams' eager message.
 */
void
PfhooksHookEvent::NoteFirstHook()
{
    m_hooks->firstReads = false;
    for (const auto& e : *m_hooks)
    {
        if (Live(e))
        {
            m_hooks->firstReads = !e.cxx;
            break;
        }
    }
}

std::vector<std::string>
PfhooksHookEvent::GetHookNames() const
{
    NS_LOG_FUNCTION(this);
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
    NS_LOG_FUNCTION(this);
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
    NS_LOG_FUNCTION(this);
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

std::vector<PfhooksHookKstat>
PfhooksHookEvent::GetRemovedHookKstats() const
{
    std::vector<PfhooksHookKstat> out;
    if (m_hasRemoved)
    {
        for (const auto& [name, k] : RemovedTable()[this])
        {
            out.push_back(k);
        }
    }
    return out;
}

/*
 * Function: ReplayTo
 * The event level's fake notifications: one per live hook, in run order,
 * (family, event, hook) as the real ones.
 */
void
PfhooksHookEvent::ReplayTo(const PfhooksNotifyList::Entry& e, hook_notify_cmd_t cmd) const
{
    for (const auto& name : GetHookNames())
    {
        PfhooksNotifyList::Call(e,
                                cmd,
                                m_names->family->c_str(),
                                m_names->event->c_str(),
                                name.c_str());
    }
}

} // namespace ns3
