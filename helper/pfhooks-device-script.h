/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_DEVICE_SCRIPT_H
#define PFHOOKS_DEVICE_SCRIPT_H

#include "ns3/pfhooks-devices.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * Calls on modules' devices at given simulated times, written as the
 * runner's --device options:
 *
 *   T,PATH,open[,zone=Z][,flags=F]      open (F: rw (default), r, w, or a number)
 *   T,PATH,ioctl,CMD[,arg=HEX][,zone=Z] ioctl; HEX is the caller's buffer, in bytes
 *   T,PATH,close[,zone=Z]               close
 *
 * T is simulated seconds, Z a zone id (the instance's netid) or kcred
 * (the default), or node=N for the zone of node N's instance when the
 * call is made (ESRCH when none runs); CMD is an integer (0x... allowed).  An ioctl or close
 * uses the dev_t of the last successful open of PATH (EBADF without one).
 * Each call's result is kept as a line: time, the call, the errno value
 * (with its name), for an ioctl *rvalp and the buffer after the call.
 */
class PfhooksDeviceScript
{
  public:
    /** Adds a call. \return "" or an error naming what is wrong with @p spec */
    std::string Add(const std::string& spec);
    /** Schedules every call added (once, before Simulator::Run). */
    void Schedule();

    /** \return a line per finished call, in the order they finished */
    const std::vector<std::string>& GetResults() const
    {
        return m_results;
    }

    /** A finished call, for reports (the scenario runner's `devices`). */
    struct Outcome
    {
        std::size_t step{0}; //!< the call's place in the order Add() got them
        std::string call;    //!< "ioctl(/dev/x, 0x..., zone 1)"
        double at{0};        //!< simulated seconds the call was made
        double doneAt{0};    //!< and when it returned (later if it slept)
        int zoneid{-1};      //!< the caller's zone, -1 kcred
        int error{0};        //!< the errno value
        int rval{0};         //!< ioctl: *rvalp
        bool hasArg{false};  //!< ioctl: a buffer was given
        std::string arg;     //!< ioctl: the buffer after the call, hex
    };

    /** \return every finished call, in the order they finished */
    const std::vector<Outcome>& GetOutcomes() const
    {
        return m_outcomes;
    }

    /** \return "EPERM" for EPERM, ..., or the number */
    static std::string ErrnoName(int err);

  private:
    /** One call to make. */
    struct Step
    {
        double at{0};                         //!< simulated seconds
        std::string path;                     //!< the node's path
        PfhooksDeviceOp op{PFHOOKS_DEV_OPEN}; //!< what
        int cmd{0};                           //!< ioctl command
        std::vector<uint8_t> arg;             //!< ioctl buffer (the caller's memory)
        bool hasArg{false};                   //!< arg= given
        int zoneid{-1};                       //!< -1: kcred
        int node{-1};                         //!< >= 0: the zone of this node's instance
        int flags{3};                         //!< FREAD|FWRITE
    };

    void Run(Step* s);

    std::vector<Step> m_steps;
    std::map<std::string, uint64_t> m_open; //!< path -> dev_t of its last open
    std::vector<std::string> m_results;
    std::vector<Outcome> m_outcomes;
};

} // namespace ns3

#endif /* PFHOOKS_DEVICE_SCRIPT_H */
