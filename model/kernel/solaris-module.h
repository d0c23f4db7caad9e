/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_SOLARIS_MODULE_H
#define PFHOOKS_SOLARIS_MODULE_H

#include "pfhooks-elf-symbols.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
#include <vector>

struct modlinkage;
struct modinfo;
struct dev_info;

namespace ns3
{

class PfhooksKernelThread;

/**
 * \ingroup pfhooks
 * Something a module still held when it was unloaded or the run ended.
 */
struct PfhooksKernelLeak
{
    std::string kind;  //!< "kmem", "mblk", "timeout", "hook", "notify", "net_instance", "minor"
    uintptr_t address; //!< the buffer or object, 0 where there is none
    std::size_t size;  //!< bytes (kmem, mblk), 0 otherwise
    std::string site;  //!< "file:line" of the allocation, or what the object is
};

/**
 * \ingroup pfhooks
 * One Solaris kernel module (a shared object built with
 * pfhooks_add_solaris_module) loaded into the simulated kernel, as
 * modload/add_drv and modunload/rem_drv do on a real host.
 *
 * Loading dlopen()s the file (each module keeps its own globals), runs
 * _init on a kernel thread, and for a driver (mod_driverops) attaches it
 * (devo_attach with DDI_ATTACH, instance 0).  Unloading detaches a driver,
 * then runs _fini; a module whose detach or _fini refuses stays loaded.
 * After a successful unload whatever the module still holds (kmem,
 * messages, timeouts, minor nodes; and through the unload hooks the layers
 * above register (PfhooksUnloadHook): hooks, callbacks, net instances) is
 * reported and taken back, so that nothing in the run calls into unloaded
 * code.
 *
 * Fault injection: the attributes KmemFaultAll, KmemFaultNth and
 * KmemFaultProbability make the module's KM_NOSLEEP allocations fail on
 * purpose (KmemFaultDue); PfhooksKmemFaults sets them from a
 * --kmem-faults spec.
 *
 * Every failure (a missing file, a file that is no module, a missing
 * _init, _init or attach failing) leaves the module in FAILED state with
 * an error naming the file and the reason; the rest of the run goes on.
 */
class SolarisModule : public Object
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    SolarisModule();
    ~SolarisModule() override;

    /**
     * \return every SolarisModule object alive, loaded or not, in the order
     *         they were created (what a run report lists)
     */
    static std::vector<SolarisModule*> GetAll();

    /** Where the module is in its life. */
    enum State
    {
        UNLOADED,  //!< not (or no longer) in the kernel
        LOADING,   //!< _init or attach is running (it may sleep)
        LOADED,    //!< installed (and, for a driver, attached)
        UNLOADING, //!< detach or _fini is running (it may sleep)
        FAILED     //!< the last load failed; see GetError()
    };

    /** \param path the module file (.so) */
    void SetPath(const std::string& path);

    /** \return the module file */
    const std::string& GetPath() const
    {
        return m_path;
    }

    /** \return the file name without directory and ".so": the name in the log */
    const std::string& GetName() const
    {
        return m_name;
    }

    /**
     * Loads the module now (at the current simulated time).
     * \return 0 (the module is LOADED, or LOADING while its _init sleeps), or
     *         EEXIST (already loaded), ENOENT (no such file), ENOEXEC (not a
     *         module, or no _init), EIO (_init or attach failed); GetError() says more
     */
    int Load();
    /**
     * Unloads the module now.
     * \return 0 (UNLOADED, or UNLOADING while detach/_fini sleep), EBUSY when
     *         detach or _fini refused (the module stays), EINVAL when not loaded
     */
    int Unload();
    /** Loads the module at absolute simulated time @p at. */
    void ScheduleLoad(Time at);
    /** Unloads the module at absolute simulated time @p at. */
    void ScheduleUnload(Time at);

    /** \return the current state */
    State GetState() const
    {
        return m_state;
    }

    /** \return the state's name */
    static const char* StateName(State s);

    /** \return why the last load or unload failed, "" if it did not */
    const std::string& GetError() const
    {
        return m_error;
    }

    /** \return the linkage's description (drv_linkinfo / misc_linkinfo), "" before mod_install */
    std::string GetLinkInfo() const;

    /** \return the id that names the module in accounting (1, 2, ...), 0 before the first load */
    uint32_t GetId() const
    {
        return m_id;
    }

    /** \return true while the module's code is mapped */
    bool IsMapped() const
    {
        return m_handle != nullptr;
    }

