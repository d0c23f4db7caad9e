/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_HOOK_STACK_H
#define PFHOOKS_HOOK_STACK_H

#include "pfhooks-hook-family.h"
#include "pfhooks-hook-lifecycle.h"
#include "pfhooks-notify-list.h"

#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The hook stack of one IP instance: its families and the instance-level
 * notify callbacks (illumos hook_stack_t).
 *
 * Families are kept newest first.  Instance-level notify callbacks get
 * (NHF name, NULL, hook family name), e.g. ("NHF_INET", NULL, "inet"):
 * the seed guide reads the first name, illumos modules the last
 * (doc/semantics.md, "Notification names").
 */
class PfhooksHookStack : public SimpleRefCount<PfhooksHookStack>,
                         public PfhooksHookLevel<PfhooksHookStack, void>
{
  public:
    /** \param netid the instance this stack belongs to */
    explicit PfhooksHookStack(netid_t netid);
    ~PfhooksHookStack();

    /** \return the instance id */
    netid_t GetNetid() const
    {
        return m_netid;
    }

    /** \return 0 running, 1 shutting down, 2 destroyed (hks_shutdown) */
    int GetShutdown() const
    {
        return m_hksShutdown;
    }

    /** hook_stack_shutdown(): no more additions. */
    void Shutdown();
    /** hook_stack_fini(): marks the stack destroyed. */
    void Destroy();

    /** \return the family of that name (condemned ones included), or null */
    Ptr<PfhooksHookFamily> FindFamily(const std::string& name) const;
    /** \return family names, newest first */
    std::vector<std::string> GetFamilyNames() const;

    /**
     * hook_family_add(): null when shutting down or a duplicate.
     * \param name netinfo protocol name (NHF_INET)
     * \param hookName hook framework family name ("inet"); empty: same as name
     */
    Ptr<PfhooksHookFamily> AddFamily(const std::string& name, const std::string& hookName = "");

    /**
     * AddFamily() with both names interned (PfhooksHookEvent::Intern): the
     * duplicate check compares addresses (IP's boot).
     * \param name netinfo protocol name, interned
     * \param hookName hook framework family name, interned
     * \return the family, null when shutting down or a duplicate
     */
    Ptr<PfhooksHookFamily> AddFamily(const std::string* name, const std::string* hookName);

    /** \param n families the stack is about to get (its list made that size at once) */
    void ReserveFamilies(uint32_t n)
    {
        m_families.Reserve(n);
    }

    /** hook_family_shutdown(): announce the departure once. */
    int ShutdownFamily(const std::string& name);
    /** hook_family_remove(): condemns the family while busy. */
    int RemoveFamily(const std::string& name);

    /** Frees a condemned family that has become idle. */
    void ChildMayBeIdle(PfhooksHookFamily* f);

    /** \return true when nothing keeps the stack alive after its instance went */
    bool IsIdle() const
    {
        return m_families.IsEmpty() && m_notify.IsEmpty();
    }

  private:
    friend class PfhooksHookLevel<PfhooksHookStack, void>;

    /** Instance-level callbacks are refused once the stack shuts down. */
    bool RefusesNotify() const
    {
        return m_hksShutdown != 0;
    }

    /** One fake notification per family, newest first (HN_REGISTER: live ones only). */
    void ReplayTo(const PfhooksNotifyList::Entry& e, hook_notify_cmd_t cmd) const;

    netid_t m_netid;
    int m_hksShutdown{0}; //!< hks_shutdown
    PfhooksHookChildren<PfhooksHookFamily> m_families;
};

} // namespace ns3

#endif /* PFHOOKS_HOOK_STACK_H */
