/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kstats.h"

#include "ns3/log.h"
#include "ns3/pfhooks-ip-instance.h"
#include "ns3/solaris-kernel.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksKstats");

std::vector<PfhooksKstatRow>
CollectKstats(const PfhooksIpInstance& ip, bool withRemoved)
{
    NS_LOG_FUNCTION(&ip << withRemoved);
    std::vector<PfhooksKstatRow> rows;
    if (!ip.IsRunning())
    {
        return rows;
    }
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        for (int e = 0; e < PFH_NEVENTS; e++)
        {
            auto fam = static_cast<PfhooksFamily>(f);
            auto evi = static_cast<PfhooksEvent>(e);
            Ptr<PfhooksHookEvent> ev = ip.GetEvent(fam, evi);
            if (!ev)
            {
                continue; // ARP has three events
            }
            // The names that the event's row and its hooks' rows share.
            PfhooksKstatRow key;
            key.node = ip.GetNode() ? ip.GetNode()->GetId() : 0;
            key.netid = ip.GetNetid();
            key.family = PfhooksIpInstance::FamilyName(fam);
            key.hookFamily = PfhooksIpInstance::HookFamilyName(fam);
            key.event = PfhooksIpInstance::EventName(evi);
            PfhooksKstatRow r = key;
            r.hooksAdded = ev->GetHooksAdded();
            r.hooksRemoved = ev->GetHooksRemoved();
            r.events = ev->m_events;
            PfhooksIpInstance::Counters c = ip.GetCounters(fam, evi);
            r.accepted = c.accepted;
            r.rewritten = c.rewritten;
            r.dropped = c.dropped;
            r.injected = c.injected;
            r.badChecksums = c.badChecksums;
            rows.push_back(r);
            std::vector<PfhooksHookKstat> hooks = ev->GetHookKstats();
            if (withRemoved)
            {
                std::vector<PfhooksHookKstat> gone = ev->GetRemovedHookKstats();
                hooks.insert(hooks.end(), gone.begin(), gone.end());
            }
            for (const PfhooksHookKstat& k : hooks)
            {
                PfhooksKstatRow h = key;
                h.hook = k.name;
                h.version = k.version;
                h.flags = k.flags;
                h.hint = k.hint;
                h.position = k.position;
                h.hits = k.hits;
                h.drops = k.drops;
                h.injections = k.injections;
                h.removed = k.removed;
                rows.push_back(h);
            }
        }
    }
    for (const PfhooksModuleKstat& k : SolarisKernel::Get().Kstats().Snapshot(ip.GetNetid()))
    {
        for (const auto& [statistic, value] : k.statistics)
        {
            PfhooksKstatRow r;
            r.node = ip.GetNode() ? ip.GetNode()->GetId() : 0;
            r.netid = ip.GetNetid();
            r.hookFamily = k.module;
            r.event = k.name;
            r.kstatClass = k.ksClass;
            r.kstatInstance = k.instance;
            r.statistic = statistic;
            r.value = value;
            rows.push_back(r);
        }
    }
    return rows;
}

namespace
{
/** One statistic by name from a kstat's table. \return 0 with *value set, or ENOENT */
template <std::size_t N>
int
Pick(const std::pair<const char*, uint64_t> (&named)[N], const std::string& stat, uint64_t* value)
{
    for (const auto& n : named)
    {
        if (stat == n.first)
        {
            *value = n.second;
            return 0;
        }
    }
    return ENOENT;
}
} // namespace

int
ReadKstat(const PfhooksIpInstance& ip,
          const char* module,
          const char* name,
          const char* statistic,
          uint64_t* value)
{
    NS_LOG_FUNCTION(&ip << (module ? module : "(null)") << (name ? name : "(null)")
                        << (statistic ? statistic : "(null)"));
    if (module == nullptr || name == nullptr || statistic == nullptr || value == nullptr)
    {
        return EINVAL;
    }
    const std::string stat = statistic;
    for (const PfhooksKstatRow& r : CollectKstats(ip))
    {
        if (!r.statistic.empty())
        {
            if (r.hookFamily == module && r.event == name && r.statistic == stat)
            {
                *value = r.value;
                return 0;
            }
            continue;
        }
        if (r.hook.empty() && r.hookFamily == module && r.event == name)
        {
            const std::pair<const char*, uint64_t> named[] = {{"hooksAdded", r.hooksAdded},
                                                              {"hooksRemoved", r.hooksRemoved},
                                                              {"events", r.events},
                                                              {"accepted", r.accepted},
                                                              {"rewritten", r.rewritten},
                                                              {"dropped", r.dropped},
                                                              {"injected", r.injected},
                                                              {"badChecksums", r.badChecksums}};
            return Pick(named, stat, value);
        }
        if (!r.hook.empty() && r.hookFamily + "/" + r.event == module && r.hook == name)
        {
            const std::pair<const char*, uint64_t> named[] = {
                {"version", static_cast<uint64_t>(r.version)},
                {"flags", r.flags},
                {"hint", static_cast<uint64_t>(r.hint)},
                {"position", static_cast<uint64_t>(r.position)},
                {"hook_hits", r.hits},
                {"hook_drops", r.drops},
                {"hook_injections", r.injections}};
            return Pick(named, stat, value);
        }
    }
    return ENOENT;
}

