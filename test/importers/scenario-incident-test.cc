/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Incident files (wall-clock timelines) and stand-alone change-set files.

#include "test-util.h"

#include "ns3/scenario-reader.h"
#include "ns3/twin-importer.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

namespace
{

/**
 * Expect an error naming the file, with a path containing pathPart and a message containing
 * messagePart.
 * @return the first such error, or nullptr (after a failure)
 */
const TwinDiagnostic*
ExpectError(const TwinDiagnostics& d, const std::string& file, const std::string& pathPart,
            const std::string& messagePart)
{
    for (const auto& item : d.All())
    {
        if (item.severity == TwinDiagnostic::Severity::Error && item.where.file == file &&
            item.where.path.find(pathPart) != std::string::npos &&
            item.message.find(messagePart) != std::string::npos)
        {
            return &item;
        }
    }
    ADD_FAILURE() << "no error with path containing '" << pathPart << "' and message '"
                  << messagePart << "' in:\n"
                  << test::Dump(d);
    return nullptr;
}

/**
 * @param path a file
 * @return its content (empty when it cannot be read)
 */
std::string
ReadText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/**
 * @param text a document
 * @param needle a part of it
 * @return the 1-based line where needle first occurs (0 when absent)
 */
uint32_t
LineOf(const std::string& text, const std::string& needle)
{
    auto at = text.find(needle);
    if (at == std::string::npos)
    {
        return 0;
    }
    uint32_t line = 1;
    for (std::size_t i = 0; i < at; ++i)
    {
        line += text[i] == '\n' ? 1 : 0;
    }
    return line;
}

/**
 * A scenario on the sample, one member per line so that lines can be checked.
 * @param incident the incident member, or empty for none
 * @param events the event objects
 * @param duration duration-s
 */
std::string
Incident(const std::string& incident, const std::string& events, const std::string& duration = "10")
{
    return "{\n \"ns3-digital-twin-scenario:scenario\": {\n  \"name\": \"t\",\n" +
           (incident.empty() ? "" : "  \"incident\": " + incident + ",\n") +
           "  \"base-snapshot\": {\"bundle-path\": \"examples/data/abilene\"},\n"
           "  \"duration-s\": \"" +
           duration + "\",\n  \"events\": {\"event\": [\n" + events + "\n  ]}\n }\n}\n";
}

/** The incident start most tests use. */
const std::string kStart = R"({"wall-clock-start": "2026-10-14T09:12:00Z"})";

/** @return a one-line event object */
std::string
Event(const std::string& id, const std::string& time, const std::string& action)
{
    return "   {\"id\": \"" + id + "\", " + time + ", " + action + "}";
}

/** @return the change set as text, field by field (sources excepted) */
std::string
Describe(const TwinChangeSet& cs)
{
    std::ostringstream o;
    for (const auto& n : cs.nodes)
    {
        o << "node " << n.node << '\n';
        for (const auto& i : n.interfaces)
        {
            o << " if " << i.name << ' ' << (i.enabled ? int(*i.enabled) : -1) << ' '
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
            o << " +route " << r.node << ' ' << r.destination.ToString() << ' '
              << r.nextHop.value_or(0) << ' ' << r.outInterface << ' ' << r.metric << '\n';
        }
        for (const auto& r : n.removeRoutes)
        {
            o << " -route " << r.ToString() << '\n';
        }
    }
    return o.str();
}

/** @return what an event does and when, field by field (sources and wall time excepted) */
std::string
Describe(const TwinEvent& e)
{
    std::ostringstream o;
    o.precision(17);
    o << e.id << ' ' << e.timeSeconds << ' ' << TwinEventTypeName(e.type) << ' ' << e.link << ' '
      << e.directionOnly << ' ' << e.node << ' ' << e.capacityBps << ' ' << e.delaySeconds << ' '
      << e.route.destination.ToString() << ' ' << e.demand << ' ' << e.trafficClass << ' '
      << e.factor << ' ' << e.surgeDurationSeconds.value_or(-1) << ' ' << e.origin << '\n'
      << Describe(e.changeSet);
    return o.str();
}

/** @return an objective's target, bounds and window */
std::string
Describe(const TwinObjective& ob)
{
    std::ostringstream o;
    o << ob.id << ' ' << static_cast<int>(ob.target) << ' ' << ob.targetId << ' '
      << ob.directionOnly << ' ' << ob.maxDelaySeconds.value_or(-1) << ' '
      << ob.maxLossRatio.value_or(-1) << ' ' << ob.minThroughputBps.value_or(0) << ' '
      << ob.maxFctSeconds.value_or(-1) << ' ' << ob.maxUtilisation.value_or(-1) << ' '
      << ob.windowStartSeconds << ' ' << ob.windowEndSeconds.value_or(-1);
    return o.str();
}

/**
 * @param text a stamp
 * @return ParseTwinWallClock's value; a test failure when it refuses the stamp
 */
int64_t
Micros(const std::string& text)
{
    std::string why;
    auto v = ParseTwinWallClock(text, &why);
    EXPECT_TRUE(v.has_value()) << text << ": " << why;
    return v.value_or(0);
}

/**
 * @param text a stamp that must be refused
 * @return the reason given
 */
std::string
Refusal(const std::string& text)
{
    std::string why;
    auto v = ParseTwinWallClock(text, &why);
    EXPECT_FALSE(v.has_value()) << text << " accepted as " << v.value_or(0);
    return why;
}

/** Sets TZ for the life of the object, then restores it. */
class TimeZone
{
public:
    /** @param zone the TZ value */
    explicit TimeZone(const char* zone)
    {
        const char* old = std::getenv("TZ");
        m_had = old != nullptr;
        m_old = m_had ? old : "";
        setenv("TZ", zone, 1);
        tzset();
    }

