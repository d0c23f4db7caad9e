/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The JSON report (PfhooksReport, doc/report-format.md): its sections and
 * metadata, kstats rows equal to CollectKstats, caller sections in order,
 * bad sections and paths refused with the reason, the same bytes from the
 * same run apart from the run-dependent fields.
 */
#include "scenario.h"

#include "ns3/pfhooks-contract-checker.h"
#include "ns3/pfhooks-report.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

int g_seen = 0;

int
DropEveryThird(PacketHookContext&)
{
    return ++g_seen % 3 == 0;
}

/** Runs the chain with a dropping hook on the router and returns the report text. */
std::string
RunAndReport(const std::string& extraName, const std::string& extraJson, std::string* error)
{
    g_seen = 0;
    Scenario s;
    EXPECT_EQ(s.Ip(1)->AddPacketHook("NHF_INET", "PHYSICAL_IN", "dropper", &DropEveryThird), 0);
    s.Traffic(30);
    char arg0[] = "report-test";
    char arg1[] = "--x=1";
    char* argv[] = {arg0, arg1, nullptr};
    PfhooksReport report("report-test", 2, argv);
    s.Run();
    report.SetSection("first", "{\"b\": 1, \"a\": [1, 2]}");
    if (!extraName.empty())
    {
        report.SetSection(extraName, extraJson);
    }
    return report.ToJson(error);
}

TEST(ReportTest, SectionsMetadataAndKstats)
{
    // The checker's findings are the process's (doc/python.md): earlier
    // tests in the same process may have left some.
    PfhooksContractChecker::Get().Clear();
    std::string error = "unset";
    std::string text = RunAndReport("traffic", "{\"sent\": 30}", &error);
    ASSERT_EQ(error, "");
    nlohmann::ordered_json r = nlohmann::ordered_json::parse(text);
    std::vector<std::string> keys;
    for (auto it = r.begin(); it != r.end(); ++it)
    {
        keys.push_back(it.key());
    }
    EXPECT_EQ(keys,
              (std::vector<std::string>{"schema",
                                        "version",
                                        "meta",
                                        "kstats",
                                        "zones",
                                        "modules",
                                        "findings",
                                        "first",
                                        "traffic"}));
    EXPECT_EQ(r["schema"], "pfhooks-report");
    EXPECT_EQ(r["version"], 1);
    EXPECT_EQ(r["meta"]["program"], "report-test");
    EXPECT_EQ(r["meta"]["command_line"], nlohmann::ordered_json::array({"report-test", "--x=1"}));
    EXPECT_EQ(r["meta"]["seed"], RngSeedManager::GetSeed());
    EXPECT_EQ(r["meta"]["run"], RngSeedManager::GetRun());
    EXPECT_EQ(r["meta"]["sim_seconds"], 3.0);
    EXPECT_GE(r["meta"]["wall_seconds"].get<double>(), 0.0);
    EXPECT_NE(r["meta"]["pfhooks_version"], "unknown");
    EXPECT_EQ(r["meta"]["ns3_version"], "3.37");
    // The caller's section kept its own key order.
    EXPECT_EQ(r["first"].dump(), "{\"b\":1,\"a\":[1,2]}");
    EXPECT_EQ(r["traffic"]["sent"], 30);
    // The router's hook row: 30 runs, 10 drops; the event's row agrees.
    bool hookRow = false;
    bool eventRow = false;
    for (const auto& row : r["kstats"])
    {
        if (row["node"] == 1 && row["family"] == "NHF_INET" && row["event"] == "PHYSICAL_IN")
        {
            if (row.contains("hook"))
            {
                hookRow = true;
                EXPECT_EQ(row["hook"], "dropper");
                EXPECT_EQ(row["hook_hits"], 30);
                EXPECT_EQ(row["hook_drops"], 10);
            }
            else
            {
                eventRow = true;
                EXPECT_EQ(row["dropped"], 10);
                EXPECT_EQ(row["accepted"], 20);
            }
        }
    }
    EXPECT_TRUE(hookRow);
    EXPECT_TRUE(eventRow);
    EXPECT_EQ(r["zones"], nlohmann::ordered_json::array());
    EXPECT_EQ(r["findings"]["contract_count"], 0);
}

TEST(ReportTest, SameRunSameBytesApartFromTheRunDependentFields)
{
    std::string e1;
    std::string e2;
    auto strip = [](const std::string& text) {
        nlohmann::ordered_json r = nlohmann::ordered_json::parse(text);
        r["meta"].erase("wall_seconds");
        // netids go on counting across runs in one process (a new process
        // starts again at 0): not what this compares.
        for (auto& row : r["kstats"])
        {
            row.erase("netid");
        }
        return r.dump();
    };
    std::string a = RunAndReport("", "", &e1);
    std::string b = RunAndReport("", "", &e2);
    ASSERT_EQ(e1, "");
    ASSERT_EQ(e2, "");
    EXPECT_TRUE(strip(a) == strip(b));
    // One kstats row per line, as --kstats=FILE.json writes them.
    EXPECT_NE(a.find("\n    {\"node\":1,\"netid\":"), std::string::npos);
}

TEST(ReportTest, BadSectionsAreRefusedWithTheirName)
{
    std::string error;
    EXPECT_EQ(RunAndReport("kstats", "[]", &error), "");
    EXPECT_EQ(error, "report section \"kstats\" is one of the standard sections");
    EXPECT_EQ(RunAndReport("mine", "{\"a\": ", &error), "");
    EXPECT_EQ(error, "report section \"mine\": not valid JSON");
}

TEST(ReportTest, CheckWritableNamesThePathAndTheReason)
{
    EXPECT_EQ(PfhooksReport::CheckWritable(""), "report file: empty path");
    EXPECT_EQ(PfhooksReport::CheckWritable("/nonexistent-dir/r.json"),
              "cannot write /nonexistent-dir/r.json: no directory /nonexistent-dir");
    EXPECT_EQ(PfhooksReport::CheckWritable("/"), "cannot write /: it is a directory");
    EXPECT_EQ(PfhooksReport::CheckWritable("report-test-out.json"), "");
    // Checking creates nothing.
    EXPECT_FALSE(std::ifstream("report-test-out.json").good());
}

TEST(ReportTest, WriteWritesWhatToJsonReturns)
{
    Scenario s;
    PfhooksReport report("w", 0, nullptr);
    s.Run(0.5);
    ASSERT_EQ(report.Write("report-test-write.json"), "");
    std::ifstream in("report-test-write.json");
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::ordered_json r = nlohmann::ordered_json::parse(text.str());
    EXPECT_EQ(r["schema"], "pfhooks-report");
    EXPECT_EQ(r["meta"]["command_line"], nlohmann::ordered_json::array());
    EXPECT_EQ(r["kstats"].size(), CollectKstats(*s.Ip(0)).size() * 3);
    std::remove("report-test-write.json");
    EXPECT_EQ(report.Write("/nonexistent-dir/r.json"), "cannot write /nonexistent-dir/r.json");
}

} // namespace
