/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * kstats: per event hooksAdded, hooksRemoved, events; per hook hits, drops
 * and injections — read from C++ (PfhooksIpInstance, PfhooksHookEvent), from C
 * (net_kstat_read, net_kstat_walk) and exported as CSV and JSON; the files
 * parsed back and checked against the counters.
 */
#include "scenario.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <netinet/in.h>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

net_handle_t g_routerInet = nullptr;
int g_udpSeen = 0;

/// Router PHYSICAL_IN: every 5th datagram is injected again (NI_QUEUE_OUT),
/// every 7th dropped.
int
DupAndDrop(hook_event_token_t, hook_data_t data, void*)
{
    auto* hpe = reinterpret_cast<hook_pkt_event_t*>(data);
    ++g_udpSeen;
    if (g_udpSeen % 5 == 0)
    {
        net_inject_t ni{};
        ni.ni_packet = copymsg(*hpe->hpe_mp);
        EXPECT_EQ(net_inject(g_routerInet, NI_QUEUE_OUT, &ni), 0);
    }
    return g_udpSeen % 7 == 0;
}

int
Accept(PacketHookContext&)
{
    return 0;
}

/// One CSV line split into fields ("" quoting undone).
std::vector<std::string>
CsvSplit(const std::string& line)
{
    std::vector<std::string> out(1);
    bool quoted = false;
    for (size_t k = 0; k < line.size(); k++)
    {
        char c = line[k];
        if (quoted)
        {
            if (c == '"' && k + 1 < line.size() && line[k + 1] == '"')
            {
                out.back() += '"';
                k++;
            }
            else if (c == '"')
            {
                quoted = false;
            }
            else
            {
                out.back() += c;
            }
        }
        else if (c == '"')
        {
            quoted = true;
        }
        else if (c == ',')
        {
            out.emplace_back();
        }
        else
        {
            out.back() += c;
        }
    }
    return out;
}

/// The "key": value pairs of one JSON row object (one per line, flat).
std::map<std::string, std::string>
JsonRow(const std::string& line)
{
    std::map<std::string, std::string> kv;
    size_t k = line.find('{');
    while (k != std::string::npos && k < line.size())
    {
        size_t ks = line.find('"', k);
        if (ks == std::string::npos)
        {
            break;
        }
        size_t ke = line.find('"', ks + 1);
        std::string key = line.substr(ks + 1, ke - ks - 1);
        size_t v = line.find(':', ke) + 1;
        while (line[v] == ' ')
        {
            v++;
        }
        std::string val;
        if (line[v] == '"')
        {
            size_t e = v + 1;
            while (line[e] != '"')
            {
                if (line[e] == '\\')
                {
                    e++;
                }
                val += line[e++];
            }
            k = e + 1;
        }
        else
        {
            size_t e = line.find_first_of(",}", v);
            val = line.substr(v, e - v);
            k = e;
        }
        kv[key] = val;
        k = line.find(',', k);
    }
    return kv;
}

