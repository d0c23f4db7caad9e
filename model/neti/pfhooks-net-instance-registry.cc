/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-net-instance-registry.h"

#include "ns3/log.h"
#include "ns3/pfhooks-observer.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cerrno>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksNetInstanceRegistry");

PfhooksNetInstanceRegistry&
PfhooksNetInstanceRegistry::Get()
{
    // Never destroyed: module code may still call in from static destructors.
    static PfhooksNetInstanceRegistry* registry = new PfhooksNetInstanceRegistry();
    return *registry;
}

PfhooksNetInstanceRegistry::Instance*
PfhooksNetInstanceRegistry::FindInstance(netid_t netid)
{
    if (netid < 0 || static_cast<size_t>(netid) >= m_byNetid.size() ||
        m_byNetid[netid] == m_instances.end())
    {
        return nullptr;
    }
    return &*m_byNetid[netid];
}

const PfhooksNetInstanceRegistry::Instance*
PfhooksNetInstanceRegistry::FindInstance(netid_t netid) const
{
    return const_cast<PfhooksNetInstanceRegistry*>(this)->FindInstance(netid);
}

const PfhooksNetInstanceRegistry::Module*
PfhooksNetInstanceRegistry::FindModule(const void* key) const
{
    for (const auto& m : m_modules)
    {
        if (m.key == key)
        {
            return &m;
        }
    }
    return nullptr;
}

bool
PfhooksNetInstanceRegistry::IsRegistered(const void* key) const
{
    NS_LOG_FUNCTION(this << key);
    return FindModule(key) != nullptr;
}

void
PfhooksNetInstanceRegistry::InstanceFreed(const void* key, const void* caller)
{
    NS_LOG_FUNCTION(this << key << caller);
    const Module* m = FindModule(key);
    if (m == nullptr)
    {
        return;
    }
    PfhooksObserver::Tell(&PfhooksObserver::NetInstanceFreedWhileRegistered, caller, m->name);
    Unregister(key);
}

void
PfhooksNetInstanceRegistry::RunCreate(const Module& m, Instance& inst)
{
    if (!inst.bindings)
    {
        inst.bindings = std::make_unique<std::map<const void*, Binding>>();
    }
    Binding& b = (*inst.bindings)[m.key];
    if (b.created)
    {
        return;
    }
    b.created = true;
    NS_LOG_LOGIC("create " << m.name << " in instance " << inst.netid);
    b.state = m.create(inst.netid);
    // The binding map may have grown during the callback; look it up again.
    (*inst.bindings)[m.key].state = b.state;
}

void
PfhooksNetInstanceRegistry::RunShutdown(const Module& m, Instance& inst)
{
    if (!inst.bindings)
    {
        return;
    }
    auto it = inst.bindings->find(m.key);
    if (it == inst.bindings->end() || !it->second.created || it->second.shutDown)
    {
        return;
    }
    it->second.shutDown = true;
    NS_LOG_LOGIC("shutdown " << m.name << " in instance " << inst.netid);
    if (!m.shutdown.IsNull())
    {
        m.shutdown(inst.netid, it->second.state);
    }
}

void
PfhooksNetInstanceRegistry::RunDestroy(const Module& m, Instance& inst)
{
    if (!inst.bindings)
    {
        return;
    }
    auto it = inst.bindings->find(m.key);
    if (it == inst.bindings->end() || !it->second.created || it->second.destroyed)
    {
        return;
    }
    it->second.destroyed = true;
    void* state = it->second.state;
    NS_LOG_LOGIC("destroy " << m.name << " in instance " << inst.netid);
    m.destroy(inst.netid, state);
    inst.bindings->erase(m.key);
}

