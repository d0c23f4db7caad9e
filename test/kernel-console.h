/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The simulated kernel's console, captured for one test: each line as
 * "<time>us <module>: <text>", with substring counting.
 */
#ifndef PFHOOKS_TEST_KERNEL_CONSOLE_H
#define PFHOOKS_TEST_KERNEL_CONSOLE_H

#include "ns3/callback.h"
#include "ns3/solaris-kernel.h"

#include <sstream>
#include <string>
#include <vector>

namespace pfhooks_test
{

/// Takes the console for its life and gives it back after.
struct KernelConsole
{
    std::vector<std::string> lines; //!< every line so far

    KernelConsole()
    {
        ns3::SolarisKernel::Get().SetLogSink(ns3::MakeCallback(&KernelConsole::Line, this));
    }

    ~KernelConsole()
    {
        ns3::SolarisKernel::Get().SetLogSink(ns3::SolarisKernel::LogSink());
    }

    KernelConsole(const KernelConsole&) = delete;
    KernelConsole& operator=(const KernelConsole&) = delete;

    void Line(const ns3::PfhooksKernelLogRecord& r)
    {
        std::ostringstream os;
        os << r.time.GetMicroSeconds() << "us " << r.module << ": " << r.text;
        lines.push_back(os.str());
    }

    /** How many lines contain \p what. */
    size_t Count(const std::string& what) const
    {
        size_t n = 0;
        for (const auto& l : lines)
        {
            n += l.find(what) != std::string::npos;
        }
        return n;
    }

    /** Whether a line contains \p what. */
    bool Has(const std::string& what) const
    {
        return Count(what) != 0;
    }
};

} // namespace pfhooks_test

#endif /* PFHOOKS_TEST_KERNEL_CONSOLE_H */
