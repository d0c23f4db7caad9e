/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What a rewrite leaves behind besides its bytes: packets that print with
 * their real headers (Packet::Print, ASCII traces), and checksums: the
 * PacketHookContext helpers that fix them, and the count and warning when
 * a rewrite leaves one wrong.  Header rewrites: rewrite-headers-test.cc.
 */
#include "kernel-console.h"
#include "rewrite-hooks.h"
#include "scenario.h"

#include "ns3/packet-checksums.h"
#include "ns3/pfhooks-kstats.h"
#include "ns3/pfhooks-packet-rebuild.h"
#include "ns3/solaris-kernel.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

/// UDP source port 4242, UDP checksum fixed.
int
SetSourcePort(PacketHookContext& ctx)
{
    uint8_t* b = ctx.GetBytes();
    size_t hl = (b[0] & 0x0f) * 4;
    b[hl] = 4242 >> 8;
    b[hl + 1] = 4242 & 0xff;
    EXPECT_TRUE(ctx.FixTransportChecksum());
    return 0;
}

/// UDP source port 4242, checksum left stale.
int
SetSourcePortStale(PacketHookContext& ctx)
{
    uint8_t* b = ctx.GetBytes();
    size_t hl = (b[0] & 0x0f) * 4;
    b[hl] = 4242 >> 8;
    b[hl + 1] = 4242 & 0xff;
    return 0;
}

/// The same, saying the stale checksum is on purpose.
int
SetSourcePortOnPurpose(PacketHookContext& ctx)
{
    ctx.KeepWrongChecksums();
    return SetSourcePortStale(ctx);
}

/// Cuts 20 bytes of UDP payload (a rebuild from bytes), fixing lengths and checksums.
int
Shorten(PacketHookContext& ctx)
{
    const uint8_t* b = ctx.GetBytes();
    std::vector<uint8_t> v(b, b + ctx.GetSize() - 20);
    size_t hl = (v[0] & 0x0f) * 4;
    uint16_t total = static_cast<uint16_t>(v.size());
    v[2] = total >> 8;
    v[3] = total & 0xff;
    uint16_t udp = static_cast<uint16_t>(v.size() - hl);
    v[hl + 4] = udp >> 8;
    v[hl + 5] = udp & 0xff;
    ctx.Replace(Create<Packet>(v.data(), v.size()));
    ctx.FixChecksums();
    return 0;
}

/// Prints what ns-3's IP on the server receives.
struct Printed
{
    std::vector<std::string> lines;

    void OnIpRx(Ptr<const Packet> p, Ptr<Ipv4>, uint32_t)
    {
        std::ostringstream os;
        p->Print(os);
        lines.push_back(os.str());
    }
};

/// A run of the chain with a hook on the router; the ASCII trace of the
/// router-server link and Packet::Print of the server's IP Rx.
struct PrintRun
{
    Scenario s;
    std::ostringstream ascii;
    Printed printed;

    PrintRun(PfhooksEvent e, PacketHookCallback hook, uint32_t size = 100)
    {
        Packet::EnablePrinting();
        const char* ev = PfhooksIpInstance::EventName(e);
        EXPECT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, ev, "h", hook), 0);
        AsciiTraceHelper ath;
        s.p2p.EnableAscii(Create<OutputStreamWrapper>(&ascii), s.d12.Get(1));
        s.nodes.Get(2)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(&Printed::OnIpRx, &printed));
        s.Traffic(3, size);
        s.Run();
    }

    /// \return the ASCII trace's receive lines
    std::vector<std::string> RxLines() const
    {
        std::vector<std::string> out;
        std::istringstream is(ascii.str());
        std::string line;
        while (std::getline(is, line))
        {
            if (line.rfind("r ", 0) == 0)
            {
                out.push_back(line);
            }
        }
        return out;
    }
};

/// Every line holds every one of `want` and none of the rewrite's raw bytes.
void
ExpectAll(const std::vector<std::string>& lines,
          const std::vector<std::string>& want,
          size_t count = 3)
{
    ASSERT_EQ(lines.size(), count);
    for (const std::string& l : lines)
    {
        SCOPED_TRACE(l);
        for (const std::string& w : want)
        {
            EXPECT_NE(l.find(w), std::string::npos) << "missing: " << w;
        }
        EXPECT_EQ(l.find("PfhooksRawBytes"), std::string::npos);
        EXPECT_EQ(l.find("length: 65536"), std::string::npos);
    }
}

