/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks in NetAnim's XML: the last value of each node counter is the
 * node's kstats, drops flash a node red and injections blue, and a zone's
 * halt and boot show as colour and description.
 */
#include "dup-and-drop-hook.h"
#include "scenario.h"

#include "ns3/animation-interface.h"
#include "ns3/pfhooks-animation.h"
#include "ns3/pfhooks-kstats.h"
#include "ns3/pfhooks-zone-helper.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <unistd.h>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

/// Server PHYSICAL_IN: TOS 0xb8, checksum redone.
int
SetTos(PacketHookContext& ctx)
{
    uint8_t* ip = ctx.GetBytes();
    ip[1] = 0xb8;
    ip[10] = ip[11] = 0;
    uint16_t sum = Checksum(ip, (ip[0] & 0x0f) * 4);
    ip[10] = sum >> 8;
    ip[11] = sum & 0xff;
    return 0;
}

/// One attribute of an XML element line.
std::string
Attr(const std::string& line, const std::string& name)
{
    std::smatch m;
    std::regex re(" " + name + "=\"([^\"]*)\"");
    return std::regex_search(line, m, re) ? m[1].str() : "";
}

TEST(AnimationTest, CountersEqualTheKstatsAndZonesAndFlashesShow)
{
    // Per process: parallel test runs share the temporary directory.
    const std::string file =
        ::testing::TempDir() + "pfhooks-animation-" + std::to_string(getpid()) + ".xml";
    Scenario s;
    for (uint32_t k = 0; k < 3; k++)
    {
        AnimationInterface::SetConstantPosition(s.nodes.Get(k), 10.0 * k, 0);
    }
    auto dupDrop = std::make_unique<DupAndDropHook>(s.Ip(1));
    ASSERT_TRUE(dupDrop->Registered());
    ASSERT_EQ(s.Ip(2)->AddPacketHook(NHF_INET, NH_PHYSICAL_IN, "tos", MakeCallback(&SetTos)), 0);
    // The server's zone halts and boots again once the traffic is over.
    ASSERT_EQ(PfhooksZoneHelper::ScheduleHalt(s.nodes.Get(2), Seconds(2.5)), 0);
    ASSERT_EQ(PfhooksZoneHelper::ScheduleBoot(s.nodes.Get(2), Seconds(2.7)), 0);

    auto anim = std::make_unique<AnimationInterface>(file);
    anim->SkipPacketTracing(); // the packets are not what this test reads
    Ptr<PfhooksAnimation> pa = PfhooksHelper::EnableAnimation(*anim, s.nodes);
    s.Traffic(35);
    s.Run();
    EXPECT_EQ(s.rx, 37u);

    // The kstats at the end, summed per node as the counters are.
    std::map<uint32_t, std::array<uint64_t, PfhooksAnimation::N_COUNTERS>> want;
    for (uint32_t k = 0; k < 3; k++)
    {
        auto& w = want[k];
        w.fill(0);
        for (const PfhooksKstatRow& r : CollectKstats(*s.Ip(k)))
        {
            if (!r.hook.empty())
            {
                continue;
            }
            w[PfhooksAnimation::DROPS] += r.dropped;
            w[PfhooksAnimation::REWRITES] += r.rewritten;
            w[PfhooksAnimation::INJECTIONS] += r.injected;
            if (r.event != NH_OBSERVING && r.event != NH_NIC_EVENTS)
            {
                w[PfhooksAnimation::HOOK_RUNS] += r.events;
            }
        }
    }
    EXPECT_EQ(want[1][PfhooksAnimation::DROPS], 5u);
    EXPECT_EQ(want[1][PfhooksAnimation::INJECTIONS], 7u);
    EXPECT_EQ(want[1][PfhooksAnimation::HOOK_RUNS], 35u);
    EXPECT_EQ(want[2][PfhooksAnimation::REWRITES], 37u); // kept over the reboot
    EXPECT_EQ(want[2][PfhooksAnimation::HOOK_RUNS], 0u); // a new instance

    dupDrop.reset();
    Simulator::Destroy();
    anim.reset(); // closes the XML

    std::ifstream in(file);
    std::string line;
    std::map<uint32_t, std::string> counterNames;           // ncId -> name
    std::map<std::pair<uint32_t, uint32_t>, uint64_t> last; // (ncId, node) -> value
    std::map<uint32_t, uint32_t> red, blue;
    std::vector<std::string> serverDescr, serverColours;
    bool closed = false;
    while (std::getline(in, line))
    {
        if (line.find("<ncs ") != std::string::npos)
        {
            counterNames[std::stoul(Attr(line, "ncId"))] = Attr(line, "n");
        }
        else if (line.find("<nc ") != std::string::npos)
        {
            last[{std::stoul(Attr(line, "c")), std::stoul(Attr(line, "i"))}] =
                std::stoull(Attr(line, "v"));
        }
        else if (line.find("<nu ") != std::string::npos && Attr(line, "p") == "c")
        {
            uint32_t id = std::stoul(Attr(line, "id"));
            std::string rgb = Attr(line, "r") + "," + Attr(line, "g") + "," + Attr(line, "b");
            red[id] += rgb == "220,0,0";
            blue[id] += rgb == "0,80,255";
            if (id == 2)
            {
                serverColours.push_back(Attr(line, "t") + " " + rgb);
            }
        }
        else if (line.find("<nu ") != std::string::npos && Attr(line, "p") == "d" &&
                 Attr(line, "id") == "2")
        {
            serverDescr.push_back(Attr(line, "t") + " " + Attr(line, "descr"));
        }
        closed = closed || line.find("</anim>") != std::string::npos;
    }
    in.close();
    std::remove(file.c_str());
    EXPECT_TRUE(closed);
    // AnimationInterface's own RemainingEnergy, then ours.
    ASSERT_EQ(counterNames.size(), 1u + PfhooksAnimation::N_COUNTERS);
    for (int c = 0; c < PfhooksAnimation::N_COUNTERS; c++)
    {
        auto counter = static_cast<PfhooksAnimation::Counter>(c);
        uint32_t id = pa->GetCounterId(counter);
        EXPECT_EQ(counterNames[id], PfhooksAnimation::GetCounterName(counter));
        for (uint32_t k = 0; k < 3; k++)
        {
            ASSERT_EQ(last.count(std::make_pair(id, k)), 1u) << "counter " << c << " node " << k;
            EXPECT_EQ(last[std::make_pair(id, k)], want[k][c]) << "counter " << c << " node " << k;
        }
    }
    EXPECT_EQ(red[1], 5u);
    EXPECT_EQ(blue[1], 7u);
    EXPECT_EQ(red[2] + blue[2] + red[0] + blue[0], 0u);
    // ns-3's default red, then green at the start, grey at the halt, green
    // again at the boot.
    ASSERT_EQ(serverColours.size(), 4u);
    EXPECT_EQ(serverColours[1], "0 0,170,0");
    EXPECT_EQ(serverColours[2], "2.5 128,128,128");
    EXPECT_EQ(serverColours[3], "2.7 0,170,0");
    ASSERT_EQ(serverDescr.size(), 3u);
    EXPECT_EQ(serverDescr[1], "2.5 node 2: zone halted");
    EXPECT_TRUE(std::regex_match(serverDescr[2],
                                 std::regex("2\\.7 node 2: zone booted \\(netid [0-9]+\\)")))
        << serverDescr[2];
}

} // namespace