    ~TimeZone()
    {
        if (m_had)
        {
            setenv("TZ", m_old.c_str(), 1);
        }
        else
        {
            unsetenv("TZ");
        }
        tzset();
    }

    TimeZone(const TimeZone&) = delete;
    TimeZone& operator=(const TimeZone&) = delete;

private:
    bool m_had{false}; //!< TZ was set before
    std::string m_old; //!< its value
};

/** The events of the incident fixtures: id, simulated time, wall time as written. */
struct FixtureEvent
{
    const char* id;      //!< event id
    double seconds;      //!< expected simulated time
    const char* written; //!< wall-time as written, or ""
};

/** Each stamp of incident.json/.xml minus the start, 2026-10-14T11:12:00+02:00 = 09:12:00Z. */
const FixtureEvent kFixtureEvents[] = {
    {"relative", 1.5, ""},
    {"utc", 2.25, "2026-10-14T09:12:02.25Z"},
    {"new-york", 3.000001, "2026-10-14T05:12:03.000001-04:00"},
    {"same-zone", 4.5, "2026-10-14T11:12:04.5+02:00"},
    {"kolkata", 8.75, "2026-10-14T14:42:08.75+05:30"},
    {"at-start", 0, "2026-10-14T09:12:00-00:00"},
};

/**
 * Check a read of the incident fixture.
 * @param read the result
 * @param file the fixture's path
 */
void
ExpectFixture(const TwinScenarioReadResult& read, const std::string& file)
{
    ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
    EXPECT_TRUE(read.diagnostics.All().empty()) << test::Dump(read.diagnostics);
    const TwinScenario& s = read.scenario;
    EXPECT_EQ(s.wallClockStart, "2026-10-14T11:12:00+02:00");
    EXPECT_EQ(s.incidentSource, "NOC ticket 4711");
    ASSERT_EQ(s.events.size(), std::size(kFixtureEvents));
    for (std::size_t i = 0; i < s.events.size(); ++i)
    {
        const auto& e = s.events[i];
        SCOPED_TRACE(e.id);
        EXPECT_EQ(e.id, kFixtureEvents[i].id);
        EXPECT_EQ(e.timeSeconds, kFixtureEvents[i].seconds);
        EXPECT_EQ(e.wallTime, kFixtureEvents[i].written);
        EXPECT_EQ(e.source.file, file);
        EXPECT_NE(e.source.line, 0u);
    }
    auto check = CheckTwinScenario(s, test::AbileneSample(), {});
    EXPECT_TRUE(check.All().empty()) << test::Dump(check);
}

} // namespace

