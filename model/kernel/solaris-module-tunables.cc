/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Module tunables (SolarisModule's part): /etc/system's
 * "set module:variable=value", applied when the module is loaded, before
 * its _init, through the module's symbol table (illumos modsysfile.c and
 * mod_sysvar).
 */
#include "solaris-kernel.h"
#include "solaris-module.h"

#include "ns3/abort.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace ns3
{

std::string
SolarisModule::ParseTunable(const std::string& spec,
                            std::string* module,
                            std::string* variable,
                            std::string* value)
{
    std::size_t eq = spec.find('=');
    if (eq == std::string::npos)
    {
        return "tunable \"" + spec + "\": expected [module:]variable=value";
    }
    std::string lhs = spec.substr(0, eq);
    *value = spec.substr(eq + 1);
    std::size_t colon = lhs.find(':');
    *module = colon == std::string::npos ? "" : lhs.substr(0, colon);
    *variable = colon == std::string::npos ? lhs : lhs.substr(colon + 1);
    auto ident = [](const std::string& s) {
        if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
        {
            return false;
        }
        for (char c : s)
        {
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            {
                return false;
            }
        }
        return true;
    };
    if (!ident(*variable))
    {
        return "tunable \"" + spec + "\": \"" + *variable + "\" is not a C variable name";
    }
    if (colon != std::string::npos && module->empty())
    {
        return "tunable \"" + spec + "\": empty module name before ':'";
    }
    errno = 0;
    char* end = nullptr;
    const char* v = value->c_str();
    if (*v == '-')
    {
        (void)std::strtoll(v, &end, 0);
    }
    else
    {
        (void)std::strtoull(v, &end, 0);
    }
    if (value->empty() || *end != '\0' || errno == ERANGE)
    {
        return "tunable \"" + spec + "\": value \"" + *value +
               "\" is not an integer (decimal, 0x hex or 0 octal)";
    }
    return "";
}

std::string
SolarisModule::SetTunable(const std::string& variable, const std::string& value)
{
    std::string module;
    std::string var;
    std::string val;
    std::string err = ParseTunable(variable + "=" + value, &module, &var, &val);
    if (!err.empty())
    {
        return err;
    }
    int64_t v = val[0] == '-' ? std::strtoll(val.c_str(), nullptr, 0)
                              : static_cast<int64_t>(std::strtoull(val.c_str(), nullptr, 0));
    for (auto& t : m_tunables)
    {
        if (t.first == var)
        {
            t.second = v;
            return "";
        }
    }
    m_tunables.emplace_back(var, v);
    return "";
}

void
SolarisModule::SetTunablesSpec(std::string spec)
{
    m_tunables.clear();
    std::size_t start = 0;
    while (start < spec.size())
    {
        std::size_t comma = spec.find(',', start);
        std::string one =
            spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        std::size_t eq = one.find('=');
        std::string err = eq == std::string::npos
                              ? "tunable \"" + one + "\": expected variable=value"
                              : SetTunable(one.substr(0, eq), one.substr(eq + 1));
        NS_ABORT_MSG_IF(!err.empty(), "SolarisModule::Tunables: " << err);
        if (comma == std::string::npos)
        {
            break;
        }
        start = comma + 1;
    }
}

std::string
SolarisModule::GetTunablesSpec() const
{
    std::string s;
    for (const auto& t : m_tunables)
    {
        s += (s.empty() ? "" : ",") + t.first + "=" + std::to_string(t.second);
    }
    return s;
}

void
SolarisModule::ApplyTunables()
{
    // As the kernel applies /etc/system's "set module:variable=value" when
    // it loads the module, before _init: by the symbol table (statics too).
    for (const auto& [var, value] : m_tunables)
    {
        uintptr_t off = 0;
        uintptr_t size = 0;
        if (!m_symbols.FindObject(var, &off, &size))
        {
            SolarisKernel::Get().Log(nullptr,
                                     PFHOOKS_CE_WARN,
                                     "WARNING: sorry, variable '" + var +
                                         "' is not defined in the '" + m_name + "' module");
            continue;
        }
        void* addr = reinterpret_cast<void*>(m_base + off);
        switch (size)
        {
        case 1:
            *static_cast<uint8_t*>(addr) = static_cast<uint8_t>(value);
            break;
        case 2:
            *static_cast<uint16_t*>(addr) = static_cast<uint16_t>(value);
            break;
        case 4:
            *static_cast<uint32_t*>(addr) = static_cast<uint32_t>(value);
            break;
        case 8:
            *static_cast<uint64_t*>(addr) = static_cast<uint64_t>(value);
            break;
        default:
            SolarisKernel::Get().Log(nullptr,
                                     PFHOOKS_CE_WARN,
                                     "WARNING: variable '" + var + "' of the '" + m_name +
                                         "' module is " + std::to_string(size) +
                                         " bytes: not an integer; not set");
            continue;
        }
        SolarisKernel::Get().Log(nullptr,
                                 PFHOOKS_CE_NOTE,
                                 "NOTICE: " + m_name + ":" + var + " = " + std::to_string(value));
    }
}

} // namespace ns3
