/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_HOOK_LIFECYCLE_H
#define PFHOOKS_HOOK_LIFECYCLE_H

#include "pfhooks-notify-list.h"

#include "ns3/ptr.h"

#include <cerrno>
#include <string>
#include <type_traits>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The three names a notification passes for one element (family, event,
 * name); which is which depends on the level (see pfhooks-hook-stack.h).
 */
struct PfhooksNotifyNames
{
    const char* family; //!< first name
    const char* event;  //!< second name (null at instance level)
    const char* name;   //!< third name
};

template <typename Child>
class PfhooksHookChildren;

/**
 * \ingroup pfhooks
 * What the stack, a family and an event have in common (illumos's
 * hks_/hfi_/hei_ shutdown and condemned flags, notify head and parent
 * link): the flags of a level, written only by its parent through
 * PfhooksHookChildren, and the notify callbacks of the level with their
 * replays.
 *
 * Self (CRTP) provides RefusesNotify() (no new callback: shutting down),
 * ReplayTo(entry, cmd) (one fake notification per child) and IsIdle();
 * Parent (void for the stack) provides ChildMayBeIdle(Self*).
 */
template <typename Self, typename Parent>
class PfhooksHookLevel
{
  public:
    /** \return true once the parent announced the departure (hook_*_shutdown()) */
    bool IsShutdown() const
    {
        return m_shutdown;
    }

    /** \return true once the parent removed it (hook_*_remove()); freed when idle */
    bool IsCondemned() const
    {
        return m_condemned;
    }

    /** \return the notify callbacks of this level */
    const PfhooksNotifyList& GetNotifyList() const
    {
        return m_notify;
    }

    /**
     * Function: hook_*_notify_register().
     * Adds a callback to this level and replays HN_REGISTER to it for every
     * child already there, so that a late module learns what exists.
     * \return 0, ESHUTDOWN when the level is going, EEXIST for a callback
     *         already on the list
     */
    int NotifyRegister(const PfhooksNotifyList::Entry& e)
    {
        if (AsSelf().RefusesNotify())
        {
            return ESHUTDOWN;
        }
        int error = m_notify.Add(e);
        if (error != 0)
        {
            return error;
        }
        AsSelf().ReplayTo(e, HN_REGISTER);
        return 0;
    }

    /**
     * Function: hook_*_notify_unregister().
     * Removes a callback and replays HN_UNREGISTER to it for every child,
     * unless the level is condemned and this was the last thing keeping it
     * (illumos frees it without the replay); then tells the parent, which
     * may free it.
     * \return 0, or ESRCH when the callback is not on the list
     */
    int NotifyUnregister(const PfhooksNotifyList::Entry& e)
    {
        PfhooksNotifyList::Entry removed;
        int error = m_notify.Remove(e, &removed);
        if (error != 0)
        {
            return error;
        }
        // The replay or the parent may drop the last reference to us.
        Ptr<Self> self(&AsSelf());
        if (!(m_condemned && AsSelf().IsIdle()))
        {
            AsSelf().ReplayTo(removed, HN_UNREGISTER);
        }
        ParentMayBeIdle();
        return 0;
    }

    /** Called by the parent when it drops this level from its list. */
    void Detach()
    {
        m_parent = nullptr;
    }

  protected:
    /** \param parent the owning level (not owned), null for the stack */
    explicit PfhooksHookLevel(Parent* parent)
        : m_parent(parent)
    {
    }

    /** A condemned level may have become idle: the parent frees it if so. */
    void ParentMayBeIdle()
    {
        if constexpr (!std::is_void_v<Parent>)
        {
            if (m_parent != nullptr)
            {
                m_parent->ChildMayBeIdle(&AsSelf());
            }
        }
    }

    Parent* m_parent;           //!< null once the parent let go
    PfhooksNotifyList m_notify; //!< this level's notify callbacks

  private:
    friend class PfhooksHookChildren<Self>;

    Self& AsSelf()
    {
        return static_cast<Self&>(*this);
    }

    bool m_shutdown{false};  //!< departure announced: no new hooks or callbacks
    bool m_condemned{false}; //!< removed by its owner, freed when idle
};

/**
 * \ingroup pfhooks
 * The children of a stack (families) or of a family (events), newest
 * first as illumos's SLIST_INSERT_HEAD keeps them: find, add, shutdown,
 * condemn, free when idle, replay.  The one place where a child's
 * shutdown and condemned flags are written.
 *
 * Child provides GetName(), GetNotifyNames() (what its parent's callbacks
 * are told about it), IsIdle() and Detach().  A vector: nothing keeps a
 * position across a callback, and a list node per child cost 32 bytes.
 * It holds the oldest first and is read from the back, so that adding
 * (an instance boots 17 events) moves nothing.
 */
