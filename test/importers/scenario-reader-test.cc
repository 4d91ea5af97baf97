/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/scenario-reader.h"
#include "ns3/twin-importer.h"

#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

using namespace ns3;

namespace
{

/**
 * Everything a scenario holds, as text, to compare two parses field by field (source
 * references excepted: lines differ between JSON and XML).
 */
std::string
Describe(const TwinScenario& s)
{
    std::ostringstream o;
    o << s.name << '|' << s.description << '|' << static_cast<int>(s.base.kind) << '|'
      << s.base.bundlePath << '|' << s.base.snapshotId << '|' << s.base.contentHash << '|'
      << s.durationSeconds << '|';
    for (auto seed : s.seeds)
    {
        o << seed << ',';
    }
    o << '|' << s.traffic.demandFile << '|' << s.traffic.scaleFactor << '\n';
    for (const auto& c : s.traffic.classes)
    {
        o << "class " << c.name << ' ' << (c.protocol ? static_cast<int>(*c.protocol) : -1);
        for (const auto& d : c.demands)
        {
            o << ' ' << d;
        }
        o << '\n';
    }
    o << "routing " << static_cast<int>(s.routing.reaction) << ' '
      << s.routing.convergenceDelaySeconds << '\n';
    for (const auto& e : s.events)
    {
        o << "event " << e.id << ' ' << e.timeSeconds << ' ' << e.description << ' '
          << static_cast<int>(e.type) << ' ' << e.link << ' ' << e.directionOnly << ' ' << e.node
          << ' ' << e.capacityBps << ' ' << e.delaySeconds << ' ' << e.route.destination.ToString()
          << ' ' << e.route.nextHop.value_or(0) << ' ' << e.route.outInterface << ' '
          << e.route.metric << ' ' << e.demand << ' ' << e.trafficClass << ' ' << e.factor << ' '
          << e.surgeDurationSeconds.value_or(-1) << '\n';
        for (const auto& n : e.changeSet.nodes)
        {
            o << "  node " << n.node << '\n';
            for (const auto& i : n.interfaces)
            {
                o << "    if " << i.name << ' ' << (i.enabled ? int(*i.enabled) : -1) << ' '
                  << i.speedBps.value_or(0);
                for (const auto& a : i.addAddresses)
                {
                    o << " +" << a.ToString();
                }
                for (auto a : i.removeAddresses)
                {
                    o << " -" << TwinIpv4Prefix::AddressToString(a);
                }
                o << '\n';
            }
            for (const auto& r : n.addRoutes)
            {
                o << "    +route " << r.node << ' ' << r.destination.ToString() << ' '
                  << r.nextHop.value_or(0) << ' ' << r.outInterface << ' ' << r.metric << '\n';
            }
            for (const auto& r : n.removeRoutes)
            {
                o << "    -route " << r.ToString() << '\n';
            }
        }
    }
    for (const auto& ob : s.objectives)
    {
        o << "objective " << ob.id << ' ' << static_cast<int>(ob.target) << ' ' << ob.targetId
          << ' ' << ob.directionOnly << ' ' << ob.maxDelaySeconds.value_or(-1) << ' '
          << ob.maxLossRatio.value_or(-1) << ' ' << ob.minThroughputBps.value_or(0) << ' '
          << ob.maxFctSeconds.value_or(-1) << ' ' << ob.maxUtilisation.value_or(-1) << ' '
          << ob.windowStartSeconds << ' ' << ob.windowEndSeconds.value_or(-1) << '\n';
    }
    if (s.sweep)
    {
        o << "sweep " << s.sweep->singleLinkFailures << s.sweep->singleNodeFailures << ' '
          << s.sweep->failureTimeSeconds;
        for (double f : s.sweep->capacityFactors)
        {
            o << " c" << f;
        }
        for (double f : s.sweep->trafficFactors)
        {
            o << " t" << f;
        }
        o << '\n';
    }
    return o.str();
}

/** A valid scenario on the sample, with room for extra members of the scenario container. */
std::string
Scenario(const std::string& extra, const std::string& duration = "10")
{
    return "{\n \"ns3-digital-twin-scenario:scenario\": {\n  \"name\": \"t\",\n"
           "  \"base-snapshot\": {\"bundle-path\": \"examples/data/abilene\"},\n"
           "  \"duration-s\": \"" +
           duration + "\"" + (extra.empty() ? "" : ",\n  " + extra) + "\n }\n}\n";
}

/** @return an "events" member holding the given event objects */
std::string
Events(const std::string& events)
{
    return "\"events\": {\"event\": [" + events + "]}";
}

/**
 * Read a scenario from a file and check it against the sample.
 * @param dir where the file goes
 * @param text the scenario
 * @param file set to the file's path
 * @param maxRuns the run limit
 * @return parse diagnostics, then (when parsing succeeded) check diagnostics
 */
TwinDiagnostics
ReadAndCheck(const test::TempDir& dir, const std::string& text, std::string& file,
             uint64_t maxRuns = 1000)
{
    file = dir.Write("scenario.json", text);
    auto read = ReadTwinScenario(file);
    if (!read.Ok())
    {
        return read.diagnostics;
    }
    TwinScenarioCheckOptions options;
    options.maxRuns = maxRuns;
    return CheckTwinScenario(read.scenario, test::AbileneSample(), options);
}

/**
 * Expect an error whose location names the file and a path containing pathPart, and whose
 * message contains messagePart.
 */
void
ExpectError(const TwinDiagnostics& d, const std::string& file, const std::string& pathPart,
            const std::string& messagePart)
{
    bool found = false;
    for (const auto& item : d.All())
    {
        if (item.severity == TwinDiagnostic::Severity::Error && item.where.file == file &&
            item.where.path.find(pathPart) != std::string::npos &&
            item.message.find(messagePart) != std::string::npos)
        {
            found = true;
        }
    }
    EXPECT_TRUE(found) << "no error with path containing '" << pathPart << "' and message '"
                       << messagePart << "' in:\n"
                       << test::Dump(d);
}

} // namespace

