/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_ELF_SYMBOLS_H
#define PFHOOKS_ELF_SYMBOLS_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The functions and variables of a module's file, from its ELF symbol
 * table (.symtab), by address: reports name a module's functions, and its
 * static ones are only there (dladdr sees exported symbols alone).
 */
class PfhooksElfSymbols
{
  public:
    /**
     * Reads the symbol table of a 64-bit ELF file; a file that is none, or
     * has no .symtab, leaves the table empty.
     * \param path the file
     */
    void Read(const std::string& path);

    /** Gives a symbol another name in reports (entry points renamed at build time). */
    void Rename(const std::string& from, const std::string& to);

    /**
     * \param offset an address relative to the object's load address
     * \return "name" or "name+0xoffset" of the symbol holding it, or "" when none does
     */
    std::string At(uintptr_t offset) const;

    /**
     * \param name a symbol name
     * \return true when the file uses that symbol from elsewhere (an
     *         undefined symbol: what the module calls in the kernel)
     */
    bool Imports(const std::string& name) const;

    /**
     * Finds a variable (a data object, static ones too) by name.
     * \param name the variable
     * \param offset receives its offset in the object
     * \param size receives its size in bytes
     * \return true when the file defines it
     */
    bool FindObject(const std::string& name, uintptr_t* offset, uintptr_t* size) const;

  private:
    /** One function or variable. */
    struct Symbol
    {
        uintptr_t value;  //!< its offset in the object
        uintptr_t size;   //!< its size (0: unknown)
        std::string name; //!< its name
        bool object;      //!< a variable (STT_OBJECT), not a function
    };

    std::vector<Symbol> m_symbols; //!< by address
    /// Undefined symbols (what the module calls elsewhere), sorted.
    std::vector<std::string> m_imports;
};

} // namespace ns3

#endif /* PFHOOKS_ELF_SYMBOLS_H */