TEST(ScenarioIncident, WallClockFollowsTheCalendar)
{
    // Against the C library's UTC conversion, over four centuries of dates.
    for (int year = 1601; year <= 2400; year += 7)
    {
        for (int month = 1; month <= 12; ++month)
        {
            for (int day : {1, 15, 28, 29, 30, 31})
            {
                std::tm tm{};
                tm.tm_year = year - 1900;
                tm.tm_mon = month - 1;
                tm.tm_mday = day;
                tm.tm_hour = (year + day) % 24;
                tm.tm_min = (month * 7) % 60;
                tm.tm_sec = (day * 13) % 60;
                time_t t = timegm(&tm);
                if (tm.tm_mday != day) // normalised: no such day in this month
                {
                    continue;
                }
                char text[40];
                std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month,
                              day, tm.tm_hour, tm.tm_min, tm.tm_sec);
                ASSERT_EQ(Micros(text), static_cast<int64_t>(t) * 1000000) << text;
            }
        }
    }

    // Offsets, "-00:00", fractions, a day boundary.
    const int64_t utc = Micros("2026-10-14T09:12:00Z");
    EXPECT_EQ(Micros("2026-10-14T11:12:00+02:00"), utc);
    EXPECT_EQ(Micros("2026-10-14T03:12:00-06:00"), utc);
    EXPECT_EQ(Micros("2026-10-13T23:42:00-09:30"), utc);
    EXPECT_EQ(Micros("2026-10-14T09:12:00-00:00"), utc);
    EXPECT_EQ(Micros("2026-10-14T09:12:00+00:00"), utc);
    EXPECT_EQ(Micros("2026-10-14T09:12:00.5Z") - utc, 500000);
    EXPECT_EQ(Micros("2026-10-14T09:12:00.000001Z") - utc, 1);
    EXPECT_EQ(Micros("2026-10-14T09:12:00.123456Z") - utc, 123456);
    EXPECT_EQ(Micros("2026-10-14T09:11:59.999999Z") - utc, -1);
    EXPECT_EQ(Micros("2026-10-15T00:30:00+05:00") - Micros("2026-10-14T19:30:00Z"), 0);
    EXPECT_EQ(Micros("2028-03-01T00:00:00Z") - Micros("2028-02-28T00:00:00Z"), 2 * 86400000000);
    EXPECT_EQ(Micros("2100-03-01T00:00:00Z") - Micros("2100-02-28T00:00:00Z"), 86400000000);
    EXPECT_EQ(Micros("1970-01-01T00:00:00Z"), 0);

    EXPECT_NE(Refusal("2026-13-01T00:00:00Z").find("month 13"), std::string::npos);
    EXPECT_NE(Refusal("2026-02-29T00:00:00Z").find("day 29"), std::string::npos);
    EXPECT_NE(Refusal("2026-04-31T00:00:00Z").find("day 31"), std::string::npos);
    EXPECT_NE(Refusal("2026-10-14T24:00:00Z").find("out of range"), std::string::npos);
    EXPECT_NE(Refusal("2026-10-14T09:60:00Z").find("out of range"), std::string::npos);
    EXPECT_NE(Refusal("2026-12-31T23:59:60Z").find("leap second"), std::string::npos);
    EXPECT_NE(Refusal("2026-10-14T09:12:00.1234567Z").find("six fraction digits"),
              std::string::npos);
    EXPECT_NE(Refusal("2026-10-14T09:12:00+24:00").find("offset"), std::string::npos);
    EXPECT_NE(Refusal("0000-01-01T00:00:00Z").find("year"), std::string::npos);
    for (const char* malformed :
         {"2026-10-14T09:12:00", "2026-10-14 09:12:00Z", "2026-10-14T09:12:00.Z",
          "2026-10-14T09:12Z", "", "2026-10-14T09:12:00Zz", "2026-10-14T09:12:00+0200"})
    {
        EXPECT_NE(Refusal(malformed).find("expected YYYY-MM-DD"), std::string::npos) << malformed;
    }
    EXPECT_FALSE(ParseTwinWallClock("garbage", nullptr).has_value());
}

TEST(ScenarioIncident, JsonAndXmlMapWallTimesToSimulatedTime)
{
    const std::string json = test::SourcePath("test/data/scenario/incident.json");
    const std::string xml = test::SourcePath("test/data/scenario/incident.xml");
    auto fromJson = ReadTwinScenario(json);
    auto fromXml = ReadTwinScenario(xml);
    ExpectFixture(fromJson, json);
    ExpectFixture(fromXml, xml);
    ASSERT_EQ(fromJson.scenario.events.size(), fromXml.scenario.events.size());
    for (std::size_t i = 0; i < fromJson.scenario.events.size(); ++i)
    {
        EXPECT_EQ(Describe(fromJson.scenario.events[i]), Describe(fromXml.scenario.events[i]));
    }
    // The path of a wall-time event is the event's, as for time-s.
    EXPECT_EQ(fromJson.scenario.events[1].source.path,
              "/ns3-digital-twin-scenario:scenario/events/event[id='utc']");
}

