/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The kstats time series (PfhooksKstatsSeries), the totals of removed hooks
 * (one row per hook name however often it re-registers), the progress
 * output (PfhooksProgress) and the measurement options (PfhooksMeasurement).
 */
#include "scenario.h"

#include "ns3/pfhooks-kstats-series.h"
#include "ns3/pfhooks-measurement.h"
#include "ns3/pfhooks-progress.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

int g_runs = 0;

int
DropEveryOther(PacketHookContext&)
{
    return ++g_runs % 2 == 0;
}

/** The router's hook row of a sample, or null. */
const PfhooksKstatRow*
HookRow(const PfhooksKstatsSeries::Sample& s, const std::string& hook, bool removed)
{
    for (const PfhooksKstatRow& r : s.rows)
    {
        if (r.node == 1 && r.hook == hook && r.removed == removed && r.family == "NHF_INET" &&
            r.event == "PHYSICAL_IN")
        {
            return &r;
        }
    }
    return nullptr;
}

TEST(KstatsSeriesTest, SamplesAtTheIntervalWithTheCountsOfTheirTime)
{
    g_runs = 0;
    Scenario s;
    ASSERT_EQ(s.Ip(1)->AddPacketHook("NHF_INET", "PHYSICAL_IN", "half", &DropEveryOther), 0);
    s.Traffic(1000); // 1 ms apart from 1 s: 1.000 .. 1.999 s
    PfhooksKstatsSeries series;
    series.Start(MilliSeconds(250), Seconds(3));
    s.Run(3);
    series.Finish();
    const auto& samples = series.GetSamples();
    // 0, 0.25, ..., 3.0: 13 samples; Finish adds none at 3 s (taken then).
    ASSERT_EQ(samples.size(), 13u);
    for (size_t k = 0; k < samples.size(); k++)
    {
        EXPECT_DOUBLE_EQ(samples[k].t, 0.25 * k);
    }
    // Before the traffic nothing ran; after it every datagram did.
    ASSERT_NE(HookRow(samples[4], "half", false), nullptr);
    EXPECT_EQ(HookRow(samples[4], "half", false)->hits, 0u);
    const PfhooksKstatRow* mid = HookRow(samples[6], "half", false); // 1.5 s
    ASSERT_NE(mid, nullptr);
    EXPECT_GT(mid->hits, 400u);
    EXPECT_LT(mid->hits, 600u);
    EXPECT_EQ(HookRow(samples[12], "half", false)->hits, 1000u);
    EXPECT_EQ(HookRow(samples[12], "half", false)->drops, 500u);
    // Never fewer: the counters only grow.
    for (size_t k = 1; k < samples.size(); k++)
    {
        EXPECT_GE(HookRow(samples[k], "half", false)->hits,
                  HookRow(samples[k - 1], "half", false)->hits);
    }

    // JSON: the schema of doc/report-format.md, a row per sample and row.
    std::ostringstream json;
    series.WriteTo(json, KSTATS_JSON);
    nlohmann::json j = nlohmann::json::parse(json.str());
    EXPECT_EQ(j["schema"], "pfhooks-kstats-series");
    EXPECT_EQ(j["version"], 1);
    EXPECT_EQ(j["interval_s"], 0.25);
    ASSERT_EQ(j["samples"].size(), 13u);
    EXPECT_EQ(j["samples"][6]["t"], 1.5);
    EXPECT_EQ(j["samples"][6]["rows"].size(), samples[6].rows.size());
    // CSV: a header with time_s first, one line per sample and row.
    std::ostringstream csv;
    series.WriteTo(csv, KSTATS_CSV);
    std::istringstream lines(csv.str());
    std::string line;
    std::getline(lines, line);
    EXPECT_EQ(line.rfind("time_s,node,netid,family,event,hook,", 0), 0u);
    size_t n = 0;
    while (std::getline(lines, line))
    {
        n++;
    }
    EXPECT_EQ(n, 13u * samples[0].rows.size());
}

/** Schedules n register/unregister cycles of the same hook name, 10 ms apart. */
void
Churn(Ptr<PfhooksIpInstance> ip, int left)
{
    if (left == 0)
    {
        return;
    }
    EXPECT_EQ(ip->RemoveHook("NHF_INET", "PHYSICAL_IN", "again"), 0);
    EXPECT_EQ(ip->AddPacketHook("NHF_INET", "PHYSICAL_IN", "again", &DropEveryOther), 0);
    Simulator::Schedule(MilliSeconds(1), &Churn, ip, left - 1);
}

