/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks-bench's traffic variants: their names and baselines, and what
 * each adds to a topology (the hooks it registers, the rewrite floor).
 * The hooks themselves are in pfhooks-bench-variants.cc.
 */
#ifndef PFHOOKS_BENCH_VARIANTS_H
#define PFHOOKS_BENCH_VARIANTS_H

#include "ns3/node-container.h"

#include <cstdint>

namespace pfhooks_bench
{

/** A traffic variant: what runs on top of the same flood. */
enum Variant
{
    PLAIN,
    IDLE,
    CXX_ACCEPT,
    C_ACCEPT,
    MYPKTHOOK,
    REWRITE_TOS,
    FWD_ACCEPT,
    OBSERVE,
    OBSERVE_READ,
    PLAIN_V6,
    V6_ACCEPT,
    PLAIN_CSMA,
    ARP_ACCEPT,
    SLEEPY_ACCEPT,
    REWRITE_FLOOR,
    ACTIVE_CSMA,
    ACTIVE,
    NVARIANTS
};

/** The variants' names, as --only takes them. */
inline constexpr const char* kNames[NVARIANTS] = {"plain-ns3",
                                                  "idle-taps",
                                                  "cxx-accept",
                                                  "c-accept",
                                                  "mypkthook-1pct",
                                                  "rewrite-tos",
                                                  "fwd-accept",
                                                  "observe",
                                                  "observe-read",
                                                  "plain-ns3-v6",
                                                  "v6-accept",
                                                  "plain-ns3-csma",
                                                  "arp-accept",
                                                  "sleepy-accept",
                                                  "rewrite-floor",
                                                  "active-taps-csma",
                                                  "active-taps"};

/// \return whether the variant runs over CSMA (ARP)
inline bool
IsCsma(Variant v)
{
    return v == PLAIN_CSMA || v == ARP_ACCEPT || v == ACTIVE_CSMA;
}

/** The plain-ns-3 run a variant is compared with: same addresses and links. */
inline Variant
BaselineOf(Variant v)
{
    return v == PLAIN_V6 || v == V6_ACCEPT ? PLAIN_V6 : IsCsma(v) ? PLAIN_CSMA : PLAIN;
}

/// \return whether the variant runs over IPv6
inline bool
IsIpv6(Variant v)
{
    return v == PLAIN_V6 || v == V6_ACCEPT;
}

/// \return whether the variant is a plain-ns-3 baseline
inline bool
IsPlain(Variant v)
{
    return v == PLAIN || v == PLAIN_V6 || v == PLAIN_CSMA;
}

/// \return whether the variant runs without pfhooks
inline bool
WithoutPfhooks(Variant v)
{
    return IsPlain(v) || v == REWRITE_FLOOR;
}

/** Registers the variant's hooks on every node (pfhooks installed). */
void AddHooks(Variant v, ns3::NodeContainer nodes);

/** Puts variant rewrite-floor's traffic-control layer in front of every node's own. */
void InstallRewriteFloor(ns3::NodeContainer nodes);

/** Zeroes what the variants' hooks count, before a run. */
void ResetVariantCounters();

/** \return rewrite-floor's rewrites since ResetVariantCounters() */
uint64_t FloorRewrites();

} // namespace pfhooks_bench

#endif /* PFHOOKS_BENCH_VARIANTS_H */