TEST(ScenarioIncident, StampsAreKeptAsWrittenWhateverTheLocalTimeZone)
{
    // libyang re-expresses a date-and-time in the local zone; the reader keeps the text.
    for (const char* zone : {"UTC", "America/Denver", "Asia/Kolkata", "Pacific/Chatham"})
    {
        SCOPED_TRACE(zone);
        TimeZone tz(zone);
        const std::string json = test::SourcePath("test/data/scenario/incident.json");
        const std::string xml = test::SourcePath("test/data/scenario/incident.xml");
        ExpectFixture(ReadTwinScenario(json), json);
        ExpectFixture(ReadTwinScenario(xml), xml);
    }
}

TEST(ScenarioIncident, WallTimeNeedsAnIncidentStart)
{
    test::TempDir dir;
    std::string text = Incident("", Event("w", R"("wall-time": "2026-10-14T09:12:01Z")",
                                          R"("node-down": {"node": "ATLAng"})"));
    std::string file = dir.Write("no-incident.json", text);
    auto read = ReadTwinScenario(file);
    ASSERT_FALSE(read.Ok());
    auto* e = ExpectError(read.diagnostics, file, "event[id='w']/wall-time",
                          "wall-time needs incident/wall-clock-start");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->where.line, LineOf(text, "\"id\": \"w\""));

    // An incident must give its start.
    text = Incident(R"({"source": "ticket"})",
                    Event("r", R"("time-s": "1")", R"("node-down": {"node": "ATLAng"})"));
    file = dir.Write("no-start.json", text);
    read = ReadTwinScenario(file);
    ExpectError(read.diagnostics, file, "incident/wall-clock-start", "Mandatory node");

    // Exactly one of time-s and wall-time.
    text = Incident(kStart, Event("both", R"("time-s": "1", "wall-time": "2026-10-14T09:12:01Z")",
                                  R"("node-down": {"node": "ATLAng"})"));
    file = dir.Write("both.json", text);
    read = ReadTwinScenario(file);
    e = ExpectError(read.diagnostics, file, "events/event", "both cases");
    ASSERT_NE(e, nullptr);
    EXPECT_NE(e->where.line, 0u);
    text = Incident(
        kStart, Event("neither", R"("description": "x")", R"("node-down": {"node": "ATLAng"})"));
    file = dir.Write("neither.json", text);
    read = ReadTwinScenario(file);
    ExpectError(read.diagnostics, file, "events/event", "Mandatory choice \"time\"");

    // More digits than microseconds: the module refuses them, as yanglint does.
    text = Incident(kStart, Event("fine", R"("wall-time": "2026-10-14T09:12:01.0000001Z")",
                                  R"("node-down": {"node": "ATLAng"})"));
    file = dir.Write("nanos.json", text);
    read = ReadTwinScenario(file);
    ExpectError(read.diagnostics, file, "event[id='fine']/wall-time", "Unsatisfied pattern");
}

TEST(ScenarioIncident, WallTimeBeforeTheStartIsAnError)
{
    test::TempDir dir;
    const std::string text =
        Incident(R"({"wall-clock-start": "2026-10-14T11:12:00+02:00"})",
                 Event("ok", R"("wall-time": "2026-10-14T09:12:00Z")",
                       R"("node-down": {"node": "ATLAng"})") +
                     ",\n" +
                     Event("early", R"("wall-time": "2026-10-14T03:11:59.5-06:00")",
                           R"("node-up": {"node": "ATLAng"})"));
    const std::string file = dir.Write("early.json", text);
    auto read = ReadTwinScenario(file);
    ASSERT_FALSE(read.Ok());
    EXPECT_EQ(read.diagnostics.Count(TwinDiagnostic::Severity::Error), 1u)
        << test::Dump(read.diagnostics);
    auto* e =
        ExpectError(read.diagnostics, file,
                    "/ns3-digital-twin-scenario:scenario/events/event[id='early']/wall-time",
                    "event 'early' at wall time 2026-10-14T03:11:59.5-06:00 is 0.5 s before the "
                    "incident's wall-clock-start 2026-10-14T11:12:00+02:00");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->where.line, LineOf(text, "\"id\": \"early\""));
}

