/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_NOTIFY_LIST_H
#define PFHOOKS_NOTIFY_LIST_H

#include "pfhooks-hook-types.h"

#include "ns3/callback.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * C++ form of a notification callback: (cmd, family, event, name).
 * Any name may be empty where illumos passes NULL.
 */
typedef Callback<int, hook_notify_cmd_t, const std::string&, const std::string&, const std::string&>
    HookNotifyCallback;

/**
 * \ingroup pfhooks
 * One list of notification callbacks (illumos hook_notify_head_t).
 *
 * Invariants, as in hook.c: a callback function appears at most once on a
 * list (EEXIST), removing one that is absent is ESRCH, callbacks run in the
 * order they were registered.  A C callback is identified by its function
 * pointer alone (its argument may differ), a C++ one by Callback equality.
 */
class PfhooksNotifyList
{
  public:
    /** One registered callback: either a C function with its argument or a Callback. */
    struct Entry
    {
        hook_notify_fn_t fn{nullptr}; //!< C callback, or null
        void* arg{nullptr};           //!< its argument
        HookNotifyCallback cb;        //!< C++ callback when fn is null
    };

    /** \return 0, or EEXIST when the callback is already on the list. */
    int Add(const Entry& e);
    /**
     * Removes a callback.
     * \param e the callback (only fn or cb is compared)
     * \param removed receives the removed entry (with its argument)
     * \return 0, or ESRCH when it is not on the list
     */
    int Remove(const Entry& e, Entry* removed);
    /** Runs every callback; one removed by an earlier callback is skipped. */
    void Run(hook_notify_cmd_t cmd, const char* family, const char* event, const char* name) const;
    /**
     * Calls one entry (used for the replays to a single callback); the
     * observers hear of a C callback's call first.
     */
    static int Call(const Entry& e,
                    hook_notify_cmd_t cmd,
                    const char* family,
                    const char* event,
                    const char* name);

    /** \return true when no callback is registered. */
    bool IsEmpty() const
    {
        return !m_entries || m_entries->empty();
    }

    /** \return the callbacks, in order (the simulated kernel looks for a module's) */
    std::vector<Entry> GetEntries() const
    {
        return m_entries ? *m_entries : std::vector<Entry>();
    }

    /** \return number of callbacks */
    std::size_t GetN() const
    {
        return m_entries ? m_entries->size() : 0;
    }

  private:
    static bool Same(const Entry& a, const Entry& b);
    const Entry* Find(const Entry& e) const;
    // Every event, family and stack has a list and nearly all stay empty:
    // allocated on the first Add, 8 bytes until then.
    std::unique_ptr<std::vector<Entry>> m_entries;
};

} // namespace ns3

#endif /* PFHOOKS_NOTIFY_LIST_H */
