/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * One protocol family and its events (hook.c's hook_family_* and
 * hook_event_* functions); how the levels fit is told at the top of
 * pfhooks-hook-stack.cc.
 */
#include "pfhooks-hook-family.h"

#include "pfhooks-hook-stack.h"
#include "pfhooks-observer.h"

#include "ns3/log.h"

#include <cerrno>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksHookFamily");

/*
 * Function: PfhooksHookFamily (hook_family_add()'s copy)
 * The stack makes its families; both names are interned.
 */
PfhooksHookFamily::PfhooksHookFamily(PfhooksHookStack* stack,
                                     const std::string& name,
                                     const std::string& hookName)
    : PfhooksHookLevel(stack),
      m_name(PfhooksHookEvent::Intern(name)),
      m_hookName(PfhooksHookEvent::Intern(hookName))
{
    NS_LOG_FUNCTION(this << name << hookName);
}

PfhooksHookFamily::PfhooksHookFamily(PfhooksHookStack* stack,
                                     const std::string* name,
                                     const std::string* hookName)
    : PfhooksHookLevel(stack),
      m_name(name),
      m_hookName(hookName)
{
    NS_LOG_FUNCTION(this << *name << *hookName);
}

PfhooksHookFamily::~PfhooksHookFamily() = default;

/*
 * Function: StackShuttingDown
 * True once the instance's stack stops taking additions (hks_shutdown), or
 * has let this family go.
 */
bool
PfhooksHookFamily::StackShuttingDown() const
{
    return m_parent == nullptr || m_parent->GetShutdown() != 0;
}

/*
 * Function: RefusesNotify
 * net_protocol_notify_register() and net_event_notify_register() answer
 * ESHUTDOWN once the family or its stack is on its way out.
 */
bool
PfhooksHookFamily::RefusesNotify() const
{
    return StackShuttingDown() || IsCondemned() || IsShutdown();
}

/*
 * Function: FindEvent (hook_event_find())
 * Condemned events are found too: unregistering from them must work.
 */
Ptr<PfhooksHookEvent>
PfhooksHookFamily::FindEvent(const std::string& name) const
{
    NS_LOG_FUNCTION(this << name);
    return m_events.Find(name);
}

std::vector<std::string>
PfhooksHookFamily::GetEventNames() const
{
    NS_LOG_FUNCTION(this);
    return m_events.GetNames();
}

/*
 * Function: AddEvent (hook_event_add())
 * Returns: the event, null when the family or the stack is going or the
 * name is taken
 * The new event goes to the head of the list and the protocol-level
 * callbacks hear of it.
 */
Ptr<PfhooksHookEvent>
PfhooksHookFamily::AddEvent(const std::string& name)
{
    NS_LOG_FUNCTION(this << name);
    if (StackShuttingDown() || IsCondemned() || IsShutdown() || m_events.Find(name))
    {
        return nullptr;
    }
    Ptr<PfhooksHookEvent> ev = PfhooksHookEvent::Make(this, name);
    m_events.Add(ev, m_notify);
    return ev;
}

Ptr<PfhooksHookEvent>
PfhooksHookFamily::AddEvent(const PfhooksHookEvent::Names* names)
{
    NS_LOG_FUNCTION(this << *names->event);
    NS_ASSERT(names->family == m_name);
    if (StackShuttingDown() || IsCondemned() || IsShutdown() || m_events.FindInterned(names->event))
    {
        return nullptr;
    }
    Ptr<PfhooksHookEvent> ev = PfhooksHookEvent::Make(this, names);
    m_events.Add(ev, m_notify);
    return ev;
}

/*
 * Function: ShutdownEvent (hook_event_shutdown())
 * Returns: 0, ESRCH
 * Announces the event's departure once; it takes no new hooks from now on.
 */
int
PfhooksHookFamily::ShutdownEvent(const std::string& name)
{
    NS_LOG_FUNCTION(this << name);
    return m_events.Shutdown(name, m_notify);
}

/*
 * Function: RemoveEvent (hook_event_remove())
 * Returns: 0, ESRCH
 * Condemns the event; it is freed now if nothing holds it, else when the
 * last hook or callback leaves it.
 */
int
PfhooksHookFamily::RemoveEvent(const std::string& name)
{
    NS_LOG_FUNCTION(this << name);
    Ptr<PfhooksHookEvent> ev = m_events.Condemn(name, m_notify);
    if (!ev)
    {
        return ESRCH;
    }
    ChildMayBeIdle(PeekPointer(ev));
    return 0;
}

