// Built against an installed pfhooks: one node, one hook, one notification.
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/pfhooks-module.h"

#include <iostream>

using namespace ns3;

static int
Accept(PacketHookContext&)
{
    return 0;
}

int
main()
{
    NodeContainer n;
    n.Create(1);
    InternetStackHelper().Install(n);
    Ptr<PfhooksIpInstance> ip = PfhooksHelper().Install(n.Get(0));
    int rv = ip->AddPacketHook(NHF_INET, NH_PHYSICAL_IN, "accept", MakeCallback(&Accept));
    net_handle_t h = net_protocol_lookup(ip->GetNetid(), NHF_INET);
    std::cout << "consumer: netid " << ip->GetNetid() << " hook " << rv << " handle "
              << (h != nullptr) << std::endl;
    net_protocol_release(h);

    // The user's own Solaris module, loaded and unloaded.
    SolarisKernel::Get().SetLogSink(MakeCallback(
        +[](const PfhooksKernelLogRecord& r) { std::cout << r.module << ": " << r.text << "\n"; }));
    Ptr<SolarisModule> m = CreateObject<SolarisModule>();
    m->SetPath(MYMOD);
    int load = m->Load();
    uint32_t hooks = ip->GetEvent(PFH_INET, PFH_PHYSICAL_IN)->GetNHooks();
    int unload = m->Unload();
    bool clean = m->GetLeaks().empty();
    std::cout << "consumer: module " << m->GetName() << " load " << load << " hooks " << hooks
              << " unload " << unload << (clean ? " clean" : " leaked") << std::endl;
    Simulator::Destroy();
    return rv == 0 && h != nullptr && load == 0 && hooks == 2 && unload == 0 && clean ? 0 : 1;
}
