/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * An IP instance's 17 events as slots of the one slab they are made in
 * (PfhooksHookEvent::SlabScope): a byte each instead of a pointer.
 */
#ifndef PFHOOKS_EVENT_SLOTS_H
#define PFHOOKS_EVENT_SLOTS_H

#include "ns3/pfhooks-event-table.h"
#include "ns3/pfhooks-hook-event.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup pfhooks
 * An IP instance's events by family and event, each holding a reference:
 * slots of the one slab AddProtocols makes them in (a byte each
 * instead of 21 pointers, 168 bytes of every instance).
 */
class PfhooksEventSlots
{
  public:
    PfhooksEventSlots();
    ~PfhooksEventSlots();
    PfhooksEventSlots(const PfhooksEventSlots&) = delete;
    PfhooksEventSlots& operator=(const PfhooksEventSlots&) = delete;

    /** \return the event, null for none */
    PfhooksHookEvent* Peek(int f, int e) const
    {
        uint8_t s = m_slot[f][e];
        return s == PfhooksHookEvent::kAlone ? nullptr : m_first + s;
    }

    /** One family's events: m_events[f][e] reads as with an array. */
    class Row
    {
      public:
        /** \param slots the table \param f the family */
        Row(const PfhooksEventSlots* slots, int f)
            : m_slots(slots),
              m_f(f)
        {
        }

        /** \return the event, null for none */
        Ptr<PfhooksHookEvent> operator[](int e) const
        {
            return Ptr<PfhooksHookEvent>(m_slots->Peek(m_f, e));
        }

      private:
        const PfhooksEventSlots* m_slots; //!< the table
        int m_f;                          //!< the family
    };

    /** \return the family's row */
    Row operator[](int f) const
    {
        return Row(this, f);
    }

    /**
     * Keeps the event (a slab slot of the same slab as the others).
     * \param f the family \param e the event \param ev the event made
     */
    void Set(int f, int e, const Ptr<PfhooksHookEvent>& ev);
    /** Lets the event go. \param f the family \param e the event */
    void Clear(int f, int e);

  private:
    PfhooksHookEvent* m_first{nullptr};         //!< the slab's slot 0
    uint8_t m_slot[PFH_NFAMILIES][PFH_NEVENTS]; //!< kAlone: none
    uint8_t m_held{0};                          //!< events set
};

} // namespace ns3

#endif /* PFHOOKS_EVENT_SLOTS_H */
