/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/twin-objectives.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <stdexcept>

using namespace ns3;

namespace
{

/** Run length of every synthetic run. */
constexpr double kDuration = 10.0;

/**
 * @param id demand id
 * @param t end of the interval
 * @param tx packets sent
 * @param delivered of those, delivered
 * @param rx packets received
 * @param rxBytes bytes received
 * @param delaySum sum of delays of the received packets
 * @return a demand sample
 */
TwinDemandSample
Sample(const std::string& id, double t, uint64_t tx, uint64_t delivered, uint64_t rx,
       uint64_t rxBytes, double delaySum)
{
    TwinDemandSample s;
    s.demandId = id;
    s.timeSeconds = t;
    s.txPackets = tx;
    s.txBytes = tx * 1000;
    s.deliveredPackets = delivered;
    s.rxPackets = rx;
    s.rxBytes = rxBytes;
    s.delaySumSeconds = delaySum;
    return s;
}

/**
 * @param id link id
 * @param t end of the interval
 * @param utilisation busy share
 * @return a link sample
 */
TwinLinkSample
LinkSample(const std::string& id, double t, double utilisation)
{
    TwinLinkSample s;
    s.linkId = id;
    s.timeSeconds = t;
    s.utilisation = utilisation;
    return s;
}

/**
 * @param id demand id
 * @param protocol transport
 * @return a demand
 */
TwinDemand
Demand(const std::string& id, TwinProtocol protocol)
{
    TwinDemand d;
    d.id = id;
    d.sourceNode = "A";
    d.destNode = "B";
    d.protocol = protocol;
    return d;
}

/**
 * @param id objective id
 * @param target kind of target
 * @param targetId what it names
 * @return an objective without bounds over the whole run
 */
TwinObjective
Objective(const std::string& id, TwinObjectiveTarget target, const std::string& targetId)
{
    TwinObjective o;
    o.id = id;
    o.target = target;
    o.targetId = targetId;
    return o;
}

/**
 * @param from source node
 * @param to destination node
 * @return a directed link, named "from-to"
 */
TwinLink
Link(const std::string& from, const std::string& to)
{
    TwinLink l;
    l.id = from + "-" + to;
    l.sourceNode = from;
    l.sourceTp = "to-" + to;
    l.destNode = to;
    l.destTp = "to-" + from;
    l.capacityBps = 1000000;
    return l;
}

/** A network A<->B (a pair) plus B->C without a reverse. */
TwinNetwork
SmallNetwork()
{
    TwinNetwork n;
    n.links = {Link("A", "B"), Link("B", "C"), Link("B", "A")};
    return n;
}

/** A scenario, its demands and a run, assembled by each test. */
struct Case
{
    TwinScenario scenario;               //!< objectives and classes
    std::vector<TwinDemand> demands;     //!< the run's demands
    TwinNetwork network{SmallNetwork()}; //!< the network
    TwinRunResults results;              //!< the run

    /** @return the verdicts */
    std::vector<TwinVerdict> Evaluate() const
    {
        return EvaluateTwinObjectives(scenario, demands, network, results, kDuration);
    }
};

/**
 * Ten one-second samples of a demand with the given per-interval values.
 * @param results where the samples go
 * @param id demand id
 * @param tx packets sent per interval
 * @param delivered delivered per interval
 * @param rx received per interval
 * @param rxBytes bytes received per interval
 * @param delay mean delay of the packets received in each interval
 */
void
AddSeries(TwinRunResults& results, const std::string& id, const std::vector<uint64_t>& tx,
          const std::vector<uint64_t>& delivered, const std::vector<uint64_t>& rx,
          const std::vector<uint64_t>& rxBytes, const std::vector<double>& delay)
{
    for (std::size_t i = 0; i < tx.size(); ++i)
    {
        results.demandSamples.push_back(Sample(id, static_cast<double>(i + 1), tx[i], delivered[i],
                                               rx[i], rxBytes[i],
                                               delay[i] * static_cast<double>(rx[i])));
    }
}

/**
 * @param verdicts verdicts
 * @param element element wanted
 * @param bound bound wanted
 * @return the only verdict on that element and bound (fails the test when not exactly one)
 */
TwinVerdict
Find(const std::vector<TwinVerdict>& verdicts, const std::string& element, const std::string& bound)
{
    std::vector<TwinVerdict> found;
    for (const auto& v : verdicts)
    {
        if (v.element == element && v.bound == bound)
        {
            found.push_back(v);
        }
    }
    EXPECT_EQ(found.size(), 1U) << element << " " << bound;
    return found.empty() ? TwinVerdict{} : found.front();
}

/** Per-interval values of a demand, varying so that weights matter. */
struct Series
{
    std::vector<uint64_t> tx{100, 110, 120, 130, 140, 150, 160, 170, 180, 190};        //!< sent
    std::vector<uint64_t> delivered{100, 108, 120, 125, 140, 149, 160, 170, 171, 190}; //!< deliv.
    std::vector<uint64_t> rx{98, 109, 118, 127, 139, 151, 158, 170, 175, 188};         //!< received
    std::vector<uint64_t> rxBytes{98000,  109000, 118000, 127000, 139000,
                                  151000, 158000, 170000, 175000, 188000}; //!< bytes received
    std::vector<double> delay{0.010, 0.011, 0.012, 0.020, 0.015,
                              0.013, 0.012, 0.011, 0.030, 0.010}; //!< mean delay per interval

