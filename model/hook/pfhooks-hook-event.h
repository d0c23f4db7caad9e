/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_HOOK_EVENT_H
#define PFHOOKS_HOOK_EVENT_H

#include "pfhooks-hook-lifecycle.h"
#include "pfhooks-hook-types.h"
#include "pfhooks-notify-list.h"

#include "ns3/pfhooks-visibility.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class PfhooksHookFamily;

/**
 * \ingroup pfhooks
 * The framework's copy of one registered hook (illumos hook_int_t).
 */
struct PfhooksHookEntry
{
    hook_t hook;                  //!< copy; h_name and h_hintvalue point into the strings below
    std::string name;             //!< copied name: identity within the event
    std::string hintValue;        //!< copied HH_BEFORE/HH_AFTER target, "" otherwise
    uint64_t hits{0};             //!< kstat hook_hits
    uint64_t drops{0};            //!< times it returned non-zero (stopping the run)
    uint64_t injections{0};       //!< net_inject() calls that succeeded while it ran
    int32_t position{0};          //!< kstat position (1-based, set at insertion as illumos does)
    bool removed{false};          //!< unregistered while a run is walking the list
    bool maySleep{false};         //!< its module may sleep (SolarisModule::MaySleep)
    bool cxx{false};              //!< a PacketHookCallback or ObserveHookCallback: reads lazily
    bool closure{false};          //!< a PacketHookCallback: its closure is called directly
    uint32_t running{0};          //!< calls in progress (more than one: some asleep)
    std::shared_ptr<void> holder; //!< keeps a C++ hook's closure alive
    const std::string* interned{nullptr}; //!< the name, interned: outlives the entry (traces)
    /// Run when `running` drops to 0 (unregistrations waiting for it).
    std::vector<std::function<void()>> onIdle;
};

/**
 * \ingroup pfhooks
 * Snapshot of one hook's kstats.
 */
struct PfhooksHookKstat
{
    std::string name;      //!< hook name
    int32_t version;       //!< h_version
    uint32_t flags;        //!< h_flags
    int32_t hint;          //!< h_hint
    std::string hintValue; //!< "<none>" unless HH_BEFORE/HH_AFTER
    int32_t position;      //!< 1-based position when last computed
    uint64_t hits;         //!< times the hook ran
    uint64_t drops;        //!< times it returned non-zero (on a packet event: a drop)
    uint64_t injections;   //!< packets it injected (net_inject() returning 0 while it ran)
    bool removed{false};   //!< totals of unregistered hooks of this name (GetRemovedHookKstats)
};

class PfhooksHookEvent;

/**
 * \ingroup pfhooks
 * kstat events of an event: 40 bits (a trillion runs) in the five bytes an
 * event has left, so that it stays 56 bytes.
 */
struct __attribute__((packed)) PfhooksEventCount
{
    uint8_t high{0}; //!< bits 32..39
    uint32_t low{0}; //!< bits 0..31

    /** \return this, one more */
    PfhooksEventCount& operator++()
    {
        if (++low == 0)
        {
            ++high;
        }
        return *this;
    }

    /** \return the count */
    operator uint64_t() const
    {
        return (static_cast<uint64_t>(high) << 32) | low;
    }
};

/// Frees an event made by PfhooksHookEvent::Make (in a slab or alone).
struct PfhooksHookEventDeleter
{
    /** \param ev the event whose last reference went */
    static void Delete(PfhooksHookEvent* ev);
};

/**
 * \ingroup pfhooks
 * One event of a family and its ordered hook list (illumos hook_event_int_t).
 *
 * Every rule of the hook list lives here, as in illumos hook.c:
 *  - identity of a hook within an event is its name (EEXIST on a duplicate);
 *  - the caller's hook_t is copied (name and hint value duplicated);
 *  - insertion follows the hint (see Insert()); a bad hint is EINVAL;
 *  - Run() calls hooks in list order and stops at the first non-zero return;
 *  - every successful (un)registration runs the event notify callbacks.
 *
 * A hook may unregister hooks (itself included) or register new ones while
 * the event runs: an unregistered hook is never called again, even later in
 * the same run; a hook inserted behind the running one is called in this
 * run.  (illumos would deadlock on its own event lock there.)
 */
