/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_KERNEL_LOG_H
#define PFHOOKS_KERNEL_LOG_H

#include "ns3/callback.h"
#include "ns3/nstime.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * One line of the kernel console (cmn_err, printf).
 */
struct PfhooksKernelLogRecord
{
    Time time;          //!< simulated time
    std::string module; //!< the module that wrote it ("kernel" when unknown)
    int level;          //!< CE_CONT, CE_NOTE, CE_WARN, CE_PANIC
    std::string text;   //!< the message, without illumos's prefix characters
};

/**
 * \ingroup pfhooks
 * The simulated kernel's console (illumos: the log of cmn_err(9F) and the
 * kernel's printf): every line is kept, and goes to a sink, standard
 * output by default.  A panic writes its line and stops the run.
 */
class PfhooksKernelLog
{
  public:
    /** Where console lines go. */
    typedef Callback<void, const PfhooksKernelLogRecord&> Sink;

    /** Replaces the sink (a null callback restores standard output). */
    void SetSink(Sink sink);

    /**
     * Writes a console line (trailing newlines dropped).
     * \param module the writer's name ("kernel" for code that is no module)
     * \param level CE_CONT, CE_NOTE, CE_WARN or CE_PANIC
     * \param text the line
     */
    void Write(const std::string& module, int level, const std::string& text);

    /**
     * cmn_err(9F): drops illumos's leading '!', '^' or '?', prefixes
     * NOTICE:/WARNING: by level; CE_PANIC panics, CE_IGNORE writes nothing.
     * \param module the caller's name
     * \param level the CE_ level
     * \param text the formatted message
     * \param where "file:line" of the call, for panics and unknown levels
     */
    void CmnErr(const std::string& module, int level, std::string text, const std::string& where);

    /** The exit status of a process whose simulated kernel panicked (sysexits' EX_SOFTWARE). */
    static constexpr int PANIC_EXIT_STATUS = 70;

    /**
     * Stops the run: a kernel panic, naming the time, the module and the
     * running thread, printed once on standard error (and given to the
     * sink, if one is set); the process then ends with PANIC_EXIT_STATUS.
     * \param module the module it happened in ("kernel" when unknown)
     * \param what what happened
     */
    [[noreturn]] void Panic(const std::string& module, const std::string& what);

    /** Console lines kept at most (all are written); later ones are counted by level. */
    static const size_t kMaxRecords = 50000;

    /** \return the console lines so far (the first kMaxRecords) */
    const std::vector<PfhooksKernelLogRecord>& GetRecords() const
    {
        return m_records;
    }

    /**
     * \param level a CE_ level
     * \return lines of that level written but not kept (past kMaxRecords)
     */
    uint64_t GetUnkept(int level) const
    {
        auto it = m_unkept.find(level);
        return it != m_unkept.end() ? it->second : 0;
    }

  private:
    Sink m_sink;
    std::vector<PfhooksKernelLogRecord> m_records;
    std::map<int, uint64_t> m_unkept; //!< by level, past kMaxRecords
};

} // namespace ns3

#endif /* PFHOOKS_KERNEL_LOG_H */