    /**
     * @param weight per interval, its share in the window
     * @param windowLength the window length
     * @return {delay, loss, throughput} over the window, computed directly
     */
    std::vector<double> Expected(const std::vector<double>& weight, double windowLength) const
    {
        double sent = 0;
        double deliv = 0;
        double received = 0;
        double bytes = 0;
        double delaySum = 0;
        for (std::size_t i = 0; i < tx.size(); ++i)
        {
            sent += weight[i] * static_cast<double>(tx[i]);
            deliv += weight[i] * static_cast<double>(delivered[i]);
            received += weight[i] * static_cast<double>(rx[i]);
            bytes += weight[i] * static_cast<double>(rxBytes[i]);
            delaySum += weight[i] * delay[i] * static_cast<double>(rx[i]);
        }
        return {delaySum / received, 1.0 - deliv / sent, bytes * 8.0 / windowLength};
    }
};

/** A case with demand "d" (UDP) carrying Series. */
Case
SeriesCase(const Series& s)
{
    Case c;
    c.demands = {Demand("d", TwinProtocol::Udp)};
    AddSeries(c.results, "d", s.tx, s.delivered, s.rx, s.rxBytes, s.delay);
    return c;
}

TEST(Objectives, DemandBoundsPassAndFailOverWholeRun)
{
    Series s;
    auto expected = s.Expected(std::vector<double>(10, 1.0), kDuration);
    Case c = SeriesCase(s);
    // One objective whose bounds all hold with 10 % to spare, one whose bounds all fail by 10 %.
    auto pass = Objective("pass", TwinObjectiveTarget::Demand, "d");
    pass.maxDelaySeconds = expected[0] * 1.1;
    pass.maxLossRatio = expected[1] * 1.1;
    pass.minThroughputBps = static_cast<uint64_t>(std::floor(expected[2] * 0.9));
    auto fail = Objective("fail", TwinObjectiveTarget::Demand, "d");
    fail.maxDelaySeconds = expected[0] * 0.9;
    fail.maxLossRatio = expected[1] * 0.9;
    fail.minThroughputBps = static_cast<uint64_t>(std::ceil(expected[2] * 1.1));
    c.scenario.objectives = {pass, fail};

    auto verdicts = c.Evaluate();
    ASSERT_EQ(verdicts.size(), 6U);
    const std::vector<std::string> bounds{"max-delay-s", "max-loss-ratio", "min-throughput-bps"};
    for (std::size_t i = 0; i < verdicts.size(); ++i)
    {
        const auto& v = verdicts[i];
        const bool shouldPass = i < 3;
        EXPECT_EQ(v.objectiveId, shouldPass ? "pass" : "fail");
        EXPECT_EQ(v.targetKind, "demand");
        EXPECT_EQ(v.targetId, "d");
        EXPECT_EQ(v.element, "d");
        EXPECT_EQ(v.bound, bounds[i % 3]);
        EXPECT_EQ(v.passed, shouldPass) << v.bound;
        ASSERT_TRUE(v.measured.has_value());
        EXPECT_NEAR(*v.measured, expected[i % 3], 1e-9 * std::max(1.0, expected[i % 3]));
        ASSERT_TRUE(v.margin.has_value());
        const double margin =
            v.bound == "min-throughput-bps" ? *v.measured - v.limit : v.limit - *v.measured;
        EXPECT_DOUBLE_EQ(*v.margin, margin);
        EXPECT_EQ(*v.margin > 0, shouldPass);
        EXPECT_EQ(v.windowStartSeconds, 0.0);
        EXPECT_EQ(v.windowEndSeconds, kDuration);
    }
    EXPECT_EQ(TwinRunVerdict(verdicts), "fail");
}

TEST(Objectives, MeasurementEqualToLimitPasses)
{
    Case c;
    c.demands = {Demand("d", TwinProtocol::Udp)};
    for (int i = 1; i <= 10; ++i)
    {
        c.results.demandSamples.push_back(Sample("d", i, 4, 3, 3, 2500, 0.75));
    }
    auto o = Objective("o", TwinObjectiveTarget::Demand, "d");
    o.maxDelaySeconds = 0.75 / 3;
    o.maxLossRatio = 1.0 - 3.0 / 4.0;
    o.minThroughputBps = 2500 * 8;
    c.scenario.objectives = {o};
    auto verdicts = c.Evaluate();
    ASSERT_EQ(verdicts.size(), 3U);
    for (const auto& v : verdicts)
    {
        EXPECT_TRUE(v.passed) << v.bound;
        ASSERT_TRUE(v.margin.has_value());
        EXPECT_NEAR(*v.margin, 0.0, 1e-12) << v.bound;
    }
    EXPECT_EQ(TwinRunVerdict(verdicts), "pass");
}

TEST(Objectives, WindowCutsSamplesByFraction)
{
    Series s;
    Case c = SeriesCase(s);
    // [2.5, 7.25): half of (2,3], all of (3,4] .. (6,7], a quarter of (7,8].
    const double start = 2.5;
    const double end = 7.25;
    std::vector<double> weight(10, 0.0);
    weight[2] = 3.0 - start;
    for (int i = 3; i <= 6; ++i)
    {
        weight[i] = 1.0;
    }
    weight[7] = end - 7.0;
    auto expected = s.Expected(weight, end - start);

    auto o = Objective("cut", TwinObjectiveTarget::Demand, "d");
    o.maxDelaySeconds = 1;
    o.maxLossRatio = 1;
    o.minThroughputBps = 0;
    o.windowStartSeconds = start;
    o.windowEndSeconds = end;
    c.scenario.objectives = {o};
    auto verdicts = c.Evaluate();
    ASSERT_EQ(verdicts.size(), 3U);
    for (std::size_t i = 0; i < 3; ++i)
    {
        ASSERT_TRUE(verdicts[i].measured.has_value());
        EXPECT_NEAR(*verdicts[i].measured, expected[i], 1e-9 * std::max(1.0, expected[i]))
            << verdicts[i].bound;
        EXPECT_EQ(verdicts[i].windowStartSeconds, start);
        EXPECT_EQ(verdicts[i].windowEndSeconds, end);
    }
    // Whole samples only would give a different answer: the fractional weights matter.
    std::vector<double> whole(10, 0.0);
    for (int i = 2; i <= 7; ++i)
    {
        whole[i] = 1.0;
    }
    auto wholeExpected = s.Expected(whole, end - start);
    EXPECT_GT(std::fabs(*verdicts[1].measured - wholeExpected[1]), 1e-6);
}

TEST(Objectives, UnsortedSamplesAndMisalignedGrid)
{
    // Samples every 0.4 s, given in reverse order; a window [1, 2) cuts (0.8, 1.2] and
    // (1.6, 2.0] exactly in half.
    Case c;
    c.demands = {Demand("d", TwinProtocol::Udp)};
    std::vector<double> times;
    std::vector<uint64_t> bytes;
    for (int i = 1; i <= 25; ++i)
    {
        times.push_back(0.4 * i);
        bytes.push_back(1000 * static_cast<uint64_t>(i));
    }
    for (std::size_t i = times.size(); i-- > 0;)
    {
        c.results.demandSamples.push_back(Sample("d", times[i], 1, 1, 1, bytes[i], 0.01));
    }
    const double start = 1.0;
    const double end = 2.0;
    double expectedBytes = 0;
    double previous = 0;
    for (std::size_t i = 0; i < times.size(); ++i)
    {
        const double overlap = std::max(0.0, std::min(times[i], end) - std::max(previous, start));
        expectedBytes += overlap / (times[i] - previous) * static_cast<double>(bytes[i]);
        previous = times[i];
    }
    auto o = Objective("grid", TwinObjectiveTarget::Demand, "d");
    o.minThroughputBps = 1;
    o.windowStartSeconds = start;
    o.windowEndSeconds = end;
    c.scenario.objectives = {o};
    auto verdicts = c.Evaluate();
    ASSERT_EQ(verdicts.size(), 1U);
    ASSERT_TRUE(verdicts[0].measured.has_value());
    EXPECT_NEAR(*verdicts[0].measured, expectedBytes * 8.0 / (end - start), 1e-6);
    // (1.2, 1.6] is the only interval fully inside: the window start is its earliest hold.
    ASSERT_TRUE(verdicts[0].holdsFromSeconds.has_value());
    EXPECT_DOUBLE_EQ(*verdicts[0].holdsFromSeconds, start);
}

TEST(Objectives, FlowCompletionTime)
{
    Case c;
    c.demands = {Demand("fast", TwinProtocol::Tcp), Demand("late", TwinProtocol::Tcp),
                 Demand("never", TwinProtocol::Tcp), Demand("udp", TwinProtocol::Udp)};
    auto result = [](const std::string& id, double start, std::optional<double> done)
    {
        TwinDemandResult r;
        r.demandId = id;
        r.protocol = "tcp";
        r.startSeconds = start;
        r.completionSeconds = done;
        return r;
    };
    const double fastStart = 1.0;
    const double fastDone = 4.5;
    const double windowEnd = 8.0;
    c.results.demands = {result("fast", fastStart, fastDone), result("late", 0.5, windowEnd + 0.5),
                         result("never", 0.0, std::nullopt)};
    for (const auto& d : c.demands)
    {
        for (int i = 1; i <= 10; ++i)
        {
            c.results.demandSamples.push_back(Sample(d.id, i, 10, 10, 10, 10000, 0.1));
        }
    }
    const double fct = fastDone - fastStart;
    auto pass = Objective("pass", TwinObjectiveTarget::Demand, "fast");
    pass.maxFctSeconds = fct + 0.5;
    pass.windowEndSeconds = windowEnd;
    auto fail = Objective("fail", TwinObjectiveTarget::Demand, "fast");
    fail.maxFctSeconds = fct - 0.5;
    fail.windowEndSeconds = windowEnd;
    auto late = Objective("late", TwinObjectiveTarget::Demand, "late");
    late.maxFctSeconds = 100;
    late.windowEndSeconds = windowEnd;
    auto never = Objective("never", TwinObjectiveTarget::Demand, "never");
    never.maxFctSeconds = 100;
    // A UDP demand target: no max-fct-s verdict, only the delay one.
    auto udp = Objective("udp", TwinObjectiveTarget::Demand, "udp");
    udp.maxFctSeconds = 100;
    udp.maxDelaySeconds = 1;
    c.scenario.objectives = {pass, fail, late, never, udp};

    auto verdicts = c.Evaluate();
    ASSERT_EQ(verdicts.size(), 5U);
    EXPECT_EQ(verdicts[0].bound, "max-fct-s");
    EXPECT_TRUE(verdicts[0].passed);
    EXPECT_DOUBLE_EQ(verdicts[0].measured.value_or(-1), fct);
    EXPECT_DOUBLE_EQ(verdicts[0].margin.value_or(-1), pass.maxFctSeconds.value() - fct);
    EXPECT_EQ(verdicts[0].holdsFromSeconds, std::optional<double>(0.0));

    EXPECT_FALSE(verdicts[1].passed);
    EXPECT_DOUBLE_EQ(verdicts[1].measured.value_or(-1), fct);
    EXPECT_LT(verdicts[1].margin.value_or(1), 0);
    EXPECT_FALSE(verdicts[1].holdsFromSeconds.has_value());

    // Completed after the window: not completed within it.
    EXPECT_EQ(verdicts[2].objectiveId, "late");
    EXPECT_FALSE(verdicts[2].passed);
    EXPECT_FALSE(verdicts[2].measured.has_value());
    EXPECT_FALSE(verdicts[2].margin.has_value());

    EXPECT_EQ(verdicts[3].objectiveId, "never");
    EXPECT_FALSE(verdicts[3].passed);
    EXPECT_FALSE(verdicts[3].measured.has_value());

    EXPECT_EQ(verdicts[4].objectiveId, "udp");
    EXPECT_EQ(verdicts[4].bound, "max-delay-s");
    EXPECT_TRUE(verdicts[4].passed);
}

TEST(Objectives, ClassMembersByIdAndProtocol)
{
    Case c;
    c.demands = {Demand("u1", TwinProtocol::Udp), Demand("t1", TwinProtocol::Tcp),
                 Demand("u2", TwinProtocol::Udp), Demand("t2", TwinProtocol::Tcp)};
    for (const auto& d : c.demands)
    {
        for (int i = 1; i <= 10; ++i)
        {
            c.results.demandSamples.push_back(Sample(d.id, i, 10, 10, 10, 10000, 0.1));
        }
        TwinDemandResult r;
        r.demandId = d.id;
        r.protocol = d.protocol == TwinProtocol::Tcp ? "tcp" : "udp";
        r.completionSeconds = 2.0;
        c.results.demands.push_back(r);
    }
    TwinTrafficClass cls;
    cls.name = "mixed";
    cls.demands = {"t1", "u2"}; // u2 is listed and UDP: it appears once
    cls.protocol = TwinProtocol::Udp;
    c.scenario.traffic.classes = {cls};
    auto o = Objective("cls", TwinObjectiveTarget::Class, "mixed");
    o.maxDelaySeconds = 1;
    o.maxFctSeconds = 5;
    c.scenario.objectives = {o};

    auto verdicts = c.Evaluate();
    // Listed first (t1, u2), then the protocol's others in demand order (u1); t2 is no member.
    // Only the TCP member gets a max-fct-s verdict.
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& v : verdicts)
    {
        got.emplace_back(v.element, v.bound);
        EXPECT_EQ(v.targetKind, "class");
        EXPECT_EQ(v.targetId, "mixed");
        EXPECT_TRUE(v.passed) << v.element << " " << v.bound;
    }
    const std::vector<std::pair<std::string, std::string>> want{
        {"t1", "max-delay-s"}, {"t1", "max-fct-s"}, {"u2", "max-delay-s"}, {"u1", "max-delay-s"}};
    EXPECT_EQ(got, want);
}

