/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_SOLARIS_KERNEL_H
#define PFHOOKS_SOLARIS_KERNEL_H

#include "pfhooks-kernel-thread.h"
#include "solaris-module.h"

#include "ns3/callback.h"
#include "ns3/nstime.h"
#include "ns3/pfhooks-kernel.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

/** A device node (dev_info_t): pfhooks makes one per attached driver (instance 0). */
struct dev_info
{
    ns3::SolarisModule* module;      //!< the driver
    std::vector<std::string> minors; //!< ddi_create_minor_node() names
};

namespace ns3
{

/** One line of the kernel console (cmn_err, printf). \ingroup pfhooks */
struct PfhooksKernelLogRecord
{
    Time time;          //!< simulated time
    std::string module; //!< the module that wrote it ("kernel" when unknown)
    int level;          //!< CE_CONT, CE_NOTE, CE_WARN, CE_PANIC
    std::string text;   //!< the message, without illumos's prefix characters
};

/**
 * \ingroup pfhooks
 * The simulated Solaris kernel that loaded modules run in: its console,
 * its memory accounting (kmem and STREAMS messages, per module, with the
 * allocation site), its callouts (timeout(9F)) and its locks.  The C
 * functions of pfhooks-kernel.h are thin calls into this class.
 *
 * Time: one tick is 1 ms (hz = 1000, as illumos with hires_tick set), so
 * drv_usectohz(5000) is 5 ticks.
 *
 * Which module called is found from the site the Solaris headers pass (an
 * address inside the calling object); calls from code that is no loaded
 * module (a test program, the engine) are charged to "kernel".
 */
class SolarisKernel
{
  public:
    /** \return the process-wide kernel */
    static SolarisKernel& Get();

    /// \name Modules
    /// \{
    /** Adds a loaded module to the address lookups; \return its accounting id */
    uint32_t AddModule(SolarisModule* m);
    /** Removes a module from the address lookups (its code is about to go). */
    void RemoveModule(SolarisModule* m);
    /** \return the loaded module whose object holds @p addr, or null */
    SolarisModule* ModuleAt(const void* addr);
    /** \return the module a site belongs to, or null */
    SolarisModule* ModuleOf(const pfhooks_site_t* site);
    /** \return every module mapped now */
    std::vector<SolarisModule*> GetModules() const;
    /// \}

    /// \name Console
    /// \{
    /** Where console lines go; the default prints them to standard output. */
    typedef Callback<void, const PfhooksKernelLogRecord&> LogSink;
    /** Replaces the console's sink (a null callback restores the default). */
    void SetLogSink(LogSink sink);
    /** Writes a console line. */
    void Log(SolarisModule* m, int level, const std::string& text);

    /** \return every console line so far */
    const std::vector<PfhooksKernelLogRecord>& GetLog() const
    {
        return m_log;
    }

    /** Stops the run: a kernel panic, with @p what and where it happened. */
    [[noreturn]] void Panic(SolarisModule* m, const std::string& what);

    /// \}

    /// \name Memory accounting
    /// \{
    /** Per-owner figures. */
    struct Figures
    {
        uint64_t kmemAllocs{0};           //!< kmem_alloc/kmem_zalloc calls that returned memory
        uint64_t kmemFrees{0};            //!< kmem_free calls
        uint64_t kmemBytes{0};            //!< bytes held now
        uint64_t kmemPeakBytes{0};        //!< most bytes held at once
        uint64_t mblkAllocs{0};           //!< message blocks allocated
        uint64_t mblkFrees{0};            //!< message blocks freed
        uint64_t kmemFailed{0};           //!< KM_NOSLEEP allocations failed on purpose
        uint64_t netInstanceRegisters{0}; //!< net_instance_register calls that succeeded
        /** Per family name: notifications delivered to the module's callbacks, by level. */
        std::map<std::string, uint64_t> instanceNotifies;
        /** The same, at the protocol level. */
        std::map<std::string, uint64_t> protocolNotifies;
        /** The same, at the event level. */
        std::map<std::string, uint64_t> eventNotifies;
        /** Per family name: runs of the module's hooks (counted when a hook is unregistered). */
        std::map<std::string, uint64_t> hookRuns;
    };

    /// \name Per-module figures the C face reports
    /// \{
    /** The module at @p caller registered a net instance. */
    void CountRegistration(const void* caller);
    /** Adds @p runs of a hook of the module at @p caller on @p family. */
    void CountHookRuns(const void* caller, const std::string& family, uint64_t runs);

    /// \}

    /**
     * Which KM_NOSLEEP allocations fail on purpose (fault injection);
     * KM_SLEEP ones never fail, as in illumos.
     */
    struct KmemFaults
    {
        double probability{0}; //!< each call fails with this probability (the module's ns-3 stream)
        uint64_t nth{0};       //!< the nth matching call fails (1-based; 0: none)
        bool every{false};     //!< every matching call fails
        std::string module;    //!< only this module's calls ("": every module's)
    };