int
PfhooksNetInstanceRegistry::Register(const void* key,
                                     const std::string& name,
                                     NetInstanceCreateCallback create,
                                     NetInstanceStateCallback shutdown,
                                     NetInstanceStateCallback destroy,
                                     const void* caller)
{
    NS_LOG_FUNCTION(this << key << name << caller);
    if (create.IsNull() || destroy.IsNull())
    {
        NS_LOG_WARN("net_instance_register(" << name
                                             << "): nin_create and nin_destroy are required");
        return -1;
    }
    if (FindModule(key) != nullptr)
    {
        NS_LOG_WARN("net_instance_register(" << name << "): already registered");
        return -1;
    }
    for (const auto& m : m_modules)
    {
        if (m.name == name)
        {
            NS_LOG_WARN("net_instance_register(" << name << "): name already in use");
            return -1;
        }
    }
    m_modules.push_back({key, name, create, shutdown, destroy});
    Module m = m_modules.back();
    PfhooksObserver::Tell(&PfhooksObserver::NetInstanceRegistered, caller, name);
    // Instances created during a create callback are handled by CreateInstance.
    // Newest instance first: neti_stack_init puts each stack at the head
    // of the list net_instance_register() walks.
    std::vector<netid_t> ids = GetInstances();
    std::reverse(ids.begin(), ids.end());
    for (netid_t id : ids)
    {
        Instance* inst = FindInstance(id);
        if (inst != nullptr && !inst->dying && IsRegistered(key))
        {
            RunCreate(m, *inst);
        }
    }
    return 0;
}

int
PfhooksNetInstanceRegistry::Unregister(const void* key)
{
    NS_LOG_FUNCTION(this << key);
    const Module* found = FindModule(key);
    if (found == nullptr)
    {
        NS_LOG_WARN("net_instance_unregister: net instance " << key << " is not registered");
        return -1;
    }
    Module m = *found;
    // Newest instance first, as net_instance_register() (neti_apply_all_stacks).
    std::vector<netid_t> ids = GetInstances();
    std::reverse(ids.begin(), ids.end());
    for (netid_t id : ids)
    {
        if (Instance* inst = FindInstance(id))
        {
            RunShutdown(m, *inst);
        }
    }
    for (netid_t id : ids)
    {
        if (Instance* inst = FindInstance(id))
        {
            RunDestroy(m, *inst);
        }
    }
    m_modules.remove_if([key](const Module& x) { return x.key == key; });
    return 0;
}

void
PfhooksNetInstanceRegistry::EndOfRun()
{
    // Within a run a netid is never reused (a restarted zone gets a new
    // one, as in illumos); across runs the same script must see the same
    // netids (and so zone ids), or a second run in one process (Python,
    // gtest --gtest_repeat) differs from the first.
    m_endOfRunScheduled = false;
    if (m_instances.empty())
    {
        m_nextNetid = 0;
    }
}

netid_t
PfhooksNetInstanceRegistry::CreateInstance(PfhooksIpProvider* ip)
{
    NS_LOG_FUNCTION(this << ip);
    if (!m_endOfRunScheduled)
    {
        Simulator::ScheduleDestroy(&PfhooksNetInstanceRegistry::EndOfRun, this);
        m_endOfRunScheduled = true;
    }
    netid_t netid = m_nextNetid++;
    m_instances.push_back(
        {netid, false, false, false, Create<PfhooksHookStack>(netid), ip, {}, {}});
    if (m_byNetid.size() <= static_cast<size_t>(netid))
    {
        m_byNetid.resize(netid + 1, m_instances.end());
    }
    m_byNetid[netid] = std::prev(m_instances.end());
    NS_LOG_LOGIC("instance " << netid << " created");
    // Order of illumos's netstack: hook stack, then neti (modules), then IP.
    std::vector<Module> modules(m_modules.begin(), m_modules.end());
    for (const auto& m : modules)
    {
        Instance* inst = FindInstance(netid);
        if (inst == nullptr || inst->dying)
        {
            break;
        }
        if (IsRegistered(m.key))
        {
            RunCreate(m, *inst);
        }
    }
    if (Instance* inst = FindInstance(netid))
    {
        if (!inst->dying)
        {
            ip->AddProtocols(inst->stack);
        }
    }
    return netid;
}