std::string
Slurp(const std::string& f)
{
    std::ifstream in(f);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int g_walked = 0;

int
Walk(netid_t, const char* module, const char* name, const char* cls, void* arg)
{
    auto* seen = static_cast<std::vector<std::string>*>(arg);
    seen->push_back(std::string(cls) + " " + module + " " + name);
    return ++g_walked == 1000 ? 42 : 0;
}

TEST(KstatsTest, CountersFromCppCAndTheExportAgree)
{
    Scenario s;
    g_udpSeen = 0;
    netid_t rid = s.Ip(1)->GetNetid();
    g_routerInet = net_protocol_lookup(rid, NHF_INET);
    hook_t h{};
    h.h_version = HOOK_VERSION;
    h.h_name = const_cast<char*>("dup,\"drop\""); // a name CSV must quote
    h.h_func = &DupAndDrop;
    ASSERT_EQ(net_hook_register(g_routerInet, const_cast<char*>(NH_PHYSICAL_IN), &h), 0);
    ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "acc", MakeCallback(&Accept)), 0);
    ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "gone", MakeCallback(&Accept)), 0);
    ASSERT_EQ(s.Ip(1)->RemoveHook(NHF_INET, NH_PHYSICAL_OUT, "gone"), 0);
    s.Traffic(35);
    s.Run();
    // 35 seen, 5 dropped, 7 injected again: 37 reach the server.
    EXPECT_EQ(s.rx, 37u);

    // C++: the event and the hook.
    Ptr<PfhooksHookEvent> in = s.Ip(1)->GetEvent(PFH_INET, PFH_PHYSICAL_IN);
    EXPECT_EQ(in->m_events, 35u);
    std::vector<PfhooksHookKstat> hk = in->GetHookKstats();
    ASSERT_EQ(hk.size(), 1u);
    EXPECT_EQ(hk[0].hits, 35u);
    EXPECT_EQ(hk[0].drops, 5u);
    EXPECT_EQ(hk[0].injections, 7u);
    const PfhooksIpInstance::Counters& cin = s.Ip(1)->GetCounters(PFH_INET, PFH_PHYSICAL_IN);
    const PfhooksIpInstance::Counters& cout = s.Ip(1)->GetCounters(PFH_INET, PFH_PHYSICAL_OUT);
    EXPECT_EQ(cin.dropped, 5u);
    EXPECT_EQ(cin.accepted, 30u);
    EXPECT_EQ(cout.injected, 7u);
    EXPECT_EQ(cout.accepted, 37u);

    // C: the illumos kstat names.
    uint64_t v = 0;
    EXPECT_EQ(net_kstat_read(rid, "inet", "PHYSICAL_IN", "events", &v), 0);
    EXPECT_EQ(v, 35u);
    EXPECT_EQ(net_kstat_read(rid, "inet", "PHYSICAL_OUT", "hooksAdded", &v), 0);
    EXPECT_EQ(v, 2u);
    EXPECT_EQ(net_kstat_read(rid, "inet", "PHYSICAL_OUT", "hooksRemoved", &v), 0);
    EXPECT_EQ(v, 1u);
    EXPECT_EQ(net_kstat_read(rid, "inet", "PHYSICAL_OUT", "injected", &v), 0);
    EXPECT_EQ(v, 7u);
    EXPECT_EQ(net_kstat_read(rid, "inet/PHYSICAL_IN", "dup,\"drop\"", "hook_hits", &v), 0);
    EXPECT_EQ(v, 35u);
    EXPECT_EQ(net_kstat_read(rid, "inet/PHYSICAL_IN", "dup,\"drop\"", "hook_drops", &v), 0);
    EXPECT_EQ(v, 5u);
    EXPECT_EQ(net_kstat_read(rid, "inet/PHYSICAL_IN", "dup,\"drop\"", "hook_injections", &v), 0);
    EXPECT_EQ(v, 7u);
    EXPECT_EQ(net_kstat_read(rid, "inet/PHYSICAL_OUT", "acc", "position", &v), 0);
    EXPECT_EQ(v, 1u);
    EXPECT_EQ(net_kstat_read(rid, "inet6", "FORWARDING", "events", &v), 0);
    EXPECT_EQ(v, 0u);
    // Errors: illumos codes, nothing written.
    v = 99;
    EXPECT_EQ(net_kstat_read(rid, "inet/PHYSICAL_OUT", "gone", "hook_hits", &v), ENOENT);
    EXPECT_EQ(net_kstat_read(rid, "arp", "FORWARDING", "events", &v), ENOENT);
    EXPECT_EQ(net_kstat_read(rid, "inet", "PHYSICAL_IN", "no_such_stat", &v), ENOENT);
    EXPECT_EQ(net_kstat_read(rid, nullptr, "PHYSICAL_IN", "events", &v), EINVAL);
    EXPECT_EQ(net_kstat_read(rid, "inet", "PHYSICAL_IN", "events", nullptr), EINVAL);
    EXPECT_EQ(net_kstat_read(4711, "inet", "PHYSICAL_IN", "events", &v), ESRCH);
    EXPECT_EQ(v, 99u);
    std::vector<std::string> walked;
    g_walked = 0;
    EXPECT_EQ(net_kstat_walk(rid, &Walk, &walked), 0);
    // 7 + 7 + 3 events, and the router's two hooks.
    EXPECT_EQ(walked.size(), 19u);
    EXPECT_EQ(walked[0], "hook_event inet PHYSICAL_IN");
    EXPECT_EQ(walked[1], "hook inet/PHYSICAL_IN dup,\"drop\"");
    EXPECT_EQ(net_kstat_walk(rid, nullptr, nullptr), EINVAL);
    EXPECT_EQ(net_kstat_walk(4711, &Walk, &walked), ESRCH);

    // The export: every node's rows, parsed back.
    const std::string csv = "pfhooks-kstats-test.csv";
    const std::string json = "pfhooks-kstats-test.json";
    ASSERT_EQ(PfhooksHelper::WriteKstats(csv, KSTATS_CSV, s.nodes), 0);
    ASSERT_EQ(PfhooksHelper::WriteKstats(json, KSTATS_JSON, s.nodes), 0);
    EXPECT_EQ(PfhooksHelper::WriteKstats("/no/such/dir/k.csv", KSTATS_CSV, s.nodes), EIO);

    std::istringstream lines(Slurp(csv));
    std::string line;
    std::getline(lines, line);
    std::vector<std::string> header = CsvSplit(line);
    ASSERT_EQ(header.size(), 20u);
    std::map<std::string, size_t> col;
    for (size_t k = 0; k < header.size(); k++)
    {
        col[header[k]] = k;
    }
    uint32_t eventRows = 0;
    uint32_t hookRows = 0;
    uint32_t removedRows = 0;
    while (std::getline(lines, line))
    {
        std::vector<std::string> f = CsvSplit(line);
        ASSERT_EQ(f.size(), 20u) << line;
        uint32_t node = std::stoul(f[col["node"]]);
        Ptr<PfhooksIpInstance> ip = s.Ip(node);
        EXPECT_EQ(std::stoi(f[col["netid"]]), ip->GetNetid());
        Ptr<PfhooksHookEvent> ev = ip->GetEvent(f[col["family"]], f[col["event"]]);
        ASSERT_TRUE(ev) << line;
        if (f[col["hook"]].empty())
        {
            eventRows++;
            EXPECT_EQ(std::stoull(f[col["events"]]), ev->m_events);
            EXPECT_EQ(std::stoull(f[col["hooksAdded"]]), ev->GetHooksAdded());
            EXPECT_EQ(std::stoull(f[col["hooksRemoved"]]), ev->GetHooksRemoved());
            EXPECT_TRUE(f[col["hook_hits"]].empty());
            if (node == 1 && f[col["event"]] == NH_PHYSICAL_IN && f[col["family"]] == NHF_INET)
            {
                EXPECT_EQ(std::stoull(f[col["dropped"]]), cin.dropped);
                EXPECT_EQ(std::stoull(f[col["accepted"]]), cin.accepted);
            }
            if (node == 1 && f[col["event"]] == NH_PHYSICAL_OUT && f[col["family"]] == NHF_INET)
            {
                EXPECT_EQ(std::stoull(f[col["injected"]]), cout.injected);
            }
        }
        else
        {
            hookRows++;
            EXPECT_TRUE(f[col["events"]].empty());
            bool found = false;
            // A removed hook's row (removed = 1) holds its totals.
            bool removed = f[col["removed"]] == "1";
            removedRows += removed;
            for (const PfhooksHookKstat& k :
                 removed ? ev->GetRemovedHookKstats() : ev->GetHookKstats())
            {
                if (k.name == f[col["hook"]])
                {
                    found = true;
                    EXPECT_EQ(std::stoull(f[col["hook_hits"]]), k.hits);
                    EXPECT_EQ(std::stoull(f[col["hook_drops"]]), k.drops);
                    EXPECT_EQ(std::stoull(f[col["hook_injections"]]), k.injections);
                    EXPECT_EQ(std::stoi(f[col["position"]]), k.position);
                }
            }
            EXPECT_TRUE(found) << f[col["hook"]];
        }
    }
    EXPECT_EQ(eventRows, 3u * 17u); // three nodes, 7 + 7 + 3 events each
    EXPECT_EQ(hookRows, 3u);
    EXPECT_EQ(removedRows, 1u); // "gone", unregistered before the export

    // JSON: the same rows.
    std::istringstream jl(Slurp(json));
    std::getline(jl, line);
    EXPECT_EQ(line, "{\"kstats\": [");
    uint32_t jsonRows = 0;
    bool sawHook = false;
    while (std::getline(jl, line) && line != "]}")
    {
        jsonRows++;
        std::map<std::string, std::string> r = JsonRow(line);
        if (r.count("hook") && r["hook"] == "dup,\"drop\"")
        {
            sawHook = true;
            EXPECT_EQ(r["node"], "1");
            EXPECT_EQ(r["hook_hits"], "35");
            EXPECT_EQ(r["hook_drops"], "5");
            EXPECT_EQ(r["hook_injections"], "7");
        }
        if (!r.count("hook") && r["node"] == "1" && r["family"] == NHF_INET &&
            r["event"] == NH_PHYSICAL_OUT)
        {
            EXPECT_EQ(r["injected"], "7");
            EXPECT_EQ(r["hooksRemoved"], "1");
        }
    }
    EXPECT_EQ(line, "]}");
    EXPECT_EQ(jsonRows, eventRows + hookRows);
    EXPECT_TRUE(sawHook);
    std::remove(csv.c_str());
    std::remove(json.c_str());

    EXPECT_EQ(net_hook_unregister(g_routerInet, const_cast<char*>(NH_PHYSICAL_IN), &h), 0);
    net_protocol_release(g_routerInet);
    g_routerInet = nullptr;
}

