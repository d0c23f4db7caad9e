/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * C++ hooks that rewrite the IPv4 TOS byte, shared by the rewrite tests
 * (rewrite-test.cc, rewrite-headers-test.cc).
 */
#ifndef PFHOOKS_TEST_REWRITE_HOOKS_H
#define PFHOOKS_TEST_REWRITE_HOOKS_H

#include "ns3/packet-hook.h"

namespace pfhooks_test
{

/// PHYSICAL_OUT / FORWARDING hook: TOS 0x48, IPv4 header checksum fixed.
inline int
SetTos(ns3::PacketHookContext& ctx)
{
    ctx.GetBytes()[1] = 0x48;
    ctx.FixIpv4Checksum();
    return 0;
}

/// The same without fixing the checksum.
inline int
SetTosStale(ns3::PacketHookContext& ctx)
{
    ctx.GetBytes()[1] = 0x48;
    return 0;
}

/// TOS 0x48, the checksum left stale on purpose.
inline int
SetTosStaleOnPurpose(ns3::PacketHookContext& ctx)
{
    ctx.KeepWrongChecksums();
    return SetTosStale(ctx);
}

} // namespace pfhooks_test

#endif /* PFHOOKS_TEST_REWRITE_HOOKS_H */
