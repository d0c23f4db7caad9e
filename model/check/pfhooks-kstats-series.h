/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_KSTATS_SERIES_H
#define PFHOOKS_KSTATS_SERIES_H

#include "pfhooks-kstats.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The kstats of every node sampled at an interval of simulated time
 * (doc/time-series.md; format doc/report-format.md, schema
 * pfhooks-kstats-series): each sample is CollectKstats of every running
 * instance, removed hooks included, at that time.
 *
 * \code
 *   std::string err = PfhooksKstatsSeries::CheckOptions(file, 0.5); // before any work
 *   PfhooksKstatsSeries series;
 *   series.Start(Seconds(0.5), Seconds(duration));
 *   Simulator::Stop(Seconds(duration));
 *   Simulator::Run();
 *   series.Finish();           // a last sample at the end, if none was taken then
 *   err = series.Write(file);  // before Simulator::Destroy()
 * \endcode
 *
 * Memory grows with samples times rows; choose the interval accordingly.
 * Without a Start() nothing is scheduled and nothing is paid.
 */
class PfhooksKstatsSeries
{
  public:
    /** One sample: the simulated time and every row then. */
    struct Sample
    {
        double t;                          //!< simulated seconds
        std::vector<PfhooksKstatRow> rows; //!< CollectKstats(ip, true) of every node, in node order
    };

    /**
     * \param path where the series goes: ".csv" or ".json" (any case)
     * \param intervalSeconds the sampling interval
     * \return "" or an error naming the option that is wrong and why
     */
    static std::string CheckOptions(const std::string& path, double intervalSeconds);

    /**
     * Samples now and then every @p interval until @p stop (inclusive).
     * \param interval > 0
     * \param stop no sample is scheduled after it (the sampling must not keep
     *        a simulation without Simulator::Stop running forever)
     */
    void Start(Time interval, Time stop);

    /** Takes one sample now (also usable without Start()). */
    void SampleNow();

    /** Takes a last sample at the current time unless one was taken then; cancels the next. */
    void Finish();

    /** \return the samples so far */
    const std::vector<Sample>& GetSamples() const
    {
        return m_samples;
    }

    /**
     * Writes the series as CSV (a "time_s" column, then the kstats CSV
     * columns) or JSON, chosen by the file's extension.
     * \return "" or an error naming the path
     */
    std::string Write(const std::string& path) const;

    /** Writes the series in one of the formats. */
    void WriteTo(std::ostream& os, KstatFormat format) const;

  private:
    /** The scheduled sample: takes it and schedules the next. */
    void Tick();

    Time m_interval{0};            //!< 0: not started
    Time m_stop{0};                //!< no sample scheduled after it
    EventId m_next;                //!< the next scheduled sample
    std::vector<Sample> m_samples; //!< in time order
};

} // namespace ns3

#endif /* PFHOOKS_KSTATS_SERIES_H */