TEST(Objectives, ClassOfUdpWithFctOnlyIsVacuous)
{
    Case c;
    c.demands = {Demand("u1", TwinProtocol::Udp), Demand("u2", TwinProtocol::Udp)};
    TwinTrafficClass cls;
    cls.name = "udp";
    cls.protocol = TwinProtocol::Udp;
    c.scenario.traffic.classes = {cls};
    auto o = Objective("fct", TwinObjectiveTarget::Class, "udp");
    o.maxFctSeconds = 3;
    o.windowStartSeconds = 2;
    c.scenario.objectives = {o};
    auto verdicts = c.Evaluate();
    ASSERT_EQ(verdicts.size(), 1U);
    const auto& v = verdicts[0];
    EXPECT_EQ(v.objectiveId, "fct");
    EXPECT_EQ(v.element, "");
    EXPECT_EQ(v.bound, "max-fct-s");
    EXPECT_EQ(v.limit, 3);
    EXPECT_TRUE(v.passed);
    EXPECT_FALSE(v.measured.has_value());
    EXPECT_FALSE(v.margin.has_value());
    EXPECT_EQ(v.holdsFromSeconds, std::optional<double>(2.0));
    EXPECT_EQ(TwinRunVerdict(verdicts), "pass");
}

TEST(Objectives, UnknownClassAndEmptyWindowThrow)
{
    Case c;
    c.scenario.objectives = {Objective("o", TwinObjectiveTarget::Class, "nope")};
    c.scenario.objectives[0].maxDelaySeconds = 1;
    EXPECT_THROW(c.Evaluate(), std::invalid_argument);

    Case w;
    auto o = Objective("o", TwinObjectiveTarget::Demand, "d");
    o.maxDelaySeconds = 1;
    o.windowStartSeconds = 5;
    o.windowEndSeconds = 5;
    w.scenario.objectives = {o};
    EXPECT_THROW(w.Evaluate(), std::invalid_argument);
}