/*
 * Function: ChildMayBeIdle (hook_event_free()'s test)
 * A condemned event that nothing holds goes; a condemned family left
 * empty by it goes in turn.
 */
void
PfhooksHookFamily::ChildMayBeIdle(PfhooksHookEvent* ev)
{
    NS_LOG_FUNCTION(this << ev);
    // Our own last reference may be the one in the stack's list.
    Ptr<PfhooksHookFamily> self(this);
    if (m_events.DropIfIdle(ev))
    {
        ParentMayBeIdle();
    }
}

/*
 * Function: HookRegister (net_hook_register())
 * Returns: 0, ENXIO, or what the event answers
 * While the instance shuts down illumos returns 0 without registering: kept,
 * and logged so that it is never silent.  A hook that is registered is
 * reported to the observers with its caller.
 */
int
PfhooksHookFamily::HookRegister(const std::string& event,
                                const hook_t* h,
                                std::shared_ptr<void> holder,
                                const void* caller)
{
    NS_LOG_FUNCTION(this << event << h << caller);
    if (StackShuttingDown())
    {
        NS_LOG_WARN("net_hook_register("
                    << *m_name << ", " << event << ", "
                    << (h != nullptr && h->h_name ? h->h_name : "(null)") << "): instance "
                    << (m_parent ? m_parent->GetNetid() : -1)
                    << " is shutting down; not registered (illumos returns 0)");
        return 0;
    }
    Ptr<PfhooksHookEvent> ev = m_events.Find(event);
    if (!ev)
    {
        return ENXIO;
    }
    int rv = ev->Register(h, std::move(holder));
    if (rv == 0)
    {
        PfhooksObserver::Tell(&PfhooksObserver::HookRegistered,
                              caller,
                              m_parent->GetNetid(),
                              *m_name,
                              event,
                              h);
    }
    return rv;
}

/*
 * Function: HookUnregister (net_hook_unregister())
 * Returns: 0, ENXIO
 * The observers hear of the hook with the times it ran, before its kstats
 * go with it.
 */
int
PfhooksHookFamily::HookUnregister(const std::string& event, const hook_t* h, const void* caller)
{
    NS_LOG_FUNCTION(this << event << h << caller);
    Ptr<PfhooksHookEvent> ev = m_events.Find(event);
    if (!ev || h == nullptr)
    {
        return ENXIO;
    }
    // The notifications may make the family let go of its stack: read first.
    netid_t netid = m_parent ? m_parent->GetNetid() : -1;
    uint64_t hits = 0;
    int rv = ev->Unregister(h->h_name, &hits);
    if (rv == 0)
    {
        PfhooksObserver::Tell(&PfhooksObserver::HookUnregistered,
                              caller,
                              netid,
                              *m_name,
                              event,
                              h->h_name,
                              hits);
    }
    return rv;
}

/*
 * Function: ReplayTo
 * The protocol level's fake notifications: one per event, newest first,
 * shutting-down ones included (as hook_family_notify_register()).
 */
void
PfhooksHookFamily::ReplayTo(const PfhooksNotifyList::Entry& e, hook_notify_cmd_t cmd) const
{
    m_events.Replay(e, cmd, false);
}

/*
 * Function: EventNotifyRegister (hook_event_notify_register())
 * Returns: 0, ESHUTDOWN, ESRCH, EEXIST
 */
int
PfhooksHookFamily::EventNotifyRegister(const std::string& event, const PfhooksNotifyList::Entry& e)
{
    NS_LOG_FUNCTION(this << event);
    if (RefusesNotify())
    {
        return ESHUTDOWN;
    }
    Ptr<PfhooksHookEvent> ev = m_events.Find(event);
    if (!ev)
    {
        return ESRCH;
    }
    return ev->NotifyRegister(e);
}

/*
 * Function: EventNotifyUnregister (hook_event_notify_unregister())
 * Returns: 0, ESRCH
 */
int
PfhooksHookFamily::EventNotifyUnregister(const std::string& event,
                                         const PfhooksNotifyList::Entry& e)
{
    NS_LOG_FUNCTION(this << event);
    Ptr<PfhooksHookEvent> ev = m_events.Find(event);
    if (!ev)
    {
        return ESRCH;
    }
    return ev->NotifyUnregister(e);
}

} // namespace ns3
