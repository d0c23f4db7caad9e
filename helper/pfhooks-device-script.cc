/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-device-script.h"

#include "pfhooks-helper.h"

#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/simulator.h"
#include "ns3/solaris-kernel.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("PfhooksDeviceScript");

namespace ns3
{

namespace
{
std::vector<std::string>
Split(const std::string& s)
{
    std::vector<std::string> out;
    std::string::size_type start = 0;
    while (true)
    {
        std::string::size_type comma = s.find(',', start);
        out.push_back(s.substr(start, comma == std::string::npos ? comma : comma - start));
        if (comma == std::string::npos)
        {
            return out;
        }
        start = comma + 1;
    }
}

bool
ParseLong(const std::string& s, long* out)
{
    if (s.empty())
    {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    *out = std::strtol(s.c_str(), &end, 0);
    return *end == '\0' && errno == 0;
}

std::string
Hex(const std::vector<uint8_t>& b)
{
    std::string s;
    char buf[4];
    for (uint8_t c : b)
    {
        std::snprintf(buf, sizeof(buf), "%02x", c);
        s += buf;
    }
    return s;
}
} // namespace

std::string
PfhooksDeviceScript::ErrnoName(int err)
{
    static const std::map<int, const char*> names = {
        {0, "0"},           {EPERM, "EPERM"},   {ENOENT, "ENOENT"},   {ESRCH, "ESRCH"},
        {EINTR, "EINTR"},   {EIO, "EIO"},       {ENXIO, "ENXIO"},     {EBADF, "EBADF"},
        {EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"}, {EACCES, "EACCES"},   {EFAULT, "EFAULT"},
        {EBUSY, "EBUSY"},   {EEXIST, "EEXIST"}, {ENODEV, "ENODEV"},   {EINVAL, "EINVAL"},
        {ENOTTY, "ENOTTY"}, {ERANGE, "ERANGE"}, {ENOTSUP, "ENOTSUP"}, {ESHUTDOWN, "ESHUTDOWN"}};
    auto it = names.find(err);
    return it != names.end() ? it->second : std::to_string(err);
}

std::string
PfhooksDeviceScript::Add(const std::string& spec)
{
    std::vector<std::string> f = Split(spec);
    Step s;
    char* end = nullptr;
    if (f.size() < 3 || f[0].empty() || (s.at = std::strtod(f[0].c_str(), &end), *end != '\0') ||
        s.at < 0)
    {
        return "--device=" + spec + ": expected T,PATH,open|ioctl|close[,...] with T >= 0 seconds";
    }
    s.path = f[1];
    if (s.path.empty())
    {
        return "--device=" + spec + ": empty path";
    }
    std::size_t next = 3;
    if (f[2] == "open")
    {
        s.op = PFHOOKS_DEV_OPEN;
    }
    else if (f[2] == "close")
    {
        s.op = PFHOOKS_DEV_CLOSE;
    }
    else if (f[2] == "ioctl")
    {
        s.op = PFHOOKS_DEV_IOCTL;
        long cmd = 0;
        if (f.size() < 4 || !ParseLong(f[3], &cmd))
        {
            return "--device=" + spec + ": ioctl needs an integer command after it";
        }
        s.cmd = static_cast<int>(cmd);
        next = 4;
    }
    else
    {
        return "--device=" + spec + ": \"" + f[2] + "\" is none of open, ioctl, close";
    }
    for (std::size_t i = next; i < f.size(); i++)
    {
        const std::string& kv = f[i];
        std::string::size_type eq = kv.find('=');
        std::string key = kv.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : kv.substr(eq + 1);
        long n = 0;
        if (key == "zone" && value == "kcred")
        {
            s.zoneid = -1;
            s.node = -1;
        }
        else if (key == "node" && ParseLong(value, &n) && n >= 0)
        {
            s.node = static_cast<int>(n);
        }
        else if (key == "zone" && ParseLong(value, &n) && n >= 0)
        {
            s.zoneid = static_cast<int>(n);
            s.node = -1;
        }
        else if (key == "flags" && s.op != PFHOOKS_DEV_IOCTL &&
                 (value == "rw" || value == "r" || value == "w" || ParseLong(value, &n)))
        {
            s.flags = value == "rw" ? 3 : value == "r" ? 1 : value == "w" ? 2 : static_cast<int>(n);
        }
        else if (key == "arg" && s.op == PFHOOKS_DEV_IOCTL && value.size() % 2 == 0 &&
                 value.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos)
        {
            s.hasArg = true;
            for (std::size_t k = 0; k < value.size(); k += 2)
            {
                s.arg.push_back(static_cast<uint8_t>(std::stoul(value.substr(k, 2), nullptr, 16)));
            }
        }
        else
        {
            return "--device=" + spec + ": bad option \"" + kv +
                   "\" (zone=ID|kcred, node=N, flags=rw|r|w|N for open and close, arg=HEX for "
                   "ioctl)";
        }
    }
    m_steps.push_back(s);
    return "";
}

void
PfhooksDeviceScript::Schedule()
{
    for (Step& s : m_steps)
    {
        Simulator::Schedule(Seconds(s.at), [this, &s]() { Run(&s); });
    }
}

void
PfhooksDeviceScript::Run(Step* s)
{
    PfhooksDeviceCall c;
    c.op = s->op;
    c.path = s->path;
    c.cmd = s->cmd;
    c.zoneid = s->zoneid;
    const double at = Simulator::Now().GetSeconds();
    const std::size_t step = s - m_steps.data();
    if (s->node >= 0)
    {
        // The zone that node runs now: a reboot gives it another netid.
        Ptr<PfhooksIpInstance> ip = static_cast<uint32_t>(s->node) < NodeList::GetNNodes()
                                        ? PfhooksHelper::GetInstance(NodeList::GetNode(s->node))
                                        : nullptr;
        if (!ip || !ip->IsRunning())
        {
            std::ostringstream call;
            call << PfhooksDevices::OpName(s->op) << "(" << s->path << ", node " << s->node << ")";
            std::ostringstream line;
            line << Simulator::Now().As(Time::S) << " " << call.str()
                 << " = ESRCH (no zone runs there)";
            m_results.push_back(line.str());
            m_outcomes.push_back(Outcome{step, call.str(), at, at, -1, ESRCH, 0, false, ""});
            return;
        }
        c.zoneid = static_cast<int>(ip->GetNetid());
    }
    c.flags = s->op == PFHOOKS_DEV_IOCTL ? 0 : s->flags;
    c.arg = s->hasArg ? reinterpret_cast<intptr_t>(s->arg.data()) : 0;
    std::ostringstream head;
    head << Simulator::Now().As(Time::S) << " " << PfhooksDevices::OpName(s->op) << "(" << s->path;
    if (s->op == PFHOOKS_DEV_IOCTL)
    {
        head << ", 0x" << std::hex << static_cast<unsigned>(s->cmd) << std::dec;
    }
    head << ", zone " << (c.zoneid < 0 ? std::string("kcred") : std::to_string(c.zoneid)) << ")";
    if (s->op != PFHOOKS_DEV_OPEN)
    {
        auto it = m_open.find(s->path);
        if (it == m_open.end())
        {
            m_results.push_back(head.str() + " = EBADF (not open)");
            std::string call = head.str().substr(head.str().find(' ') + 1);
            m_outcomes.push_back(Outcome{step, call, at, at, c.zoneid, EBADF, 0, false, ""});
            return;
        }
        c.dev = it->second;
    }
    std::string start = head.str();
    const int zoneid = c.zoneid;
    auto done = [this, s, start, step, at, zoneid](const PfhooksDeviceResult& r) {
        Outcome o{step,
                  start.substr(start.find(' ') + 1),
                  at,
                  Simulator::Now().GetSeconds(),
                  zoneid,
                  r.error,
                  0,
                  false,
                  ""};
        std::string line = start + " = " + ErrnoName(r.error);
        if (s->op == PFHOOKS_DEV_OPEN && r.error == 0)
        {
            m_open[s->path] = r.dev;
        }
        if (s->op == PFHOOKS_DEV_CLOSE && r.error == 0)
        {
            m_open.erase(s->path);
        }
        if (s->op == PFHOOKS_DEV_IOCTL)
        {
            line += ", rval " + std::to_string(r.rval);
            o.rval = r.rval;
            if (s->hasArg)
            {
                line += ", arg " + Hex(s->arg);
                o.hasArg = true;
                o.arg = Hex(s->arg);
            }
        }
        std::ostringstream when;
        when << Simulator::Now().As(Time::S);
        if (when.str() != start.substr(0, start.find(' ')))
        {
            line += " (at " + when.str() + ")"; // the entry point slept
        }
        m_results.push_back(line);
        m_outcomes.push_back(o);
    };
    PfhooksDeviceResult r = SolarisKernel::Get().Devices().Call(c, done);
    if (r.done)
    {
        done(r);
    }
}

} // namespace ns3
