/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kstats-series.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/pfhooks-ip-instance.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksKstatsSeries");

namespace
{
/** The format a file name asks for (as PfhooksHelper::KstatFormatOf). */
bool
FormatOf(const std::string& path, KstatFormat* format)
{
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
        return std::tolower(c);
    });
    for (const auto& [suffix, f] : {std::make_pair(std::string(".csv"), KSTATS_CSV),
                                    std::make_pair(std::string(".json"), KSTATS_JSON)})
    {
        if (lower.size() > suffix.size() &&
            lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0)
        {
            *format = f;
            return true;
        }
    }
    return false;
}

/** Seconds as the shortest decimal that reads back the same (as the report). */
std::string
Number(double s)
{
    return nlohmann::json(s).dump();
}
} // namespace

std::string
PfhooksKstatsSeries::CheckOptions(const std::string& path, double intervalSeconds)
{
    KstatFormat f;
    if (path.empty())
    {
        return "--kstats-interval needs --kstats-series=FILE (.csv or .json)";
    }
    if (!FormatOf(path, &f))
    {
        return "--kstats-series must name a .csv or .json file, got " + path;
    }
    if (!(intervalSeconds > 0))
    {
        return "--kstats-interval must be > 0 seconds with --kstats-series";
    }
    return "";
}

void
PfhooksKstatsSeries::Start(Time interval, Time stop)
{
    NS_LOG_FUNCTION(this << interval << stop);
    NS_ABORT_MSG_IF(!interval.IsStrictlyPositive(), "PfhooksKstatsSeries: interval must be > 0");
    m_interval = interval;
    m_stop = stop;
    m_next.Cancel();
    // Now, as an event: what was set up before the run is in place then.
    m_next = Simulator::ScheduleNow(&PfhooksKstatsSeries::Tick, this);
}

void
PfhooksKstatsSeries::Tick()
{
    SampleNow();
    if (Simulator::Now() + m_interval <= m_stop)
    {
        m_next = Simulator::Schedule(m_interval, &PfhooksKstatsSeries::Tick, this);
    }
}

void
PfhooksKstatsSeries::SampleNow()
{
    NS_LOG_FUNCTION(this);
    Sample s;
    s.t = Simulator::Now().GetSeconds();
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        if (Ptr<PfhooksIpInstance> ip = (*it)->GetObject<PfhooksIpInstance>())
        {
            std::vector<PfhooksKstatRow> rows = CollectKstats(*ip, true);
            s.rows.insert(s.rows.end(), rows.begin(), rows.end());
        }
    }
    m_samples.push_back(std::move(s));
}

void
PfhooksKstatsSeries::Finish()
{
    NS_LOG_FUNCTION(this);
    m_next.Cancel();
    if (m_samples.empty() || m_samples.back().t != Simulator::Now().GetSeconds())
    {
        SampleNow();
    }
}

void
PfhooksKstatsSeries::WriteTo(std::ostream& os, KstatFormat format) const
{
    if (format == KSTATS_CSV)
    {
        bool header = true;
        for (const Sample& s : m_samples)
        {
            // One writer of the kstats columns (WriteKstatRows): each of its
            // lines gets the time in front.
            std::ostringstream block;
            WriteKstatRows(block, s.rows, KSTATS_CSV);
            std::istringstream lines(block.str());
            std::string line;
            std::getline(lines, line);
            if (header)
            {
                os << "time_s," << line << "\n";
                header = false;
            }
            while (std::getline(lines, line))
            {
                os << Number(s.t) << "," << line << "\n";
            }
        }
        if (header)
        {
            std::ostringstream block;
            WriteKstatRows(block, {}, KSTATS_CSV);
            os << "time_s," << block.str();
        }
        return;
    }
    os << "{\"schema\": \"pfhooks-kstats-series\", \"version\": 1, \"interval_s\": "
       << Number(m_interval.GetSeconds()) << ", \"samples\": [\n";
    for (size_t k = 0; k < m_samples.size(); k++)
    {
        const Sample& s = m_samples[k];
        os << "{\"t\": " << Number(s.t) << ", \"rows\": [\n";
        for (size_t r = 0; r < s.rows.size(); r++)
        {
            WriteKstatRowJson(os, s.rows[r]);
            os << (r + 1 < s.rows.size() ? ",\n" : "\n");
        }
        os << "]}" << (k + 1 < m_samples.size() ? ",\n" : "\n");
    }
    os << "]}\n";
}

std::string
PfhooksKstatsSeries::Write(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    KstatFormat format;
    if (!FormatOf(path, &format))
    {
        return "kstats series: " + path + " is no .csv or .json file";
    }
    std::ofstream out(path);
    WriteTo(out, format);
    out.close();
    if (!out)
    {
        return "cannot write " + path;
    }
    return "";
}

} // namespace ns3
