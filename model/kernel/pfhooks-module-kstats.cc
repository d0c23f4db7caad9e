/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-module-kstats.h"

#include "pfhooks-unload-hook.h"
#include "solaris-kernel.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

NS_LOG_COMPONENT_DEFINE("PfhooksModuleKstats");

namespace ns3
{

namespace
{
/// illumos ALL_ZONES (the hook layer's name is above this one)
constexpr int kAllZones = -1;

bool
CopyName(char* dst, const char* src)
{
    if (src == nullptr)
    {
        dst[0] = '\0';
        return true;
    }
    if (std::strlen(src) > KSTAT_STRLEN)
    {
        return false;
    }
    std::strcpy(dst, src);
    return true;
}

/// What a going module left in the kstat registry.
class KstatUnloadHook : public PfhooksUnloadHook
{
  public:
    void TakeBack(const SolarisModule& module, const InModule&, const TakenBack& report) override
    {
        for (const std::string& n : SolarisKernel::Get().Kstats().TakeBack(module.GetId()))
        {
            report("kstat", nullptr, "kstat " + n + " still created: deleted");
        }
    }
};

const bool g_registered = []() {
    PfhooksUnloadHook::Register(new KstatUnloadHook());
    return true;
}();
} // namespace

kstat_t*
PfhooksModuleKstats::Create(const pfhooks_site_t* site,
                            const char* module,
                            int instance,
                            const char* name,
                            const char* ksClass,
                            uint8_t type,
                            unsigned int ndata,
                            uint8_t flags,
                            int zoneid,
                            int netid)
{
    NS_LOG_FUNCTION(this << (module ? module : "") << instance << (name ? name : ""));
    if (module == nullptr || name == nullptr || type >= KSTAT_NUM_TYPES ||
        (type == KSTAT_TYPE_NAMED && ndata == 0 && !(flags & KSTAT_FLAG_VIRTUAL)))
    {
        return nullptr;
    }
    auto* ks = static_cast<kstat_t*>(std::calloc(1, sizeof(kstat_t)));
    if (!CopyName(ks->ks_module, module) || !CopyName(ks->ks_name, name) ||
        !CopyName(ks->ks_class, ksClass))
    {
        std::free(ks);
        return nullptr;
    }
    ks->ks_crtime = Simulator::Now().GetNanoSeconds();
    ks->ks_kid = m_nextKid++;
    ks->ks_instance = instance;
    ks->ks_type = type;
    ks->ks_flags = flags;
    ks->ks_ndata = ndata;
    Entry e;
    e.owner = SolarisKernel::Get().OwnerOf(site);
    e.netid = netid;
    e.zoneid = zoneid;
    e.order = m_next++;
    if (type == KSTAT_TYPE_NAMED)
    {
        ks->ks_data_size = ndata * sizeof(kstat_named_t);
        if (!(flags & KSTAT_FLAG_VIRTUAL))
        {
            ks->ks_data = std::calloc(ndata, sizeof(kstat_named_t));
            e.ownData = true;
        }
    }
    m_kstats[ks] = e;
    return ks;
}

void
PfhooksModuleKstats::Install(kstat_t* ks)
{
    NS_LOG_FUNCTION(this << ks);
    auto it = m_kstats.find(ks);
    if (it == m_kstats.end())
    {
        SolarisKernel::Get().Panic(nullptr,
                                   "kstat_install of a kstat that kstat_create did not make");
    }
    it->second.installed = true;
}

void
PfhooksModuleKstats::Delete(kstat_t* ks)
{
    NS_LOG_FUNCTION(this << ks);
    if (ks == nullptr)
    {
        return;
    }
    auto it = m_kstats.find(ks);
    if (it == m_kstats.end())
    {
        SolarisKernel::Get().Panic(nullptr,
                                   "kstat_delete of a kstat that kstat_create did not make "
                                   "(or deleted twice)");
    }
    if (it->second.ownData)
    {
        std::free(ks->ks_data);
    }
    m_kstats.erase(it);
    std::free(ks);
}

void
PfhooksModuleKstats::ZoneAdd(kstat_t* ks, int zoneid)
{
    auto it = m_kstats.find(ks);
    if (it != m_kstats.end())
    {
        it->second.zones.push_back(zoneid);
    }
}

std::vector<PfhooksModuleKstat>
PfhooksModuleKstats::Snapshot(int netid) const
{
    std::vector<std::pair<uint64_t, kstat_t*>> mine;
    for (const auto& [ks, e] : m_kstats)
    {
        bool here = e.netid >= 0 ? e.netid == netid
                                 : (e.zoneid == kAllZones ? netid == 0 : e.zoneid == netid);
        if (e.installed && here)
        {
            mine.emplace_back(e.order, ks);
        }
    }
    std::sort(mine.begin(), mine.end());
    std::vector<PfhooksModuleKstat> out;
    for (const auto& [order, ks] : mine)
    {
        const Entry& e = m_kstats.at(ks);
        if (ks->ks_update != nullptr)
        {
            ks->ks_update(ks, KSTAT_READ); // the provider refreshes ks_data
        }
        ks->ks_snaptime = Simulator::Now().GetNanoSeconds();
        PfhooksModuleKstat k;
        k.module = ks->ks_module;
        k.instance = ks->ks_instance;
        k.name = ks->ks_name;
        k.ksClass = ks->ks_class;
        k.netid = e.netid;
        k.zoneid = e.zoneid;
        k.zones = e.zones;
        if (ks->ks_type == KSTAT_TYPE_NAMED && ks->ks_data != nullptr)
        {
            const auto* kn = static_cast<const kstat_named_t*>(ks->ks_data);
            for (unsigned int i = 0; i < ks->ks_ndata; i++)
            {
                uint64_t v = 0;
                switch (kn[i].data_type)
                {
                case KSTAT_DATA_INT32:
                    v = static_cast<uint64_t>(static_cast<int64_t>(kn[i].value.i32));
                    break;
                case KSTAT_DATA_UINT32:
                    v = kn[i].value.ui32;
                    break;
                case KSTAT_DATA_INT64:
                case KSTAT_DATA_UINT64:
                    v = kn[i].value.ui64;
                    break;
                default:
                    continue; // chars and strings are not numbers
                }
                k.statistics.emplace_back(kn[i].name, v);
            }
        }
        out.push_back(k);
    }
    return out;
}

std::size_t
PfhooksModuleKstats::CountOf(uint32_t owner) const
{
    return std::count_if(m_kstats.begin(), m_kstats.end(), [owner](const auto& p) {
        return p.second.owner == owner;
    });
}

std::vector<std::string>
PfhooksModuleKstats::TakeBack(uint32_t owner)
{
    std::vector<std::pair<uint64_t, kstat_t*>> mine;
    for (const auto& [ks, e] : m_kstats)
    {
        if (e.owner == owner)
        {
            mine.emplace_back(e.order, ks);
        }
    }
    std::sort(mine.begin(), mine.end()); // creation order: deterministic reports
    std::vector<std::string> names;
    for (const auto& [order, ks] : mine)
    {
        names.push_back(std::string(ks->ks_module) + ":" + std::to_string(ks->ks_instance) + ":" +
                        ks->ks_name);
        Delete(ks);
    }
    return names;
}

} // namespace ns3