TEST(ScenarioReader, EveryConstructParsesAndJsonEqualsXml)
{
    auto json = ReadTwinScenario(test::SourcePath("test/data/scenario/all-constructs.json"));
    auto xml = ReadTwinScenario(test::SourcePath("test/data/scenario/all-constructs.xml"));
    ASSERT_TRUE(json.Ok()) << test::Dump(json.diagnostics);
    ASSERT_TRUE(xml.Ok()) << test::Dump(xml.diagnostics);
    EXPECT_EQ(Describe(json.scenario), Describe(xml.scenario));

    const TwinScenario& s = json.scenario;
    EXPECT_EQ(s.name, "all-constructs");
    EXPECT_EQ(s.base.kind, TwinScenarioBase::Kind::BundlePath);
    EXPECT_EQ(s.base.bundlePath, "examples/data/abilene");
    EXPECT_DOUBLE_EQ(s.durationSeconds, 20);
    EXPECT_EQ(s.seeds, (std::vector<uint32_t>{3, 1}));
    EXPECT_DOUBLE_EQ(s.traffic.scaleFactor, 1.25);
    ASSERT_EQ(s.traffic.classes.size(), 2u);
    EXPECT_EQ(s.traffic.classes[0].demands.size(), 2u);
    EXPECT_FALSE(s.traffic.classes[0].protocol.has_value());
    EXPECT_EQ(s.traffic.classes[1].protocol, TwinProtocol::Tcp);
    EXPECT_EQ(s.routing.reaction, TwinRoutingReaction::Recompute);
    EXPECT_DOUBLE_EQ(s.routing.convergenceDelaySeconds, 0.25);

    // Every event type once (the surge twice: on a demand and on a class).
    ASSERT_EQ(s.events.size(), 11u);
    std::set<TwinEventType> types;
    for (const auto& e : s.events)
    {
        types.insert(e.type);
        EXPECT_EQ(e.source.file, test::SourcePath("test/data/scenario/all-constructs.json"));
        EXPECT_NE(e.source.line, 0u) << e.id;
        EXPECT_EQ(e.source.path,
                  "/ns3-digital-twin-scenario:scenario/events/event[id='" + e.id + "']");
    }
    EXPECT_EQ(types.size(), 10u);
    EXPECT_TRUE(s.events[0].directionOnly);
    EXPECT_FALSE(s.events[1].directionOnly);
    EXPECT_EQ(s.events[2].node, "KSCYng");
    EXPECT_EQ(s.events[4].capacityBps, 40000000000u);
    EXPECT_DOUBLE_EQ(s.events[5].delaySeconds, 0.0125);
    EXPECT_EQ(s.events[6].route.node, "ATLAng");
    EXPECT_EQ(s.events[6].route.destination.ToString(), "10.0.255.0/24");
    EXPECT_EQ(s.events[6].route.nextHop, TwinIpv4Prefix::ParseAddress("10.0.0.13"));
    EXPECT_EQ(s.events[6].route.outInterface, "to-WASH");
    EXPECT_EQ(s.events[6].route.metric, 5u);
    EXPECT_EQ(s.events[7].route.destination.ToString(), "10.0.255.0/24");
    EXPECT_EQ(s.events[8].demand, "udp-ATLAng-CHINng");
    EXPECT_DOUBLE_EQ(s.events[8].factor, 2.5);
    EXPECT_EQ(s.events[8].surgeDurationSeconds, 3.0);
    EXPECT_EQ(s.events[9].trafficClass, "east");
    EXPECT_FALSE(s.events[9].surgeDurationSeconds.has_value());
    const auto& cs = s.events[10].changeSet;
    ASSERT_EQ(cs.nodes.size(), 1u);
    ASSERT_EQ(cs.nodes[0].interfaces.size(), 1u);
    const auto& edit = cs.nodes[0].interfaces[0];
    EXPECT_EQ(edit.enabled, false);
    EXPECT_EQ(edit.speedBps, 2488320000u);
    ASSERT_EQ(edit.addAddresses.size(), 1u);
    EXPECT_EQ(edit.addAddresses[0].ToString(), "192.0.2.1/30");
    ASSERT_EQ(edit.removeAddresses.size(), 1u);
    EXPECT_EQ(edit.removeAddresses[0], TwinIpv4Prefix::ParseAddress("10.0.0.14"));
    ASSERT_EQ(cs.nodes[0].addRoutes.size(), 1u);
    EXPECT_EQ(cs.nodes[0].addRoutes[0].outInterface, "to-HSTN");
    EXPECT_FALSE(cs.nodes[0].addRoutes[0].nextHop.has_value());
    ASSERT_EQ(cs.nodes[0].removeRoutes.size(), 1u);
    EXPECT_EQ(cs.nodes[0].removeRoutes[0].ToString(), "10.0.0.4/30");

    ASSERT_EQ(s.objectives.size(), 3u);
    EXPECT_EQ(s.objectives[0].target, TwinObjectiveTarget::Demand);
    EXPECT_EQ(s.objectives[0].maxDelaySeconds, 0.04);
    EXPECT_EQ(s.objectives[0].maxLossRatio, 0.01);
    EXPECT_EQ(s.objectives[0].minThroughputBps, 200000000u);
    EXPECT_DOUBLE_EQ(s.objectives[0].windowStartSeconds, 2);
    EXPECT_EQ(s.objectives[0].windowEndSeconds, 12.0);
    EXPECT_EQ(s.objectives[1].target, TwinObjectiveTarget::Class);
    EXPECT_EQ(s.objectives[1].maxFctSeconds, 15.0);
    EXPECT_FALSE(s.objectives[1].windowEndSeconds.has_value());
    EXPECT_EQ(s.objectives[2].target, TwinObjectiveTarget::Link);
    EXPECT_TRUE(s.objectives[2].directionOnly);
    EXPECT_EQ(s.objectives[2].maxUtilisation, 0.75);

    ASSERT_TRUE(s.sweep.has_value());
    EXPECT_TRUE(s.sweep->singleLinkFailures);
    EXPECT_TRUE(s.sweep->singleNodeFailures);
    EXPECT_DOUBLE_EQ(s.sweep->failureTimeSeconds, 0.5);
    EXPECT_EQ(s.sweep->capacityFactors, (std::vector<double>{1, 2}));
    EXPECT_EQ(s.sweep->trafficFactors, (std::vector<double>{1.5}));

    auto check = CheckTwinScenario(s, test::AbileneSample(), {});
    EXPECT_FALSE(check.HasErrors()) << test::Dump(check);
}