TEST(Objectives, LinkPairAndDirectionOnly)
{
    Case c;
    // A-B busy 0.2 .. 0.65 rising, B-A constant; B-C has no reverse.
    std::vector<double> forward;
    for (int i = 1; i <= 10; ++i)
    {
        forward.push_back(0.15 + 0.05 * i);
        c.results.samples.push_back(LinkSample("A-B", i, forward.back()));
        c.results.samples.push_back(LinkSample("B-A", i, 0.3));
        c.results.samples.push_back(LinkSample("B-C", i, 0.9));
    }
    double forwardMean = 0;
    for (double u : forward)
    {
        forwardMean += u / kDuration;
    }
    const double limit = 0.5;
    auto pair = Objective("pair", TwinObjectiveTarget::Link, "A-B");
    pair.maxUtilisation = limit;
    auto single = Objective("single", TwinObjectiveTarget::Link, "A-B");
    single.maxUtilisation = limit;
    single.directionOnly = true;
    auto lonely = Objective("lonely", TwinObjectiveTarget::Link, "B-C");
    lonely.maxUtilisation = limit;
    c.scenario.objectives = {pair, single, lonely};

    auto verdicts = c.Evaluate();
    ASSERT_EQ(verdicts.size(), 4U);
    EXPECT_EQ(verdicts[0].element, "A-B");
    EXPECT_EQ(verdicts[1].element, "B-A");
    EXPECT_EQ(verdicts[2].objectiveId, "single");
    EXPECT_EQ(verdicts[2].element, "A-B");
    EXPECT_EQ(verdicts[3].element, "B-C");
    for (const auto& v : verdicts)
    {
        EXPECT_EQ(v.targetKind, "link");
        EXPECT_EQ(v.bound, "max-utilisation");
    }
    EXPECT_NEAR(verdicts[0].measured.value_or(-1), forwardMean, 1e-12);
    EXPECT_EQ(verdicts[0].passed, forwardMean <= limit);
    EXPECT_NEAR(verdicts[1].measured.value_or(-1), 0.3, 1e-12);
    EXPECT_TRUE(verdicts[1].passed);
    EXPECT_FALSE(verdicts[3].passed);
    EXPECT_NEAR(verdicts[3].margin.value_or(0), limit - 0.9, 1e-12);

    // A-B exceeds the limit in its last intervals: it never recovers. B-A holds throughout.
    EXPECT_FALSE(verdicts[0].holdsFromSeconds.has_value());
    EXPECT_EQ(verdicts[1].holdsFromSeconds, std::optional<double>(0.0));
}

