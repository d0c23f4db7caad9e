/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Three nodes on two CSMA links (0 -- 1 -- 2) with the internet stack
 * pfhooks taps (PfhooksHelper::ConfigureStack); a test numbers the links
 * (NumberChain4, NumberChain6 in scenario.h) and installs pfhooks itself.
 */
#ifndef PFHOOKS_TEST_CSMA_CHAIN_H
#define PFHOOKS_TEST_CSMA_CHAIN_H

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-helper.h"

namespace pfhooks_test
{

/// The nodes and the two links' devices.
struct CsmaChain
{
    ns3::NodeContainer nodes;    //!< 0 client, 1 router, 2 server
    ns3::NetDeviceContainer d01; //!< the link 0 -- 1
    ns3::NetDeviceContainer d12; //!< the link 1 -- 2

    /** \param rate the channels' DataRate, or null for CsmaChannel's default */
    explicit CsmaChain(const char* rate = nullptr)
    {
        nodes.Create(3);
        ns3::CsmaHelper csma;
        if (rate != nullptr)
        {
            csma.SetChannelAttribute("DataRate", ns3::StringValue(rate));
        }
        d01 = csma.Install(ns3::NodeContainer(nodes.Get(0), nodes.Get(1)));
        d12 = csma.Install(ns3::NodeContainer(nodes.Get(1), nodes.Get(2)));
        ns3::InternetStackHelper stack;
        ns3::PfhooksHelper::ConfigureStack(stack);
        stack.Install(nodes);
    }
};

} // namespace pfhooks_test

#endif /* PFHOOKS_TEST_CSMA_CHAIN_H */