    /** \return true when the module's driver is attached */
    bool IsAttached() const
    {
        return m_attached;
    }

    /** \return what the module held when it was last unloaded (or now, if loaded) */
    std::vector<PfhooksKernelLeak> GetLeaks() const;
    /** \return a human-readable report: state, kmem/mblk figures, leaks with their sites */
    std::string GetReport() const;

    /**
     * The run ends with the module loaded (Simulator::Destroy): what it
     * holds is reported ("held at the end of the run") and taken back, and
     * it is unmapped without _fini, as a machine halts.
     */
    void Halt();

    /**
     * \return the module's function or variable that holds @p addr, as
     *         "name+0xoffset" (from the file's symbol table, which names
     *         static functions too), or "file.so+0xoffset"
     */
    std::string SymbolAt(const void* addr) const;

    /**
     * \return the address of one of the module's exported globals or
     *         functions (dlsym), or null when unmapped or absent; valid while
     *         the module is mapped (scenarios read a module's own counters)
     */
    void* LookupSymbol(const std::string& name) const;

    /** \return the dynamic linker's record of the mapped object (null when unmapped) */
    const void* GetLinkMap() const
    {
        return m_linkMap;
    }

    /** \return true when @p addr lies in the module's mapped object */
    bool Contains(const void* addr) const;

    /**
     * Counts one KM_NOSLEEP allocation of the module and says whether it
     * fails on purpose: every one (KmemFaultAll), the nth (KmemFaultNth),
     * or each with KmemFaultProbability, drawn from the module's own ns-3
     * stream (the same run fails the same calls).
     * \return true when this allocation fails
     */
    bool KmemFaultDue();

    /// \name Used by the simulated kernel (mod_install, mod_remove, DDI)
    /// \{
    /** mod_install(9F): \return 0, EBUSY outside _init, EINVAL for a linkage pfhooks cannot use */
    int Install(struct modlinkage* ml);
    /** mod_remove(9F): \return 0, EBUSY while the driver is attached, EINVAL for another linkage */
    int Remove(struct modlinkage* ml);
    /** mod_info(9F): fills @p mi. \return 1, or 0 for another linkage */
    int Info(struct modlinkage* ml, struct modinfo* mi);

    /** \return the driver's device node (null for a misc module or before attach) */
    struct dev_info* GetDevInfo() const
    {
        return m_dip;
    }

    /// \}

    /**
     * TracedCallback signature for state changes.
     * \param module the module's name
     * \param state the new state's name
     */
    typedef void (*StateTracedCallback)(const std::string& module, const std::string& state);
    /**
     * TracedCallback signature for a _fini that returned 0: the module's
     * code and globals are still there (LookupSymbol works).
     * \param module the module
     */
    typedef void (*FiniTracedCallback)(Ptr<SolarisModule> module);

  protected:
    /** Unmaps the module if it is still mapped (the unload hooks are told). */
    void DoDispose() override;

  private:
    void SetState(State s);
    int Fail(int err, const std::string& why);
    void RunLoad();
    void RunUnload();
    void Unmap();
    void TakeBack(const std::string& when);

    std::string m_path;
    std::string m_name;
    std::string m_error;
    State m_state{UNLOADED};
    uint32_t m_id{0};
    void* m_handle{nullptr};
    const void* m_linkMap{nullptr};
    int (*m_init)(){nullptr};
    int (*m_fini)(){nullptr};
    int (*m_info)(struct modinfo*){nullptr};
    struct modlinkage* m_linkage{nullptr};
    struct dev_info* m_dip{nullptr};
    bool m_attached{false};
    int m_lastResult{0};

    PfhooksElfSymbols m_symbols;            //!< functions and variables, by address
    uintptr_t m_base{0};                    //!< load address of the object
    std::vector<PfhooksKernelLeak> m_leaks; //!< found at the last unload
    std::string m_leaksWhen{"at unload"};
    TracedCallback<const std::string&, const std::string&> m_stateTrace;
    TracedCallback<Ptr<SolarisModule>> m_finiTrace;
    double m_faultProbability{0};             //!< KmemFaultProbability
    uint64_t m_faultNth{0};                   //!< KmemFaultNth
    bool m_faultAll{false};                   //!< KmemFaultAll
    uint64_t m_faultCalls{0};                 //!< KM_NOSLEEP calls counted for KmemFaultNth
    Ptr<UniformRandomVariable> m_faultRandom; //!< drawn on first use
};

} // namespace ns3

#endif /* PFHOOKS_SOLARIS_MODULE_H */