TEST(Objectives, UtilisationWindowCut)
{
    Case c;
    std::vector<double> u{0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.5, 0.5};
    for (std::size_t i = 0; i < u.size(); ++i)
    {
        c.results.samples.push_back(LinkSample("B-C", static_cast<double>(i + 1), u[i]));
    }
    const double start = 1.75;
    const double end = 4.5;
    // A quarter of (1,2], all of (2,3] and (3,4], half of (4,5].
    const double busy = (2.0 - start) * u[1] + u[2] + u[3] + (end - 4.0) * u[4];
    auto o = Objective("cut", TwinObjectiveTarget::Link, "B-C");
    o.maxUtilisation = 1;
    o.windowStartSeconds = start;
    o.windowEndSeconds = end;
    c.scenario.objectives = {o};
    auto verdicts = c.Evaluate();
    ASSERT_EQ(verdicts.size(), 1U);
    EXPECT_NEAR(verdicts[0].measured.value_or(-1), busy / (end - start), 1e-12);
}

TEST(Objectives, HoldsFromRecoveryAndNever)
{
    // Loss and delay are bad in every interval up to t = 5 and good afterwards.
    const double recovery = 5.0;
    Case c;
    c.demands = {Demand("rec", TwinProtocol::Udp), Demand("bad", TwinProtocol::Udp)};
    for (int i = 1; i <= 10; ++i)
    {
        const bool good = i > recovery;
        c.results.demandSamples.push_back(
            Sample("rec", i, 100, good ? 100 : 50, good ? 100 : 50, 100000, good ? 1.0 : 25.0));
        // Good until 7, bad from then on.
        const bool late = i > 7;
        c.results.demandSamples.push_back(
            Sample("bad", i, 100, late ? 50 : 100, late ? 50 : 100, 100000, late ? 25.0 : 1.0));
    }
    for (const std::string id : {"rec", "bad"})
    {
        auto o = Objective(id, TwinObjectiveTarget::Demand, id);
        o.maxDelaySeconds = 0.1;
        o.maxLossRatio = 0.1;
        o.minThroughputBps = 1;
        c.scenario.objectives.push_back(o);
    }
    auto verdicts = c.Evaluate();
    ASSERT_EQ(verdicts.size(), 6U);
    auto recLoss = Find(verdicts, "rec", "max-loss-ratio");
    EXPECT_FALSE(recLoss.passed); // 25 % over the whole run
    EXPECT_EQ(recLoss.holdsFromSeconds, std::optional<double>(recovery));
    auto recDelay = Find(verdicts, "rec", "max-delay-s");
    EXPECT_EQ(recDelay.holdsFromSeconds, std::optional<double>(recovery));
    auto recThroughput = Find(verdicts, "rec", "min-throughput-bps");
    EXPECT_TRUE(recThroughput.passed);
    EXPECT_EQ(recThroughput.holdsFromSeconds, std::optional<double>(0.0));

    for (const auto& bound : {"max-loss-ratio", "max-delay-s"})
    {
        auto v = Find(verdicts, "bad", bound);
        EXPECT_FALSE(v.holdsFromSeconds.has_value()) << bound;
    }

    // Within a window starting after the recovery, the bound holds from the window start.
    c.scenario.objectives.resize(1);
    c.scenario.objectives[0].windowStartSeconds = 6.5;
    verdicts = c.Evaluate();
    auto later = Find(verdicts, "rec", "max-loss-ratio");
    EXPECT_TRUE(later.passed);
    EXPECT_EQ(later.holdsFromSeconds, std::optional<double>(6.5));
}