TEST(ScenarioReader, DefaultsWhenOmitted)
{
    test::TempDir dir;
    std::string file = dir.Write("s.json", Scenario(""));
    auto read = ReadTwinScenario(file);
    ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
    EXPECT_TRUE(read.scenario.seeds.empty());
    EXPECT_EQ(read.scenario.EffectiveSeeds(), std::vector<uint32_t>{1});
    EXPECT_DOUBLE_EQ(read.scenario.traffic.scaleFactor, 1);
    EXPECT_EQ(read.scenario.routing.reaction, TwinRoutingReaction::AsConfigured);
    EXPECT_FALSE(read.scenario.sweep.has_value());
    EXPECT_EQ(read.source.path, file);
    EXPECT_EQ(read.source.sha256.size(), 64u);
    auto variants = ExpandTwinScenario(read.scenario, test::AbileneSample());
    ASSERT_EQ(variants.size(), 1u);
    EXPECT_EQ(variants[0].name, "base");
    EXPECT_TRUE(variants[0].failedLinks.empty());
}

TEST(ScenarioReader, ShippedScenariosParseAndCheckCleanly)
{
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(test::SourcePath("scenarios")))
    {
        files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 6u);
    std::set<std::string> names;
    bool sawXml = false;
    int changeSets = 0;
    for (const auto& file : files)
    {
        SCOPED_TRACE(file);
        sawXml = sawXml || fs::path(file).extension() == ".xml";
        // Stand-alone change sets (remedies) ship beside the scenarios, named remedy-*.
        if (fs::path(file).stem().string().rfind("remedy-", 0) == 0)
        {
            auto changeSet = ReadTwinChangeSet(file);
            ASSERT_TRUE(changeSet.Ok()) << test::Dump(changeSet.diagnostics);
            EXPECT_TRUE(changeSet.diagnostics.All().empty()) << test::Dump(changeSet.diagnostics);
            auto check =
                CheckTwinChangeSet(changeSet.changeSet, test::AbileneSample(), changeSet.location);
            EXPECT_TRUE(check.All().empty()) << test::Dump(check);
            ++changeSets;
            continue;
        }
        auto read = ReadTwinScenario(file);
        ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
        EXPECT_TRUE(read.diagnostics.All().empty()) << test::Dump(read.diagnostics);
        names.insert(read.scenario.name);
        EXPECT_EQ(read.scenario.name, fs::path(file).stem().string());
        TwinDiagnostics d;
        auto bundle = ResolveScenarioBundlePath(read.scenario, test::SourcePath(""), d);
        ASSERT_TRUE(bundle.has_value()) << test::Dump(d);
        auto check = CheckTwinScenario(read.scenario, test::AbileneSample(), {});
        EXPECT_TRUE(check.All().empty()) << test::Dump(check);
    }
    EXPECT_TRUE(sawXml);
    EXPECT_GE(changeSets, 1);
    for (const char* wanted : {"link-failure", "capacity-upgrade", "traffic-growth-50", "n-1-sweep",
                               "incident-with-remedy", "incident-dnvr-kscy"})
    {
        EXPECT_EQ(names.count(wanted), 1u) << wanted;
    }
}

