/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_TAKE_BACK_H
#define PFHOOKS_TAKE_BACK_H

#include <functional>
#include <string>

namespace ns3
{

/**
 * \ingroup pfhooks
 * Takes back from the engine everything whose code lies in a module that
 * is going: its net instances (unregistered from the registry), its hooks
 * and its notify callbacks on every stack, family and event.  It works
 * through the engine's own calls (net instance unregistration, hook and
 * notify unregistration), so every rule holds and every notification the
 * engine owes to others is sent.
 *
 * \param in true for an address inside the going module
 * \param report told of each thing taken back: kind ("net_instance",
 *        "notify", "hook"), the object, and a line for the leak report
 */
void PfhooksTakeBack(
    const std::function<bool(const void* addr)>& in,
    const std::function<void(const std::string& kind, const void* addr, const std::string& what)>&
        report);

} // namespace ns3

#endif /* PFHOOKS_TAKE_BACK_H */
