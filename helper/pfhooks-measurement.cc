/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-measurement.h"

#include "pfhooks-helper.h"

#include "ns3/log.h"

#include <iostream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksMeasurement");

PfhooksMeasurement::PfhooksMeasurement(const std::string& program,
                                       int argc,
                                       char** argv,
                                       unsigned options)
    : m_options(options),
      m_report(program, argc, argv)
{
}

void
PfhooksMeasurement::AddOptions(CommandLine& cmd)
{
    if (m_options & KSTATS)
    {
        cmd.AddValue("kstats",
                     "Write every instance's hook statistics at the end to FILE (.csv or .json)",
                     m_kstats);
    }
    if (m_options & SERIES)
    {
        cmd.AddValue("kstats-interval",
                     "Sample the kstats every S simulated seconds into --kstats-series",
                     m_interval);
        cmd.AddValue("kstats-series",
                     "Write the kstats time series to FILE (.csv or .json; needs "
                     "--kstats-interval; doc/time-series.md)",
                     m_seriesFile);
    }
    if (m_options & REPORT)
    {
        cmd.AddValue("report",
                     "Write a JSON report of the run to FILE (doc/report-format.md)",
                     m_reportFile);
    }
    if (m_options & PROGRESS)
    {
        cmd.AddValue("progress",
                     "Show progress on stderr (also when stderr is a terminal)",
                     m_progressAsked);
    }
}

std::string
PfhooksMeasurement::Check() const
{
    KstatFormat f;
    if (!m_kstats.empty() && !PfhooksHelper::KstatFormatOf(m_kstats, &f))
    {
        return "--kstats must name a .csv or .json file, got " + m_kstats;
    }
    if (!m_seriesFile.empty() || m_interval != 0)
    {
        std::string why = PfhooksKstatsSeries::CheckOptions(m_seriesFile, m_interval);
        if (!why.empty())
        {
            return why;
        }
    }
    for (const auto& [option, file] : {std::make_pair("--kstats", m_kstats),
                                       std::make_pair("--kstats-series", m_seriesFile),
                                       std::make_pair("--report", m_reportFile)})
    {
        if (!file.empty())
        {
            std::string why = PfhooksReport::CheckWritable(file);
            if (!why.empty())
            {
                return std::string(option) + ": " + why;
            }
        }
    }
    return "";
}

void
PfhooksMeasurement::Start(Time stop)
{
    NS_LOG_FUNCTION(this << stop);
    if (!m_seriesFile.empty())
    {
        m_series.Start(Seconds(m_interval), stop);
    }
    if ((m_options & PROGRESS) && PfhooksProgress::Wanted(m_progressAsked))
    {
        m_progress.Start(stop);
    }
}

void
PfhooksMeasurement::SetSection(const std::string& name, const std::string& json)
{
    m_report.SetSection(name, json);
}

int
PfhooksMeasurement::Finish(std::ostream& out)
{
    NS_LOG_FUNCTION(this);
    m_progress.Finish();
    int rv = 0;
    if (!m_kstats.empty())
    {
        KstatFormat f = KSTATS_CSV;
        PfhooksHelper::KstatFormatOf(m_kstats, &f);
        if (PfhooksHelper::WriteKstats(m_kstats, f) != 0)
        {
            std::cerr << "error: cannot write " << m_kstats << std::endl;
            rv = 1;
        }
        else
        {
            out << "kstats written to " << m_kstats << "\n";
        }
    }
    if (!m_seriesFile.empty())
    {
        m_series.Finish();
        std::string why = m_series.Write(m_seriesFile);
        if (!why.empty())
        {
            std::cerr << "error: --kstats-series: " << why << std::endl;
            rv = 1;
        }
        else
        {
            out << "kstats series (" << m_series.GetSamples().size() << " samples) written to "
                << m_seriesFile << "\n";
        }
    }
    if (!m_reportFile.empty())
    {
        std::string why = m_report.Write(m_reportFile);
        if (!why.empty())
        {
            std::cerr << "error: --report: " << why << std::endl;
            rv = 1;
        }
        else
        {
            out << "report written to " << m_reportFile << "\n";
        }
    }
    return rv;
}

} // namespace ns3