TEST(ScenarioReader, SweepExpansion)
{
    const TwinNetwork& abilene = test::AbileneSample();
    ASSERT_EQ(abilene.links.size(), 28u);
    ASSERT_EQ(abilene.nodes.size(), 11u);
    auto pairs = TwinLinkPairs(abilene);
    EXPECT_EQ(pairs.size(), 14u);

    auto n1 = ReadTwinScenario(test::SourcePath("scenarios/n-1-sweep.json"));
    ASSERT_TRUE(n1.Ok()) << test::Dump(n1.diagnostics);
    EXPECT_EQ(CountTwinScenarioRuns(n1.scenario, abilene), 14u);
    auto variants = ExpandTwinScenario(n1.scenario, abilene);
    ASSERT_EQ(variants.size(), 14u);
    std::set<std::string> names;
    std::set<std::string> failed;
    for (const auto& v : variants)
    {
        names.insert(v.name);
        ASSERT_EQ(v.failedLinks.size(), 2u) << v.name;
        // The two directions of one pair: swapped ends.
        const TwinLink* a = nullptr;
        const TwinLink* b = nullptr;
        for (const auto& l : abilene.links)
        {
            a = l.id == v.failedLinks[0] ? &l : a;
            b = l.id == v.failedLinks[1] ? &l : b;
        }
        ASSERT_TRUE(a && b);
        EXPECT_EQ(a->sourceNode, b->destNode);
        EXPECT_EQ(a->destNode, b->sourceNode);
        EXPECT_EQ(v.name, "link-" + a->sourceNode + "-" + a->destNode);
        EXPECT_DOUBLE_EQ(v.failureTimeSeconds, 1);
        failed.insert(v.failedLinks.begin(), v.failedLinks.end());
    }
    EXPECT_EQ(names.size(), 14u);
    EXPECT_EQ(failed.size(), 28u); // every directed link fails in exactly one variant
    EXPECT_EQ(variants[0].name, "link-NYCMng-CHINng");

    auto nodes = ReadTwinScenario(test::SourcePath("scenarios/node-failure-sweep.xml"));
    ASSERT_TRUE(nodes.Ok()) << test::Dump(nodes.diagnostics);
    // As shipped: 11 nodes x 2 traffic factors, one seed (no seed in the names).
    auto shipped = ExpandTwinScenario(nodes.scenario, abilene);
    ASSERT_EQ(shipped.size(), 11u * 2u);
    EXPECT_EQ(shipped[1].name, "node-" + abilene.nodes[0].id + "+traffic-x1.5");
    // With three factors and two seeds, the seed varies fastest.
    ASSERT_TRUE(nodes.scenario.sweep);
    nodes.scenario.sweep->trafficFactors = {1, 1.25, 1.5};
    nodes.scenario.seeds = {1, 2};
    auto nv = ExpandTwinScenario(nodes.scenario, abilene);
    EXPECT_EQ(nv.size(), 11u * 3u * 2u);
    EXPECT_EQ(CountTwinScenarioRuns(nodes.scenario, abilene), nv.size());
    EXPECT_EQ(nv[0].name, "node-" + abilene.nodes[0].id + "+traffic-x1+seed-1");
    EXPECT_EQ(nv[1].name, "node-" + abilene.nodes[0].id + "+traffic-x1+seed-2");
    EXPECT_EQ(nv[2].name, "node-" + abilene.nodes[0].id + "+traffic-x1.25+seed-1");
    EXPECT_DOUBLE_EQ(nv[2].trafficFactor, 1.25);
    EXPECT_EQ(nv[1].seed, 2u);
    std::set<std::string> nodeNames;
    for (const auto& v : nv)
    {
        nodeNames.insert(v.name);
        EXPECT_FALSE(v.failedNode.empty());
        EXPECT_TRUE(v.failedLinks.empty());
    }
    EXPECT_EQ(nodeNames.size(), nv.size());

    // All dimensions: (14 pairs + 11 nodes) x 2 capacity x 1 traffic x 2 seeds.
    auto all = ReadTwinScenario(test::SourcePath("test/data/scenario/all-constructs.json"));
    ASSERT_TRUE(all.Ok());
    auto av = ExpandTwinScenario(all.scenario, abilene);
    EXPECT_EQ(av.size(), 25u * 2u * 1u * 2u);
    EXPECT_EQ(av[0].name, "link-NYCMng-CHINng+capacity-x1+traffic-x1.5+seed-3");
    EXPECT_EQ(av.back().name,
              "node-" + abilene.nodes.back().id + "+capacity-x2+traffic-x1.5+seed-1");
    EXPECT_DOUBLE_EQ(av.back().capacityFactor, 2);
}

