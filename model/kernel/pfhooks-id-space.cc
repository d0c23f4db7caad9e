/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-id-space.h"

#include "pfhooks-unload-hook.h"
#include "solaris-kernel.h"

#include <algorithm>

namespace ns3
{

namespace
{
/// Every live space, so that a going module's can be taken back.
std::vector<struct id_space*>&
Live()
{
    static std::vector<struct id_space*> live;
    return live;
}

/// The spaces a going module left.
class IdSpaceUnloadHook : public PfhooksUnloadHook
{
  public:
    void TakeBack(const SolarisModule& module, const InModule&, const TakenBack& report) override
    {
        for (const std::string& n : PfhooksIdSpaces::TakeBack(module.GetId()))
        {
            report("id_space", nullptr, n);
        }
    }
};

const bool g_registered = []() {
    PfhooksUnloadHook::Register(new IdSpaceUnloadHook());
    return true;
}();

int
Exhausted(struct id_space* isp, bool sleep)
{
    if (sleep)
    {
        SolarisKernel::Get().Panic(nullptr,
                                   "id_alloc from id space \"" + isp->name +
                                       "\" with every id in use: it would sleep for ever");
    }
    return -1;
}
} // namespace

struct id_space*
PfhooksIdSpaces::Create(const char* name, int low, int high, uint32_t owner)
{
    if (low >= high)
    {
        return nullptr;
    }
    auto* isp = new id_space{name != nullptr ? name : "", low, high, low, {}, owner};
    Live().push_back(isp);
    return isp;
}

std::vector<std::string>
PfhooksIdSpaces::TakeBack(uint32_t owner)
{
    std::vector<std::string> names;
    auto& live = Live();
    for (auto it = live.begin(); it != live.end();)
    {
        if ((*it)->owner == owner)
        {
            names.push_back("id space \"" + (*it)->name + "\" not destroyed (" +
                            std::to_string((*it)->used.size()) + " ids allocated): destroyed");
            delete *it;
            it = live.erase(it);
        }
        else
        {
            ++it;
        }
    }
    return names;
}

void
PfhooksIdSpaces::Destroy(struct id_space* isp)
{
    if (isp == nullptr)
    {
        return;
    }
    if (!isp->used.empty())
    {
        SolarisKernel::Get().Panic(nullptr,
                                   "id_space_destroy of \"" + isp->name + "\" with " +
                                       std::to_string(isp->used.size()) + " ids allocated");
    }
    auto& live = Live();
    live.erase(std::remove(live.begin(), live.end(), isp), live.end());
    delete isp;
}

int
PfhooksIdSpaces::Alloc(struct id_space* isp, bool sleep)
{
    int span = isp->high - isp->low;
    for (int k = 0; k < span; k++)
    {
        int id = isp->low + (isp->next - isp->low + k) % span;
        if (isp->used.insert(id).second)
        {
            isp->next = id + 1 < isp->high ? id + 1 : isp->low;
            return id;
        }
    }
    return Exhausted(isp, sleep);
}

int
PfhooksIdSpaces::AllocFirstFit(struct id_space* isp, bool sleep)
{
    int id = isp->low;
    for (int u : isp->used)
    {
        if (u != id)
        {
            break;
        }
        id++;
    }
    if (id >= isp->high)
    {
        return Exhausted(isp, sleep);
    }
    isp->used.insert(id);
    return id;
}

int
PfhooksIdSpaces::AllocSpecific(struct id_space* isp, int id)
{
    if (id < isp->low || id >= isp->high || !isp->used.insert(id).second)
    {
        return -1;
    }
    return id;
}

void
PfhooksIdSpaces::Free(struct id_space* isp, int id)
{
    if (isp->used.erase(id) == 0)
    {
        SolarisKernel::Get().Panic(nullptr,
                                   "id_free(" + isp->name + ", " + std::to_string(id) +
                                       "): the id is not allocated");
    }
}

} // namespace ns3