TEST(ScenarioIncident, CalendarErrorsLibyangLetsThroughNameTheLeaf)
{
    // libyang accepts these dates (it normalises them); the reader does not.
    test::TempDir dir;
    std::string text =
        Incident(R"({"wall-clock-start": "2026-02-30T09:12:00Z"})",
                 Event("a", R"("time-s": "1")", R"("node-down": {"node": "ATLAng"})"));
    std::string file = dir.Write("start.json", text);
    auto read = ReadTwinScenario(file);
    auto* e = ExpectError(read.diagnostics, file, "incident/wall-clock-start",
                          "'2026-02-30T09:12:00Z' is not a valid time: day 30 out of range");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->where.line, LineOf(text, "wall-clock-start"));

    text = Incident(kStart, Event("m13", R"("wall-time": "2026-13-14T09:12:01Z")",
                                  R"("node-down": {"node": "ATLAng"})"));
    file = dir.Write("event.json", text);
    read = ReadTwinScenario(file);
    ExpectError(read.diagnostics, file, "event[id='m13']/wall-time", "month 13 out of range");
}

TEST(ScenarioIncident, MixedTimesAreCheckedTogether)
{
    test::TempDir dir;
    const std::string link = R"("link": "NYCMng,to-CHIN,CHINng,to-NYCM")";
    // 2 s given both ways: the two events contradict each other; a wall time past the end of
    // the run is reported at its wall-time leaf.
    const std::string text =
        Incident(R"({"wall-clock-start": "2026-10-14T09:12:00.5Z"})",
                 Event("down", R"("time-s": "2")", "\"link-down\": {" + link + "}") + ",\n" +
                     Event("up", R"("wall-time": "2026-10-14T11:12:02.5+02:00")",
                           "\"link-up\": {" + link + "}") +
                     ",\n" +
                     Event("late", R"("wall-time": "2026-10-14T09:12:10.5Z")",
                           R"("node-down": {"node": "ATLAng"})") +
                     ",\n" +
                     Event("last", R"("wall-time": "2026-10-14T09:12:10.499999Z")",
                           R"("node-up": {"node": "KSCYng"})"));
    const std::string file = dir.Write("mixed.json", text);
    auto read = ReadTwinScenario(file);
    ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
    ASSERT_EQ(read.scenario.events.size(), 4u);
    EXPECT_EQ(read.scenario.events[1].timeSeconds, 2.0);
    EXPECT_EQ(read.scenario.events[3].timeSeconds, 9.999999);
    auto d = CheckTwinScenario(read.scenario, test::AbileneSample(), {});
    ExpectError(d, file, "event[id='up']", "contradicts event 'down'");
    ExpectError(d, file, "event[id='late']/wall-time",
                "at 10 s (wall time 2026-10-14T09:12:10.5Z) is not before the end of the run");
    EXPECT_EQ(d.Count(TwinDiagnostic::Severity::Error), 2u) << test::Dump(d);
}

TEST(ScenarioIncident, ShippedIncidentIsTheRemedyScenarioWithoutItsRemedy)
{
    auto incident = ReadTwinScenario(test::SourcePath("scenarios/incident-dnvr-kscy.json"));
    auto original = ReadTwinScenario(test::SourcePath("scenarios/incident-with-remedy.json"));
    auto remedy = ReadTwinChangeSet(test::SourcePath("scenarios/remedy-dnvr-reroute.json"));
    ASSERT_TRUE(incident.Ok()) << test::Dump(incident.diagnostics);
    ASSERT_TRUE(original.Ok()) << test::Dump(original.diagnostics);
    ASSERT_TRUE(remedy.Ok()) << test::Dump(remedy.diagnostics);
    const TwinScenario& s = incident.scenario;
    ASSERT_TRUE(s.wallClockStart.has_value());
    EXPECT_FALSE(s.incidentSource.empty());

    // Same timeline minus the remedy, stamped in wall-clock time.
    std::vector<const TwinEvent*> expected;
    const TwinEvent* remedyEvent = nullptr;
    for (const auto& e : original.scenario.events)
    {
        if (e.type == TwinEventType::ChangeSet)
        {
            remedyEvent = &e;
        }
        else
        {
            expected.push_back(&e);
        }
    }
    ASSERT_NE(remedyEvent, nullptr);
    ASSERT_EQ(s.events.size(), expected.size());
    for (std::size_t i = 0; i < s.events.size(); ++i)
    {
        EXPECT_FALSE(s.events[i].wallTime.empty()) << s.events[i].id;
        EXPECT_EQ(Describe(s.events[i]), Describe(*expected[i]));
    }
    // Same traffic, duration, routing and objectives.
    EXPECT_EQ(s.durationSeconds, original.scenario.durationSeconds);
    EXPECT_EQ(s.seeds, original.scenario.seeds);
    EXPECT_EQ(s.routing.reaction, original.scenario.routing.reaction);
    ASSERT_EQ(s.traffic.classes.size(), original.scenario.traffic.classes.size());
    for (std::size_t i = 0; i < s.traffic.classes.size(); ++i)
    {
        EXPECT_EQ(s.traffic.classes[i].name, original.scenario.traffic.classes[i].name);
        EXPECT_EQ(s.traffic.classes[i].demands, original.scenario.traffic.classes[i].demands);
    }
    ASSERT_EQ(s.objectives.size(), original.scenario.objectives.size());
    for (std::size_t i = 0; i < s.objectives.size(); ++i)
    {
        EXPECT_EQ(Describe(s.objectives[i]), Describe(original.scenario.objectives[i]));
    }

    // The remedy file is the remedy event's change set.
    EXPECT_EQ(Describe(remedy.changeSet), Describe(remedyEvent->changeSet));
    EXPECT_FALSE(remedy.description.empty());
    auto check = CheckTwinChangeSet(remedy.changeSet, test::AbileneSample(), remedy.location);
    EXPECT_TRUE(check.All().empty()) << test::Dump(check);

    // Replayed with the remedy at 9 s, the incident checks as cleanly as the original.
    TwinScenario replay = s;
    TwinEvent applied;
    applied.id = "remedy";
    applied.timeSeconds = 9;
    applied.type = TwinEventType::ChangeSet;
    applied.changeSet = remedy.changeSet;
    applied.origin = "remedy";
    applied.source = remedy.location;
    replay.events.push_back(applied);
    check = CheckTwinScenario(replay, test::AbileneSample(), {});
    EXPECT_TRUE(check.All().empty()) << test::Dump(check);
}

