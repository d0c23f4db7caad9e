/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_NET_INSTANCE_REGISTRY_H
#define PFHOOKS_NET_INSTANCE_REGISTRY_H

#include "pfhooks-ip-provider.h"
#include "pfhooks-net-protocol.h"

#include "ns3/callback.h"
#include "ns3/pfhooks-hook-stack.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

/**
 * A family handle (illumos struct net_data): one per family of an
 * instance, reference counted by net_protocol_lookup()/release().  It
 * outlives its family when a module holds it too long; it is then
 * condemned and every call through it fails.
 */
struct net_data
{
    ns3::Ptr<ns3::PfhooksHookFamily> family;       //!< null once IP removed the family
    const ns3::PfhooksNetProtocol* proto{nullptr}; //!< the family's table (netd_info)
    const char* name{nullptr};                     //!< family name (the table's)
    netid_t netid{-1};                             //!< owning instance
    uint32_t refcnt{0};                            //!< lookups not yet released
    bool closing{false};   //!< netd_condemned: the instance shuts down (queries -1)
    bool condemned{false}; //!< the family is gone
};

namespace ns3
{

/** nin_create as a Callback: returns the module's per-instance state. \ingroup pfhooks */
typedef Callback<void*, netid_t> NetInstanceCreateCallback;
/** nin_shutdown / nin_destroy as a Callback. \ingroup pfhooks */
typedef Callback<void, netid_t, void*> NetInstanceStateCallback;

/**
 * \ingroup pfhooks
 * netinfo's instance bookkeeping (illumos neti_stack.c): the live IP
 * instances and the registered net instances ("modules").
 *
 * Guarantees kept from illumos:
 *  - a module registered now gets create for every live instance, newest
 *    instance first (neti_stack.c's LIST_INSERT_HEAD), and later for every
 *    new one;
 *  - an instance is built in the order hook stack, modules' create, then IP
 *    adds its families and events, so modules learn of families through
 *    notifications;
 *  - an instance going away, in netstack.c's reverse module order
 *    (ip_stack_shutdown, neti_stack_shutdown, hook_stack_shutdown, then
 *    ip_stack_fini, neti_stack_fini, hook_stack_fini): IP announces the
 *    departure of inet's events and family, inet6's, then arp's events;
 *    every handle is condemned (lookups miss, queries answer -1,
 *    registrations through it ESHUTDOWN); every module's shutdown, while
 *    the id mappings still answer; the hook stack shuts down; IP removes
 *    its events and families (arp's family departure is announced here);
 *    the instance is unlinked (instance notify calls are ESRCH, id mappings
 *    -1); every module's destroy;
 *  - unregistering a module runs its shutdown on every instance, then its
 *    destroy on every instance, newest instance first too; the value
 *    create returned (NULL allowed) is
 *    what shutdown and destroy receive;
 *  - per (module, instance) create, shutdown and destroy each run at most
 *    once, in that order, and shutdown/destroy only after create.
 */
class PfhooksNetInstanceRegistry
{
  public:
    /** \return the process-wide registry (the simulated kernel's neti). */
    static PfhooksNetInstanceRegistry& Get();

    /**
     * net_instance_register().
     * \param key identity of the module (the net_instance_t*); unique
     * \param name nin_name; unique among registered modules
     * \param create nin_create, run now for every live instance
     * \param shutdown nin_shutdown (may be null)
     * \param destroy nin_destroy
     * \param caller the C caller's return address, for the observers
     * \return 0, or -1 (DDI_FAILURE) for a missing create/destroy, a taken
     *         name or a key already registered
     */
    int Register(const void* key,
                 const std::string& name,
                 NetInstanceCreateCallback create,
                 NetInstanceStateCallback shutdown,
                 NetInstanceStateCallback destroy,
                 const void* caller = nullptr);
    /** net_instance_unregister(): \return 0, or -1 (DDI_FAILURE) when not registered. */
    int Unregister(const void* key);
    /** \return true when a module with that key is registered */
    bool IsRegistered(const void* key) const;
    /**
     * net_instance_free(): a module still registered is a breach (its
     * callbacks would be called through freed memory): the observers are
     * told, and it is unregistered.
     */
    void InstanceFreed(const void* key, const void* caller);

    /**
     * Brings a new IP instance up (a zone boots).
     * \param ip the instance's IP side, asked to add its families after the modules' create
     * \return the new netid
     */
    netid_t CreateInstance(PfhooksIpProvider* ip);
    /** Takes an IP instance down; no hook of it runs again; the observers are told. */
    void DestroyInstance(netid_t netid);

    /** \return the linked instance's hook stack (see GetIpInstance), or null */
    Ptr<PfhooksHookStack> GetStack(netid_t netid) const;
    /**
     * \return the instance's IP side while it is linked (until its modules'
     *         destroy, neti_stack_fini), or null
     */
    PfhooksIpProvider* GetIpInstance(netid_t netid) const;
    /** \return live instance ids in creation order */
    std::vector<netid_t> GetInstances() const;
    /** \return the keys (net_instance_t pointers) of registered modules, in registration order */
    std::vector<const void*> GetModuleKeys() const;
    /** \return registered module names in registration order */
    std::vector<std::string> GetModuleNames() const;