TEST(ScenarioReader, ParallelLinksGetDistinctVariantNames)
{
    TwinNetwork net;
    net.nodes = {{"A", {}, {}, {}, {}}, {"B", {}, {}, {}, {}}};
    auto link = [](std::string id, std::string s, std::string st, std::string d, std::string dt)
    {
        TwinLink l;
        l.id = id;
        l.sourceNode = s;
        l.sourceTp = st;
        l.destNode = d;
        l.destTp = dt;
        return l;
    };
    net.links = {link("a1", "A", "e1", "B", "e1"), link("b1", "B", "e1", "A", "e1"),
                 link("a2", "A", "e2", "B", "e2"), link("b2", "B", "e2", "A", "e2"),
                 link("one-way", "A", "e3", "B", "e3")};
    auto pairs = TwinLinkPairs(net);
    ASSERT_EQ(pairs.size(), 3u);
    EXPECT_EQ(pairs[0], (std::vector<std::string>{"a1", "b1"}));
    EXPECT_EQ(pairs[1], (std::vector<std::string>{"a2", "b2"}));
    EXPECT_EQ(pairs[2], (std::vector<std::string>{"one-way"}));
    TwinScenario s;
    s.durationSeconds = 1;
    s.sweep = TwinSweep{};
    s.sweep->singleLinkFailures = true;
    auto v = ExpandTwinScenario(s, net);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].name, "link-A-B");
    EXPECT_EQ(v[1].name, "link-A-B-2");
    EXPECT_EQ(v[2].name, "link-A-B-3");
}

