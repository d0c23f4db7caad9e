/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_HOOK_STACK_H
#define PFHOOKS_HOOK_STACK_H

#include "pfhooks-hook-family.h"
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
class PfhooksHookStack : public SimpleRefCount<PfhooksHookStack>
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
        return m_shutdown;
    }

    /** hook_stack_shutdown(): no more additions. */
    void Shutdown()
    {
        if (m_shutdown == 0)
        {
            m_shutdown = 1;
        }
    }

    /** hook_stack_fini(): marks the stack destroyed. */
    void Destroy()
    {
        m_shutdown = 2;
    }

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
    /** hook_family_shutdown(): announce the departure once. */
    int ShutdownFamily(const std::string& name);
    /** hook_family_remove(): condemns the family while busy. */
    int RemoveFamily(const std::string& name);

    /** net_instance_notify_register(): replays HN_REGISTER per live family. */
    int NotifyRegister(const PfhooksNotifyList::Entry& e);
    /** net_instance_notify_unregister(): replays HN_UNREGISTER per family. */
    int NotifyUnregister(const PfhooksNotifyList::Entry& e);

    /** Frees a condemned family that has become idle. */
    void FamilyMayBeIdle(PfhooksHookFamily* f);

    /** \return the notify callbacks of this level */
    const PfhooksNotifyList& GetNotifyList() const
    {
        return m_notify;
    }

    /** \return true when nothing keeps the stack alive after its instance went */
    bool IsIdle() const
    {
        return m_families.empty() && m_notify.IsEmpty();
    }

  private:
    netid_t m_netid;
    int m_shutdown{0};
    std::vector<Ptr<PfhooksHookFamily>> m_families; //!< newest first
    PfhooksNotifyList m_notify;
};

} // namespace ns3

#endif /* PFHOOKS_HOOK_STACK_H */