template <typename Child>
class PfhooksHookChildren
{
  public:
    PfhooksHookChildren() = default;
    PfhooksHookChildren(const PfhooksHookChildren&) = delete;
    PfhooksHookChildren& operator=(const PfhooksHookChildren&) = delete;

    ~PfhooksHookChildren()
    {
        for (auto& c : m_list)
        {
            c->Detach();
        }
    }

    /** \return the child of that name (condemned ones included), or null */
    Ptr<Child> Find(const std::string& name) const
    {
        for (auto it = m_list.rbegin(); it != m_list.rend(); ++it)
        {
            if ((*it)->GetName() == name)
            {
                return *it;
            }
        }
        return nullptr;
    }

    /**
     * \param name a name as the children keep it (an interned copy:
     *        PfhooksHookEvent::Intern)
     * \return the child of that name, found by the address of its name
     *         (every child's name is interned, so equal names are one copy)
     */
    Ptr<Child> FindInterned(const std::string* name) const
    {
        for (auto it = m_list.rbegin(); it != m_list.rend(); ++it)
        {
            if (&(*it)->GetName() == name)
            {
                return *it;
            }
        }
        return nullptr;
    }

    /** \return the children's names, newest first */
    std::vector<std::string> GetNames() const
    {
        std::vector<std::string> names;
        for (auto it = m_list.rbegin(); it != m_list.rend(); ++it)
        {
            names.push_back((*it)->GetName());
        }
        return names;
    }

    /** \return true when there is no child */
    bool IsEmpty() const
    {
        return m_list.empty();
    }

    /** \param n children the list is to hold without growing */
    void Reserve(size_t n)
    {
        m_list.reserve(n);
    }

    /** hook_*_add(): puts the child at the head and announces it (HN_REGISTER). */
    void Add(const Ptr<Child>& child, const PfhooksNotifyList& notify)
    {
        m_list.push_back(child);
        Announce(notify, HN_REGISTER, *child);
    }

    /**
     * hook_*_shutdown(): announces the child's departure (HN_UNREGISTER),
     * once; from now on it takes nothing new.
     * \return 0, or ESRCH for no such child
     */
    int Shutdown(const std::string& name, const PfhooksNotifyList& notify)
    {
        Ptr<Child> c = Find(name);
        if (!c)
        {
            return ESRCH;
        }
        if (!c->m_shutdown)
        {
            c->m_shutdown = true;
            Announce(notify, HN_UNREGISTER, *c);
        }
        return 0;
    }

    /**
     * hook_*_remove(): condemns the child (announcing its departure unless
     * Shutdown() did); the caller then calls ChildMayBeIdle, which frees it
     * if nothing else holds it.
     * \return the child, null for no such child
     */
    Ptr<Child> Condemn(const std::string& name, const PfhooksNotifyList& notify)
    {
        Ptr<Child> c = Find(name);
        if (!c)
        {
            return nullptr;
        }
        bool announced = c->m_shutdown;
        c->m_shutdown = true;
        c->m_condemned = true;
        if (!announced)
        {
            Announce(notify, HN_UNREGISTER, *c);
        }
        return c;
    }

    /**
     * Drops a condemned child that nothing holds any more (hook_*_free()).
     * \return true when it was dropped
     */
    bool DropIfIdle(Child* child)
    {
        if (!child->m_condemned || !child->IsIdle())
        {
            return false;
        }
        for (auto it = m_list.begin(); it != m_list.end(); ++it)
        {
            if (PeekPointer(*it) == child)
            {
                (*it)->Detach();
                m_list.erase(it);
                return true;
            }
        }
        return false;
    }

    /**
     * The fake notifications to one callback: one per child, newest first.
     * \param e the callback
     * \param cmd HN_REGISTER or HN_UNREGISTER
     * \param skipLeaving skip children shut down or condemned (illumos
     *        does so for HN_REGISTER at instance level only)
     */
    void Replay(const PfhooksNotifyList::Entry& e, hook_notify_cmd_t cmd, bool skipLeaving) const
    {
        // A snapshot, newest first: the callback may add or remove children.
        std::vector<Ptr<Child>> now(m_list.rbegin(), m_list.rend());
        for (const auto& c : now)
        {
            if (skipLeaving && (c->m_condemned || c->m_shutdown))
            {
                continue;
            }
            PfhooksNotifyNames n = c->GetNotifyNames();
            PfhooksNotifyList::Call(e, cmd, n.family, n.event, n.name);
        }
    }

  private:
    static void Announce(const PfhooksNotifyList& notify, hook_notify_cmd_t cmd, const Child& c)
    {
        PfhooksNotifyNames n = c.GetNotifyNames();
        notify.Run(cmd, n.family, n.event, n.name);
    }

    std::vector<Ptr<Child>> m_list; //!< oldest first
};

} // namespace ns3

#endif /* PFHOOKS_HOOK_LIFECYCLE_H */