TEST(ScenarioReader, SyntaxErrorNamesFileAndLine)
{
    test::TempDir dir;
    std::string file;
    auto d = ReadAndCheck(
        dir, "{\n \"ns3-digital-twin-scenario:scenario\": {\n  \"name\": \"x\",,\n", file);
    ASSERT_TRUE(d.HasErrors());
    EXPECT_EQ(d.All()[0].where.file, file);
    EXPECT_EQ(d.All()[0].where.line, 3u) << test::Dump(d);
    EXPECT_NE(d.All()[0].message.find("malformed JSON"), std::string::npos) << test::Dump(d);
}

TEST(ScenarioReader, SchemaViolationsNameFileAndPath)
{
    test::TempDir dir;
    std::string file;
    // An event before the start: the YANG range forbids negative times.
    auto d = ReadAndCheck(
        dir,
        Scenario(Events(R"({"id": "early", "time-s": "-1", "node-down": {"node": "ATLAng"}})")),
        file);
    ExpectError(d, file, "event[id='early']", "");
    // Missing mandatory duration.
    d = ReadAndCheck(dir,
                     R"({"ns3-digital-twin-scenario:scenario": {"name": "x",
                         "base-snapshot": {"bundle-path": "b"}}})",
                     file);
    ExpectError(d, file, "duration-s", "");
    // A misspelt element is an error, not ignored.
    d = ReadAndCheck(dir, Scenario("\"seeds\": [1]"), file);
    ExpectError(d, file, "seeds", "unknown element 'seeds'");
    // A link objective with a flow bound (must statement).
    d = ReadAndCheck(
        dir,
        Scenario(R"("objectives": {"objective": [{"id": "o", "link": "x", "max-delay-s": "1"}]})"),
        file);
    ExpectError(d, file, "objective[id='o']", "a link objective takes only max-utilisation");
    // A convergence delay without recompute.
    d = ReadAndCheck(dir, Scenario(R"("routing": {"convergence-delay-s": "1"})"), file);
    ExpectError(d, file, "convergence-delay-s", "applies only to reaction 'recompute'");
    // An event with no action.
    d = ReadAndCheck(dir, Scenario(Events(R"({"id": "nothing", "time-s": "1"})")), file);
    ExpectError(d, file, "events/event", "Mandatory choice \"action\"");
    // Data of another module is not a scenario.
    d = ReadAndCheck(dir, R"({"ietf-interfaces:interfaces": {}})", file);
    ASSERT_TRUE(d.HasErrors());
    EXPECT_EQ(d.All()[0].where.file, file);
}

TEST(ScenarioReader, UnknownElementsOfTheNetwork)
{
    test::TempDir dir;
    std::string file;
    auto d = ReadAndCheck(
        dir,
        Scenario(
            R"("traffic": {"class": [{"name": "c", "demand": ["udp-ATLAng-CHINng", "nope"]}]}, )" +
            Events(R"({"id": "e1", "time-s": "1", "link-down": {"link": "no-such-link"}},
                      {"id": "e2", "time-s": "1", "node-down": {"node": "NOWHERE"}},
                      {"id": "e3", "time-s": "1", "traffic-surge": {"demand": "no-demand", "factor": "2"}},
                      {"id": "e4", "time-s": "1", "traffic-surge": {"class": "no-class", "factor": "2"}},
                      {"id": "e5", "time-s": "1", "route-add": {"node": "ATLAng",
                         "destination-prefix": "10.9.0.0/16", "outgoing-interface": "eth9"}},
                      {"id": "e6", "time-s": "1", "change-set": {"node": [{"node-id": "ATLAng",
                         "interface": [{"name": "to-WASH", "remove-ipv4-address": ["10.9.9.9"]},
                                       {"name": "ghost", "enabled": false}]},
                         {"node-id": "GHOST", "remove-static-route": ["10.0.0.0/8"]}]}})") +
            R"(, "objectives": {"objective": [
                {"id": "o1", "class": "unknown-class", "max-loss-ratio": "0.1"},
                {"id": "o2", "demand": "unknown-demand", "max-loss-ratio": "0.1"},
                {"id": "o3", "link": "unknown-link", "max-utilisation": "0.1"}]})"),
        file);
    const std::string events = "/ns3-digital-twin-scenario:scenario/events/event";
    ExpectError(d, file, "class[name='c']/demand", "unknown demand 'nope'");
    ExpectError(d, file, events + "[id='e1']/link-down/link", "unknown link 'no-such-link'");
    ExpectError(d, file, events + "[id='e2']/node-down/node", "unknown node 'NOWHERE'");
    ExpectError(d, file, events + "[id='e3']/traffic-surge/demand", "unknown demand 'no-demand'");
    ExpectError(d, file, events + "[id='e4']/traffic-surge/class",
                "unknown traffic class 'no-class'");
    ExpectError(d, file, events + "[id='e5']/route-add/outgoing-interface",
                "has no interface 'eth9'");
    ExpectError(d, file, "interface[name='to-WASH']/remove-ipv4-address",
                "has no address 10.9.9.9");
    ExpectError(d, file, "interface[name='ghost']/name", "has no interface 'ghost'");
    ExpectError(d, file, "node[node-id='GHOST']/node-id", "unknown node 'GHOST'");
    ExpectError(d, file, "objective[id='o1']/class", "unknown traffic class 'unknown-class'");
    ExpectError(d, file, "objective[id='o2']/demand", "unknown demand 'unknown-demand'");
    ExpectError(d, file, "objective[id='o3']/link", "unknown link 'unknown-link'");
    EXPECT_EQ(d.Count(TwinDiagnostic::Severity::Error), 12u) << test::Dump(d);
    for (const auto& item : d.All())
    {
        EXPECT_NE(item.where.line, 0u) << item.ToString();
    }
}