TEST(ScenarioChangeSet, JsonEqualsXml)
{
    const std::string json = test::SourcePath("scenarios/remedy-dnvr-reroute.json");
    const std::string xml = test::SourcePath("test/data/scenario/remedy.xml");
    auto a = ReadTwinChangeSet(json);
    auto b = ReadTwinChangeSet(xml);
    ASSERT_TRUE(a.Ok()) << test::Dump(a.diagnostics);
    ASSERT_TRUE(b.Ok()) << test::Dump(b.diagnostics);
    EXPECT_TRUE(a.diagnostics.All().empty()) << test::Dump(a.diagnostics);
    EXPECT_EQ(Describe(a.changeSet), Describe(b.changeSet));
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.location.file, json);
    EXPECT_EQ(a.location.path, "/ns3-digital-twin-change-set:change-set");
    EXPECT_EQ(a.source.path, json);
    EXPECT_EQ(a.source.sha256.size(), 64u);

    // Both ends of the link go out of service; 33 loopback routes move to the paths around it.
    ASSERT_EQ(a.changeSet.nodes.size(), 8u);
    const auto& dnvr = a.changeSet.nodes[0];
    EXPECT_EQ(dnvr.node, "DNVRng");
    EXPECT_EQ(dnvr.source.path, "/ns3-digital-twin-change-set:change-set/node[node-id='DNVRng']");
    EXPECT_EQ(dnvr.source.line, LineOf(ReadText(json), "\"DNVRng\""));
    ASSERT_EQ(dnvr.interfaces.size(), 1u);
    EXPECT_EQ(dnvr.interfaces[0].name, "to-KSCY");
    EXPECT_EQ(dnvr.interfaces[0].enabled, false);
    ASSERT_EQ(dnvr.addRoutes.size(), 7u);
    EXPECT_EQ(dnvr.addRoutes[0].node, "DNVRng");
    EXPECT_EQ(dnvr.addRoutes[0].destination.ToString(), "10.0.255.1/32");
    EXPECT_EQ(dnvr.addRoutes[0].outInterface, "to-SNVA");
    const auto& kscy = a.changeSet.nodes[1];
    EXPECT_EQ(kscy.node, "KSCYng");
    ASSERT_EQ(kscy.interfaces.size(), 1u);
    EXPECT_EQ(kscy.interfaces[0].name, "to-DNVR");
    std::size_t routes = 0;
    for (const auto& n : a.changeSet.nodes)
    {
        routes += n.addRoutes.size();
        for (const auto& r : n.addRoutes)
        {
            EXPECT_NE(r.outInterface, n.node == "DNVRng" ? "to-KSCY" : "to-DNVR") << n.node;
        }
    }
    EXPECT_EQ(routes, 33u);
}

