/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_DEVICES_H
#define PFHOOKS_DEVICES_H

#include "ns3/nstime.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/** The three calls a process makes on a character device. \ingroup pfhooks */
enum PfhooksDeviceOp
{
    PFHOOKS_DEV_OPEN,
    PFHOOKS_DEV_IOCTL,
    PFHOOKS_DEV_CLOSE
};

/**
 * \ingroup pfhooks
 * One call on a module's device, as a process in a zone makes it.
 */
struct PfhooksDeviceCall
{
    PfhooksDeviceOp op{PFHOOKS_DEV_OPEN}; //!< what to call
    std::string path; //!< open: "/dev/NAME", "NAME" or "/devices/pseudo/DRV@0:NAME"
    uint64_t dev{0};  //!< ioctl, close: the dev_t open returned
    int flags{0}; //!< open, close: FREAD|FWRITE|...; ioctl: the mode (FKIOCTL for kernel buffers)
    int cmd{0};   //!< ioctl: the command
    intptr_t arg{0}; //!< ioctl: the argument (the address of the caller's buffer)
    int zoneid{0};   //!< the caller's zone (its root's credential); -1: kcred
};

/** What a device call returned. \ingroup pfhooks */
struct PfhooksDeviceResult
{
    int error{0};     //!< 0, or an errno value (the entry point's, or ENXIO/ENODEV/EBADF/EINVAL)
    int rval{0};      //!< ioctl: *rvalp as the driver set it
    uint64_t dev{0};  //!< open: the dev_t (a cloning open may change the minor)
    bool done{true};  //!< false while the entry point sleeps (the result comes later)
    std::string what; //!< "open(/dev/ipd) = 0", for reports
};

/**
 * \ingroup pfhooks
 * The device face of the simulated kernel (illumos specfs and the
 * cb_ops(9S) path): a driver's minor nodes (ddi_create_minor_node) are
 * opened, ioctl'ed and closed with the credential of a chosen zone, through
 * a dev_t (major: the driver's module, minor: the node's minor number) and
 * the driver's cb_open/cb_ioctl/cb_close, each on a kernel thread of its
 * own (an entry point may sleep, as in a process's context).  ioctl
 * arguments are the caller's addresses: ddi_copyin/ddi_copyout copy from
 * and to them.
 */
class PfhooksDevices
{
  public:
    /** What is told of a finished call. */
    typedef std::function<void(const PfhooksDeviceResult&)> Done;
    /** Whether a zone exists (set by the layers that know zones). */
    typedef std::function<bool(int zoneid)> ZoneCheck;

    /**
     * Makes a call now.  \return its result; when the entry point sleeps,
     * done is false and @p done (if any) gets the result later
     */
    PfhooksDeviceResult Call(const PfhooksDeviceCall& call, Done done = Done());

    /**
     * Makes a call at simulated time @p at; @p done gets its result when it
     * has finished (after any sleep of the entry point).
     */
    void ScheduleCall(Time at, const PfhooksDeviceCall& call, Done done);

    /** Sets the zone check (default: every zone id >= 0 exists). */
    void SetZoneCheck(ZoneCheck check);

    /** \return the dev_t of a path, or 0 with *error set (ENOENT: no such node) */
    uint64_t Lookup(const std::string& path, int* error) const;

    /** \return illumos makedevice(): major in the high 32 bits */
    static uint64_t MakeDevice(uint32_t major, uint32_t minor);
    /** \return getminor() */
    static uint32_t Minor(uint64_t dev);
    /** \return getmajor() */
    static uint32_t Major(uint64_t dev);

    /** \return "open", "ioctl", "close" */
    static const char* OpName(PfhooksDeviceOp op);

  private:
    ZoneCheck m_zoneCheck;
};

} // namespace ns3

#endif /* PFHOOKS_DEVICES_H */