TEST(ScenarioReader, TimesOutsideTheRun)
{
    test::TempDir dir;
    std::string file;
    auto d = ReadAndCheck(
        dir,
        Scenario(Events(R"({"id": "late", "time-s": "10", "node-down": {"node": "ATLAng"}},
                           {"id": "fine", "time-s": "9.999", "node-up": {"node": "ATLAng"}})") +
                 R"(, "objectives": {"objective": [
                     {"id": "w1", "class": "c", "max-loss-ratio": "0.1", "window-end-s": "11"},
                     {"id": "w2", "class": "c", "max-loss-ratio": "0.1", "window-start-s": "10"},
                     {"id": "w3", "class": "c", "max-loss-ratio": "0.1", "window-start-s": "5",
                      "window-end-s": "5"}]},
                    "traffic": {"class": [{"name": "c", "protocol": "udp"}]},
                    "sweep": {"single-node-failures": true, "failure-time-s": "12"})"),
        file);
    ExpectError(d, file, "event[id='late']/time-s", "not before the end of the run (10 s)");
    ExpectError(d, file, "objective[id='w1']/window-end-s", "after the end of the run");
    ExpectError(d, file, "objective[id='w2']/window-start-s", "not before the end");
    ExpectError(d, file, "objective[id='w3']/window-end-s", "window is empty");
    ExpectError(d, file, "sweep/failure-time-s", "not before the end of the run");
    EXPECT_EQ(d.Count(TwinDiagnostic::Severity::Error), 5u) << test::Dump(d);

    // A programmatic scenario can hold a negative time; the check rejects it.
    TwinScenario s;
    s.durationSeconds = 5;
    s.source = {"prog", 0, "/ns3-digital-twin-scenario:scenario"};
    TwinEvent e;
    e.id = "neg";
    e.type = TwinEventType::NodeDown;
    e.node = "ATLAng";
    e.timeSeconds = -0.5;
    e.source = {"prog", 0, "/ns3-digital-twin-scenario:scenario/events/event[id='neg']"};
    s.events.push_back(e);
    d = CheckTwinScenario(s, test::AbileneSample(), {});
    ExpectError(d, "prog", "event[id='neg']/time-s", "before the start of the run");
}

