/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * net_instance_alloc(9F), hook_alloc(9F) and net_inject_alloc(9F) hand a
 * module memory it frees itself.  A module still loaded when the run ends
 * (or one that never frees) would leave it behind: what each module's code
 * allocated is remembered until freed, and taken back with the module.
 */
#ifndef PFHOOKS_NETI_ALLOCATIONS_H
#define PFHOOKS_NETI_ALLOCATIONS_H

#include <functional>
#include <string>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The netinfo objects modules allocated and have not freed.
 */
class PfhooksNetiAllocations
{
  public:
    /**
     * Remembers an allocation.
     * \param obj the object (null: nothing)
     * \param caller the code that asked for it
     * \param type its type, for reports ("net_instance_t")
     * \param allocator the function that made it ("net_instance_alloc")
     */
    static void Allocated(const void* obj,
                          const void* caller,
                          const char* type,
                          const char* allocator);
    /** \param obj an object being freed (forgotten; unknown ones are ignored) */
    static void Freed(const void* obj);
    /**
     * Frees every object allocated by a going module's code (after its net
     * instances were unregistered: nothing refers to them any more).
     * \param in true for an address inside the going module
     * \param report told of each: kind, object, a line for the leak report
     */
    static void TakeBack(
        const std::function<bool(const void* addr)>& in,
        const std::function<
            void(const std::string& kind, const void* addr, const std::string& what)>& report);
};

} // namespace ns3

#endif /* PFHOOKS_NETI_ALLOCATIONS_H */