TEST(KstatsSeriesTest, RemovedHooksKeepTheirTotalsInOneRowPerName)
{
    g_runs = 0;
    Scenario s;
    Ptr<PfhooksIpInstance> router = s.Ip(1);
    ASSERT_EQ(router->AddPacketHook("NHF_INET", "PHYSICAL_IN", "again", &DropEveryOther), 0);
    s.Traffic(1000);
    // A re-registration every ms while the datagrams pass: 900 of them.
    Simulator::Schedule(Seconds(1.05), &Churn, router, 900);
    PfhooksKstatsSeries series;
    series.Start(MilliSeconds(500), Seconds(3));
    s.Run(3);
    series.Finish();
    Ptr<PfhooksHookEvent> ev = router->GetEvent(PFH_INET, PFH_PHYSICAL_IN);
    // The live hook, and one row for all 900 that went.
    ASSERT_EQ(ev->GetHookKstats().size(), 1u);
    std::vector<PfhooksHookKstat> gone = ev->GetRemovedHookKstats();
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_TRUE(gone[0].removed);
    EXPECT_EQ(gone[0].name, "again");
    uint64_t live = ev->GetHookKstats()[0].hits;
    EXPECT_EQ(gone[0].hits + live, 1000u);
    EXPECT_EQ(gone[0].drops + ev->GetHookKstats()[0].drops, 500u);
    EXPECT_EQ(ev->GetHooksRemoved(), 900u);
    // The series: the same number of rows in every sample once the hook
    // had gone once (bounded), the removed row's totals growing.
    const auto& samples = series.GetSamples();
    ASSERT_EQ(samples.size(), 7u);
    EXPECT_EQ(samples[3].rows.size(), samples[6].rows.size());
    EXPECT_EQ(samples[3].rows.size(), samples[0].rows.size() + 1);
    ASSERT_NE(HookRow(samples[6], "again", true), nullptr);
    EXPECT_EQ(HookRow(samples[6], "again", true)->hits, gone[0].hits);
    // Without withRemoved (the C face's walk, ReadKstat) it is not there.
    size_t removedRows = 0;
    for (const PfhooksKstatRow& r : CollectKstats(*router))
    {
        removedRows += r.removed;
    }
    EXPECT_EQ(removedRows, 0u);
    // The JSON row says so.
    std::ostringstream os;
    WriteKstatRowJson(os, *HookRow(samples[6], "again", true));
    EXPECT_NE(os.str().find("\"removed\": true"), std::string::npos);
}

TEST(KstatsSeriesTest, BadOptionsAreNamed)
{
    EXPECT_EQ(PfhooksKstatsSeries::CheckOptions("s.csv", 0.5), "");
    EXPECT_EQ(PfhooksKstatsSeries::CheckOptions("S.JSON", 1), "");
    EXPECT_EQ(PfhooksKstatsSeries::CheckOptions("", 0.5),
              "--kstats-interval needs --kstats-series=FILE (.csv or .json)");
    EXPECT_EQ(PfhooksKstatsSeries::CheckOptions("s.txt", 0.5),
              "--kstats-series must name a .csv or .json file, got s.txt");
    EXPECT_EQ(PfhooksKstatsSeries::CheckOptions("s.csv", 0),
              "--kstats-interval must be > 0 seconds with --kstats-series");
    EXPECT_EQ(PfhooksKstatsSeries::CheckOptions("s.csv", -1),
              "--kstats-interval must be > 0 seconds with --kstats-series");

    const char* args[] = {"prog", "--kstats-series=/nonexistent-dir/s.csv", "--kstats-interval=1"};
    PfhooksMeasurement m("prog", 3, const_cast<char**>(args), PfhooksMeasurement::ALL);
    CommandLine cmd;
    m.AddOptions(cmd);
    cmd.Parse(3, const_cast<char**>(args));
    EXPECT_EQ(
        m.Check(),
        "--kstats-series: cannot write /nonexistent-dir/s.csv: no directory /nonexistent-dir");
}

TEST(KstatsSeriesTest, ProgressWhenAskedOrOnATerminalOnly)
{
    EXPECT_TRUE(PfhooksProgress::Wanted(true));
    EXPECT_EQ(PfhooksProgress::Wanted(false), isatty(STDERR_FILENO) == 1);

    Scenario s;
    s.Traffic(100);
    std::ostringstream out;
    PfhooksProgress progress;
    progress.Start(Seconds(2), &out);
    s.Run(2);
    progress.Finish();
    // The last line says where the run ended; lines before it (one per
    // wall second, so none on a fast machine) are complete lines too.
    ASSERT_GE(progress.GetLines(), 1u);
    std::string text = out.str();
    ASSERT_EQ(text.back(), '\n');
    std::string last = text.substr(text.rfind('\n', text.size() - 2) + 1);
    if (progress.GetLines() == 1)
    {
        last = text;
    }
    EXPECT_EQ(last.rfind("progress: simulated 2.000 of 2.000 s (100%), wall ", 0), 0u) << text;
    EXPECT_NE(last.find(" events/s\n"), std::string::npos);
    uint32_t lines = progress.GetLines();
    progress.Finish(); // once only
    EXPECT_EQ(progress.GetLines(), lines);
}

} // namespace