TEST(Objectives, DelayIntervalWithoutTraffic)
{
    // From t = 6 the demand sends nothing: those intervals hold for delay. Demand "cut" keeps
    // sending but receives nothing from t = 6: those intervals fail.
    Case c;
    c.demands = {Demand("idle", TwinProtocol::Udp), Demand("cut", TwinProtocol::Udp)};
    for (int i = 1; i <= 10; ++i)
    {
        const bool after = i > 6;
        const bool slow = i <= 3;
        c.results.demandSamples.push_back(Sample("idle", i, after ? 0 : 10, after ? 0 : 10,
                                                 after ? 0 : 10, after ? 0 : 10000,
                                                 after ? 0.0 : (slow ? 5.0 : 0.1)));
        c.results.demandSamples.push_back(
            Sample("cut", i, 10, after ? 0 : 10, after ? 0 : 10, after ? 0 : 10000, 0.1));
    }
    for (const std::string id : {"idle", "cut"})
    {
        auto o = Objective(id, TwinObjectiveTarget::Demand, id);
        o.maxDelaySeconds = 0.1;
        o.maxLossRatio = 0.5;
        c.scenario.objectives.push_back(o);
    }
    auto verdicts = c.Evaluate();
    auto idle = Find(verdicts, "idle", "max-delay-s");
    // The first three intervals are slow; (3, 4] onwards holds, idle ones included.
    EXPECT_EQ(idle.holdsFromSeconds, std::optional<double>(3.0));
    auto cut = Find(verdicts, "cut", "max-delay-s");
    EXPECT_TRUE(cut.passed); // what did arrive was fast enough
    EXPECT_FALSE(cut.holdsFromSeconds.has_value());
    // Idle intervals lose nothing.
    auto idleLoss = Find(verdicts, "idle", "max-loss-ratio");
    EXPECT_EQ(idleLoss.holdsFromSeconds, std::optional<double>(0.0));
    EXPECT_DOUBLE_EQ(idleLoss.measured.value_or(-1), 0.0);
}

