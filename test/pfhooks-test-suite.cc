/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The ns-3 face of the pfhooks tests, for an ns-3 source tree (contrib/pfhooks),
 * where test.py runs test suites instead of ctest running tests: the suite
 * "pfhooks" has one test case per GoogleTest test and one per command test
 * (pfhooks_command_test() in test/CMakeLists.txt), under the names ctest gives
 * them ('/' written ':': ns-3 forbids '/' in a name).  doc/building.md
 * compares the counts.
 */
#include "pfhooks-command-tests.h"

#include "ns3/abort.h"
#include "ns3/test.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <gtest/gtest.h>
#include <iostream>
#include <regex.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace ns3
{

namespace
{

/// One GoogleTest test, run in this process with a filter naming only it.
class PfhooksGtestCase : public TestCase
{
  public:
    explicit PfhooksGtestCase(const std::string& fullName)
        : TestCase(CaseName(fullName)),
          m_fullName(fullName)
    {
    }

    static std::string CaseName(std::string fullName)
    {
        for (char& c : fullName)
        {
            c = c == '/' ? ':' : c;
        }
        return fullName;
    }

  private:
    void DoRun() override
    {
        GTEST_FLAG_SET(filter, m_fullName);
        int rv = RUN_ALL_TESTS();
        const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
        NS_TEST_EXPECT_MSG_EQ(unit.test_to_run_count(), 1, m_fullName << ": the filter ran");
        NS_TEST_EXPECT_MSG_EQ(rv, 0, m_fullName << " failed (GoogleTest's output above)");
    }

    std::string m_fullName;
};

/// One command test: the command's output and exit status judged as ctest would.
class PfhooksCommandCase : public TestCase
{
  public:
    explicit PfhooksCommandCase(const PfhooksCommandTest& t)
        : TestCase(t.name),
          m_test(t)
    {
    }

  private:
    void DoRun() override
    {
        int status = 0;
        std::string output = RunCommand(&status);
        if (m_test.skipReturnCode >= 0 && status == m_test.skipReturnCode)
        {
            // ns-3 3.37 has no skipped state: counted as passed, said so.
            std::clog << GetName() << ": skipped (exit " << status << ")\n";
            return;
        }
        bool pass = status == 0;
        if (!m_test.regex.empty())
        {
            // CMake's regular expressions are POSIX extended ones for what we
            // use; without REG_NEWLINE '.' matches a newline, as in CMake.
            regex_t re;
            int rc = regcomp(&re, m_test.regex.c_str(), REG_EXTENDED | REG_NOSUB);
            NS_TEST_ASSERT_MSG_EQ(rc, 0, "bad regular expression " << m_test.regex);
            pass = regexec(&re, output.c_str(), 0, nullptr, 0) == 0;
            regfree(&re);
        }
        if (m_test.willFail)
        {
            pass = !pass;
        }
        NS_TEST_EXPECT_MSG_EQ(pass,
                              true,
                              GetName() << ": exit status " << status << ", output:\n"
                                        << output);
    }

    /// Runs the command with stdout and stderr on one pipe, as ctest does.
    std::string RunCommand(int* status) const
    {
        int fds[2];
        NS_ABORT_MSG_IF(pipe(fds) != 0, "pipe: " << std::strerror(errno));
        pid_t pid = fork();
        NS_ABORT_MSG_IF(pid < 0, "fork: " << std::strerror(errno));
        if (pid == 0)
        {
            dup2(fds[1], 1);
            dup2(fds[1], 2);
            close(fds[0]);
            close(fds[1]);
            std::vector<char*> argv;
            for (const std::string& a : m_test.argv)
            {
                argv.push_back(const_cast<char*>(a.c_str()));
            }
            argv.push_back(nullptr);
            if (chdir(m_test.workingDirectory.c_str()) == 0)
            {
                execvp(argv[0], argv.data());
            }
            std::fprintf(stderr, "%s: %s\n", argv[0], std::strerror(errno));
            _exit(127);
        }
        close(fds[1]);
        std::string output;
        char buf[4096];
        ssize_t n;
        while ((n = read(fds[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
        {
            output.append(buf, n > 0 ? n : 0);
        }
        close(fds[0]);
        int ws = 0;
        waitpid(pid, &ws, 0);
        *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
        return output;
    }

    const PfhooksCommandTest& m_test;
};

/// The suite test.py runs: `./test.py -s pfhooks`.
class PfhooksTestSuite : public TestSuite
{
  public:
    PfhooksTestSuite()
        : TestSuite("pfhooks", UNIT)
    {
    }

  private:
    // The cases are made here, not in the constructor: GoogleTest registers
    // its tests while this library's static objects are constructed, in an
    // order nobody controls, and instantiates parameterized ones only in
    // InitGoogleTest; by the time the suite runs, both have happened.
    void DoSetup() override
    {
        // Where ctest runs the tests, for the files some of them write.
        char* cwd = getcwd(nullptr, 0);
        m_cwd = cwd ? cwd : ".";
        std::free(cwd);
        NS_ABORT_MSG_IF(chdir(PFHOOKS_TEST_WORKING_DIR) != 0,
                        "cannot enter " << PFHOOKS_TEST_WORKING_DIR << ": "
                                        << std::strerror(errno));
        if (m_populated)
        {
            return;
        }
        m_populated = true;
        int argc = 1;
        char arg0[] = "test-runner";
        char* argv[] = {arg0, nullptr};
        ::testing::InitGoogleTest(&argc, argv);
        // Failures only: the cases' own lines say what ran.
        GTEST_FLAG_SET(brief, true);
        const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
        for (int i = 0; i < unit.total_test_suite_count(); ++i)
        {
            const ::testing::TestSuite& suite = *unit.GetTestSuite(i);
            for (int j = 0; j < suite.total_test_count(); ++j)
            {
                AddTestCase(new PfhooksGtestCase(std::string(suite.name()) + "." +
                                                 suite.GetTestInfo(j)->name()),
                            QUICK);
            }
        }
        for (const PfhooksCommandTest& t : kPfhooksCommandTests)
        {
            AddTestCase(new PfhooksCommandCase(t), QUICK);
        }
    }

    void DoTeardown() override
    {
        NS_ABORT_MSG_IF(chdir(m_cwd.c_str()) != 0, "cannot go back to " << m_cwd);
    }

    bool m_populated{false};
    std::string m_cwd; ///< the test runner's working directory
};

PfhooksTestSuite g_pfhooksTestSuite; ///< Registers the suite with the test runner.

} // namespace

} // namespace ns3
