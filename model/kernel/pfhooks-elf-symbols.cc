/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-elf-symbols.h"

#include "ns3/log.h"

#include <algorithm>
#include <cstring>
#include <elf.h>
#include <fstream>
#include <iterator>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("PfhooksElfSymbols");

namespace ns3
{

void
PfhooksElfSymbols::Read(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    m_symbols.clear();
    m_imports.clear();
    std::ifstream in(path, std::ios::binary);
    std::vector<char> f((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (f.size() < sizeof(Elf64_Ehdr) || std::memcmp(f.data(), ELFMAG, SELFMAG) != 0 ||
        f[EI_CLASS] != ELFCLASS64)
    {
        return;
    }
    const auto* eh = reinterpret_cast<const Elf64_Ehdr*>(f.data());
    if (eh->e_shoff == 0 || eh->e_shoff + eh->e_shnum * sizeof(Elf64_Shdr) > f.size())
    {
        return;
    }
    const auto* sh = reinterpret_cast<const Elf64_Shdr*>(f.data() + eh->e_shoff);
    for (int i = 0; i < eh->e_shnum; ++i)
    {
        if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
        {
            continue;
        }
        const Elf64_Shdr& strs = sh[sh[i].sh_link];
        if (sh[i].sh_offset + sh[i].sh_size > f.size() || strs.sh_offset + strs.sh_size > f.size())
        {
            return;
        }
        const auto* syms = reinterpret_cast<const Elf64_Sym*>(f.data() + sh[i].sh_offset);
        for (size_t k = 0; k < sh[i].sh_size / sizeof(Elf64_Sym); ++k)
        {
            int type = ELF64_ST_TYPE(syms[k].st_info);
            if (syms[k].st_shndx == SHN_UNDEF && syms[k].st_name != 0 &&
                syms[k].st_name < strs.sh_size)
            {
                m_imports.emplace_back(f.data() + strs.sh_offset + syms[k].st_name);
                continue;
            }
            if ((type == STT_FUNC || type == STT_OBJECT) && syms[k].st_value != 0 &&
                syms[k].st_name < strs.sh_size)
            {
                std::string name(f.data() + strs.sh_offset + syms[k].st_name);
                m_symbols.push_back(
                    Symbol{syms[k].st_value, syms[k].st_size, name, type == STT_OBJECT});
            }
        }
    }
    std::sort(m_symbols.begin(), m_symbols.end(), [](const Symbol& a, const Symbol& b) {
        return a.value < b.value;
    });
    std::sort(m_imports.begin(), m_imports.end());
}

bool
PfhooksElfSymbols::Imports(const std::string& name) const
{
    return std::binary_search(m_imports.begin(), m_imports.end(), name);
}

void
PfhooksElfSymbols::Rename(const std::string& from, const std::string& to)
{
    for (auto& s : m_symbols)
    {
        if (s.name == from)
        {
            s.name = to;
        }
    }
}

std::string
PfhooksElfSymbols::At(uintptr_t off) const
{
    auto it =
        std::upper_bound(m_symbols.begin(), m_symbols.end(), off, [](uintptr_t v, const Symbol& s) {
            return v < s.value;
        });
    if (it == m_symbols.begin())
    {
        return "";
    }
    --it;
    if (off >= it->value + std::max<uintptr_t>(it->size, 1))
    {
        return "";
    }
    std::ostringstream os;
    os << it->name;
    if (off != it->value)
    {
        os << "+0x" << std::hex << off - it->value;
    }
    return os.str();
}

bool
PfhooksElfSymbols::FindObject(const std::string& name, uintptr_t* offset, uintptr_t* size) const
{
    for (const Symbol& s : m_symbols)
    {
        if (s.object && s.name == name)
        {
            *offset = s.value;
            *size = s.size;
            return true;
        }
    }
    return false;
}

} // namespace ns3