    /** Sets the fault injection (a default KmemFaults turns it off). */
    void SetKmemFaults(const KmemFaults& faults);
    /**
     * Parses "p=0.1", "nth=5" or "all", each optionally followed by
     * ",module=NAME". \return false with @p error set for anything else
     */
    static bool ParseKmemFaults(const std::string& spec, KmemFaults* faults, std::string* error);
    /** \return the figures of a module (by id; 0: "kernel") */
    Figures GetFigures(uint32_t owner) const;
    /** \return what an owner holds now: kmem buffers and message blocks with their sites */
    std::vector<PfhooksKernelLeak> GetHeld(uint32_t owner) const;
    /** Forgets what an owner holds (after it was reported at unload). */
    void Forget(uint32_t owner);
    /**
     * kmem_alloc / kmem_zalloc (@p zero), charged to the site's module.
     * \return the buffer; NULL for size 0 or a KM_NOSLEEP call that fails
     */
    void* KmemAlloc(size_t size, int kmflags, bool zero, const pfhooks_site_t* site);
    /** kmem_free; a wrong size, an unknown buffer or an overrun panics. */
    void KmemFree(void* buf, size_t size, const pfhooks_site_t* site);
    /** Charges every block of @p mp to the site's module. \return mp */
    mblk_t* ChargeMessage(mblk_t* mp, const pfhooks_site_t* site);
    /** A tracked block is being freed. */
    void MessageFreed(mblk_t* mp);

    /// \}

    /// \name Clock
    /// \{
    /** \return the length of a tick */
    static Time Tick()
    {
        return MilliSeconds(1);
    }

    /**
     * timeout(9F): @p fn (@p arg) on a kernel thread after @p ticks (at least 1).
     * \return the id
     */
    void* Timeout(const pfhooks_site_t* site, void (*fn)(void*), void* arg, clock_t ticks);
    /** untimeout(9F). \return the ticks that were left, or -1 for an unknown id */
    clock_t Untimeout(void* id);
    /** delay(9F): the calling kernel thread sleeps; on the simulator's stack it panics. */
    void Delay(clock_t ticks);
    /** \return the timeouts an owner has pending, with where they were set */
    std::vector<PfhooksKernelLeak> GetTimeouts(uint32_t owner) const;
    /** Cancels every pending timeout of an owner. */
    void CancelTimeouts(uint32_t owner);
    /**
     * Stops the owner's callouts that are asleep inside it (its code is about
     * to go). \return one entry per thread stopped
     */
    std::vector<PfhooksKernelLeak> KillThreads(uint32_t owner);
    /// \}

    /// \name Locks
    /// \{
    /** mutex_enter; waits while another thread holds it, panics on recursion. */
    void MutexEnter(pfhooks_kmutex_t* mp);
    /** mutex_tryenter. \return 1 when taken, 0 when held */
    int MutexTryEnter(pfhooks_kmutex_t* mp);
    /** mutex_exit; panics unless the caller holds it. */
    void MutexExit(pfhooks_kmutex_t* mp);
    /** mutex_destroy; panics when held. */
    void MutexDestroy(pfhooks_kmutex_t* mp);
    /** rw_enter as reader or writer (@p type); waits while it cannot have it. */
    void RwEnter(pfhooks_krwlock_t* rw, int type);
    /** rw_tryenter. \return 1 when taken, 0 otherwise */
    int RwTryEnter(pfhooks_krwlock_t* rw, int type);
    /** rw_exit; panics when another thread holds it as writer. */
    void RwExit(pfhooks_krwlock_t* rw);
    /** \return the token of the running thread: a PfhooksKernelThread, or the simulator's stack */
    static void* Self();
    /// \}

    /** Random bytes from the module's own ns-3 stream. */
    void RandomBytes(const pfhooks_site_t* site, uint8_t* buf, size_t len);

  private:
    SolarisKernel();

    struct Alloc
    {
        uint32_t owner;
        size_t size;
        const char* file;
        int line;
    };

    struct Callout
    {
        uint32_t owner;
        void (*fn)(void*);
        void* arg;
        EventId event;
        Ptr<PfhooksKernelThread> thread; //!< while the callback runs (it may sleep)
        std::string site;
    };

    uint32_t OwnerOf(const pfhooks_site_t* site);
    std::string Describe(const void* addr);
    void Wait(const void* lock);
    void WakeWaiters(const void* lock);
    void RunCallout(uint64_t id);

    /**
     * The end of a run (Simulator::Destroy): every module still loaded
     * reports what it holds and is taken out, so that the next run in the
     * same process starts with an empty kernel.
     */
    void EndOfRun();

    std::vector<Ptr<SolarisModule>> m_modules; //!< mapped modules (kept alive while mapped)
    bool m_endOfRunScheduled{false};
    const void* m_cacheLinkMap{nullptr};
    SolarisModule* m_cacheModule{nullptr};
    uint32_t m_nextId{1};
    LogSink m_sink;
    std::vector<PfhooksKernelLogRecord> m_log;
    std::unordered_map<const void*, Alloc> m_kmem;
    std::unordered_map<const mblk_t*, Alloc> m_mblks;
    std::map<uint32_t, Figures> m_figures;
    std::map<uint64_t, Callout> m_callouts;
    uint64_t m_nextCallout{1};
    std::map<const void*, std::vector<Ptr<PfhooksKernelThread>>> m_waiters;
    std::map<uint32_t, Ptr<UniformRandomVariable>> m_random;
    KmemFaults m_faults;
    uint64_t m_faultCalls{0};
    Ptr<UniformRandomVariable> m_faultRandom;
};

} // namespace ns3

#endif /* PFHOOKS_SOLARIS_KERNEL_H */