namespace
{

std::string
CsvField(const std::string& s)
{
    if (s.find_first_of(",\"\r\n") == std::string::npos)
    {
        return s;
    }
    std::string q = "\"";
    for (char c : s)
    {
        q += c;
        if (c == '"')
        {
            q += '"';
        }
    }
    return q + "\"";
}

std::string
JsonString(const std::string& s)
{
    std::string q = "\"";
    for (unsigned char c : s)
    {
        if (c == '"' || c == '\\')
        {
            q += '\\';
            q += static_cast<char>(c);
        }
        else if (c < 0x20)
        {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\u%04x", c);
            q += buf;
        }
        else
        {
            q += static_cast<char>(c);
        }
    }
    return q + "\"";
}

} // namespace

void
WriteKstatRowJson(std::ostream& os, const PfhooksKstatRow& r)
{
    if (!r.statistic.empty())
    {
        os << "{\"node\": " << r.node << ", \"netid\": " << r.netid
           << ", \"module\": " << JsonString(r.hookFamily) << ", \"instance\": " << r.kstatInstance
           << ", \"name\": " << JsonString(r.event) << ", \"class\": " << JsonString(r.kstatClass)
           << ", \"statistic\": " << JsonString(r.statistic) << ", \"value\": " << r.value << "}";
        return;
    }
    os << "{\"node\": " << r.node << ", \"netid\": " << r.netid
       << ", \"family\": " << JsonString(r.family) << ", \"event\": " << JsonString(r.event);
    if (r.hook.empty())
    {
        os << ", \"hooksAdded\": " << r.hooksAdded << ", \"hooksRemoved\": " << r.hooksRemoved
           << ", \"events\": " << r.events << ", \"accepted\": " << r.accepted
           << ", \"rewritten\": " << r.rewritten << ", \"dropped\": " << r.dropped
           << ", \"injected\": " << r.injected << ", \"badChecksums\": " << r.badChecksums;
    }
    else
    {
        os << ", \"hook\": " << JsonString(r.hook) << ", \"position\": " << r.position
           << ", \"hook_hits\": " << r.hits << ", \"hook_drops\": " << r.drops
           << ", \"hook_injections\": " << r.injections;
        if (r.removed)
        {
            os << ", \"removed\": true";
        }
    }
    os << "}";
}

void
WriteKstatRows(std::ostream& os, const std::vector<PfhooksKstatRow>& rows, KstatFormat format)
{
    NS_LOG_FUNCTION(&os << rows.size() << format);
    if (format == KSTATS_CSV)
    {
        os << "node,netid,family,event,hook,hooksAdded,hooksRemoved,events,accepted,rewritten,"
              "dropped,injected,badChecksums,position,hook_hits,hook_drops,hook_injections,removed,"
              "statistic,value\n";
        for (const PfhooksKstatRow& r : rows)
        {
            if (!r.statistic.empty())
            {
                os << r.node << ',' << r.netid << ',' << CsvField(r.hookFamily) << ','
                   << CsvField(r.event) << ",,,,,,,,,,,,,,," << CsvField(r.statistic) << ','
                   << r.value << '\n';
                continue;
            }
            os << r.node << ',' << r.netid << ',' << r.family << ',' << r.event << ','
               << CsvField(r.hook) << ',';
            if (r.hook.empty())
            {
                os << r.hooksAdded << ',' << r.hooksRemoved << ',' << r.events << ',' << r.accepted
                   << ',' << r.rewritten << ',' << r.dropped << ',' << r.injected << ','
                   << r.badChecksums << ",,,,,,,\n";
            }
            else
            {
                os << ",,,,,,,," << r.position << ',' << r.hits << ',' << r.drops << ','
                   << r.injections << ',' << (r.removed ? 1 : 0) << ",,\n";
            }
        }
        return;
    }
    os << "{\"kstats\": [\n";
    for (size_t k = 0; k < rows.size(); k++)
    {
        WriteKstatRowJson(os, rows[k]);
        os << (k + 1 < rows.size() ? "," : "") << "\n";
    }
    os << "]}\n";
}

} // namespace ns3
