/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_HOOK_FAMILY_H
#define PFHOOKS_HOOK_FAMILY_H

#include "pfhooks-hook-event.h"
#include "pfhooks-notify-list.h"

#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <string>
#include <vector>

namespace ns3
{

class PfhooksHookStack;

/**
 * \ingroup pfhooks
 * A protocol family of one IP instance and its events (illumos hook_family_int_t).
 *
 * Events are kept newest first, as illumos's SLIST_INSERT_HEAD does, so the
 * replays to a new protocol notify callback come newest first.  An event
 * removed while hooks or notify callbacks remain on it is condemned: it
 * takes no new hooks or callbacks and is freed when the last one leaves.
 * Protocol-level notify callbacks get (family, event, event): see
 * doc/semantics.md, "Notification names".
 */
class PfhooksHookFamily : public SimpleRefCount<PfhooksHookFamily>
{
  public:
    /**
     * \param stack the owning stack
     * \param name netinfo protocol name (NHF_INET, ...): what
     *        net_protocol_lookup() takes and notifications pass first
     * \param hookName the hook framework's family name (illumos Hn_IPV4
     *        "inet", ...): what illumos passes last in instance notifications
     */
    PfhooksHookFamily(PfhooksHookStack* stack,
                      const std::string& name,
                      const std::string& hookName);
    ~PfhooksHookFamily();

    /** \return the netinfo protocol name (NHF_INET, ...) */
    const std::string& GetName() const
    {
        return *m_name;
    }

    /** \return the hook framework's family name ("inet", ...) */
    const std::string& GetHookName() const
    {
        return *m_hookName;
    }

    /** \return the owning stack, or null once the stack let go of the family */
    PfhooksHookStack* GetStack() const
    {
        return m_stack;
    }

    /** Called by the stack when it drops the family from its list. */
    void Detach()
    {
        m_stack = nullptr;
    }

    /** \return the event of that name (condemned ones included), or null */
    Ptr<PfhooksHookEvent> FindEvent(const std::string& name) const;

    /** \return event names, newest first */
    std::vector<std::string> GetEventNames() const;

    /** Adds an event (hook_event_add()); null when shut down or a duplicate. */
    Ptr<PfhooksHookEvent> AddEvent(const std::string& name);
    /** Announces an event's departure once (hook_event_shutdown()). */
    int ShutdownEvent(const std::string& name);
    /** Removes an event (hook_event_remove()); condemns it while busy. */
    int RemoveEvent(const std::string& name);

    /** net_hook_register(): 0 without registering while the stack shuts down (illumos quirk). */
    int HookRegister(const std::string& event, const hook_t* h, std::shared_ptr<void> holder);
    /** net_hook_unregister(). */
    int HookUnregister(const std::string& event, const hook_t* h);

    /** net_protocol_notify_register(): replays HN_REGISTER for every event. */
    int NotifyRegister(const PfhooksNotifyList::Entry& e);
    /** net_protocol_notify_unregister(): replays HN_UNREGISTER for every event. */
    int NotifyUnregister(const PfhooksNotifyList::Entry& e);
    /** net_event_notify_register(). */
    int EventNotifyRegister(const std::string& event, const PfhooksNotifyList::Entry& e);
    /** net_event_notify_unregister(). */
    int EventNotifyUnregister(const std::string& event, const PfhooksNotifyList::Entry& e);

    /** Frees a condemned event that has become idle. */
    void EventMayBeIdle(PfhooksHookEvent* ev);

    /** \return the notify callbacks of this level */
    const PfhooksNotifyList& GetNotifyList() const
    {
        return m_notify;
    }

    /** \return true when neither events nor callbacks keep the family alive */
    bool IsIdle() const
    {
        return m_events.empty() && m_notify.IsEmpty();
    }

    bool m_shutdown{false};  //!< hfi_shutdown: departure announced
    bool m_condemned{false}; //!< hfi_condemned: removed, freed when idle

  private:
    bool StackShuttingDown() const;
    void DropEvent(std::vector<Ptr<PfhooksHookEvent>>::iterator it);

    PfhooksHookStack* m_stack;
    const std::string* m_name;     //!< interned (PfhooksHookEvent::Intern)
    const std::string* m_hookName; //!< interned
    // Newest first.  A vector: nothing keeps a position across a callback,
    // and a list node per event cost 32 bytes.
    std::vector<Ptr<PfhooksHookEvent>> m_events;
    PfhooksNotifyList m_notify;
};

} // namespace ns3

#endif /* PFHOOKS_HOOK_FAMILY_H */
