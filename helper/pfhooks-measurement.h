/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_MEASUREMENT_H
#define PFHOOKS_MEASUREMENT_H

#include "pfhooks-progress.h"
#include "pfhooks-report.h"

#include "ns3/command-line.h"
#include "ns3/nstime.h"
#include "ns3/pfhooks-kstats-series.h"

#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The measurement options of a program, checked and run one way
 * (doc/time-series.md): --kstats=FILE, --kstats-interval=S with
 * --kstats-series=FILE, --report=FILE.json, --progress.
 *
 * \code
 *   PfhooksMeasurement m("my-program", argc, argv, PfhooksMeasurement::ALL);
 *   m.AddOptions(cmd);
 *   cmd.Parse(argc, argv);
 *   std::string err = m.Check();      // "" or the bad option: before any work
 *   ...
 *   m.Start(Seconds(duration));       // series and progress; nothing when not asked
 *   Simulator::Stop(Seconds(duration));
 *   Simulator::Run();
 *   m.SetSection("traffic", json);    // caller sections of the report
 *   int rv = m.Finish(std::cout);     // writes the files; before Simulator::Destroy()
 * \endcode
 */
class PfhooksMeasurement
{
  public:
    /** Which options AddOptions() adds (or-ed). */
    enum Option
    {
        KSTATS = 1,   //!< --kstats=FILE (.csv or .json): the kstats at the end
        SERIES = 2,   //!< --kstats-interval=S and --kstats-series=FILE
        REPORT = 4,   //!< --report=FILE.json
        PROGRESS = 8, //!< --progress
        ALL = 15      //!< all of them
    };

    /**
     * \param program the program's name (the report's meta.program)
     * \param argc as main() got it
     * \param argv as main() got it
     * \param options the options to offer (Option values or-ed)
     */
    PfhooksMeasurement(const std::string& program, int argc, char** argv, unsigned options);

    /** Adds the options to the program's command line. */
    void AddOptions(CommandLine& cmd);

    /** \return "" or an error naming the option that is wrong (call after Parse) */
    std::string Check() const;

    /** Starts the series and the progress output, if asked. \param stop the run's end */
    void Start(Time stop);

    /** A caller section of the report (PfhooksReport::SetSection). */
    void SetSection(const std::string& name, const std::string& json);

    /**
     * Ends the progress output and writes the files asked for, naming each
     * on @p out ("kstats written to FILE").  Call after Simulator::Run(),
     * before Simulator::Destroy().
     * \return 0, or 1 when a file could not be written (the error on stderr)
     */
    int Finish(std::ostream& out);

    /** \return the series (empty unless --kstats-series was given) */
    const PfhooksKstatsSeries& GetSeries() const
    {
        return m_series;
    }

    /**
     * The run's one report, for programs that write it themselves (after
     * sections only they know); Finish() writes it only with --report.
     */
    PfhooksReport& GetReport()
    {
        return m_report;
    }

  private:
    unsigned m_options;          //!< offered options
    std::string m_kstats;        //!< --kstats
    double m_interval{0};        //!< --kstats-interval
    std::string m_seriesFile;    //!< --kstats-series
    std::string m_reportFile;    //!< --report
    bool m_progressAsked{false}; //!< --progress
    PfhooksReport m_report;      //!< meta from construction on
    PfhooksKstatsSeries m_series;
    PfhooksProgress m_progress;
};

} // namespace ns3

#endif /* PFHOOKS_MEASUREMENT_H */
