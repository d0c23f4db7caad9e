/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A C hook the measurement tests share: on a router's PHYSICAL_IN it
 * injects every 5th datagram again (NI_QUEUE_OUT) and drops every 7th, so
 * one flow has known drops and known injected copies.
 */
#ifndef PFHOOKS_TEST_DUP_AND_DROP_HOOK_H
#define PFHOOKS_TEST_DUP_AND_DROP_HOOK_H

#include "ns3/pfhooks-ip-instance.h"
#include "ns3/pfhooks-neti.h"

#include <gtest/gtest.h>

namespace pfhooks_test
{

using namespace ns3;

/// Registered as "dup-drop" for the object's life.
class DupAndDropHook
{
  public:
    explicit DupAndDropHook(const Ptr<PfhooksIpInstance>& router)
        : m_inet(net_protocol_lookup(router->GetNetid(), NHF_INET))
    {
        m_hook.h_version = HOOK_VERSION;
        m_hook.h_name = const_cast<char*>("dup-drop");
        m_hook.h_func = &DupAndDropHook::Run;
        m_hook.h_arg = this;
        m_registered = net_hook_register(m_inet, const_cast<char*>(NH_PHYSICAL_IN), &m_hook) == 0;
    }

    ~DupAndDropHook()
    {
        if (m_registered)
        {
            net_hook_unregister(m_inet, const_cast<char*>(NH_PHYSICAL_IN), &m_hook);
        }
        net_protocol_release(m_inet);
    }

    DupAndDropHook(const DupAndDropHook&) = delete;
    DupAndDropHook& operator=(const DupAndDropHook&) = delete;

    /** Whether net_hook_register took the hook. */
    bool Registered() const
    {
        return m_registered;
    }

  private:
    static int Run(hook_event_token_t, hook_data_t data, void* arg)
    {
        auto* self = static_cast<DupAndDropHook*>(arg);
        auto* hpe = reinterpret_cast<hook_pkt_event_t*>(data);
        ++self->m_seen;
        if (self->m_seen % 5 == 0)
        {
            net_inject_t ni{};
            ni.ni_packet = copymsg(*hpe->hpe_mp);
            EXPECT_EQ(net_inject(self->m_inet, NI_QUEUE_OUT, &ni), 0);
        }
        return self->m_seen % 7 == 0;
    }

    net_handle_t m_inet;
    hook_t m_hook{};
    bool m_registered{false};
    int m_seen{0};
};

} // namespace pfhooks_test

#endif /* PFHOOKS_TEST_DUP_AND_DROP_HOOK_H */
