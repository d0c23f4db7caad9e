/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The one difference between the runs the transparency test compares:
 * no pfhooks, pfhooks idle, or pfhooks with an accepting hook on every
 * packet event of every family.  The programs print to stdout only what
 * ns-3 does; what pfhooks saw goes to stderr, so stdout stays comparable.
 */
#ifndef PFHOOKS_TRANSPARENCY_MODE_H
#define PFHOOKS_TRANSPARENCY_MODE_H

#include "ns3/node-container.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-ip-instance.h"

#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{
namespace transparency
{

/// What pfhooks does in this run.
enum class Mode
{
    NONE,   //!< pfhooks not installed
    IDLE,   //!< installed, no hooks
    ACCEPT, //!< installed, a hook returning 0 on every packet event
};

/**
 * \param s "none", "idle" or "accept"
 * \return the mode
 */
inline Mode
ParseMode(const std::string& s)
{
    if (s == "none")
    {
        return Mode::NONE;
    }
    if (s == "idle")
    {
        return Mode::IDLE;
    }
    if (s == "accept")
    {
        return Mode::ACCEPT;
    }
    throw std::invalid_argument("--pfhooks must be none, idle or accept, not '" + s + "'");
}

/// \return 0: the packet goes on unchanged
inline int
Accept(PacketHookContext&)
{
    return 0;
}

/**
 * Installs pfhooks on every node as the mode says.  Hooks go on both IP
 * families and ARP even where the node lacks one: a missing family's events
 * exist and take hooks, they just never run.
 * \param mode the mode
 * \param nodes the nodes
 * \return the instances (empty for NONE)
 */
inline std::vector<Ptr<PfhooksIpInstance>>
Apply(Mode mode, NodeContainer nodes)
{
    std::vector<Ptr<PfhooksIpInstance>> ips;
    if (mode == Mode::NONE)
    {
        return ips;
    }
    PfhooksHelper helper;
    for (uint32_t n = 0; n < nodes.GetN(); n++)
    {
        Ptr<PfhooksIpInstance> ip = helper.Install(nodes.Get(n));
        ips.push_back(ip);
        if (mode != Mode::ACCEPT)
        {
            continue;
        }
        int err = 0;
        for (const char* fam : {NHF_INET, NHF_INET6})
        {
            for (const char* ev :
                 {NH_PHYSICAL_IN, NH_PHYSICAL_OUT, NH_FORWARDING, NH_LOOPBACK_IN, NH_LOOPBACK_OUT})
            {
                err |= ip->AddPacketHook(fam, ev, "accept", MakeCallback(&Accept));
            }
        }
        err |= ip->AddPacketHook(NHF_ARP, NH_PHYSICAL_IN, "accept", MakeCallback(&Accept));
        err |= ip->AddPacketHook(NHF_ARP, NH_PHYSICAL_OUT, "accept", MakeCallback(&Accept));
        if (err != 0)
        {
            throw std::runtime_error("node " + std::to_string(n) + ": a hook was refused");
        }
    }
    return ips;
}

/**
 * Prints, to stderr, how many packets the hooks accepted (the test checks
 * that the accept run did run them).
 * \param ips the instances Apply returned
 */
inline void
ReportHookCalls(const std::vector<Ptr<PfhooksIpInstance>>& ips)
{
    uint64_t accepted = 0;
    for (const auto& ip : ips)
    {
        for (PfhooksFamily f : {PFH_INET, PFH_INET6, PFH_ARP})
        {
            for (PfhooksEvent e : {PFH_PHYSICAL_IN,
                                   PFH_PHYSICAL_OUT,
                                   PFH_FORWARDING,
                                   PFH_LOOPBACK_IN,
                                   PFH_LOOPBACK_OUT})
            {
                accepted += ip->GetCounters(f, e).accepted;
            }
        }
    }
    std::cerr << "pfhooks accepted: " << accepted << std::endl;
}

} // namespace transparency
} // namespace ns3

#endif /* PFHOOKS_TRANSPARENCY_MODE_H */
