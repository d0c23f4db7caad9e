/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-devices.h"

#include "pfhooks-cred.h"
#include "pfhooks-ddi.h"
#include "pfhooks-kernel-thread.h"
#include "solaris-kernel.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <cerrno>
#include <memory>

NS_LOG_COMPONENT_DEFINE("PfhooksDevices");

namespace ns3
{

namespace
{
constexpr int kOtypChr = 2; // illumos OTYP_CHR

typedef int (*OpenFn)(uint64_t*, int, int, struct cred*);
typedef int (*IoctlFn)(uint64_t, int, intptr_t, int, struct cred*, int*);
typedef int (*CloseFn)(uint64_t, int, int, struct cred*);

/// cb_ops's unprototyped entry point, as the generic function type its real one is cast from.
void (*Generic(int (*fn)()))()
{
    return reinterpret_cast<void (*)()>(fn);
}

/// The module whose driver has major number @p major (its module id), attached.
SolarisModule*
DriverOf(uint32_t major)
{
    for (SolarisModule* m : SolarisKernel::Get().GetModules())
    {
        if (m->GetId() == major && m->IsAttached() && m->GetDevInfo() != nullptr)
        {
            return m;
        }
    }
    return nullptr;
}

struct cb_ops*
CbOpsOf(SolarisModule* m)
{
    struct dev_ops* ops = m->GetDevOps();
    return ops != nullptr ? ops->devo_cb_ops : nullptr;
}

std::string
Hex(int v)
{
    char buf[16];
    std::snprintf(buf, sizeof(buf), "0x%x", static_cast<unsigned>(v));
    return buf;
}
} // namespace

uint64_t
PfhooksDevices::MakeDevice(uint32_t major, uint32_t minor)
{
    return (static_cast<uint64_t>(major) << 32) | minor;
}

uint32_t
PfhooksDevices::Minor(uint64_t dev)
{
    return static_cast<uint32_t>(dev & 0xffffffffU);
}

uint32_t
PfhooksDevices::Major(uint64_t dev)
{
    return static_cast<uint32_t>(dev >> 32);
}

const char*
PfhooksDevices::OpName(PfhooksDeviceOp op)
{
    switch (op)
    {
    case PFHOOKS_DEV_OPEN:
        return "open";
    case PFHOOKS_DEV_IOCTL:
        return "ioctl";
    case PFHOOKS_DEV_CLOSE:
        return "close";
    }
    return "?";
}

void
PfhooksDevices::ScheduleCall(Time at, const PfhooksDeviceCall& call, Done done)
{
    Simulator::Schedule(at - Simulator::Now(), [this, call, done]() {
        PfhooksDeviceResult r = Call(call, done);
        if (r.done && done)
        {
            done(r);
        }
    });
}

void
PfhooksDevices::SetZoneCheck(ZoneCheck check)
{
    m_zoneCheck = check;
}

uint64_t
PfhooksDevices::Lookup(const std::string& path, int* error) const
{
    std::string name = path;
    std::string driver;
    if (name.rfind("/dev/", 0) == 0)
    {
        name = name.substr(5);
    }
    else if (name.rfind("/devices/pseudo/", 0) == 0)
    {
        // /devices/pseudo/DRIVER@0:MINORNAME
        std::string rest = name.substr(16);
        std::size_t at = rest.find('@');
        std::size_t colon = rest.find(':');
        if (at == std::string::npos || colon == std::string::npos || colon < at)
        {
            *error = ENOENT;
            return 0;
        }
        driver = rest.substr(0, at);
        name = rest.substr(colon + 1);
    }
    for (SolarisModule* m : SolarisKernel::Get().GetModules())
    {
        if (!m->IsAttached() || m->GetDevInfo() == nullptr ||
            (!driver.empty() && driver != m->GetName()))
        {
            continue;
        }
        const dev_info* dip = m->GetDevInfo();
        for (std::size_t i = 0; i < dip->minors.size(); i++)
        {
            if (dip->minors[i] == name)
            {
                *error = 0;
                return MakeDevice(m->GetId(), dip->minorNums[i]);
            }
        }
    }
    *error = ENOENT;
    return 0;
}

PfhooksDeviceResult
PfhooksDevices::Call(const PfhooksDeviceCall& call, Done done)
{
    NS_LOG_FUNCTION(this << OpName(call.op) << call.path << call.dev << call.cmd);
    auto result = std::make_shared<PfhooksDeviceResult>();
    std::string target = call.op == PFHOOKS_DEV_OPEN
                             ? call.path
                             : "dev " + Hex(static_cast<int>(Major(call.dev))) + "," +
                                   std::to_string(Minor(call.dev));
    result->what = std::string(OpName(call.op)) + "(" + target +
                   (call.op == PFHOOKS_DEV_IOCTL ? ", " + Hex(call.cmd) : std::string()) +
                   ", zone " +
                   (call.zoneid < 0 ? std::string("kcred") : std::to_string(call.zoneid)) + ")";
    auto finish = [result](int error) {
        result->error = error;
        result->what += " = " + std::to_string(error);
        return *result;
    };
    if (call.zoneid >= 0 && m_zoneCheck && !m_zoneCheck(call.zoneid))
    {
        return finish(ESRCH); // no such zone: zone_get_kcred would fail
    }
    uint64_t dev = call.dev;
    if (call.op == PFHOOKS_DEV_OPEN)
    {
        int err = 0;
        dev = Lookup(call.path, &err);
        if (err != 0)
        {
            return finish(err);
        }
    }
    SolarisModule* m = DriverOf(Major(dev));
    struct cb_ops* cb = m != nullptr ? CbOpsOf(m) : nullptr;
    if (cb == nullptr)
    {
        return finish(ENXIO); // no such driver (any more), or no device entry points
    }
    result->dev = dev;
    struct cred* cr = call.zoneid < 0 ? PfhooksCreds::Kcred() : PfhooksCreds::ZoneCred(call.zoneid);
    PfhooksDeviceCall c = call;
    auto body = [result, cb, c, cr, dev]() {
        uint64_t d = dev;
        int err = ENXIO;
        switch (c.op)
        {
        case PFHOOKS_DEV_OPEN:
            if (cb->cb_open != nullptr)
            {
                err = reinterpret_cast<OpenFn>(Generic(cb->cb_open))(&d, c.flags, kOtypChr, cr);
            }
            result->dev = d;
            break;
        case PFHOOKS_DEV_IOCTL:
            if (cb->cb_ioctl != nullptr)
            {
                err = reinterpret_cast<IoctlFn>(
                    Generic(cb->cb_ioctl))(d, c.cmd, c.arg, c.flags, cr, &result->rval);
            }
            break;
        case PFHOOKS_DEV_CLOSE:
            if (cb->cb_close != nullptr)
            {
                err = reinterpret_cast<CloseFn>(Generic(cb->cb_close))(d, c.flags, kOtypChr, cr);
            }
            break;
        }
        result->error = err;
    };
    result->error = EINTR; // what a call whose module went while it slept returns
    auto synchronous = std::make_shared<bool>(true);
    Ptr<PfhooksKernelThread> t =
        Create<PfhooksKernelThread>(m->GetName() + ":" + OpName(call.op), body);
    t->OnExit([result, cr, c, done, synchronous]() {
        if (c.zoneid >= 0)
        {
            PfhooksCreds::Free(cr);
        }
        result->what += " = " + std::to_string(result->error);
        if (c.op == PFHOOKS_DEV_IOCTL)
        {
            result->what += " (rval " + std::to_string(result->rval) + ")";
        }
        if (done && !*synchronous)
        {
            done(*result); // the entry point slept: its caller hears now
        }
    });
    t->Start();
    if (!t->IsDone())
    {
        *synchronous = false;
        PfhooksDeviceResult pending = *result;
        pending.done = false;
        return pending;
    }
    return *result;
}

} // namespace ns3