TEST(RewritePrinting, TosRewriteAtPhysicalOutPrintsRealHeaders)
{
    PrintRun r(PFH_PHYSICAL_OUT, MakeCallback(&SetTos));
    EXPECT_EQ(r.s.rx, 3u);
    std::vector<std::string> want = {"ns3::Ipv4Header (tos 0x48",
                                     "protocol 17",
                                     "length: 128 10.1.1.1 > 10.1.2.2)",
                                     "ns3::UdpHeader (length: 108 49153 > 9)",
                                     "ns3::SeqTsHeader"};
    ExpectAll(r.RxLines(), want);
    ExpectAll(r.printed.lines, want);
}

TEST(RewritePrinting, PortRewriteAtForwardingPrintsTheNewPort)
{
    PrintRun r(PFH_FORWARDING, MakeCallback(&SetSourcePort));
    EXPECT_EQ(r.s.rx, 3u);
    std::vector<std::string> want = {"ns3::Ipv4Header (tos 0x0",
                                     "ns3::UdpHeader (length: 108 4242 > 9)",
                                     "ns3::SeqTsHeader"};
    ExpectAll(r.RxLines(), want);
    ExpectAll(r.printed.lines, want);
}

TEST(RewritePrinting, RebuiltFromBytesPrintsHeadersThenPayload)
{
    PrintRun r(PFH_PHYSICAL_OUT, MakeCallback(&Shorten));
    EXPECT_EQ(r.s.rx, 3u);
    EXPECT_EQ(r.s.rxBytes, 3u * 80);
    std::vector<std::string> want = {"ns3::Ipv4Header (tos 0x0",
                                     "length: 108 10.1.1.1 > 10.1.2.2)",
                                     "ns3::UdpHeader (length: 88 49153 > 9)",
                                     "Payload (size=80)"};
    ExpectAll(r.RxLines(), want);
    ExpectAll(r.printed.lines, want);
}

using Console = KernelConsole;

/// A chain with one hook on the router's PHYSICAL_OUT; kstat badChecksums after 5 datagrams.
uint64_t
BadChecksums(PacketHookCallback hook,
             Console* console,
             bool check = true,
             uint32_t* rx = nullptr,
             const char* second = nullptr)
{
    Scenario s;
    s.Ip(1)->SetAttribute("CheckRewriteChecksums", BooleanValue(check));
    EXPECT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "h", hook), 0);
    if (second != nullptr)
    {
        EXPECT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, second, hook), 0);
    }
    s.Traffic(5);
    s.Run();
    if (rx != nullptr)
    {
        *rx = s.rx;
    }
    uint64_t v = 0;
    EXPECT_EQ(ReadKstat(*s.Ip(1), "inet", "PHYSICAL_OUT", "badChecksums", &v), 0);
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_PHYSICAL_OUT).badChecksums, v);
    return v;
}

TEST(RewriteChecksums, StaleIpv4ChecksumIsCountedAndWarnedOncePerHook)
{
    Console console;
    uint32_t rx = 0;
    EXPECT_EQ(BadChecksums(MakeCallback(&SetTosStale), &console, true, &rx), 5u);
    EXPECT_EQ(rx, 0u); // the server's IP drops them
    EXPECT_EQ(console.Count("left a wrong checksum: IPv4 header checksum"), 1u);
    EXPECT_EQ(console.Count("hook \"h\""), 1u);
}

TEST(RewriteChecksums, TwoHooksOnTheEventAreWarnedOfOnceEach)
{
    Console console;
    EXPECT_EQ(BadChecksums(MakeCallback(&SetSourcePortStale), &console, true, nullptr, "h2"), 5u);
    EXPECT_EQ(console.Count("left a wrong checksum: UDP checksum"), 2u);
    EXPECT_EQ(console.Count("hook \"h2\""), 1u);
}

TEST(RewriteChecksums, FixedChecksumsAreNotCounted)
{
    Console console;
    uint32_t rx = 0;
    EXPECT_EQ(BadChecksums(MakeCallback(&SetTos), &console, true, &rx), 0u);
    EXPECT_EQ(rx, 5u);
    EXPECT_EQ(BadChecksums(MakeCallback(&SetSourcePort), &console, true, &rx), 0u);
    EXPECT_EQ(rx, 5u);
    EXPECT_EQ(console.Count("wrong checksum"), 0u);
}

