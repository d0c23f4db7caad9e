/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_REPORT_H
#define PFHOOKS_REPORT_H

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The JSON report of a run (doc/report-format.md): run metadata, then the
 * standard sections collected when Write() is called (every node's kstats
 * including removed hooks, zones, modules, contract findings), then the
 * caller's own sections in the order they were set.
 *
 * Make one before the run (its wall clock starts then), check the output
 * path with CheckWritable() before any work, and Write() after
 * Simulator::Run() and before Simulator::Destroy():
 * \code
 *   PfhooksReport report("my-program", argc, argv);
 *   std::string err = PfhooksReport::CheckWritable(path); // "" or why not
 *   ... Simulator::Run();
 *   report.SetSection("traffic", "{\"sent\": 10}");
 *   err = report.Write(path);
 * \endcode
 */
class PfhooksReport
{
  public:
    /**
     * \param program the program's name (meta.program)
     * \param argc as main() got it
     * \param argv as main() got it (meta.command_line)
     */
    PfhooksReport(std::string program, int argc, char** argv);

    /**
     * \param path a file to write
     * \return "" when the file can be created or overwritten, else an error
     *         naming the path and the reason (no file is created)
     */
    static std::string CheckWritable(const std::string& path);

    /**
     * Adds (or replaces) a top-level section of the caller's.
     * \param name the key; not one of the standard sections
     * \param json its value as JSON text (checked by Write())
     */
    void SetSection(const std::string& name, const std::string& json);

    /**
     * Collects the standard sections now and writes the report.
     * \param path the file
     * \return "" or an error naming the path, or the section that is wrong
     */
    std::string Write(const std::string& path) const;

    /** \return the report as Write() would write it, or "" with *error set */
    std::string ToJson(std::string* error) const;

  private:
    std::string m_program;                                    //!< meta.program
    std::vector<std::string> m_commandLine;                   //!< meta.command_line
    std::chrono::steady_clock::time_point m_start;            //!< for meta.wall_seconds
    std::vector<std::pair<std::string, std::string>> m_extra; //!< caller sections, in order
};

} // namespace ns3

#endif /* PFHOOKS_REPORT_H */
