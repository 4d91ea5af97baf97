/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin diff RUN_A RUN_B: what changed between two runs, per flow, per link, per objective.

#include "cli-scenario.h"
#include "cli-units.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

namespace
{

/**
 * Per-demand figures of a run, from its flows (forward flows of demands only).
 */
struct FlowKpi
{
    double rxBps{0};       //!< received bit/s over the run
    double delayMeanMs{0}; //!< mean delay
    double lossPercent{0}; //!< lost / sent
    uint64_t rxBytes{0};   //!< bytes received
};

/**
 * @param run the run
 * @param results its results
 * @return per flow key (demand id, or the 5-tuple for flows without a demand)
 */
std::map<std::string, FlowKpi>
FlowKpis(const TwinRunRecord& run, const TwinRunResults& results)
{
    // A demand's forward flow carries its data; its reverse flow (TCP acknowledgements) has
    // the same demand id and far fewer bytes.
    std::map<std::string, const TwinFlowResult*> forward;
    for (const auto& f : results.flows)
    {
        if (!f.demandId.empty())
        {
            auto& best = forward[f.demandId];
            best = (best == nullptr || f.txBytes > best->txBytes) ? &f : best;
        }
    }
    std::map<std::string, FlowKpi> kpis;
    for (const auto& f : results.flows)
    {
        std::string key = f.demandId;
        if (key.empty() || forward[key] != &f)
        {
            std::string tuple = f.sourceAddress + ":" + std::to_string(f.sourcePort) + ">" +
                                f.destAddress + ":" + std::to_string(f.destPort) + "/" +
                                std::to_string(f.protocol);
            key = key.empty() ? tuple : key + " (reverse " + tuple + ")";
        }
        FlowKpi k;
        k.rxBytes = f.rxBytes;
        k.rxBps = run.simulatedSeconds > 0
                      ? static_cast<double>(f.rxBytes) * 8 / run.simulatedSeconds
                      : 0;
        k.delayMeanMs = f.delayMeanSeconds * 1e3;
        k.lossPercent = f.txPackets ? 100.0 * static_cast<double>(f.lostPackets) /
                                          static_cast<double>(f.txPackets)
                                    : 0;
        kpis[key] = k;
    }
    return kpis;
}

/**
 * @param a value in run A, if present
 * @param b value in run B, if present
 * @return b - a, or null when either is missing
 */
nlohmann::json
Delta(std::optional<double> a, std::optional<double> b)
{
    if (!a || !b)
    {
        return nullptr;
    }
    return *b - *a;
}

/**
 * @param value a number or null
 * @param digits significant digits
 * @return text for people ("-" for null, sign for deltas when signed)
 */
std::string
Num(const nlohmann::json& value, int digits, bool sign = false)
{
    if (value.is_null())
    {
        return "-";
    }
    char text[48];
    std::snprintf(text, sizeof(text), sign ? "%+.*g" : "%.*g", digits, value.get<double>());
    return text;
}

/**
 * Print the per-flow comparison.
 * @param a run A
 * @param ra its results
 * @param b run B
 * @param rb its results
 * @param format output format
 * @param top largest changes to show in a text table (0: all)
 */
void
PrintFlowDiff(const TwinRunRecord& a, const TwinRunResults& ra, const TwinRunRecord& b,
              const TwinRunResults& rb, TableFormat format, std::size_t top)
{
    auto ka = FlowKpis(a, ra);
    auto kb = FlowKpis(b, rb);
    std::vector<std::string> keys;
    for (const auto& [k, v] : ka)
    {
        keys.push_back(k);
    }
    for (const auto& [k, v] : kb)
    {
        if (!ka.count(k))
        {
            keys.push_back(k);
        }
    }
    struct Row
    {
        std::string key;          //!< flow
        std::optional<FlowKpi> a; //!< in run A
        std::optional<FlowKpi> b; //!< in run B
        double change{0};         //!< size of the change, for ordering
    };
    std::vector<Row> rows;
    for (const auto& k : keys)
    {
        Row r;
        r.key = k;
        if (ka.count(k))
        {
            r.a = ka[k];
        }
        if (kb.count(k))
        {
            r.b = kb[k];
        }
        double base = r.a ? r.a->rxBps : 0;
        double other = r.b ? r.b->rxBps : 0;
        r.change = std::fabs(other - base) / std::max(1.0, std::max(base, other)) +
                   (r.a && r.b ? std::fabs(r.b->lossPercent - r.a->lossPercent) / 100 +
                                     std::fabs(r.b->delayMeanMs - r.a->delayMeanMs) /
                                         std::max(1.0, r.a->delayMeanMs)
                               : 1.0);
        rows.push_back(r);
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& x, const Row& y) { return x.change > y.change; });
    bool text = format == TableFormat::Text;
    Table table({"flow", "rx_bps_a", "rx_bps_b", "rx_bps_delta", "delay_ms_a", "delay_ms_b",
                 "delay_ms_delta", "loss_pct_a", "loss_pct_b", "loss_pct_delta"});
    std::size_t shown = 0;
    for (const auto& r : rows)
    {
        if (text && top > 0 && shown >= top)
        {
            break;
        }
        ++shown;
        auto get = [](const std::optional<FlowKpi>& k, double FlowKpi::*field)
        { return k ? std::optional<double>((*k).*field) : std::nullopt; };
        std::optional<double> ra1 = get(r.a, &FlowKpi::rxBps);
        std::optional<double> rb1 = get(r.b, &FlowKpi::rxBps);
        std::optional<double> da = get(r.a, &FlowKpi::delayMeanMs);
        std::optional<double> db = get(r.b, &FlowKpi::delayMeanMs);
        std::optional<double> la = get(r.a, &FlowKpi::lossPercent);
        std::optional<double> lb = get(r.b, &FlowKpi::lossPercent);
        if (text)
        {
            auto rate = [](std::optional<double> v) { return v ? FormatRate(*v) : "-"; };
            nlohmann::json d = Delta(ra1, rb1);
            table.AddRow({r.key, rate(ra1), rate(rb1),
                          d.is_null() ? "-"
                                      : (d.get<double>() < 0 ? "-" : "+") +
                                            FormatRate(std::fabs(d.get<double>())),
                          Num(da ? nlohmann::json(*da) : nullptr, 4),
                          Num(db ? nlohmann::json(*db) : nullptr, 4), Num(Delta(da, db), 3, true),
                          Num(la ? nlohmann::json(*la) : nullptr, 3),
                          Num(lb ? nlohmann::json(*lb) : nullptr, 3), Num(Delta(la, lb), 3, true)});
        }
        else
        {
            auto j = [](std::optional<double> v) { return v ? nlohmann::json(*v) : nullptr; };
            table.AddRow({r.key, j(ra1), j(rb1), Delta(ra1, rb1), j(da), j(db), Delta(da, db),
                          j(la), j(lb), Delta(la, lb)});
        }
    }
    table.Print(std::cout, format);
    if (text && top > 0 && rows.size() > top)
    {
        std::cout << "(" << rows.size() - top << " more flows with smaller changes: --top 0)\n";
    }
}

