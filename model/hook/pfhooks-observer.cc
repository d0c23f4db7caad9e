/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-observer.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksObserver");

std::vector<PfhooksObserver*>&
PfhooksObserver::List()
{
    // Never freed: observers add themselves from static initializers, and
    // module code may still call the engine from static destructors.
    static auto* list = new std::vector<PfhooksObserver*>;
    return *list;
}

void
PfhooksObserver::Add(PfhooksObserver* o)
{
    NS_LOG_FUNCTION(o);
    if (o != nullptr && std::find(List().begin(), List().end(), o) == List().end())
    {
        List().push_back(o);
    }
}

void
PfhooksObserver::Remove(PfhooksObserver* o)
{
    NS_LOG_FUNCTION(o);
    List().erase(std::remove(List().begin(), List().end(), o), List().end());
}

} // namespace ns3
