/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_PROGRESS_H
#define PFHOOKS_PROGRESS_H

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <chrono>
#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup pfhooks
 * Progress of a long run on stderr: simulated time (of the stop time),
 * wall time and simulator events per wall second, at most once per wall
 * second (doc/time-series.md).
 *
 * \code
 *   PfhooksProgress progress;
 *   if (PfhooksProgress::Wanted(askedOnTheCommandLine))
 *   {
 *       progress.Start(Seconds(duration));
 *   }
 *   Simulator::Run();
 *   progress.Finish();
 * \endcode
 *
 * Wanted() is true when asked, or when stderr is a terminal: never under
 * ctest, whose output is no terminal.  Without Start() nothing is
 * scheduled and nothing is paid.
 */
class PfhooksProgress
{
  public:
    /** \return true when @p asked, or when stderr is a terminal */
    static bool Wanted(bool asked);

    /**
     * Checks the wall clock every 1/200 of @p stop of simulated time and
     * prints a line when a wall second has passed since the last.
     * \param stop the simulated time the run stops at (> 0)
     * \param os where the lines go (std::cerr)
     */
    void Start(Time stop, std::ostream* os = nullptr);

    /** Prints the last line (the run's totals), if started. */
    void Finish();

    /** \return lines printed so far */
    uint32_t GetLines() const
    {
        return m_lines;
    }

  private:
    /** The scheduled check. */
    void Tick();
    /** Prints one line. */
    void Print(bool last);

    std::ostream* m_os{nullptr};                       //!< null: not started
    bool m_terminal{false};                            //!< rewrite one line (\r) on a terminal
    Time m_stop{0};                                    //!< the run's end
    Time m_step{0};                                    //!< simulated time between two checks
    EventId m_next;                                    //!< the next check
    std::chrono::steady_clock::time_point m_start;     //!< wall clock at Start()
    std::chrono::steady_clock::time_point m_lastPrint; //!< wall clock at the last line
    uint64_t m_startEvents{0};                         //!< events executed before Start()
    uint32_t m_lines{0};                               //!< lines printed
};

} // namespace ns3

#endif /* PFHOOKS_PROGRESS_H */
