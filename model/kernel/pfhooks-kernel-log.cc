/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kernel-log.h"

#include "pfhooks-kernel-thread.h"
#include "pfhooks-kernel-types.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <cstdlib>
#include <iostream>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("PfhooksKernelLog");

namespace ns3
{

void
PfhooksKernelLog::SetSink(Sink sink)
{
    NS_LOG_FUNCTION(this);
    m_sink = sink;
}

void
PfhooksKernelLog::Write(const std::string& module, int level, const std::string& text)
{
    PfhooksKernelLogRecord r;
    r.time = Simulator::Now();
    r.module = module;
    r.level = level;
    r.text = text;
    while (!r.text.empty() && r.text.back() == '\n')
    {
        r.text.pop_back();
    }
    // Bounded memory in long runs: every line is written, the first kept.
    if (m_records.size() < kMaxRecords)
    {
        m_records.push_back(r);
    }
    else
    {
        m_unkept[level]++;
    }
    if (m_sink.IsNull())
    {
        std::cout << r.time.As(Time::S) << " [" << r.module << "] " << r.text << std::endl;
    }
    else
    {
        m_sink(r);
    }
}

void
PfhooksKernelLog::CmnErr(const std::string& module,
                         int level,
                         std::string text,
                         const std::string& where)
{
    // illumos: a leading '!' sends the message to the log only, '^' to the
    // console only, '?' only when booting verbosely; one log here.
    if (!text.empty() && (text[0] == '!' || text[0] == '^' || text[0] == '?'))
    {
        text.erase(0, 1);
    }
    switch (level)
    {
    case PFHOOKS_CE_CONT:
        Write(module, level, text);
        break;
    case PFHOOKS_CE_NOTE:
        Write(module, level, "NOTICE: " + text);
        break;
    case PFHOOKS_CE_WARN:
        Write(module, level, "WARNING: " + text);
        break;
    case PFHOOKS_CE_PANIC:
        Panic(module, text + " (cmn_err(CE_PANIC) at " + where + ")");
    case PFHOOKS_CE_IGNORE:
        break;
    default:
        Write(module,
              PFHOOKS_CE_WARN,
              "WARNING: cmn_err with unknown level " + std::to_string(level) + " at " + where +
                  ": " + text);
    }
}

void
PfhooksKernelLog::Panic(const std::string& module, const std::string& what)
{
    std::ostringstream os;
    os << "panic[t=" << Simulator::Now().As(Time::S) << " module=" << module;
    PfhooksKernelThread* t = PfhooksKernelThread::Current();
    os << " thread=" << (t != nullptr ? t->GetName() : "interrupt") << "]: " << what;
    PfhooksKernelLogRecord r;
    r.time = Simulator::Now();
    r.module = module;
    r.level = PFHOOKS_CE_PANIC;
    r.text = os.str();
    m_records.push_back(r);
    if (!m_sink.IsNull())
    {
        m_sink(r);
    }
    // Printed once, on standard error (the console's standard output may
    // be redirected into a file); then the machine stops, as a kernel panic
    // stops it: no destructors, no atexit handlers (they might run on a
    // kernel thread's stack), a documented exit status.
    std::cout.flush();
    std::cerr << r.time.As(Time::S) << " [" << r.module << "] " << r.text << std::endl;
    std::_Exit(PANIC_EXIT_STATUS);
}

} // namespace ns3
