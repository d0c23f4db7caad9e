/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-event-slots.h"

#include "ns3/abort.h"

#include <cstring>

namespace ns3
{

PfhooksEventSlots::PfhooksEventSlots()
{
    std::memset(m_slot, PfhooksHookEvent::kAlone, sizeof(m_slot));
}

PfhooksEventSlots::~PfhooksEventSlots()
{
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        for (int e = 0; e < PFH_NEVENTS; e++)
        {
            Clear(f, e);
        }
    }
}

void
PfhooksEventSlots::Set(int f, int e, const Ptr<PfhooksHookEvent>& ev)
{
    if (m_slot[f][e] != PfhooksHookEvent::kAlone)
    {
        Clear(f, e);
    }
    uint8_t slot = ev->GetSlot();
    PfhooksHookEvent* first = PeekPointer(ev) - slot;
    NS_ABORT_MSG_IF(slot == PfhooksHookEvent::kAlone || (m_held != 0 && m_first != first),
                    "PfhooksIpInstance: event not in the instance's slab");
    m_first = first; // a new boot's slab once the last one's events went
    ev->Ref();       // dropped by Clear
    m_slot[f][e] = slot;
    m_held++;
}

void
PfhooksEventSlots::Clear(int f, int e)
{
    PfhooksHookEvent* ev = Peek(f, e);
    m_slot[f][e] = PfhooksHookEvent::kAlone;
    if (ev != nullptr)
    {
        m_held--;
        ev->Unref();
    }
}

} // namespace ns3
