/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_HOOK_FAMILY_H
#define PFHOOKS_HOOK_FAMILY_H

#include "pfhooks-hook-event.h"
#include "pfhooks-hook-lifecycle.h"
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
class PfhooksHookFamily : public SimpleRefCount<PfhooksHookFamily>,
                          public PfhooksHookLevel<PfhooksHookFamily, PfhooksHookStack>
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
    /**
     * \param stack the owning stack
     * \param name the protocol name, interned (PfhooksHookEvent::Intern)
     * \param hookName the hook framework's family name, interned
     */
    PfhooksHookFamily(PfhooksHookStack* stack,
                      const std::string* name,
                      const std::string* hookName);
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
        return m_parent;
    }

    /**
     * \return what the instance's notify callbacks are told: (NHF name,
     *         NULL, hook family name)
     */
    PfhooksNotifyNames GetNotifyNames() const
    {
        return {m_name->c_str(), nullptr, m_hookName->c_str()};
    }

    /** \return the event of that name (condemned ones included), or null */
    Ptr<PfhooksHookEvent> FindEvent(const std::string& name) const;

    /** \return event names, newest first */
    std::vector<std::string> GetEventNames() const;

    /** Adds an event (hook_event_add()); null when shut down or a duplicate. */
    Ptr<PfhooksHookEvent> AddEvent(const std::string& name);

    /**
     * AddEvent() with the names interned: the duplicate check compares
     * addresses, no string is built or hashed (IP's boot).
     * \param names PfhooksHookEvent::InternNames(GetName(), the event's name)
     * \return the event, null when shut down or a duplicate
     */
    Ptr<PfhooksHookEvent> AddEvent(const PfhooksHookEvent::Names* names);

    /**
     * \param n events the family is about to get (its list is made that
     *        size at once: an instance makes thousands of families)
     */
    void ReserveEvents(uint32_t n)
    {
        m_events.Reserve(n);
    }

    /** Announces an event's departure once (hook_event_shutdown()). */
    int ShutdownEvent(const std::string& name);
    /** Removes an event (hook_event_remove()); condemns it while busy. */
    int RemoveEvent(const std::string& name);

    /**
     * net_hook_register(): 0 without registering while the stack shuts down
     * (illumos quirk, logged).
     * \param event the event's name
     * \param h the hook (copied)
     * \param holder kept alive while the hook is registered (C++ hooks)
     * \param caller the C caller's return address, for the observers (null: C++)
     * \return as PfhooksHookEvent::Register, ENXIO for no such event
     */
    int HookRegister(const std::string& event,
                     const hook_t* h,
                     std::shared_ptr<void> holder,
                     const void* caller = nullptr);
    /**
     * net_hook_unregister().
     * \param event the event's name
     * \param h the hook (only its name is read)
     * \param caller the C caller's return address, for the observers (null: C++)
     * \return 0 or ENXIO
     */
    int HookUnregister(const std::string& event, const hook_t* h, const void* caller = nullptr);
    /** net_event_notify_register(). */
    int EventNotifyRegister(const std::string& event, const PfhooksNotifyList::Entry& e);
    /** net_event_notify_unregister(). */
    int EventNotifyUnregister(const std::string& event, const PfhooksNotifyList::Entry& e);

    /** Frees a condemned event that has become idle (then maybe this family too). */
    void ChildMayBeIdle(PfhooksHookEvent* ev);

    /** \return true when neither events nor callbacks keep the family alive */
    bool IsIdle() const
    {
        return m_events.IsEmpty() && m_notify.IsEmpty();
    }

  private:
    friend class PfhooksHookLevel<PfhooksHookFamily, PfhooksHookStack>;

    bool StackShuttingDown() const;
    /** Protocol-level callbacks are refused once the family or its stack is going. */
    bool RefusesNotify() const;
    /** One fake notification per event, newest first. */
    void ReplayTo(const PfhooksNotifyList::Entry& e, hook_notify_cmd_t cmd) const;

    const std::string* m_name;     //!< interned (PfhooksHookEvent::Intern)
    const std::string* m_hookName; //!< interned
    PfhooksHookChildren<PfhooksHookEvent> m_events;
};

} // namespace ns3

#endif /* PFHOOKS_HOOK_FAMILY_H */