/**
 * Print the per-link comparison.
 * @param ra results of run A
 * @param rb results of run B
 * @param format output format
 * @param top largest changes to show in a text table (0: all)
 */
void
PrintLinkDiff(const TwinRunResults& ra, const TwinRunResults& rb, TableFormat format,
              std::size_t top)
{
    std::map<std::string, const TwinLinkResult*> la;
    std::map<std::string, const TwinLinkResult*> lb;
    std::vector<std::string> keys;
    for (const auto& l : ra.links)
    {
        la[l.linkId] = &l;
        keys.push_back(l.linkId);
    }
    for (const auto& l : rb.links)
    {
        lb[l.linkId] = &l;
        if (!la.count(l.linkId))
        {
            keys.push_back(l.linkId);
        }
    }
    auto value = [](const std::map<std::string, const TwinLinkResult*>& m, const std::string& k,
                    auto field) -> std::optional<double>
    {
        auto it = m.find(k);
        return it == m.end() ? std::nullopt : std::optional<double>(field(*it->second));
    };
    auto mean = [](const TwinLinkResult& l) { return l.meanUtilisation * 100; };
    auto peak = [](const TwinLinkResult& l) { return l.peakUtilisation * 100; };
    auto drops = [](const TwinLinkResult& l) { return static_cast<double>(l.queueDropPackets); };
    std::stable_sort(keys.begin(), keys.end(),
                     [&](const std::string& x, const std::string& y)
                     {
                         auto change = [&](const std::string& k)
                         {
                             double a = value(la, k, mean).value_or(0);
                             double b = value(lb, k, mean).value_or(0);
                             return std::fabs(b - a);
                         };
                         return change(x) > change(y);
                     });
    bool text = format == TableFormat::Text;
    Table table({"link", "mean_util_pct_a", "mean_util_pct_b", "mean_util_pct_delta",
                 "peak_util_pct_a", "peak_util_pct_b", "peak_util_pct_delta", "drops_a", "drops_b",
                 "drops_delta"});
    std::size_t shown = 0;
    for (const auto& k : keys)
    {
        if (text && top > 0 && shown >= top)
        {
            break;
        }
        ++shown;
        auto ma = value(la, k, mean);
        auto mb = value(lb, k, mean);
        auto pa = value(la, k, peak);
        auto pb = value(lb, k, peak);
        auto da = value(la, k, drops);
        auto db = value(lb, k, drops);
        auto j = [](std::optional<double> v) { return v ? nlohmann::json(*v) : nullptr; };
        if (text)
        {
            table.AddRow({k, Num(j(ma), 3), Num(j(mb), 3), Num(Delta(ma, mb), 3, true),
                          Num(j(pa), 3), Num(j(pb), 3), Num(Delta(pa, pb), 3, true), Num(j(da), 10),
                          Num(j(db), 10), Num(Delta(da, db), 10, true)});
        }
        else
        {
            table.AddRow({k, j(ma), j(mb), Delta(ma, mb), j(pa), j(pb), Delta(pa, pb), j(da), j(db),
                          Delta(da, db)});
        }
    }
    table.Print(std::cout, format);
    if (text && top > 0 && keys.size() > top)
    {
        std::cout << "(" << keys.size() - top << " more link directions: --top 0)\n";
    }
}

