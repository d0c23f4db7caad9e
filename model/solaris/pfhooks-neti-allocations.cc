/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-neti-allocations.h"

#include <cstdlib>
#include <map>
#include <vector>

namespace ns3
{

namespace
{

/** Who allocated an object, and with what. */
struct Allocation
{
    const void* caller;    //!< the code that asked for it
    const char* type;      //!< its type
    const char* allocator; //!< the function that made it
};

/// Address order: reports come out the same on every run.
std::map<const void*, Allocation>&
Live()
{
    static std::map<const void*, Allocation> live;
    return live;
}

} // namespace

void
PfhooksNetiAllocations::Allocated(const void* obj,
                                  const void* caller,
                                  const char* type,
                                  const char* allocator)
{
    if (obj != nullptr)
    {
        Live()[obj] = Allocation{caller, type, allocator};
    }
}

void
PfhooksNetiAllocations::Freed(const void* obj)
{
    Live().erase(obj);
}

void
PfhooksNetiAllocations::TakeBack(
    const std::function<bool(const void* addr)>& in,
    const std::function<void(const std::string& kind, const void* addr, const std::string& what)>&
        report)
{
    std::vector<const void*> going;
    for (const auto& [obj, a] : Live())
    {
        if (in(a.caller))
        {
            going.push_back(obj);
        }
    }
    for (const void* obj : going)
    {
        const Allocation& a = Live()[obj];
        report(a.type, obj, std::string("from ") + a.allocator + "(), never freed: freed");
        Live().erase(obj);
        std::free(const_cast<void*>(obj));
    }
}

} // namespace ns3