TEST(KstatsTest, FormatFromTheFileName)
{
    KstatFormat f = KSTATS_JSON;
    EXPECT_TRUE(PfhooksHelper::KstatFormatOf("run.csv", &f));
    EXPECT_EQ(f, KSTATS_CSV);
    EXPECT_TRUE(PfhooksHelper::KstatFormatOf("RUN.JSON", &f));
    EXPECT_EQ(f, KSTATS_JSON);
    EXPECT_FALSE(PfhooksHelper::KstatFormatOf("run.txt", &f));
    EXPECT_FALSE(PfhooksHelper::KstatFormatOf(".csv", &f));
}

} // namespace

namespace
{

net_handle_t g_rtr = nullptr;
phy_if_t g_east = 0;
uint32_t g_eastHop = 0;
bool g_injectedOnce = false;
std::vector<uint32_t> g_inSizes;

/// Router PHYSICAL_IN: the first datagram makes it inject a big one
/// synchronously (NI_DIRECT_OUT), sent inside this run (seen by no hook).
int
InjectDirectFromInside(hook_event_token_t, hook_data_t data, void*)
{
    if (!g_injectedOnce)
    {
        g_injectedOnce = true;
        net_inject_t ni{};
        ni.ni_packet = ToMblk(MakeUdpDatagram("10.1.1.1", "10.1.2.2", 7000, 9, 1400));
        ni.ni_physical = g_east;
        auto* sin = reinterpret_cast<struct sockaddr_in*>(&ni.ni_addr);
        sin->sin_family = AF_INET;
        sin->sin_addr.s_addr = htonl(g_eastHop);
        EXPECT_EQ(net_inject(g_rtr, NI_DIRECT_OUT, &ni), 0);
    }
    return 0;
}

void
InboundSize(const ObservedPacket& p)
{
    if (p.GetDirection() == IPOBS_HOOK_INBOUND)
    {
        g_inSizes.push_back(p.GetSize());
    }
}

TEST(KstatsTest, DirectInjectionInsideAHookLeavesTheOuterPacketAlone)
{
    Scenario s;
    g_injectedOnce = false;
    g_inSizes.clear();
    g_rtr = net_protocol_lookup(s.Ip(1)->GetNetid(), NHF_INET);
    g_east = PfhooksIpInstance::PhyIf(s.d12.Get(0));
    g_eastHop = s.i12.GetAddress(1).Get();
    hook_t h{};
    h.h_version = HOOK_VERSION;
    h.h_name = const_cast<char*>("direct");
    h.h_func = &InjectDirectFromInside;
    ASSERT_EQ(net_hook_register(g_rtr, const_cast<char*>(NH_PHYSICAL_IN), &h), 0);
    ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "acc", MakeCallback(&Accept)), 0);
    ASSERT_EQ(s.Ip(1)->AddObserveHook(NHF_INET, "sizes", MakeCallback(&InboundSize)), 0);
    s.Traffic(3);
    s.Run();
    EXPECT_EQ(s.rx, 4u);
    // The observer saw the three datagrams that arrived, not the injected one.
    EXPECT_EQ(g_inSizes, (std::vector<uint32_t>{128, 128, 128}));
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_PHYSICAL_IN).accepted, 3u);
    EXPECT_EQ(s.Ip(1)->GetEvent(PFH_INET, PFH_PHYSICAL_IN)->GetHookKstats()[0].injections, 1u);
    EXPECT_EQ(net_hook_unregister(g_rtr, const_cast<char*>(NH_PHYSICAL_IN), &h), 0);
    net_protocol_release(g_rtr);
}

} // namespace
