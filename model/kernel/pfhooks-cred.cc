/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-cred.h"

#include "solaris-kernel.h"

namespace ns3
{

namespace
{
std::map<int, std::unique_ptr<struct cred>>&
Creds()
{
    static std::map<int, std::unique_ptr<struct cred>> creds;
    return creds;
}
} // namespace

struct cred*
PfhooksCreds::Kcred()
{
    static struct cred kcred = {0, 1, true};
    return &kcred;
}

struct cred*
PfhooksCreds::ZoneCred(int zoneid)
{
    std::unique_ptr<struct cred>& c = Creds()[zoneid];
    if (!c)
    {
        c.reset(new cred{zoneid, 1, true});
    }
    Hold(c.get());
    return c.get();
}

void
PfhooksCreds::Hold(struct cred* cr)
{
    if (cr != nullptr)
    {
        ++cr->cr_ref;
    }
}

void
PfhooksCreds::Free(struct cred* cr)
{
    if (cr == nullptr)
    {
        return;
    }
    if (cr->cr_ref <= 1)
    {
        // The kernel's own hold would go: a crfree without a hold.
        SolarisKernel::Get().Panic(nullptr,
                                   "crfree of a credential of zone " +
                                       std::to_string(cr->cr_zoneid) +
                                       " released more often than held");
    }
    --cr->cr_ref;
}

} // namespace ns3