TEST(RewriteChecksums, OnPurposeOrAttributeOffOrChecksumsOffIsNotCounted)
{
    Console console;
    EXPECT_EQ(BadChecksums(MakeCallback(&SetSourcePortOnPurpose), &console), 0u);
    EXPECT_EQ(BadChecksums(MakeCallback(&SetSourcePortStale), &console, false), 0u);
    EXPECT_EQ(console.Count("wrong checksum"), 0u);
    // And with ns-3's checksums off, nothing is checked at all.
    {
        Scenario s;
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
        EXPECT_EQ(s.Ip(1)->AddPacketHook(NHF_INET,
                                         NH_PHYSICAL_OUT,
                                         "h",
                                         MakeCallback(&SetSourcePortStale)),
                  0);
        s.Traffic(5);
        s.Run();
        EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_PHYSICAL_OUT).rewritten, 5u);
        EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_PHYSICAL_OUT).badChecksums, 0u);
    }
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
}

TEST(RewriteChecksums, StaleIpv4HeaderChecksumAtForwardingIsNotCounted)
{
    // The stack writes the IPv4 header checksum anew after FORWARDING (TTL).
    Console console;
    Scenario s;
    ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, NH_FORWARDING, "h", MakeCallback(&SetTosStale)), 0);
    s.Traffic(4);
    s.Run();
    EXPECT_EQ(s.rx, 4u);
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_FORWARDING).rewritten, 4u);
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_FORWARDING).badChecksums, 0u);
    EXPECT_EQ(console.Count("wrong checksum"), 0u);
}

/// A C hook (hook_t through net_hook_register) that rewrites TOS and
/// leaves the checksum stale.
int
CStaleTos(hook_event_token_t, hook_data_t data, void*)
{
    auto* hpe = reinterpret_cast<hook_pkt_event_t*>(data);
    hpe->hpe_mb->b_rptr[1] = 0x10;
    return 0;
}

TEST(RewriteChecksums, CHookRewriteIsCountedToo)
{
    Console console;
    Scenario s;
    net_handle_t h = net_protocol_lookup(s.Ip(1)->GetNetid(), NHF_INET);
    ASSERT_NE(h, nullptr);
    hook_t hook{};
    hook.h_version = HOOK_VERSION;
    hook.h_name = const_cast<char*>("c-tos");
    hook.h_func = &CStaleTos;
    ASSERT_EQ(net_hook_register(h, const_cast<char*>(NH_PHYSICAL_OUT), &hook), 0);
    s.Traffic(4);
    s.Run();
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_PHYSICAL_OUT).badChecksums, 4u);
    EXPECT_EQ(console.Count("hook \"c-tos\""), 1u);
    EXPECT_EQ(net_hook_unregister(h, const_cast<char*>(NH_PHYSICAL_OUT), &hook), 0);
    net_protocol_release(h);
}