TEST(ScenarioChangeSet, BadDocumentsNameFileLineAndPath)
{
    test::TempDir dir;
    auto doc = [](const std::string& nodes)
    {
        return "{\n \"ns3-digital-twin-change-set:change-set\": {\n  \"description\": \"t\",\n"
               "  \"node\": [\n" +
               nodes + "\n  ]\n }\n}\n";
    };
    const std::string cs = "/ns3-digital-twin-change-set:change-set";

    // Elements the network does not have: found by the check.
    std::string text = doc(R"(   {"node-id": "GHOST", "remove-static-route": ["10.0.0.0/8"]},
   {"node-id": "ATLAng",
    "interface": [{"name": "ghost", "enabled": false},
                  {"name": "to-WASH", "remove-ipv4-address": ["10.9.9.9"]}],
    "add-static-route": [{"destination-prefix": "10.9.0.0/16", "outgoing-interface": "eth9"}]})");
    std::string file = dir.Write("unknown.json", text);
    auto read = ReadTwinChangeSet(file);
    ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
    auto d = CheckTwinChangeSet(read.changeSet, test::AbileneSample(), read.location);
    auto* e = ExpectError(d, file, cs + "/node[node-id='GHOST']/node-id", "unknown node 'GHOST'");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->where.line, LineOf(text, "\"GHOST\""));
    ExpectError(d, file, "interface[name='ghost']/name", "node 'ATLAng' has no interface 'ghost'");
    ExpectError(d, file, "interface[name='to-WASH']/remove-ipv4-address",
                "has no address 10.9.9.9 to remove");
    ExpectError(d, file, "add-static-route[destination-prefix='10.9.0.0/16']/outgoing-interface",
                "has no interface 'eth9'");
    EXPECT_EQ(d.Count(TwinDiagnostic::Severity::Error), 4u) << test::Dump(d);
    for (const auto& item : d.All())
    {
        EXPECT_NE(item.where.line, 0u) << item.ToString();
    }

    // Bad prefixes and addresses: refused by the module's types.
    for (const char* prefix : {"10.0.0.0/33", "10.0.300.0/24", "10.0.0.0"})
    {
        SCOPED_TRACE(prefix);
        text =
            doc(std::string(
                    R"(   {"node-id": "ATLAng", "add-static-route": [{"destination-prefix": ")") +
                prefix + R"(", "outgoing-interface": "to-WASH"}]})");
        file = dir.Write("prefix.json", text);
        read = ReadTwinChangeSet(file);
        ASSERT_FALSE(read.Ok());
        e = ExpectError(read.diagnostics, file, cs + "/node[node-id='ATLAng']", "schema violation");
        ASSERT_NE(e, nullptr);
        EXPECT_NE(e->where.line, 0u);
    }
    text = doc(R"(   {"node-id": "ATLAng", "remove-static-route": ["10.0.0.0/40"]})");
    file = dir.Write("remove.json", text);
    ExpectError(ReadTwinChangeSet(file).diagnostics, file, "remove-static-route",
                "schema violation");

    // A misspelt element is an error, not ignored.
    text = doc(R"(   {"node-id": "ATLAng", "interface": [{"name": "to-WASH", "speed": "1"}]})");
    file = dir.Write("misspelt.json", text);
    read = ReadTwinChangeSet(file);
    e = ExpectError(read.diagnostics, file, "interface[name='to-WASH']/speed",
                    "unknown element 'speed'");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->where.line, LineOf(text, "\"speed\""));
    text = "{\"ns3-digital-twin-change-set:change-set\": {\"nodes\": [{\"node-id\": \"ATLAng\"}]}}";
    file = dir.Write("nodes.json", text);
    ExpectError(ReadTwinChangeSet(file).diagnostics, file, "nodes", "unknown element 'nodes'");

    // A route without next hop or interface (must), an empty change set (min-elements).
    text = doc(
        R"(   {"node-id": "ATLAng", "add-static-route": [{"destination-prefix": "10.9.0.0/16"}]})");
    file = dir.Write("route.json", text);
    ExpectError(ReadTwinChangeSet(file).diagnostics, file, "add-static-route",
                "needs a next-hop-address or an outgoing-interface");
    file = dir.Write("empty-set.json", "{\"ns3-digital-twin-change-set:change-set\": {}}");
    ExpectError(ReadTwinChangeSet(file).diagnostics, file, "node", "schema violation");

    // Not a change set at all.
    file = dir.Write("scenario.json", Incident("", ""));
    read = ReadTwinChangeSet(file);
    ASSERT_FALSE(read.Ok());
    EXPECT_EQ(read.diagnostics.All()[0].where.file, file);
    file = dir.Write("other.json", R"({"ietf-interfaces:interfaces": {}})");
    ExpectError(ReadTwinChangeSet(file).diagnostics, file, "", "no change set");
    file = dir.Write("broken.json", "{\n \"ns3-digital-twin-change-set:change-set\": {,\n");
    read = ReadTwinChangeSet(file);
    e = ExpectError(read.diagnostics, file, "", "malformed JSON");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->where.line, 2u);
    file = dir.Write("blank.json", " \n");
    ExpectError(ReadTwinChangeSet(file).diagnostics, file, "", "the change-set file is empty");
    ExpectError(ReadTwinChangeSet(dir.Path() + "/absent.json").diagnostics,
                dir.Path() + "/absent.json", "", "");

    // XML, with a misspelt element.
    text = "<change-set xmlns=\"urn:ns3:params:xml:ns:yang:ns3-digital-twin-change-set\">\n"
           "  <node>\n    <node-id>ATLAng</node-id>\n    <colour>red</colour>\n  </node>\n"
           "</change-set>\n";
    file = dir.Write("misspelt.xml", text);
    read = ReadTwinChangeSet(file); // e points into read's diagnostics: keep them alive
    e = ExpectError(read.diagnostics, file, "colour", "unknown element 'colour'");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->where.line, 4u);

    // A change set built in code with no edits.
    TwinSourceRef where{"remedy", 0, cs};
    d = CheckTwinChangeSet(TwinChangeSet{}, test::AbileneSample(), where);
    ExpectError(d, "remedy", cs, "the change set edits no node");
    // The same check applies to a change-set event of a scenario.
    TwinScenario scenario;
    scenario.durationSeconds = 5;
    TwinEvent event;
    event.id = "empty";
    event.timeSeconds = 1;
    event.type = TwinEventType::ChangeSet;
    event.source = {"prog", 0, "/ns3-digital-twin-scenario:scenario/events/event[id='empty']"};
    scenario.events.push_back(event);
    d = CheckTwinScenario(scenario, test::AbileneSample(), {});
    ExpectError(d, "prog", "event[id='empty']/change-set", "the change set edits no node");
    EXPECT_EQ(d.Count(TwinDiagnostic::Severity::Error), 1u) << test::Dump(d);
}