TEST(Objectives, NoMeasurement)
{
    Case c;
    c.demands = {Demand("silent", TwinProtocol::Udp), Demand("missing", TwinProtocol::Tcp),
                 Demand("idle", TwinProtocol::Udp)};
    for (int i = 1; i <= 10; ++i)
    {
        // Sends, nothing arrives.
        c.results.demandSamples.push_back(Sample("silent", i, 10, 0, 0, 0, 0));
        // Sends nothing at all.
        c.results.demandSamples.push_back(Sample("idle", i, 0, 0, 0, 0, 0));
    }
    for (const std::string id : {"silent", "missing", "idle"})
    {
        auto o = Objective(id, TwinObjectiveTarget::Demand, id);
        o.maxDelaySeconds = 1;
        o.maxLossRatio = 0.5;
        o.maxFctSeconds = 1;
        c.scenario.objectives.push_back(o);
    }
    // A link with no samples.
    auto link = Objective("link", TwinObjectiveTarget::Link, "B-C");
    link.maxUtilisation = 1;
    c.scenario.objectives.push_back(link);
    auto verdicts = c.Evaluate();

    auto silentDelay = Find(verdicts, "silent", "max-delay-s");
    EXPECT_FALSE(silentDelay.measured.has_value());
    EXPECT_FALSE(silentDelay.passed);
    EXPECT_FALSE(silentDelay.margin.has_value());
    auto silentLoss = Find(verdicts, "silent", "max-loss-ratio");
    EXPECT_DOUBLE_EQ(silentLoss.measured.value_or(-1), 1.0);
    EXPECT_FALSE(silentLoss.passed);

    // Not installed: every bound, max-fct-s included, is unchecked and fails.
    for (const auto& bound : {"max-delay-s", "max-loss-ratio", "max-fct-s"})
    {
        auto v = Find(verdicts, "missing", bound);
        EXPECT_FALSE(v.measured.has_value()) << bound;
        EXPECT_FALSE(v.passed) << bound;
        EXPECT_FALSE(v.holdsFromSeconds.has_value()) << bound;
    }

    // Nothing sent: nothing lost; but nothing delivered to measure delay on.
    auto idleLoss = Find(verdicts, "idle", "max-loss-ratio");
    EXPECT_DOUBLE_EQ(idleLoss.measured.value_or(-1), 0.0);
    EXPECT_TRUE(idleLoss.passed);
    auto idleDelay = Find(verdicts, "idle", "max-delay-s");
    EXPECT_FALSE(idleDelay.passed);
    EXPECT_FALSE(idleDelay.measured.has_value());

    auto linkVerdict = Find(verdicts, "B-C", "max-utilisation");
    EXPECT_FALSE(linkVerdict.measured.has_value());
    EXPECT_FALSE(linkVerdict.passed);
}

/**
 * @param objective objective id
 * @param limit the limit
 * @param measured the measurement
 * @param minBound a min- bound
 * @param holdsFrom when it holds from
 * @return a verdict as EvaluateTwinObjectives makes them
 */
TwinVerdict
Verdict(const std::string& objective, double limit, std::optional<double> measured,
        bool minBound = false, std::optional<double> holdsFrom = 0.0)
{
    TwinVerdict v;
    v.objectiveId = objective;
    v.targetKind = "class";
    v.targetId = objective + "-class";
    v.element = objective + "-" + std::to_string(limit) + "-" +
                (measured ? std::to_string(*measured) : std::string("none"));
    v.bound = minBound ? "min-throughput-bps" : "max-delay-s";
    v.limit = limit;
    v.measured = measured;
    if (measured)
    {
        v.margin = minBound ? *measured - limit : limit - *measured;
        v.passed = *v.margin >= 0;
    }
    v.holdsFromSeconds = holdsFrom;
    return v;
}

