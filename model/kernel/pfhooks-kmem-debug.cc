/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The flags themselves live with what they govern (pfhooks-mblk.cc for
 * messages, pfhooks-kmem.cc for redzones); this file names and sets them.
 */
#include "pfhooks-kmem-debug.h"

#include "pfhooks-mblk.h"

#include "ns3/fatal-error.h"
#include "ns3/global-value.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cstdlib>
#include <sstream>

namespace ns3
{

namespace
{

uint32_t g_flags = PfhooksKmemDebug::kDefaultFlags;
uint32_t g_quarantine = PfhooksKmemDebug::kDefaultQuarantine;

const struct
{
    const char* name;
    uint32_t bit;
} kNames[] = {{"audit", PFH_KMF_AUDIT},
              {"deadbeef", PFH_KMF_DEADBEEF},
              {"redzone", PFH_KMF_REDZONE}};

GlobalValue g_flagsValue("KmemFlags",
                         "kmem_flags of the simulated kernel, as on a DEBUG kernel by default: "
                         "audit (a freed message block remembers who freed it), deadbeef "
                         "(freed blocks filled with 0xdeadbeef, checked on reuse), redzone "
                         "(kmem buffer overruns caught at kmem_free); comma-separated, a "
                         "number, or none; taken when a module loads",
                         StringValue("audit,deadbeef,redzone"),
                         MakeStringChecker());

GlobalValue g_quarantineValue(
    "KmemQuarantine",
    "Freed message blocks held back (poisoned) before reuse; a message block "
    "freed with its data block counts once",
    UintegerValue(PfhooksKmemDebug::kDefaultQuarantine),
    MakeUintegerChecker<uint32_t>(0, 1 << 20));

} // namespace

uint32_t
PfhooksKmemDebug::GetFlags()
{
    return g_flags;
}

void
PfhooksKmemDebug::SetFlags(uint32_t flags)
{
    g_flags = flags;
    pfhooks_mblk_set_debug(g_flags, g_quarantine);
}

uint32_t
PfhooksKmemDebug::GetQuarantine()
{
    return g_quarantine;
}

void
PfhooksKmemDebug::SetQuarantine(uint32_t blocks)
{
    g_quarantine = blocks;
    pfhooks_mblk_set_debug(g_flags, g_quarantine);
}

void
PfhooksKmemDebug::Apply()
{
    StringValue text;
    g_flagsValue.GetValue(text);
    UintegerValue q;
    g_quarantineValue.GetValue(q);
    uint32_t flags = 0;
    std::string error = ParseFlags(text.Get(), &flags);
    if (!error.empty())
    {
        NS_FATAL_ERROR("KmemFlags=" << text.Get() << ": " << error);
    }
    if (flags != g_flags || q.Get() != g_quarantine)
    {
        g_flags = flags;
        g_quarantine = static_cast<uint32_t>(q.Get());
        pfhooks_mblk_set_debug(g_flags, g_quarantine);
    }
}

std::string
PfhooksKmemDebug::ParseFlags(const std::string& text, uint32_t* flags)
{
    if (text == "none" || text == "0")
    {
        *flags = 0;
        return "";
    }
    char* end = nullptr;
    unsigned long n = std::strtoul(text.c_str(), &end, 0);
    if (!text.empty() && end != nullptr && *end == '\0')
    {
        if ((n & ~static_cast<unsigned long>(PFH_KMF_AUDIT | PFH_KMF_DEADBEEF | PFH_KMF_REDZONE)) !=
            0)
        {
            return "unknown bits (audit 0x1, deadbeef 0x2, redzone 0x4)";
        }
        *flags = static_cast<uint32_t>(n);
        return "";
    }
    uint32_t out = 0;
    std::istringstream in(text);
    std::string word;
    while (std::getline(in, word, ','))
    {
        bool known = false;
        for (const auto& k : kNames)
        {
            if (word == k.name)
            {
                out |= k.bit;
                known = true;
            }
        }
        if (!known)
        {
            return "unknown flag \"" + word + "\" (audit, deadbeef, redzone, none)";
        }
    }
    *flags = out;
    return "";
}

std::string
PfhooksKmemDebug::FlagNames(uint32_t flags)
{
    std::string out;
    for (const auto& k : kNames)
    {
        if ((flags & k.bit) != 0)
        {
            out += (out.empty() ? "" : ",") + std::string(k.name);
        }
    }
    return out.empty() ? "none" : out;
}

void
PfhooksKmemDebug::SetMisuse(MisuseFn fn)
{
    pfhooks_mblk_set_misuse(fn);
}

} // namespace ns3
