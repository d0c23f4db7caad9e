/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * illumos's kmem_flags for the simulated kernel's message blocks: a DEBUG
 * kernel catches a double free, a write to a freed block and a module
 * freeing a message the stack still holds, and panics naming both sites.
 * Freed blocks are poisoned (0xdeadbeef) and kept out of use for a while
 * (the quarantine), so a dangling pointer still finds a freed block, not
 * someone else's.  In the sanitizer build ASan sees the same blocks as
 * poisoned, so the first touch of one is reported where it happens.
 */
#ifndef PFHOOKS_KMEM_DEBUG_H
#define PFHOOKS_KMEM_DEBUG_H

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The kmem_flags bits the simulated kernel honours (illumos's values,
 * sys/kmem_impl.h).
 */
enum PfhooksKmemFlag : uint32_t
{
    PFH_KMF_AUDIT = 0x1,    //!< remember where each block was freed: misuse names both sites
    PFH_KMF_DEADBEEF = 0x2, //!< fill freed blocks with 0xdeadbeef, check it when reused
    PFH_KMF_REDZONE = 0x4,  //!< a guard pattern after each kmem buffer, checked at kmem_free
};

/**
 * \ingroup pfhooks
 * The kmem_flags of the simulated kernel and the size of its quarantine.
 * Set them with the global values "KmemFlags" (e.g.
 * --KmemFlags=audit,deadbeef,redzone or 0x7, the default, as on a DEBUG
 * kernel; "none" for a non-DEBUG kernel) and "KmemQuarantine" (freed blocks held back before
 * reuse); they take effect when a module loads, or at Apply().
 */
class PfhooksKmemDebug
{
  public:
    /**
     * The default, as on a DEBUG kernel: audit, deadbeef and redzone (see
     * doc/solaris-kernel.md and bench/README.md for what they cost).
     */
    static const uint32_t kDefaultFlags = PFH_KMF_AUDIT | PFH_KMF_DEADBEEF | PFH_KMF_REDZONE;
    /** Freed blocks held back by default. */
    static const uint32_t kDefaultQuarantine = 64;

    /** \return the flags in force */
    static uint32_t GetFlags();
    /**
     * Sets the flags (blocks freed under the old ones are released first).
     * \param flags PFH_KMF_* bits
     */
    static void SetFlags(uint32_t flags);
    /** \return the quarantine's size, in blocks */
    static uint32_t GetQuarantine();
    /** \param blocks the quarantine's size (0: freed blocks are reused at once) */
    static void SetQuarantine(uint32_t blocks);
    /** Reads the global values KmemFlags and KmemQuarantine into force. */
    static void Apply();

    /**
     * \param text "audit,deadbeef,redzone" (any subset, "none"), or a number
     * \param flags receives the bits
     * \return "" or what was wrong
     */
    static std::string ParseFlags(const std::string& text, uint32_t* flags);
    /** \return the names of @p flags ("audit,deadbeef,redzone", "none") */
    static std::string FlagNames(uint32_t flags);

    /**
     * Who hears of a misuse (the simulated kernel, which panics).
     * \param what what happened
     * \param block the block
     * \param first where it was freed (null: not known)
     * \param second where it was misused (null: not known)
     */
    typedef void (*MisuseFn)(const char* what,
                             const void* block,
                             const void* first,
                             const void* second);
    /** \param fn called on misuse (null: abort with a message) */
    static void SetMisuse(MisuseFn fn);
};

} // namespace ns3

#endif /* PFHOOKS_KMEM_DEBUG_H */