void
PfhooksNetInstanceRegistry::DestroyInstance(netid_t netid)
{
    NS_LOG_FUNCTION(this << netid);
    Instance* inst = FindInstance(netid);
    if (inst == nullptr || inst->dying)
    {
        return;
    }
    inst->dying = true;
    Ptr<PfhooksHookStack> stack = inst->stack;
    PfhooksIpProvider* ip = inst->ip;
    NS_LOG_LOGIC("instance " << netid << " going away");
    // netstack.c tears a stack down in reverse module order, every
    // shutdown then every destroy: ip_stack_shutdown (IP announces its
    // events' and families' departure), neti_stack_shutdown (handles
    // condemned, then every module's shutdown), hook_stack_shutdown;
    // ip_stack_fini (IP removes its events and families), neti_stack_fini
    // (the stack unlinked, then every module's destroy), hook_stack_fini.
    ip->ShutdownProtocols();
    CondemnHandles(*inst);
    std::vector<Module> modules(m_modules.begin(), m_modules.end());
    for (const auto& m : modules)
    {
        if (Instance* i = FindInstance(netid))
        {
            RunShutdown(m, *i);
        }
    }
    stack->Shutdown();
    ip->RemoveProtocols();
    if (Instance* i = FindInstance(netid))
    {
        i->unlinked = true;
    }
    modules.assign(m_modules.begin(), m_modules.end());
    for (const auto& m : modules)
    {
        if (Instance* i = FindInstance(netid))
        {
            RunDestroy(m, *i);
        }
    }
    stack->Destroy();
    if (FindInstance(netid) != nullptr)
    {
        m_instances.erase(m_byNetid[netid]);
        m_byNetid[netid] = m_instances.end();
    }
    Ptr<Node> node = ip->GetNode();
    PfhooksObserver::Tell(&PfhooksObserver::InstanceDestroyed,
                          netid,
                          node ? static_cast<int32_t>(node->GetId()) : -1);
}

void
PfhooksNetInstanceRegistry::CondemnHandles(Instance& inst)
{
    inst.condemned = true;
    for (net_data* h : inst.handles)
    {
        if (h != nullptr)
        {
            h->closing = true;
        }
    }
}

Ptr<PfhooksHookStack>
PfhooksNetInstanceRegistry::GetStack(netid_t netid) const
{
    NS_LOG_FUNCTION(this << netid);
    const Instance* inst = FindInstance(netid);
    return inst && !inst->unlinked ? inst->stack : nullptr;
}

PfhooksIpProvider*
PfhooksNetInstanceRegistry::GetIpInstance(netid_t netid) const
{
    NS_LOG_FUNCTION(this << netid);
    const Instance* inst = FindInstance(netid);
    return inst && !inst->unlinked ? inst->ip : nullptr;
}

std::vector<netid_t>
PfhooksNetInstanceRegistry::GetInstances() const
{
    NS_LOG_FUNCTION(this);
    std::vector<netid_t> ids;
    for (const auto& i : m_instances)
    {
        ids.push_back(i.netid);
    }
    return ids;
}

std::vector<const void*>
PfhooksNetInstanceRegistry::GetModuleKeys() const
{
    NS_LOG_FUNCTION(this);
    std::vector<const void*> keys;
    for (const auto& m : m_modules)
    {
        keys.push_back(m.key);
    }
    return keys;
}

std::vector<std::string>
PfhooksNetInstanceRegistry::GetModuleNames() const
{
    NS_LOG_FUNCTION(this);
    std::vector<std::string> names;
    for (const auto& m : m_modules)
    {
        names.push_back(m.name);
    }
    return names;
}