TEST(Objectives, RelativeMargin)
{
    auto small = Verdict("o", 0.01, 0.008); // 20 % inside
    auto large = Verdict("o", 1.0, 0.9);    // 10 % inside, though a larger absolute margin
    ASSERT_TRUE(TwinRelativeMargin(small).has_value());
    EXPECT_DOUBLE_EQ(*TwinRelativeMargin(small), (0.01 - 0.008) / 0.01);
    EXPECT_DOUBLE_EQ(*TwinRelativeMargin(large), (1.0 - 0.9) / 1.0);
    EXPECT_LT(*TwinRelativeMargin(large), *TwinRelativeMargin(small));

    auto zero = Verdict("o", 0.0, 0.25); // zero limit: the margin itself
    EXPECT_DOUBLE_EQ(TwinRelativeMargin(zero).value_or(0), -0.25);
    auto throughput = Verdict("o", 2e6, 1.5e6, true);
    EXPECT_DOUBLE_EQ(TwinRelativeMargin(throughput).value_or(0), (1.5e6 - 2e6) / 2e6);
    EXPECT_FALSE(TwinRelativeMargin(Verdict("o", 1.0, std::nullopt)).has_value());
}

TEST(Objectives, Summaries)
{
    std::vector<TwinVerdict> verdicts{
        Verdict("a", 1.0, 0.5, false, 2.0),                   // rel 0.5
        Verdict("b", 0.01, 0.02, false, 0.0),                 // rel -1, fails
        Verdict("a", 1.0, 0.75, false, 4.0),                  // rel 0.25: a's worst
        Verdict("a", 2.0, 1.5, false, 3.0),                   // rel 0.25: a tie, the first stays
        Verdict("c", 1.0, std::nullopt, false, std::nullopt), // no measurement
        Verdict("b", 5.0, 100.0, false, std::nullopt),        // rel -19: b's worst
        Verdict("c", 1.0, 2.0, false, 1.0),                   // worse margin, but measured
        Verdict("d", 1.0, 3.0, false, 1.0),                   // measured, failing badly
        Verdict("d", 1.0, std::nullopt, false, std::nullopt), // unmeasured: still worse
    };
    auto summaries = SummariseTwinVerdicts(verdicts);
    ASSERT_EQ(summaries.size(), 4U);

    const auto& a = summaries[0];
    EXPECT_EQ(a.objectiveId, "a");
    EXPECT_EQ(a.targetKind, "class");
    EXPECT_EQ(a.targetId, "a-class");
    EXPECT_TRUE(a.passed);
    EXPECT_EQ(a.verdicts, 3U);
    EXPECT_EQ(a.failed, 0U);
    EXPECT_EQ(a.worst.element, verdicts[2].element);
    EXPECT_DOUBLE_EQ(a.worstRelativeMargin.value_or(1), *TwinRelativeMargin(verdicts[2]));
    EXPECT_EQ(a.holdsFromSeconds, std::optional<double>(4.0));

    const auto& b = summaries[1];
    EXPECT_EQ(b.objectiveId, "b");
    EXPECT_FALSE(b.passed);
    EXPECT_EQ(b.verdicts, 2U);
    EXPECT_EQ(b.failed, 2U);
    EXPECT_EQ(b.worst.element, verdicts[5].element);
    EXPECT_FALSE(b.holdsFromSeconds.has_value());

    const auto& c = summaries[2];
    EXPECT_EQ(c.objectiveId, "c");
    EXPECT_FALSE(c.passed);
    EXPECT_EQ(c.failed, 2U);
    EXPECT_EQ(c.worst.element, verdicts[4].element);
    EXPECT_FALSE(c.worstRelativeMargin.has_value());
    EXPECT_FALSE(c.holdsFromSeconds.has_value());

    const auto& d = summaries[3];
    EXPECT_EQ(d.worst.element, verdicts[8].element);
    EXPECT_FALSE(d.worstRelativeMargin.has_value());

    EXPECT_TRUE(SummariseTwinVerdicts({}).empty());
}

TEST(Objectives, RunVerdict)
{
    EXPECT_EQ(TwinRunVerdict({}), "");
    EXPECT_EQ(TwinRunVerdict({Verdict("a", 1, 0.5), Verdict("b", 1, 0.9)}), "pass");
    EXPECT_EQ(TwinRunVerdict({Verdict("a", 1, 0.5), Verdict("b", 1, 1.5)}), "fail");
    EXPECT_EQ(TwinRunVerdict({Verdict("a", 1, std::nullopt)}), "fail");
}

TEST(Objectives, NoObjectivesNoVerdicts)
{
    Case c;
    c.demands = {Demand("d", TwinProtocol::Udp)};
    c.results.demandSamples.push_back(Sample("d", 1, 1, 1, 1, 1000, 0.01));
    EXPECT_TRUE(c.Evaluate().empty());
}

} // namespace
