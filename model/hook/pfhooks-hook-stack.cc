/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-hook-stack.h"

#include "ns3/log.h"

#include <cerrno>

/*
 * How it works.
 * =============
 * The engine is illumos's hook.c, in three levels, one object each:
 *
 *   PfhooksHookStack    one per IP instance (hook_stack_t); made by neti
 *        |              when the instance comes up, before anything else
 *        V
 *   PfhooksHookFamily   one per protocol: NHF_INET, NHF_INET6, NHF_ARP
 *        |              (hook_family_int_t), added by IP
 *        V
 *   PfhooksHookEvent    PHYSICAL_IN, ... of a family (hook_event_int_t),
 *        |              added by IP after its family
 *        V
 *   PfhooksHookEntry    a copy of a module's hook_t (hook_int_t)
 *
 * Only IP, the provider of the families and events (PfhooksIpInstance
 * through the neti registry), adds and removes them, and it removes them
 * in reverse order: events first, then their family.  Modules only ever
 * see a net_handle_t (neti's reference-counted struct net_data pointing at
 * a family) and the hooks and callbacks they register.
 *
 * Teardown is the interesting part.  Each level below the stack carries
 * two flags, held privately by PfhooksHookLevel and written only by its
 * parent through PfhooksHookChildren:
 *  - shutdown: the departure was announced (HN_UNREGISTER to the parent's
 *    callbacks, once); nothing new is added to it;
 *  - condemned: the owner removed it.  A level that still has hooks or
 *    notify callbacks on it is "busy" (there are no reference counts: being
 *    on a list is what keeps it) and stays, found by the _unregister paths
 *    only, until the last one leaves; then its parent frees it
 *    (ChildMayBeIdle), and that may free a condemned parent in turn.
 * The stack itself has hks_shutdown instead: 1 when the instance shuts
 * down (no additions anywhere below; a hook registration is then answered
 * 0 without registering, as illumos does), 2 when it is destroyed.
 *
 * Notification callbacks.
 * =======================
 * Each level has a list of (callback, argument): the stack's hear of
 * families coming and going, a family's of its events, an event's of its
 * hooks.  A module that comes late is not at a loss: registering a
 * callback replays HN_REGISTER to it for everything already there, and
 * unregistering replays HN_UNREGISTER (PfhooksHookLevel).  Lists of
 * families and events are kept newest first, so replays come newest
 * first.  The names passed at each level are in the class comments of the
 * three levels.
 *
 * Single thread.
 * ==============
 * The simulation runs one thread, so hook.c's locks and flag waits have
 * nothing to guard; what they protected against, a list changing under a
 * walk, happens here by re-entry instead (a hook or callback that
 * registers or unregisters), and every walk is written for it: runs skip
 * hooks marked removed, replays walk snapshots.
 *
 * Watching.
 * =========
 * The engine tells the observers (pfhooks-observer.h) of the rare events
 * the layers above care about: hook (un)registered, notify callback
 * called, a hook that freed the packet and returned 0.  Nothing on a
 * packet's path is reported.
 */

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksHookStack");

/*
 * Function: PfhooksHookStack (hook_stack_init())
 * An empty stack, open for families.
 */
PfhooksHookStack::PfhooksHookStack(netid_t netid)
    : PfhooksHookLevel(nullptr),
      m_netid(netid)
{
    NS_LOG_FUNCTION(this << netid);
}

PfhooksHookStack::~PfhooksHookStack() = default;

/*
 * Function: Shutdown (hook_stack_shutdown())
 * From now on nothing is added to the stack or below it.  The families and
 * events are not walked: IP shuts them down itself.
 */
void
PfhooksHookStack::Shutdown()
{
    NS_LOG_FUNCTION(this);
    if (m_hksShutdown == 0)
    {
        m_hksShutdown = 1;
    }
}

/*
 * Function: Destroy (hook_stack_fini())
 * The instance is gone; the stack lives on while modules still hold
 * callbacks on it.
 */
void
PfhooksHookStack::Destroy()
{
    NS_LOG_FUNCTION(this);
    m_hksShutdown = 2;
}

/*
 * Function: FindFamily (hook_family_find())
 * Condemned families are found too.
 */
Ptr<PfhooksHookFamily>
PfhooksHookStack::FindFamily(const std::string& name) const
{
    NS_LOG_FUNCTION(this << name);
    return m_families.Find(name);
}

std::vector<std::string>
PfhooksHookStack::GetFamilyNames() const
{
    NS_LOG_FUNCTION(this);
    return m_families.GetNames();
}

/*
 * Function: AddFamily (hook_family_add())
 * Returns: the family, null while shutting down or for a taken name
 * The new family goes to the head of the list; the instance's callbacks
 * hear of it.
 */
Ptr<PfhooksHookFamily>
PfhooksHookStack::AddFamily(const std::string& name, const std::string& hookName)
{
    NS_LOG_FUNCTION(this << name << hookName);
    if (m_hksShutdown != 0 || m_families.Find(name))
    {
        return nullptr;
    }
    Ptr<PfhooksHookFamily> f =
        Create<PfhooksHookFamily>(this, name, hookName.empty() ? name : hookName);
    m_families.Add(f, m_notify);
    return f;
}

Ptr<PfhooksHookFamily>
PfhooksHookStack::AddFamily(const std::string* name, const std::string* hookName)
{
    NS_LOG_FUNCTION(this << *name << *hookName);
    if (m_hksShutdown != 0 || m_families.FindInterned(name))
    {
        return nullptr;
    }
    Ptr<PfhooksHookFamily> f = Create<PfhooksHookFamily>(this, name, hookName);
    m_families.Add(f, m_notify);
    return f;
}

/*
 * Function: ShutdownFamily (hook_family_shutdown())
 * Returns: 0, ESRCH
 * Announces the family's departure once.
 */
int
PfhooksHookStack::ShutdownFamily(const std::string& name)
{
    NS_LOG_FUNCTION(this << name);
    return m_families.Shutdown(name, m_notify);
}

/*
 * Function: RemoveFamily (hook_family_remove())
 * Returns: 0, ESRCH
 * Condemns the family: freed now if idle, else when the last event or
 * callback leaves it.
 */
int
PfhooksHookStack::RemoveFamily(const std::string& name)
{
    NS_LOG_FUNCTION(this << name);
    Ptr<PfhooksHookFamily> f = m_families.Condemn(name, m_notify);
    if (!f)
    {
        return ESRCH;
    }
    ChildMayBeIdle(PeekPointer(f));
    return 0;
}

/*
 * Function: ChildMayBeIdle (hook_family_free()'s test)
 */
void
PfhooksHookStack::ChildMayBeIdle(PfhooksHookFamily* f)
{
    NS_LOG_FUNCTION(this << f);
    m_families.DropIfIdle(f);
}

/*
 * Function: ReplayTo
 * The instance level's fake notifications; a new callback is not told of
 * families on their way out (hook_stack_notify_register()), a departing
 * one is told of every family on the list.
 */
void
PfhooksHookStack::ReplayTo(const PfhooksNotifyList::Entry& e, hook_notify_cmd_t cmd) const
{
    m_families.Replay(e, cmd, cmd == HN_REGISTER);
}

} // namespace ns3
