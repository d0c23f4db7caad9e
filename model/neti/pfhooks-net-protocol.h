/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_NET_PROTOCOL_H
#define PFHOOKS_NET_PROTOCOL_H

#include "pfhooks-event-table.h"

#include "ns3/pfhooks-hook-types.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <sys/socket.h>

namespace ns3
{

/**
 * \ingroup pfhooks
 * One family's table (illumos net_protocol_t, filled per family in
 * ip_netinfo.c): its names, its events, and every netinfo function,
 * those it does not support included (they answer -1 as illumos's
 * net_no_*).  The C face checks the handle and calls through the table;
 * PfhooksIpInstance reads the events, the taps whether inject is allowed.
 *
 * The functions are called with a handle whose family and instance are
 * alive (net_data's `proto` points here).
 */
struct PfhooksNetProtocol
{
    PfhooksFamily family; //!< index in PfhooksIpInstance's tables
    const char* name;     //!< netinfo name: NHF_INET, NHF_INET6, NHF_ARP
    const char* hookName; //!< hook framework family name: "inet", "inet6", "arp" (Hn_IPV4, ...)
    uint32_t events;      //!< bit (1 << PfhooksEvent) per event the family has

    /// \name The netinfo functions (net_protocol_t's netp_*)
    /// \{
    int (*getifname)(net_handle_t, phy_if_t, char*, size_t); //!< net_getifname()
    int (*getmtu)(net_handle_t, phy_if_t, lif_if_t);         //!< net_getmtu()
    int (*getpmtuenabled)(net_handle_t);                     //!< net_getpmtuenabled()
    int (*getlifaddr)(net_handle_t,
                      phy_if_t,
                      lif_if_t,
                      int,
                      net_ifaddr_t[],
                      void*);                                        //!< net_getlifaddr()
    int (*getlifzone)(net_handle_t, phy_if_t, lif_if_t, zoneid_t*);  //!< net_getlifzone()
    int (*getlifflags)(net_handle_t, phy_if_t, lif_if_t, uint64_t*); //!< net_getlifflags()
    phy_if_t (*phygetnext)(net_handle_t, phy_if_t);                  //!< net_phygetnext()
    phy_if_t (*phylookup)(net_handle_t, const char*);                //!< net_phylookup()
    lif_if_t (*lifgetnext)(net_handle_t, phy_if_t, lif_if_t);        //!< net_lifgetnext()
    /** net_inject(); the last argument is the C caller's return address, for the observers. */
    int (*inject)(net_handle_t, inject_t, net_inject_t*, const void*);
    phy_if_t (*routeto)(net_handle_t, struct sockaddr*, struct sockaddr*); //!< net_routeto()
    int (*ispartialchecksum)(net_handle_t, mblk_t*); //!< net_ispartialchecksum()
    int (*isvalidchecksum)(net_handle_t, mblk_t*);   //!< net_isvalidchecksum()

    /// \}

    /** \return true when the family has that event */
    bool HasEvent(PfhooksEvent e) const
    {
        return (events & (1u << e)) != 0;
    }

    /** \return how many events the family has */
    uint32_t NumEvents() const
    {
        return static_cast<uint32_t>(__builtin_popcount(events));
    }

    /** \return how many events an IP instance has in all (17) */
    static uint32_t NumInstanceEvents();

    /** \return true when net_inject() works on the family (not ARP: net_no_inject) */
    bool CanInject() const;

    /** \return the table of a family */
    static const PfhooksNetProtocol& Of(PfhooksFamily f);
    /** \return the table of a netinfo name (NHF_INET, ...), null for none */
    static const PfhooksNetProtocol* Find(const std::string& name);
    /** \return an event's name (NH_PHYSICAL_IN, ...) */
    static const char* EventName(PfhooksEvent e);
};

} // namespace ns3

#endif /* PFHOOKS_NET_PROTOCOL_H */
