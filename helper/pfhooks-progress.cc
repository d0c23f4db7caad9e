/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-progress.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksProgress");

bool
PfhooksProgress::Wanted(bool asked)
{
    return asked || isatty(STDERR_FILENO) == 1;
}

void
PfhooksProgress::Start(Time stop, std::ostream* os)
{
    NS_LOG_FUNCTION(this << stop);
    NS_ABORT_MSG_IF(!stop.IsStrictlyPositive(), "PfhooksProgress: the stop time must be > 0");
    m_os = os != nullptr ? os : &std::cerr;
    m_terminal = m_os == &std::cerr && isatty(STDERR_FILENO) == 1;
    m_stop = stop;
    m_step = stop / 200;
    m_start = std::chrono::steady_clock::now();
    m_lastPrint = m_start;
    m_startEvents = Simulator::GetEventCount();
    m_next.Cancel();
    m_next = Simulator::Schedule(m_step, &PfhooksProgress::Tick, this);
}

void
PfhooksProgress::Tick()
{
    if (std::chrono::steady_clock::now() - m_lastPrint >= std::chrono::seconds(1))
    {
        Print(false);
    }
    if (Simulator::Now() + m_step < m_stop)
    {
        m_next = Simulator::Schedule(m_step, &PfhooksProgress::Tick, this);
    }
}

void
PfhooksProgress::Print(bool last)
{
    auto now = std::chrono::steady_clock::now();
    m_lastPrint = now;
    double wall = std::chrono::duration<double>(now - m_start).count();
    double sim = Simulator::Now().GetSeconds();
    uint64_t events = Simulator::GetEventCount() - m_startEvents;
    char line[160];
    std::snprintf(line,
                  sizeof(line),
                  "progress: simulated %.3f of %.3f s (%3.0f%%), wall %.1f s, %.0f events/s",
                  sim,
                  m_stop.GetSeconds(),
                  100.0 * sim / m_stop.GetSeconds(),
                  wall,
                  wall > 0 ? events / wall : 0.0);
    if (m_terminal)
    {
        *m_os << "\r" << line << "\033[K" << (last ? "\n" : "") << std::flush;
    }
    else
    {
        *m_os << line << std::endl;
    }
    m_lines++;
}

void
PfhooksProgress::Finish()
{
    NS_LOG_FUNCTION(this);
    if (m_os == nullptr)
    {
        return;
    }
    m_next.Cancel();
    Print(true);
    m_os = nullptr;
}

} // namespace ns3