class PfhooksHookEvent : public SimpleRefCount<PfhooksHookEvent, empty, PfhooksHookEventDeleter>,
                         public PfhooksHookLevel<PfhooksHookEvent, PfhooksHookFamily>
{
  public:
    /**
     * While one lives, Make() puts the events it makes side by side in one
     * block: an instance's 17 events are one allocation of 56 bytes each
     * instead of 17 of 96 (the block goes with its last event).
     */
    class SlabScope
    {
      public:
        /** \param capacity how many events the block holds */
        explicit SlabScope(uint32_t capacity);
        ~SlabScope();
        SlabScope(const SlabScope&) = delete;
        SlabScope& operator=(const SlabScope&) = delete;

        /**
         * The next Make() (and only it) takes the next slot: the events
         * a notify callback makes meanwhile go elsewhere, so that the
         * owner's events are the slab's slots 0, 1, 2... in its order.
         * \param on true to arm, false to disarm (an AddEvent that failed)
         */
        void Arm(bool on);

      private:
        void* m_prev; //!< the slab of the scope this one is nested in
        void* m_slab; //!< this scope's slab
    };

    /** A family's and an event's interned names, one pair per process. */
    struct Names
    {
        const std::string* family; //!< the family's name
        const std::string* event;  //!< the event's name
    };

    /**
     * \param family a family's name
     * \param event an event's name
     * \return the process' one pair of those names (made on first use,
     *         never freed); two events of one family have the same pair
     *         exactly when their names are equal
     */
    static const Names* InternNames(const std::string& family, const std::string& event);

    /**
     * An event of the family, in the open slab when there is one with room.
     * \param family the family
     * \param name the event's name
     * \return the event
     */
    static Ptr<PfhooksHookEvent> Make(PfhooksHookFamily* family, const std::string& name);

    /**
     * Make() with the names already interned (IP's boot: no string is
     * looked up per event).
     * \param family the family
     * \param names InternNames(family's name, the event's name)
     * \return the event
     */
    static Ptr<PfhooksHookEvent> Make(PfhooksHookFamily* family, const Names* names);

    /** \return the event's place in its slab (slot 0 is the slab's first event), kAlone if none */
    uint8_t GetSlot() const
    {
        return m_slot;
    }

    static constexpr uint8_t kAlone = 0xff; //!< GetSlot() of an event not in a slab

    /**
     * \param family the owning family (not owned; the family outlives its events' use)
     * \param name event name, e.g. NH_PHYSICAL_IN
     */
    PfhooksHookEvent(PfhooksHookFamily* family, const std::string& name);
    /**
     * \param family the owning family (not owned)
     * \param names InternNames(family's name, the event's name)
     */
    PfhooksHookEvent(PfhooksHookFamily* family, const Names* names);
    ~PfhooksHookEvent();

    /** \return the event name */
    const std::string& GetName() const
    {
        return *m_names->event;
    }

    /** \return the owning family, or null once the family let the event go */
    PfhooksHookFamily* GetFamily() const
    {
        return m_parent;
    }

    /** \return the owning family's name (kept after the family let go) */
    const std::string& GetFamilyName() const
    {
        return *m_names->family;
    }

    /** \return what the family's notify callbacks are told: (family, event, event) */
    PfhooksNotifyNames GetNotifyNames() const
    {
        return {m_names->family->c_str(), m_names->event->c_str(), m_names->event->c_str()};
    }

    /**
     * \return the one copy of a name that every event and family shares;
     *         it lives as long as the process (names are few: IP's events
     *         and families and what modules add)
     */
    static const std::string* Intern(const std::string& name);

    /** \return the token passed to hook functions */
    hook_event_token_t GetToken()
    {
        return reinterpret_cast<hook_event_token_t>(this);
    }

    /** \return the event behind a token handed to a hook */
    static PfhooksHookEvent* FromToken(hook_event_token_t token)
    {
        return reinterpret_cast<PfhooksHookEvent*>(token);
    }

    /**
     * Registers a copy of a hook (hook_register()).
     * \param h the caller's hook; only read
     * \param holder optional object kept alive as long as the hook is registered
     * \return 0, ESHUTDOWN (event shut down), EEXIST (name taken), EBUSY or
     *         EINVAL (see Insert()), EINVAL for a hook without name or function
     */
    int Register(const hook_t* h, std::shared_ptr<void> holder = nullptr);

    /**
     * Unregisters the hook of that name (hook_unregister()).  Runs of it
     * in progress (asleep in delay() on a kernel thread) are waited for, as
     * hook.c waits for hooks in flight, when the caller is a kernel thread
     * other than theirs; the simulator's stack cannot wait: the hook is
     * taken off at once and those runs finish on their own.
     * \param name the hook's name
     * \param hits receives the times the hook ran (its hook_hits), or null
     * \return 0 or ENXIO when no hook of that name is registered
     */
    int Unregister(const char* name, uint64_t* hits = nullptr);

    /**
     * Checked after each hook that returned 0: true when the hook left the
     * data unusable (a packet event's message freed), which ends the run.
     */
    typedef bool (*AfterHook)(hook_data_t info);

    /**
     * Runs the hooks (hook_run()).
     * \param info the hook_pkt_event_t* or hook_nic_event_t*
     * \param gone checked after each hook that returned 0 (null: none);
     *        when true, the run ends there and GetCulprit() names that hook
     * \return 0 when every hook returned 0, else the first non-zero value
     */
    int Run(hook_data_t info, AfterHook gone = nullptr)
    {
        // A hook may release the last outside reference to this event.
        Ptr<PfhooksHookEvent> self(this);
        return RunHeld(info, gone);
    }

    /**
     * Run() for a caller that holds a reference to the event for the run
     * (the packet seams: one reference count less per run).
     * \param info as Run()
     * \param gone as Run()
     * \return as Run()
     */
    int RunHeld(hook_data_t info, AfterHook gone);

    /**
     * The run loop behind RunHeld() (hook_run(): every rule of a run is
     * here), for a caller that knows what its data is: a packet seam with
     * its message pending calls it inline (pfhooks-hook-run-loop.h), so
     * that its run is one frame and asks nothing it knows already.
     * \tparam Data what is done before each hook and checked after it:
     *         `bool Before(const PfhooksHookEntry&, hook_data_t*)` (false
     *         ends the run) and `bool Gone(hook_data_t)` (see AfterHook)
     * \param info the hook_pkt_event_t* or hook_nic_event_t*
     * \param data as above
     * \return as Run()
     */
    template <typename Data>
    inline int RunLoop(hook_data_t info, Data& data);

    /**
     * \return the hook after which the last Run() ended on its AfterHook
     *         check (h_func null when none did)
     */
    static const hook_t& GetCulprit()
    {
        return s_culprit;
    }

    /**
     * Credits a successful net_inject() to the hook running now, if any
     * (its `injections` kstat); called by net_inject().
     */
    static void NoteInjection();

    /**
     * Reports that a hook freed the packet of this event's run and returned
     * 0 (the stack drops it): the observers are told, with the hook the
     * run's AfterHook check found (GetCulprit()), else the event's hooks.
     * \param netid the instance
     */
    void ReportFreedAndAccepted(netid_t netid) const;

    /**
     * \return hook functions called so far by every event's Run(): compared
     *         with PacketHookContext::GetBlindCalls() to know that only C++
     *         hooks that never saw the message ran
     */
    static uint64_t GetCalls()
    {
        return s_calls;
    }

    /**
     * \return the name of the hook that returned last from any event's Run()
     *         (interned: valid for the process), or null before any hook ran;
     *         read right after a Run() it is the last hook of that run
     */
    static const std::string* GetLastHook()
    {
        return s_lastHook;
    }

    /** \return true when at least one hook is registered: the taps' fast path. */
    bool HasHooks() const
    {
        return m_nHooks != 0;
    }

    /**
     * What is told when an event gets its first hook or loses its last one
     * (the tap layer puts its seams into a node only while it has hooks).
     */
    typedef void (*HooksChanged)(PfhooksHookEvent* ev);

    /**
     * \param fn called on every event's first Register and last Unregister;
     *        null for none
     */
    static void SetHooksChanged(HooksChanged fn)
    {
        s_hooksChanged = fn;
    }

    /**
     * \return true when a registered hook's module may sleep: the packet
     *         seams then run this event on a kernel thread
     */
    bool MaySleep() const
    {
        return m_hooks && m_hooks->sleepers != 0;
    }

    /**
     * \return true when the first hook a run calls is not a
     *         PacketHookCallback or ObserveHookCallback: it reads the
     *         message at once (a C hook), so a seam makes the message
     *         before the run instead of lazily
     */
    bool FirstHookReadsMessage() const
    {
        return m_hooks && m_hooks->firstReads;
    }

    /** \return the number of registered hooks */
    uint32_t GetNHooks() const
    {
        return m_nHooks;
    }

    /** \return registered hook names in run order */
    std::vector<std::string> GetHookNames() const;

    /** \return copies of the registered hooks, in run order (h_name valid until the list changes)
     */
    std::vector<hook_t> GetHooks() const;

    /** \return kstats of every registered hook, in run order */
    std::vector<PfhooksHookKstat> GetHookKstats() const;

    /**
     * \return per hook name, the summed kstats of every hook of that name
     *         unregistered from this event so far (removed set; version,
     *         flags, hint and position as the last one had them), by name.
     *         One entry per name however often a module re-registers.
     */
    std::vector<PfhooksHookKstat> GetRemovedHookKstats() const;

    /** \return true when nothing keeps the event alive after removal */
    bool IsIdle() const
    {
        return m_nHooks == 0 && m_notify.IsEmpty();
    }

    /** \return kstat hooksAdded: hooks registered so far */
    uint64_t GetHooksAdded() const
    {
        return m_hooks ? m_hooks->added : 0;
    }

    /** \return kstat hooksRemoved: hooks unregistered so far */
    uint64_t GetHooksRemoved() const
    {
        return m_hooks ? m_hooks->removed : 0;
    }

  private:
    friend class PfhooksHookLevel<PfhooksHookEvent, PfhooksHookFamily>;

    typedef std::list<PfhooksHookEntry> HookList;

    /// The hook list with the counters only an event that had a hook needs
    /// (16 bytes of each idle event's 88 otherwise).
    struct HookBlock : public HookList
    {
        uint64_t added{0};      //!< kstat hooksAdded
        uint64_t removed{0};    //!< kstat hooksRemoved
        uint32_t sleepers{0};   //!< registered hooks whose module may sleep
        bool firstReads{false}; //!< see FirstHookReadsMessage()
    };

    /** Sets FirstHookReadsMessage() after the list changed. */
    void NoteFirstHook();

    /** Event-level callbacks are refused once the event is going. */
    bool RefusesNotify() const
    {
        return IsCondemned() || IsShutdown();
    }

    /** One fake notification per hook, in run order (the notify replays). */
    void ReplayTo(const PfhooksNotifyList::Entry& e, hook_notify_cmd_t cmd) const;

    /**
     * Where a new hook goes, by its hint (illumos hook_insert()).
     * \param list the current hooks
     * \param h the new hook
     * \param where receives the entry to insert before (end(): at the tail)
     * \return 0, EBUSY when a FIRST/LAST slot or the named neighbour forbids
     *         it, EINVAL for an unknown hint
     */
    static int Insert(HookList& list, const hook_t& h, HookList::iterator* where);
    /** illumos hook_insert_plain(): before a head that wants to be last, else at the tail. */
    static HookList::iterator InsertPlain(HookList& list);
    /** illumos hook_insert_afterbefore(): the named neighbour is absent. */
    static HookList::iterator InsertAfterBefore(HookList& list, const hook_t& h);
    static HookList::iterator Next(HookList& list, HookList::iterator it);
    static HookList::iterator FindByName(HookList& list, const char* name);
    void Purge();

    /** Runs a hook's idle callbacks (unregistrations waiting for its calls to end). */
    static void RunIdle(PfhooksHookEntry& h);

    /** Names h as the hook after which a run ended on its AfterHook check. */
    static void NoteCulprit(const PfhooksHookEntry& h);

    friend struct PfhooksHookEventDeleter;

    // In this order the event is 56 bytes: the first three fill the
    // padding behind the level's flags, the count the last five.
    bool m_needPurge{false};
    bool m_hasRemoved{false}; //!< has totals in the side table (no bytes: padding)
    uint32_t m_nHooks{0};
    /// The family's and the event's names, interned: two strings per event
    /// were a fifth of an idle instance, two pointers another 16 bytes of
    /// each event's 17.  Kept after Detach, for condemned events.
    const Names* m_names;
    // Most events never get a hook: the list is made by the first Register
    // (an empty std::list is 24 bytes, this 8) and kept.
    std::unique_ptr<HookBlock> m_hooks;
    uint16_t m_runDepth{0}; //!< runs in progress (nested: a hook's injection)
    uint8_t m_slot{kAlone}; //!< place in its slab, kAlone: allocated by itself

  public:
    PfhooksEventCount m_events; //!< kstat events

  private:
    PFHOOKS_LOCAL static uint64_t s_calls;
    static HooksChanged s_hooksChanged; //!< see SetHooksChanged()
    PFHOOKS_LOCAL static const std::string* s_lastHook;
    PFHOOKS_LOCAL static hook_t s_culprit; //!< see GetCulprit()
    static std::string s_culpritName;      //!< its name, kept
};

} // namespace ns3

#endif /* PFHOOKS_HOOK_EVENT_H */