/// A UDP (or TCP over IPv6) datagram as ns-3 serializes it, checksums on.
std::vector<uint8_t>
Datagram(bool v6, bool tcp, uint32_t payload)
{
    Ptr<Packet> p = Create<Packet>(payload);
    if (tcp)
    {
        TcpHeader t;
        t.SetSourcePort(1000);
        t.SetDestinationPort(2000);
        t.EnableChecksums();
        t.InitializeChecksum(Ipv6Address("2001:db8::1"), Ipv6Address("2001:db8::2"), 6);
        p->AddHeader(t);
    }
    else
    {
        UdpHeader u;
        u.SetSourcePort(1000);
        u.SetDestinationPort(2000);
        u.EnableChecksums();
        if (v6)
        {
            u.InitializeChecksum(Ipv6Address("2001:db8::1"), Ipv6Address("2001:db8::2"), 17);
        }
        else
        {
            u.InitializeChecksum(Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.2"), 17);
        }
        p->AddHeader(u);
    }
    if (v6)
    {
        Ipv6Header h;
        h.SetSource(Ipv6Address("2001:db8::1"));
        h.SetDestination(Ipv6Address("2001:db8::2"));
        h.SetNextHeader(tcp ? 6 : 17);
        h.SetPayloadLength(p->GetSize());
        p->AddHeader(h);
    }
    else
    {
        Ipv4Header h;
        h.SetSource(Ipv4Address("10.0.0.1"));
        h.SetDestination(Ipv4Address("10.0.0.2"));
        h.SetProtocol(17);
        h.SetPayloadSize(p->GetSize());
        h.EnableChecksum();
        p->AddHeader(h);
    }
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

TEST(RewriteChecksums, FixFunctionsMakeEveryChecksumVerify)
{
    for (int kind = 0; kind < 3; kind++)
    {
        std::vector<uint8_t> b = Datagram(kind > 0, kind == 2, 300);
        ASSERT_EQ(CheckDatagramChecksums(b.data(), b.size()), "") << kind;
        b[kind > 0 ? 8 : 12] ^= 0x5a; // the source address
        EXPECT_NE(CheckDatagramChecksums(b.data(), b.size()), "") << kind;
        EXPECT_EQ(FixIpv4HeaderChecksum(b.data(), b.size()), kind == 0);
        EXPECT_TRUE(FixTransportChecksum(b.data(), b.size()));
        EXPECT_EQ(CheckDatagramChecksums(b.data(), b.size()), "") << kind;
    }
    uint8_t arp[28] = {0, 1, 8, 0, 6, 4};
    EXPECT_FALSE(FixIpv4HeaderChecksum(arp, sizeof(arp)));
    EXPECT_FALSE(FixTransportChecksum(arp, sizeof(arp)));
}

TEST(RewriteChecksums, HeadOnlyJudgementAgreesWithTheWholeCheck)
{
    // RewriteBrokenChecksum judges header rewrites by the first 64 bytes'
    // sums: it must say what comparing the whole checks says.
    std::mt19937 rng(7);
    uint32_t broken = 0;
    for (int kind = 0; kind < 3; kind++)
    {
        std::vector<uint8_t> before = Datagram(kind > 0, kind == 2, 200);
        for (int i = 0; i < 3000; i++)
        {
            std::vector<uint8_t> after = before;
            int changes = 1 + rng() % 3;
            for (int c = 0; c < changes; c++)
            {
                size_t at = 1 + rng() % 63; // keep the version nibble
                after[at] = static_cast<uint8_t>(rng());
            }
            if (rng() % 4 == 0)
            {
                // A change that keeps the sum: two 16-bit words traded.
                after = before;
                std::swap(after[kind ? 8 : 12], after[kind ? 10 : 14]);
                std::swap(after[kind ? 9 : 13], after[kind ? 11 : 15]);
            }
            if (rng() % 5 == 0)
            {
                FixIpv4HeaderChecksum(after.data(), after.size());
                FixTransportChecksum(after.data(), after.size());
            }
            std::string whole = CheckDatagramChecksums(after.data(), after.size());
            std::string got =
                RewriteBrokenChecksum(before.data(), before.size(), after.data(), after.size());
            EXPECT_EQ(got, whole) << "kind " << kind << " case " << i;
            // The same judged with the change's end known (the seams' way:
            // RFC 1624 sums of the changed words for header-field rewrites).
            std::size_t end = RewriteChangeEnd(before.data(), after.data(), after.size());
            std::string known = RewriteBrokenChecksum(before.data(),
                                                      before.size(),
                                                      after.data(),
                                                      after.size(),
                                                      true,
                                                      end);
            EXPECT_EQ(known, whole) << "kind " << kind << " case " << i << " end " << end;
            broken += !got.empty();
        }
    }
    EXPECT_GT(broken, 1000u);
}

TEST(RewriteChecksums, ChangeEndIsOnePastTheLastChangedByte)
{
    std::mt19937 rng(11);
    for (int i = 0; i < 2000; i++)
    {
        std::size_t len = 1 + rng() % 300;
        std::vector<uint8_t> a(len);
        for (uint8_t& b : a)
        {
            b = static_cast<uint8_t>(rng());
        }
        std::vector<uint8_t> b = a;
        for (int c = rng() % 4; c > 0; c--)
        {
            std::size_t at = rng() % (rng() % 2 ? std::min<std::size_t>(len, 64) : len);
            b[at] ^= static_cast<uint8_t>(1 + rng() % 255);
        }
        std::size_t want = len; // two changes of one byte may cancel out
        while (want > 0 && a[want - 1] == b[want - 1])
        {
            want--;
        }
        EXPECT_EQ(RewriteChangeEnd(a.data(), b.data(), len), want) << "case " << i;
    }
}

} // namespace