net_data*
PfhooksNetInstanceRegistry::LookupProtocol(netid_t netid,
                                           const std::string& family,
                                           const void* caller)
{
    NS_LOG_FUNCTION(this << netid << family << caller);
    Instance* inst = FindInstance(netid);
    if (inst == nullptr || inst->condemned)
    {
        return nullptr; // net_find() skips condemned handles
    }
    Ptr<PfhooksHookFamily> f = inst->stack->FindFamily(family);
    const PfhooksNetProtocol* proto = PfhooksNetProtocol::Find(family);
    if (!f || f->IsCondemned() || proto == nullptr)
    {
        return nullptr;
    }
    net_data*& h = inst->handles[proto->family];
    if (h == nullptr)
    {
        h = new net_data;
        h->family = f;
        h->proto = proto;
        h->name = proto->name;
        h->netid = netid;
        m_allHandles.insert(h);
    }
    h->refcnt++;
    PfhooksObserver::Tell(&PfhooksObserver::ProtocolLookup, caller, h);
    return h;
}

net_data*
PfhooksNetInstanceRegistry::OwnHandle(netid_t netid,
                                      const PfhooksNetProtocol& proto,
                                      const Ptr<PfhooksHookFamily>& family)
{
    NS_LOG_FUNCTION(this << netid << proto.name);
    Instance* inst = FindInstance(netid);
    if (inst == nullptr || inst->condemned || !family || family->IsCondemned())
    {
        return nullptr;
    }
    // AddFamily refuses a second family of a name: the stack's of that
    // name is this one, as LookupProtocol would find it.
    net_data*& h = inst->handles[proto.family];
    if (h == nullptr)
    {
        h = new net_data;
        h->family = family;
        h->proto = &proto;
        h->name = proto.name;
        h->netid = netid;
        m_allHandles.insert(h);
    }
    // Looked up and released at once: the count is what it was.
    PfhooksObserver::Tell(&PfhooksObserver::ProtocolLookup, nullptr, h);
    PfhooksObserver::Tell(&PfhooksObserver::ProtocolRelease, nullptr, h);
    return h;
}

bool
PfhooksNetInstanceRegistry::IsHandle(const net_data* handle) const
{
    NS_LOG_FUNCTION(this);
    return handle != nullptr && m_allHandles.count(handle) != 0;
}

int
PfhooksNetInstanceRegistry::ReleaseProtocol(net_data* handle, const void* caller)
{
    NS_LOG_FUNCTION(this << handle << caller);
    // Told first: the handle may be freed below.
    PfhooksObserver::Tell(&PfhooksObserver::ProtocolRelease, caller, handle);
    if (!IsHandle(handle) || handle->refcnt == 0)
    {
        NS_LOG_WARN("net_protocol_release: " << handle << " is not a held protocol handle");
        return -1;
    }
    if (--handle->refcnt == 0 && handle->condemned)
    {
        m_allHandles.erase(handle);
        delete handle;
    }
    return 0;
}

int
PfhooksNetInstanceRegistry::FamilyOf(net_handle_t h,
                                     const char* who,
                                     int gone,
                                     Ptr<PfhooksHookFamily>* f,
                                     const void* caller)
{
    NS_LOG_FUNCTION(this << h << who << caller);
    PfhooksObserver::Tell(&PfhooksObserver::HandleUse, caller, h, who);
    if (!IsHandle(h))
    {
        NS_LOG_WARN(who << ": " << h << " is not a protocol handle from net_protocol_lookup");
        return EINVAL;
    }
    if (!h->family)
    {
        NS_LOG_INFO(who << ": " << h->name << " of instance " << h->netid << " is gone");
        return gone;
    }
    // Registrations (gone == ESHUTDOWN) check netd_condemned in neti_impl.c;
    // unregistrations go on through a condemned handle.
    if (h->closing && gone == ESHUTDOWN)
    {
        return ESHUTDOWN;
    }
    *f = h->family;
    return 0;
}