TEST(ScenarioReader, ContradictoryEvents)
{
    test::TempDir dir;
    std::string file;
    const std::string link = "NYCMng,to-CHIN,CHINng,to-NYCM";
    const std::string reverse = "CHINng,to-NYCM,NYCMng,to-CHIN";
    auto d = ReadAndCheck(
        dir,
        Scenario(Events(R"({"id": "down", "time-s": "2", "link-down": {"link": ")" + link + R"("}},
               {"id": "up", "time-s": "2", "link-up": {"link": ")" +
                        link + R"("}},
               {"id": "rev-up", "time-s": "3", "link-up": {"link": ")" +
                        reverse +
                        R"(", "direction-only": true}},
               {"id": "fwd-down", "time-s": "3", "link-down": {"link": ")" +
                        link + R"("}},
               {"id": "cap1", "time-s": "4", "link-capacity": {"link": ")" +
                        link +
                        R"(", "capacity-bps": "1000"}},
               {"id": "cap2", "time-s": "4", "link-capacity": {"link": ")" +
                        link +
                        R"(", "capacity-bps": "2000"}},
               {"id": "route", "time-s": "5", "route-remove": {"node": "ATLAng",
                  "destination-prefix": "10.0.0.4/30"}},
               {"id": "cs", "time-s": "5", "change-set": {"node": [{"node-id": "ATLAng",
                  "remove-static-route": ["10.0.0.4/30"]}]}},
               {"id": "surge1", "time-s": "6", "traffic-surge": {"demand": "udp-ATLAng-CHINng",
                  "factor": "2"}},
               {"id": "surge2", "time-s": "6", "traffic-surge": {"demand": "udp-ATLAng-CHINng",
                  "factor": "3"}},
               {"id": "nd", "time-s": "7", "node-down": {"node": "ATLAng"}},
               {"id": "nu", "time-s": "7", "node-up": {"node": "ATLAng"}})")),
        file);
    ExpectError(d, file, "event[id='up']", "contradicts event 'down'");
    ExpectError(d, file, "event[id='fwd-down']", "contradicts event 'rev-up'");
    ExpectError(d, file, "event[id='cap2']", "contradicts event 'cap1'");
    ExpectError(d, file, "event[id='cs']", "contradicts event 'route'");
    ExpectError(d, file, "event[id='surge2']", "contradicts event 'surge1'");
    ExpectError(d, file, "event[id='nu']", "contradicts event 'nd'");
    EXPECT_EQ(d.Count(TwinDiagnostic::Severity::Error), 6u) << test::Dump(d);

    // Different elements, or one direction each, at the same time do not contradict.
    d = ReadAndCheck(
        dir,
        Scenario(Events(R"({"id": "a", "time-s": "2", "link-down": {"link": ")" + link +
                        R"(", "direction-only": true}},
               {"id": "b", "time-s": "2", "link-up": {"link": ")" +
                        reverse +
                        R"(", "direction-only": true}},
               {"id": "c", "time-s": "2", "link-capacity": {"link": ")" +
                        link +
                        R"(", "capacity-bps": "1000"}},
               {"id": "d", "time-s": "2.5", "link-up": {"link": ")" +
                        link + R"("}})")),
        file);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
}

TEST(ScenarioReader, SweepSizeLimit)
{
    test::TempDir dir;
    std::string file;
    std::string seeds;
    for (int i = 1; i <= 72; ++i)
    {
        seeds += (i > 1 ? "," : "") + std::to_string(i);
    }
    // 14 link pairs x 72 seeds = 1008 runs, above the default limit of 1000.
    auto d = ReadAndCheck(
        dir, Scenario("\"seed\": [" + seeds + "], \"sweep\": {\"single-link-failures\": true}"),
        file);
    ExpectError(d, file, "/ns3-digital-twin-scenario:scenario/sweep",
                "expands to 1008 runs (variants x seeds), more than the limit of 1000");
    // 71 seeds: 994 runs, allowed.
    d = ReadAndCheck(dir,
                     Scenario("\"seed\": [" + seeds.substr(0, seeds.rfind(',')) +
                              "], \"sweep\": {\"single-link-failures\": true}"),
                     file);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
    // The limit is configurable.
    d = ReadAndCheck(dir, Scenario("\"sweep\": {\"single-node-failures\": true}"), file, 10);
    ExpectError(d, file, "sweep", "expands to 11 runs");
}

TEST(ScenarioReader, MissingBundleOrFile)
{
    test::TempDir dir;
    std::string file =
        dir.Write("s.json", Scenario("").replace(Scenario("").find("examples/data/abilene"), 21,
                                                 "no/such/bundle"));
    auto read = ReadTwinScenario(file);
    ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
    TwinDiagnostics d;
    EXPECT_FALSE(ResolveScenarioBundlePath(read.scenario, dir.Path(), d).has_value());
    ExpectError(d, file, "base-snapshot/bundle-path", "does not exist");

    auto missing = ReadTwinScenario(dir.Path() + "/absent.json");
    ASSERT_FALSE(missing.Ok());
    EXPECT_EQ(missing.diagnostics.All()[0].where.file, dir.Path() + "/absent.json");
    auto empty = ReadTwinScenario(dir.Write("empty.json", "  \n"));
    ASSERT_FALSE(empty.Ok());
    EXPECT_NE(empty.diagnostics.All()[0].message.find("empty"), std::string::npos);
}
