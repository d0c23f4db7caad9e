/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_NETINFO_QUERIES_H
#define PFHOOKS_NETINFO_QUERIES_H

#include "pfhooks-event-table.h"

#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/ptr.h"

#include <string>
#include <sys/socket.h>
#include <vector>

namespace ns3
{

/** Address kinds of net_getlifaddr() (illumos net_ifaddr_t). */
enum PfhooksIfAddr
{
    PFH_NA_ADDRESS = 1,
    PFH_NA_PEER,
    PFH_NA_BROADCAST,
    PFH_NA_NETMASK
};

/**
 * \ingroup pfhooks
 * The netinfo(9F) queries of one family of one instance, answered from the
 * node's ns-3 objects (illumos ip_netinfo.c's ip_* functions).
 *
 * Conventions kept from illumos: interface walks start at 0 and end at 0;
 * physical interfaces are phy_if_t (NetDevice index + 1; the loopback
 * device included, as lo0 is); logical interfaces are the 1-based indexes
 * of an interface's addresses (MAP_IPIF_ID), and lif 0 names the first
 * address as lif 1 does (UNMAP_IPIF_ID), which IPFilter relies on.
 */
class PfhooksNetinfoQueries
{
  public:
    /**
     * \param node the instance's node
     * \param family PFH_INET or PFH_INET6 (PFH_ARP answers as PFH_INET for
     *        the interface walks, as illumos's arp_netinfo does)
     * \param zone the instance's zone (net_getlifzone())
     */
    PfhooksNetinfoQueries(Ptr<Node> node, PfhooksFamily family, zoneid_t zone);

    /** \return the interface index a device has as a phy_if_t (ifindex + 1), 0 for none */
    template <typename T>
    static phy_if_t PhyIf(const Ptr<T>& dev)
    {
        return PhyIf(PeekPointer(dev));
    }

    /** \return the interface index a device has as a phy_if_t (ifindex + 1), 0 for none */
    static phy_if_t PhyIf(const NetDevice* dev)
    {
        // Asked for every packet by the taps: inline, and a raw pointer, so
        // that a Ptr<NetDevice> is not converted (a reference count each).
        return dev != nullptr ? static_cast<phy_if_t>(dev->GetIfIndex()) + 1 : 0;
    }

    /** \return the device of a phy_if_t on a node, or null */
    static Ptr<NetDevice> DeviceOf(Ptr<Node> node, phy_if_t phy);

    /** net_phygetnext(): the next interface after `phy` (0: the first), 0 at the end. */
    phy_if_t PhyGetNext(phy_if_t phy) const;
    /** net_phylookup(): the interface of that name, 0 when none. */
    phy_if_t PhyLookup(const std::string& name) const;
    /**
     * net_getifname(): a name too long for the buffer is cut (strlcpy).
     * \return 0, or 1 for an unknown interface
     */
    int GetIfName(phy_if_t phy, char* buffer, size_t len) const;
    /** The name of a device: its ns-3 Names name, else "lo0" or "net<ifindex>". */
    static std::string DeviceName(Ptr<const NetDevice> dev);
    /** net_getmtu(): the interface's MTU, 0 when unknown. */
    int GetMtu(phy_if_t phy, lif_if_t lif) const;
    /** net_getpmtuenabled(): 1 when path MTU discovery is on. */
    int GetPmtuEnabled() const;
    /** net_lifgetnext(): the next logical interface after `lif` (0: the first), 0 at the end. */
    lif_if_t LifGetNext(phy_if_t phy, lif_if_t lif) const;
    /**
     * net_getlifaddr(): fills one sockaddr per requested kind.
     * \return 0, or 1 for an unknown interface or kind
     */
    int GetLifAddr(phy_if_t phy,
                   lif_if_t lif,
                   size_t n,
                   const int* kinds,
                   struct sockaddr_storage* out) const;
    /**
     * net_getlifflags(): the union of the address's, the interface's and
     * the link's flags (illumos's IFF_ values, pfhooks-if-flags.h).
     * \return 0, or -1 for an unknown interface or logical interface
     */
    int GetLifFlags(phy_if_t phy, lif_if_t lif, uint64_t* flags) const;
    /**
     * net_getlifzone(): the zone the address belongs to: the instance's
     * (an exclusive-IP zone).
     * \return 0, or -1 for an unknown interface or logical interface
     */
    int GetLifZone(phy_if_t phy, lif_if_t lif, zoneid_t* zone) const;
    /**
     * net_routeto(): the interface a datagram to `dst` leaves by.
     * \param dst the destination, a sockaddr of the handle's family
     * \param next receives the next hop, or null
     * \return the interface, 0 when there is no route
     */
    phy_if_t RouteTo(const struct sockaddr* dst, struct sockaddr* next) const;
    /** net_isvalidchecksum(): 1 valid IPv4 header checksum, 0 not; -1 for IPv6 (illumos). */
    int IsValidChecksum(const mblk_t* mp) const;

  private:
    /** \return the family's interface index of a phy_if_t, or -1 */
    int32_t Interface(phy_if_t phy) const;
    /** \return the ns-3 address index a lif names (UNMAP_IPIF_ID), or -1 for none */
    int32_t AddressIndex(phy_if_t phy, lif_if_t lif) const;
    std::vector<phy_if_t> Walk() const;

    Ptr<NetDevice> DeviceOf(phy_if_t phy) const
    {
        return DeviceOf(m_node, phy);
    }

    Ptr<Node> m_node;
    bool m_v6;
    zoneid_t m_zone;
};

} // namespace ns3

#endif /* PFHOOKS_NETINFO_QUERIES_H */