TEST(ScenarioChangeSet, YanglintAcceptsTheShippedFiles)
{
    if (std::system("yanglint --version >/dev/null 2>&1") != 0)
    {
        GTEST_SKIP() << "yanglint not installed";
    }
    namespace fs = std::filesystem;
    const std::string yang = test::SourcePath("yang");
    const std::string search = " -p " + yang +
                               " -p /usr/share/yuma/nmda-modules/ietf"
                               " -p /usr/share/yuma/modules/ietf ";
    auto module = [&](const std::string& name)
    {
        for (const auto& entry : fs::directory_iterator(yang))
        {
            if (entry.path().filename().string().rfind(name + "@", 0) == 0)
            {
                return entry.path().string();
            }
        }
        ADD_FAILURE() << "no module " << name << " in " << yang;
        return std::string();
    };
    const std::string scenarioModule = module("ns3-digital-twin-scenario");
    const std::string changeSetModule = module("ns3-digital-twin-change-set");
    for (const auto& m : {scenarioModule, changeSetModule})
    {
        std::string cmd = "yanglint" + search + m + " 2>&1";
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(test::SourcePath("scenarios")))
    {
        files.push_back(entry.path().string());
    }
    for (const char* fixture : {"incident.json", "incident.xml", "remedy.xml",
                                "all-constructs.json", "all-constructs.xml"})
    {
        files.push_back(test::SourcePath("test/data/scenario/") + fixture);
    }
    int changeSets = 0;
    for (const auto& file : files)
    {
        // Stand-alone change sets are the files the change-set reader accepts.
        bool changeSet = ReadTwinChangeSet(file).Ok();
        changeSets += changeSet ? 1 : 0;
        std::string cmd = "yanglint -t config" + search +
                          (changeSet ? changeSetModule : scenarioModule) + " " + file + " 2>&1";
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    EXPECT_EQ(changeSets, 2);

    // yanglint refuses what the reader refuses: a wall time without an incident start.
    test::TempDir dir;
    std::string bad =
        dir.Write("bad.json", Incident("", Event("w", R"("wall-time": "2026-10-14T09:12:01Z")",
                                                 R"("node-down": {"node": "ATLAng"})")));
    std::string cmd =
        "yanglint -t config" + search + scenarioModule + " " + bad + " >/dev/null 2>&1";
    EXPECT_NE(std::system(cmd.c_str()), 0) << cmd;
}