/**
 * Print the per-objective comparison (objectives present in either run).
 * @param ra results of run A
 * @param rb results of run B
 * @param format output format
 */
void
PrintObjectiveDiff(const TwinRunResults& ra, const TwinRunResults& rb, TableFormat format)
{
    PrintObjectiveComparison(SummariseTwinVerdicts(ra.verdicts), SummariseTwinVerdicts(rb.verdicts),
                             "a", "b", format);
}

/**
 * Run the diff command.
 * @param args parsed arguments
 * @return exit code
 */
int
Diff(const ParsedArgs& args)
{
    if (!args.vm.count("run-a") || !args.vm.count("run-b"))
    {
        throw UsageError("name two runs (see 'dtwin runs')");
    }
    TableFormat format = FormatOption(args);
    std::size_t top = args.vm["top"].as<std::size_t>();
    auto store = OpenStore(args);
    auto load = [&store](int64_t id)
    {
        auto run = store->FindRun(id);
        if (!run)
        {
            throw UsageError("no run " + std::to_string(id) + " in " + store->GetPath() +
                             " (see 'dtwin runs')");
        }
        return *run;
    };
    TwinRunRecord a = load(args.vm["run-a"].as<int64_t>());
    TwinRunRecord b = load(args.vm["run-b"].as<int64_t>());
    TwinRunResults ra = store->LoadRunResults(a.id);
    TwinRunResults rb = store->LoadRunResults(b.id);
    bool all = !args.vm.count("flows") && !args.vm.count("links") && !args.vm.count("objectives");
    bool text = format == TableFormat::Text;
    if (text)
    {
        auto describe = [](const TwinRunRecord& r)
        {
            return "run " + std::to_string(r.id) + " (snapshot " + std::to_string(r.snapshotId) +
                   (r.variantName.empty() ? "" : ", variant " + r.variantName) +
                   (r.verdict.empty() ? "" : ", " + r.verdict) + ")";
        };
        std::cout << "a = " << describe(a) << "\nb = " << describe(b) << "\n";
        if (a.snapshotId != b.snapshotId)
        {
            std::cout << "note: the runs simulate different snapshots; links and flows are "
                         "matched by id\n";
        }
    }
    if (all || args.vm.count("objectives"))
    {
        if (text)
        {
            std::cout << "\nObjectives\n";
        }
        if (ra.verdicts.empty() && rb.verdicts.empty())
        {
            if (text)
            {
                std::cout << "neither run has objectives\n";
            }
        }
        else
        {
            PrintObjectiveDiff(ra, rb, format);
        }
    }
    if (all || args.vm.count("flows"))
    {
        if (text)
        {
            std::cout << "\nFlows (largest changes first)\n";
        }
        PrintFlowDiff(a, ra, b, rb, format, top);
    }
    if (all || args.vm.count("links"))
    {
        if (text)
        {
            std::cout << "\nLinks (largest changes in mean utilisation first)\n";
        }
        PrintLinkDiff(ra, rb, format, top);
    }
    return EXIT_OK;
}

} // namespace

Command
DiffCommand()
{
    Command c;
    c.name = "diff";
    c.usage = "RUN_A RUN_B [--flows] [--links] [--objectives] [--top N] [--format FORMAT]";
    c.summary = "compare two runs: KPI deltas per flow, per link and per objective";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("run-a", po::value<int64_t>(), "first run id")(
            "run-b", po::value<int64_t>(), "second run id")("flows", "only the flow comparison")(
            "links", "only the link comparison")("objectives", "only the objective comparison")(
            "top", po::value<std::size_t>()->default_value(20),
            "rows per table, largest changes first (0: all)")("format", po::value<std::string>(),
                                                              "table (default), csv or json");
        pos.add("run-a", 1).add("run-b", 1);
    };
    c.run = Diff;
    return c;
}

} // namespace cli
} // namespace ns3
