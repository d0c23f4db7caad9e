/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_SOLARIS_KERNEL_H
#define PFHOOKS_SOLARIS_KERNEL_H

#include "pfhooks-callouts.h"
#include "pfhooks-devices.h"
#include "pfhooks-kernel-cv.h"
#include "pfhooks-kernel-log.h"
#include "pfhooks-kernel-sync.h"
#include "pfhooks-kernel-types.h"
#include "pfhooks-kmem-cache.h"
#include "pfhooks-kmem.h"
#include "pfhooks-module-kstats.h"
#include "pfhooks-taskq.h"
#include "solaris-module.h"

#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The simulated Solaris kernel that loaded modules run in.  It keeps the
 * loaded modules (and finds which one an address belongs to), the
 * per-module figures, the per-module random streams, and its subsystems,
 * each in a file of its own as illumos has them: the console
 * (PfhooksKernelLog), memory (PfhooksKmem), callouts and the clock
 * (PfhooksCallouts) and locks (PfhooksKernelSync).  The C functions of
 * model/solaris/ are thin calls into these.
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

    /// \name Subsystems
    /// \{
    /** \return the console */
    PfhooksKernelLog& Console()
    {
        return m_console;
    }

    /** \return the memory accounting */
    PfhooksKmem& Kmem()
    {
        return m_kmem;
    }

    /** \return the callouts and the clock */
    PfhooksCallouts& Callouts()
    {
        return m_callouts;
    }

    /** \return the locks */
    PfhooksKernelSync& Sync()
    {
        return m_sync;
    }

    /** \return the condition variables */
    PfhooksKernelCv& Cv()
    {
        return m_cv;
    }

    /** \return the kstats modules create */
    PfhooksModuleKstats& Kstats()
    {
        return m_kstats;
    }

    /** \return the device face (open, ioctl, close of minor nodes) */
    PfhooksDevices& Devices()
    {
        return m_devices;
    }

    /** \return the object caches (kmem_cache_*) */
    PfhooksKmemCaches& KmemCaches()
    {
        return m_kmemCaches;
    }

    /** \return the task queues (taskq, ddi_taskq) */
    PfhooksTaskqs& Taskqs()
    {
        return m_taskqs;
    }

    /// \}

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
    /** \return the id of the module a site belongs to (0: "kernel") */
    uint32_t OwnerOf(const pfhooks_site_t* site);
    /** \return every module mapped now */
    std::vector<SolarisModule*> GetModules() const;
    /** \return "module`symbol (address)", "symbol (address)" or the address alone */
    std::string Describe(const void* addr);
    /** \return "file:line" ("?" for an unknown file) */
    static std::string Site(const char* file, int line);
    /// \}

    /// \name Console (PfhooksKernelLog), with the module's name
    /// \{
    /** Where console lines go; the default prints them to standard output. */
    typedef PfhooksKernelLog::Sink LogSink;
    /** Replaces the console's sink (a null callback restores the default). */
    void SetLogSink(LogSink sink);
    /** Writes a console line as module @p m ("kernel" when null). */
    void Log(SolarisModule* m, int level, const std::string& text);

    /** \return every console line so far */
    const std::vector<PfhooksKernelLogRecord>& GetLog() const
    {
        return m_console.GetRecords();
    }

    /** Stops the run: a kernel panic, with @p what and where it happened. */
    [[noreturn]] void Panic(SolarisModule* m, const std::string& what);

    /// \}

    /// \name Per-module figures
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
        std::map<std::string, uint64_t>
            protocolNotifies;                          //!< per family: protocol-level notifications
        std::map<std::string, uint64_t> eventNotifies; //!< per family: event-level notifications
        /** Per family name: runs of the module's hooks (counted when a hook is unregistered). */
        std::map<std::string, uint64_t> hookRuns;
    };

    /** \return the figures of a module (by id; 0: "kernel") */
    Figures GetFigures(uint32_t owner) const;
    /** \return the figures of an owner, to count in (the kernel's subsystems) */
    Figures& FiguresOf(uint32_t owner);
    /** A net instance registered by the module holding @p caller. */
    void CountRegistration(const void* caller);
    /** @p runs runs of a hook of the module holding @p caller, on family @p family. */
    void CountHookRuns(const void* caller, const std::string& family, uint64_t runs);
    /**
     * A notification delivered to C callback @p fn; the names tell the level
     * (instance level: no event; protocol level: the event twice; event
     * level: a hook's name).
     */
    void CountNotify(const void* fn, const char* family, const char* event, const char* name);
    /// \}

    /** Random bytes from the module's own ns-3 stream. */
    void RandomBytes(const pfhooks_site_t* site, uint8_t* buf, size_t len);

  private:
    SolarisKernel();

    /**
     * The end of a run (Simulator::Destroy): every module still loaded
     * reports what it holds and is taken out, so that the next run in the
     * same process starts with an empty kernel.
     */
    void EndOfRun();

    PfhooksKernelLog m_console;
    PfhooksKmem m_kmem;
    PfhooksCallouts m_callouts;
    PfhooksKernelSync m_sync;
    PfhooksKernelCv m_cv;
    PfhooksModuleKstats m_kstats;
    PfhooksDevices m_devices;
    PfhooksKmemCaches m_kmemCaches;
    PfhooksTaskqs m_taskqs;
    std::vector<Ptr<SolarisModule>> m_modules; //!< mapped modules (kept alive while mapped)
    bool m_endOfRunScheduled{false};
    const void* m_cacheLinkMap{nullptr};
    SolarisModule* m_cacheModule{nullptr};
    uint32_t m_nextId{1};
    std::map<uint32_t, Figures> m_figures;
    std::map<uint32_t, Ptr<UniformRandomVariable>> m_random;
};

} // namespace ns3

#endif /* PFHOOKS_SOLARIS_KERNEL_H */
