/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_OBSERVER_H
#define PFHOOKS_OBSERVER_H

#include "pfhooks-hook-types.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * What the engine tells whoever watches it (the contract checker, the
 * simulated kernel's per-module figures): the one arrow from the engine to
 * the layers above, so that no include runs back up.
 *
 * Every method is a no-op here; an observer overrides what it wants and
 * adds itself with Add() (usually from a static initializer, as ns-3's
 * NS_OBJECT_ENSURE_REGISTERED does).  `caller` is the return address of the
 * C face function a module called (null for C++ callers), so that an
 * observer can tell which loaded module it was.  Only rare events are
 * reported: nothing here is on a packet's path.
 */
class PfhooksObserver
{
  public:
    virtual ~PfhooksObserver() = default;

    /** net_protocol_lookup() handed out h. */
    virtual void ProtocolLookup(const void* caller, net_handle_t h)
    {
    }

    /** net_protocol_release(h) is about to drop a reference (h still valid). */
    virtual void ProtocolRelease(const void* caller, net_handle_t h)
    {
    }

    /** A C face function named `who` is about to use h (h may be no handle at all). */
    virtual void HandleUse(const void* caller, net_handle_t h, const char* who)
    {
    }

    /** net_instance_register() of a net instance succeeded. */
    virtual void NetInstanceRegistered(const void* caller, const std::string& name)
    {
    }

    /** net_instance_free() of a net instance that is still registered. */
    virtual void NetInstanceFreedWhileRegistered(const void* caller, const std::string& name)
    {
    }

    /** A hook was registered on an event of instance netid. */
    virtual void HookRegistered(const void* caller,
                                netid_t netid,
                                const std::string& family,
                                const std::string& event,
                                const hook_t* hook)
    {
    }

    /** A hook was unregistered; it had run `hits` times. */
    virtual void HookUnregistered(const void* caller,
                                  netid_t netid,
                                  const std::string& family,
                                  const std::string& event,
                                  const char* name,
                                  uint64_t hits)
    {
    }

    /** net_inject() is about to send a datagram through h. */
    virtual void Injected(const void* caller, net_handle_t h, const uint8_t* bytes, std::size_t len)
    {
    }

    /** A C notify callback is about to be called. */
    virtual void NotifyCalled(hook_notify_fn_t fn,
                              hook_notify_cmd_t cmd,
                              const char* family,
                              const char* event,
                              const char* name)
    {
    }

    /**
     * A hook on `where` ("NHF_INET/PHYSICAL_IN") freed the packet and
     * returned 0; hooks are the event's, in run order.
     */
    virtual void FreedAndAccepted(netid_t netid,
                                  const std::string& where,
                                  const std::vector<hook_t>& hooks)
    {
    }

    /** Instance netid (of ns-3 node `node`, -1 if none) is gone. */
    virtual void InstanceDestroyed(netid_t netid, int32_t node)
    {
    }

    /** Adds an observer (not owned; it stays until Remove()). */
    static void Add(PfhooksObserver* o);
    /** Removes an observer. */
    static void Remove(PfhooksObserver* o);

    /** Calls one method on every observer, in the order they were added. */
    template <typename... Params, typename... Args>
    static void Tell(void (PfhooksObserver::*method)(Params...), Args&&... args)
    {
        for (PfhooksObserver* o : List())
        {
            (o->*method)(args...);
        }
    }

  private:
    static std::vector<PfhooksObserver*>& List();
};

} // namespace ns3

#endif /* PFHOOKS_OBSERVER_H */