bool
PfhooksNetInstanceRegistry::Queryable(net_handle_t h, const char* who, const void* caller)
{
    NS_LOG_FUNCTION(this << h << who << caller);
    Ptr<PfhooksHookFamily> f;
    return FamilyOf(h, who, -1, &f, caller) == 0 && !h->closing &&
           GetIpInstance(h->netid) != nullptr;
}

void
PfhooksNetInstanceRegistry::CondemnProtocol(netid_t netid, const std::string& family)
{
    NS_LOG_FUNCTION(this << netid << family);
    Instance* inst = FindInstance(netid);
    const PfhooksNetProtocol* proto = PfhooksNetProtocol::Find(family);
    if (inst == nullptr || proto == nullptr || inst->handles[proto->family] == nullptr)
    {
        return;
    }
    net_data* h = inst->handles[proto->family];
    inst->handles[proto->family] = nullptr;
    // As net_family_unregister() clears netd_hooks: from now on the handle
    // reaches no family (unregistering through it is ENXIO).
    h->condemned = true;
    h->family = nullptr;
    if (h->refcnt == 0)
    {
        m_allHandles.erase(h);
        delete h;
    }
}

uint32_t
PfhooksNetInstanceRegistry::GetOutstandingHandles() const
{
    NS_LOG_FUNCTION(this);
    uint32_t n = 0;
    m_allHandles.ForEach([&n](const net_data* h) { n += h->refcnt; });
    return n;
}

size_t
PfhooksNetInstanceRegistry::HandleSet::Home(const net_data* h) const
{
    // Fibonacci hashing of the address (allocations are 16-byte aligned).
    uint64_t x = (reinterpret_cast<uintptr_t>(h) >> 4) * 0x9E3779B97F4A7C15ULL;
    return static_cast<size_t>(x >> 20) & (m_slots.size() - 1);
}

void
PfhooksNetInstanceRegistry::HandleSet::Rehash()
{
    std::vector<const net_data*> old;
    old.swap(m_slots);
    // Room for the live ones at under 3/8, so that the table doubles
    // at 3/4 and averages about half full.
    size_t n = 16;
    while (3 * n < 8 * (m_live + 1))
    {
        n *= 2;
    }
    m_slots.assign(n, nullptr);
    m_used = 0;
    m_live = 0;
    for (const net_data* h : old)
    {
        if (h != nullptr && h != Gone())
        {
            insert(h);
        }
    }
}

void
PfhooksNetInstanceRegistry::HandleSet::insert(const net_data* h)
{
    // At most 3/4 of the slots used (live or erased): probes stay short.
    if (4 * (m_used + 1) > 3 * m_slots.size())
    {
        Rehash();
    }
    size_t mask = m_slots.size() - 1;
    for (size_t i = Home(h);; i = (i + 1) & mask)
    {
        if (m_slots[i] == nullptr)
        {
            m_slots[i] = h;
            m_live++;
            m_used++;
            return;
        }
    }
}

size_t
PfhooksNetInstanceRegistry::HandleSet::count(const net_data* h) const
{
    if (m_slots.empty())
    {
        return 0;
    }
    size_t mask = m_slots.size() - 1;
    for (size_t i = Home(h); m_slots[i] != nullptr; i = (i + 1) & mask)
    {
        if (m_slots[i] == h)
        {
            return 1;
        }
    }
    return 0;
}

size_t
PfhooksNetInstanceRegistry::HandleSet::erase(const net_data* h)
{
    if (m_slots.empty())
    {
        return 0;
    }
    size_t mask = m_slots.size() - 1;
    for (size_t i = Home(h); m_slots[i] != nullptr; i = (i + 1) & mask)
    {
        if (m_slots[i] == h)
        {
            m_slots[i] = Gone();
            m_live--;
            return 1;
        }
    }
    return 0;
}

} // namespace ns3