    /**
     * net_protocol_lookup(): takes a reference; null for an unknown netid or family.
     * \param netid the instance
     * \param family NHF_INET, ...
     * \param caller the C caller's return address, for the observers
     */
    net_data* LookupProtocol(netid_t netid,
                             const std::string& family,
                             const void* caller = nullptr);
    /**
     * IP's own handle of a family it has just added (hpe_protocol): what
     * LookupProtocol() then ReleaseProtocol() do, the observers told of
     * both, without finding the family and its table by name.
     * \param netid the instance
     * \param proto the family's table
     * \param family the family, as AddFamily returned it
     * \return the handle (not counted), null when the instance or the family is going
     */
    net_data* OwnHandle(netid_t netid,
                        const PfhooksNetProtocol& proto,
                        const Ptr<PfhooksHookFamily>& family);
    /** net_protocol_release(): \return 0, or -1 for a handle that is not ours. */
    int ReleaseProtocol(net_data* handle, const void* caller = nullptr);
    /** \return true when the handle is one this registry handed out and not yet freed */
    bool IsHandle(const net_data* handle) const;
    /**
     * The family behind a handle a C face function named `who` uses (the
     * observers hear of the use).
     * \return 0 with *f set; EINVAL for a pointer that is no handle (logged);
     *         `gone` when IP has removed the family (illumos: netd_hooks NULL);
     *         ESHUTDOWN when `gone` is ESHUTDOWN (a registration) and the
     *         instance shuts down (netd_condemned)
     */
    int FamilyOf(net_handle_t h,
                 const char* who,
                 int gone,
                 Ptr<PfhooksHookFamily>* f,
                 const void* caller);
    /**
     * \return true when a netinfo query may go through the handle's table:
     *         a handle of a live family of an instance not shutting down
     *         (neti_impl.c's netd_condemned test: else the query answers -1)
     */
    bool Queryable(net_handle_t h, const char* who, const void* caller);
    /** Condemns the handle of a family that IP removes. */
    void CondemnProtocol(netid_t netid, const std::string& family);
    /** \return handles handed out and not yet released (leak checks). */
    uint32_t GetOutstandingHandles() const;

  private:
    PfhooksNetInstanceRegistry() = default;

    struct Module
    {
        const void* key;
        std::string name;
        NetInstanceCreateCallback create;
        NetInstanceStateCallback shutdown;
        NetInstanceStateCallback destroy;
    };

    /** State of one module in one instance. */
    struct Binding
    {
        void* state{nullptr};
        bool created{false};
        bool shutDown{false};
        bool destroyed{false};
    };

    struct Instance
    {
        netid_t netid;
        // The flags beside the netid: 8 bytes less per instance.
        bool dying{false};     //!< teardown has begun (no new create)
        bool condemned{false}; //!< neti_stack_shutdown: handles condemned
        bool unlinked{false};  //!< neti_stack_fini: off the list of stacks
        Ptr<PfhooksHookStack> stack;
        PfhooksIpProvider* ip;
        /// By module key; made for the first module (48 bytes of every
        /// instance as an empty map).
        std::unique_ptr<std::map<const void*, Binding>> bindings;
        /// Its handles by family (PfhooksFamily): a map keyed by netid and
        /// name cost a tenth of an idle instance.
        net_data* handles[PFH_NFAMILIES]{};
    };

    Instance* FindInstance(netid_t netid);
    const Instance* FindInstance(netid_t netid) const;
    const Module* FindModule(const void* key) const;
    void RunCreate(const Module& m, Instance& inst);
    void RunShutdown(const Module& m, Instance& inst);
    void RunDestroy(const Module& m, Instance& inst);
    /** neti_stack_shutdown's first step: every handle of the instance is condemned. */
    void CondemnHandles(Instance& inst);

    /**
     * At Simulator::Destroy: netids start again at 0 for the next run in
     * this process, as ns-3's node ids do, when every instance is gone.
     */
    void EndOfRun();

    netid_t m_nextNetid{0};
    bool m_endOfRunScheduled{false}; //!< EndOfRun is waiting for Simulator::Destroy
    std::list<Instance> m_instances; //!< in creation order (module callbacks walk it)
    /// By netid (netids count up from 0 and are never reused): thousands
    /// of instances must not make every lookup a walk; end() for gone ones.
    std::vector<std::list<Instance>::iterator> m_byNetid;
    std::list<Module> m_modules;

    /**
     * A set of handle pointers, open addressing: three handles per instance
     * cost 120 bytes as std::unordered_set nodes and buckets, about 45 here.
     */
    class HandleSet
    {
      public:
        /** \param h a handle to add (not there yet) */
        void insert(const net_data* h);
        /** \param h a handle to take out \return 1 when it was there, else 0 */
        size_t erase(const net_data* h);
        /** \param h a pointer \return 1 when it is in the set, else 0 */
        size_t count(const net_data* h) const;

        /** \param fn called with every handle in the set */
        template <typename Fn>
        void ForEach(Fn fn) const
        {
            for (const net_data* h : m_slots)
            {
                if (h != nullptr && h != Gone())
                {
                    fn(h);
                }
            }
        }

      private:
        /** \return the tombstone of an erased slot */
        static const net_data* Gone()
        {
            return reinterpret_cast<const net_data*>(uintptr_t{1});
        }

        /** \return the first slot to probe for h */
        size_t Home(const net_data* h) const;
        /** Makes the table twice the live count's room, without tombstones. */
        void Rehash();

        std::vector<const net_data*> m_slots; //!< null: never used; Gone(): erased
        size_t m_live{0};                     //!< handles in the set
        size_t m_used{0};                     //!< slots not null (live and erased)
    };

    HandleSet m_allHandles; //!< live and condemned-but-held handles
};

} // namespace ns3

#endif /* PFHOOKS_NET_INSTANCE_REGISTRY_H */
