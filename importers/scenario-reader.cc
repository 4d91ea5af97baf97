/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scenario-reader.h"

#include "importer-util.h"

#include <cctype>
#include <cmath>
#include <cstring>
#include <libyang/libyang.h>
#include <limits>
#include <set>
#include <unordered_set>

namespace ns3
{

namespace
{

/** The scenario module; it imports the change-set module. */
constexpr const char* kScenarioModule = "ns3-digital-twin-scenario";

/** The change-set module: a grouping, and a top-level container for stand-alone files. */
constexpr const char* kChangeSetModule = "ns3-digital-twin-change-set";

/**
 * Finds the line of list entries and elements in the document text, so that diagnostics
 * about converted data can name a line as well as the data path.
 */
class ScenarioText
{
public:
    /**
     * @param file file name for diagnostics
     * @param text the document
     * @param format its encoding
     */
    ScenarioText(std::string file, const std::string& text, YangFormat format)
        : m_file(std::move(file)), m_text(text), m_format(format), m_lines(text)
    {
    }

    /** @return the file name */
    const std::string& File() const { return m_file; }

    /** @return the encoding */
    YangFormat Format() const { return m_format; }

    /**
     * @param offset a byte offset
     * @return its 1-based line
     */
    uint32_t LineOf(std::size_t offset) const { return m_lines.LineOf(offset); }

    /**
     * @param name an element or member name
     * @param value its value, or empty for the first occurrence of the name
     * @return the line of the first occurrence, or 0
     */
    uint32_t LineOfMember(const std::string& name, const std::string& value) const
    {
        const bool json = m_format == YangFormat::Json;
        std::string open = json ? "\"" + name + "\"" : "<" + name;
        for (std::size_t at = m_text.find(open); at != std::string::npos;
             at = m_text.find(open, at + 1))
        {
            std::size_t i = at + open.size();
            if (!json)
            {
                // <name> or <name attr...>, not <name-longer>
                if (i >= m_text.size() ||
                    (m_text[i] != '>' && m_text[i] != ' ' && m_text[i] != '/' && m_text[i] != '\t'))
                {
                    continue;
                }
                i = m_text.find('>', i);
                if (i == std::string::npos)
                {
                    break;
                }
                ++i;
            }
            else
            {
                i = SkipSpace(i);
                if (i >= m_text.size() || m_text[i] != ':')
                {
                    continue;
                }
                i = SkipSpace(i + 1);
            }
            if (value.empty() || Starts(i, value))
            {
                return LineOf(at);
            }
        }
        return 0;
    }

    /**
     * The values of a leaf as written, for values whose canonical form libyang changes (a
     * date-and-time is re-expressed in the local time zone).
     * @param name a leaf name (an XML element may carry a namespace prefix)
     * @return the value of every occurrence, in document order
     */
    std::vector<std::string> MemberValues(const std::string& name) const
    {
        std::vector<std::string> out;
        const bool json = m_format == YangFormat::Json;
        const std::string open = json ? "\"" + name + "\"" : name;
        for (std::size_t at = m_text.find(open); at != std::string::npos;
             at = m_text.find(open, at + 1))
        {
            std::size_t i = at + open.size();
            if (json)
            {
                i = SkipSpace(i);
                if (i >= m_text.size() || m_text[i] != ':')
                {
                    continue;
                }
                i = SkipSpace(i + 1);
                if (i >= m_text.size() || m_text[i] != '"')
                {
                    continue;
                }
                auto end = m_text.find('"', i + 1);
                if (end == std::string::npos)
                {
                    break;
                }
                out.push_back(m_text.substr(i + 1, end - i - 1));
                continue;
            }
            if (!IsXmlStartTag(at) || i >= m_text.size() ||
                (m_text[i] != '>' && !std::isspace(static_cast<unsigned char>(m_text[i]))))
            {
                continue;
            }
            i = m_text.find('>', i);
            auto end = i == std::string::npos ? i : m_text.find('<', i);
            if (end == std::string::npos)
            {
                break;
            }
            std::size_t first = SkipSpace(i + 1);
            std::size_t last = end;
            while (last > first && std::isspace(static_cast<unsigned char>(m_text[last - 1])))
            {
                --last;
            }
            out.push_back(m_text.substr(first, last - first));
        }
        return out;
    }

    /**
     * A source reference for a data path: the line is that of the deepest list entry named
     * by a key predicate in the path, or of the last element name.
     * @param path a data path as lyd_path() writes it
     * @return file, line (0 when not found) and path
     */
    TwinSourceRef Locate(const std::string& path) const
    {
        TwinSourceRef where{m_file, 0, path};
        auto open = path.rfind("[");
        if (open != std::string::npos)
        {
            auto eq = path.find("='", open);
            auto close = path.find("']", open);
            if (eq != std::string::npos && close != std::string::npos && eq < close)
            {
                std::string key = path.substr(open + 1, eq - open - 1);
                auto colon = key.rfind(':');
                key = colon == std::string::npos ? key : key.substr(colon + 1);
                where.line = LineOfMember(key, path.substr(eq + 2, close - eq - 2));
            }
        }
        // Otherwise the deepest element name that occurs in the text (a schema path may end
        // in a choice, which has no element).
        std::string rest = path;
        for (auto slash = rest.rfind('/'); where.line == 0 && slash != std::string::npos;
             slash = rest.rfind('/'))
        {
            std::string name = rest.substr(slash + 1);
            rest.erase(slash);
            auto bracket = name.find('[');
            name = bracket == std::string::npos ? name : name.substr(0, bracket);
            auto colon = name.rfind(':');
            name = colon == std::string::npos ? name : name.substr(colon + 1);
            if (!name.empty())
            {
                where.line = LineOfMember(name, "");
            }
        }
        return where;
    }

private:
    /**
     * @param at the offset of an element name
     * @return true if a start tag opens there: "<name" or "<prefix:name"
     */
    bool IsXmlStartTag(std::size_t at) const
    {
        if (at == 0)
        {
            return false;
        }
        if (m_text[at - 1] == '<')
        {
            return true;
        }
        if (m_text[at - 1] != ':')
        {
            return false;
        }
        std::size_t i = at - 1;
        while (i > 0 && (std::isalnum(static_cast<unsigned char>(m_text[i - 1])) ||
                         m_text[i - 1] == '-' || m_text[i - 1] == '_' || m_text[i - 1] == '.'))
        {
            --i;
        }
        return i > 0 && i < at - 1 && m_text[i - 1] == '<';
    }

    /**
     * @param i an offset
     * @return the first offset at or after i that is not white space
     */
    std::size_t SkipSpace(std::size_t i) const
    {
        while (i < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[i])))
        {
            ++i;
        }
        return i;
    }

    /**
     * @param i an offset just before a value
     * @param value the value
     * @return true if the value (quoted in JSON, or bare) starts at i
     */
    bool Starts(std::size_t i, const std::string& value) const
    {
        if (m_format == YangFormat::Json && i < m_text.size() && m_text[i] == '"')
        {
            return m_text.compare(i + 1, value.size() + 1, value + "\"") == 0;
        }
        if (m_format == YangFormat::Xml)
        {
            i = SkipSpace(i);
        }
        return m_text.compare(i, value.size(), value) == 0;
    }

    std::string m_file;          //!< file name
    const std::string& m_text;   //!< the document
    YangFormat m_format;         //!< its encoding
    importer::LineTable m_lines; //!< line lookup
};

/**
 * @param n a data node with a schema
 * @param name a schema node name
 * @return true if n instantiates that node
 */
bool
Is(const lyd_node* n, const char* name)
{
    return n->schema != nullptr && std::strcmp(n->schema->name, name) == 0;
}

/**
 * @param parent a data node, may be null
 * @param name a child's schema name
 * @return the first such child, or nullptr
 */
const lyd_node*
Child(const lyd_node* parent, const char* name)
{
    for (const lyd_node* c = parent == nullptr ? nullptr : lyd_child(parent); c != nullptr;
         c = c->next)
    {
        if (Is(c, name))
        {
            return c;
        }
    }
    return nullptr;
}

/**
 * @param parent a data node, may be null
 * @param name a list or leaf-list name
 * @return every instance, in document order
 */
std::vector<const lyd_node*>
Children(const lyd_node* parent, const char* name)
{
    std::vector<const lyd_node*> out;
    for (const lyd_node* c = parent == nullptr ? nullptr : lyd_child(parent); c != nullptr;
         c = c->next)
    {
        if (Is(c, name))
        {
            out.push_back(c);
        }
    }
    return out;
}

/**
 * @param parent a data node
 * @param name a leaf name
 * @return the leaf's canonical value, or nothing when absent
 */
std::optional<std::string>
Leaf(const lyd_node* parent, const char* name)
{
    const lyd_node* n = Child(parent, name);
    return n == nullptr ? std::nullopt : std::optional<std::string>(YangNodeValue(n));
}

/**
 * Converts a validated tree into the model. libyang has checked every type, range and
 * pattern, so values convert without failure; a failure would be a module/reader mismatch.
 */
class Converter
{
public:
    /**
     * @param text the document, for lines
     * @param diagnostics where a conversion error goes
     */
    Converter(const ScenarioText& text, TwinDiagnostics& diagnostics)
        : m_text(text), m_diagnostics(diagnostics)
    {
    }

    /**
     * @param top the scenario container
     * @return the scenario
     */
    TwinScenario Convert(const lyd_node* top)
    {
        TwinScenario s;
        s.source = Where(top);
        s.name = Leaf(top, "name").value_or("");
        s.description = Leaf(top, "description").value_or("");
        if (const lyd_node* incident = Child(top, "incident"))
        {
            ConvertIncident(incident, s);
        }
        s.durationSeconds = Number(Child(top, "duration-s"));
        for (const lyd_node* seed : Children(top, "seed"))
        {
            s.seeds.push_back(static_cast<uint32_t>(Unsigned(seed)));
        }
        ConvertBase(Child(top, "base-snapshot"), s.base);
        ConvertTraffic(Child(top, "traffic"), s.traffic);
        if (const lyd_node* routing = Child(top, "routing"))
        {
            s.routing.reaction = Leaf(routing, "reaction").value_or("") == "recompute"
                                     ? TwinRoutingReaction::Recompute
                                     : TwinRoutingReaction::AsConfigured;
            if (const lyd_node* delay = Child(routing, "convergence-delay-s"))
            {
                s.routing.convergenceDelaySeconds = Number(delay);
            }
        }
        const auto events = Children(Child(top, "events"), "event");
        m_wallTimeCount = 0;
        for (const lyd_node* e : events)
        {
            m_wallTimeCount += Child(e, "wall-time") != nullptr ? 1 : 0;
        }
        if (m_wallTimeCount > 0)
        {
            m_writtenWallTimes = m_text.MemberValues("wall-time");
        }
        for (const lyd_node* e : events)
        {
            s.events.push_back(ConvertEvent(e));
        }
        for (const lyd_node* o : Children(Child(top, "objectives"), "objective"))
        {
            s.objectives.push_back(ConvertObjective(o));
        }
        if (const lyd_node* sweep = Child(top, "sweep"))
        {
            TwinSweep w;
            w.source = Where(sweep);
            w.singleLinkFailures = Leaf(sweep, "single-link-failures").value_or("") == "true";
            w.singleNodeFailures = Leaf(sweep, "single-node-failures").value_or("") == "true";
            if (const lyd_node* t = Child(sweep, "failure-time-s"))
            {
                w.failureTimeSeconds = Number(t);
            }
            for (const lyd_node* f : Children(sweep, "capacity-factor"))
            {
                w.capacityFactors.push_back(Number(f));
            }
            for (const lyd_node* f : Children(sweep, "traffic-factor"))
            {
                w.trafficFactors.push_back(Number(f));
            }
            s.sweep = w;
        }
        return s;
    }

    /**
     * @param top the change-set container of a stand-alone document
     * @param result filled in: edits, description and location
     */
    void ConvertDocument(const lyd_node* top, TwinChangeSetReadResult& result)
    {
        result.location = Where(top);
        result.description = Leaf(top, "description").value_or("");
        result.changeSet = ConvertChangeSet(top);
    }

private:
    /**
     * @param n a data node
     * @return its file, line and path
     */
    TwinSourceRef Where(const lyd_node* n) const { return m_text.Locate(YangNodePath(n)); }

    /**
     * @param n a decimal64 leaf, may be null
     * @return its value (0 after an error)
     */
    double Number(const lyd_node* n)
    {
        if (n == nullptr)
        {
            return 0;
        }
        auto v = importer::ParseNumber(YangNodeValue(n));
        if (!v)
        {
            m_diagnostics.Error(Where(n), "cannot read number '" + YangNodeValue(n) + "'");
            return 0;
        }
        return *v;
    }

    /**
     * @param n an unsigned integer leaf, may be null
     * @return its value (0 after an error)
     */
    uint64_t Unsigned(const lyd_node* n)
    {
        if (n == nullptr)
        {
            return 0;
        }
        auto v = importer::ParseUnsigned(YangNodeValue(n));
        if (!v)
        {
            m_diagnostics.Error(Where(n), "cannot read integer '" + YangNodeValue(n) + "'");
            return 0;
        }
        return *v;
    }

    /**
     * @param n an ipv4-prefix leaf
     * @return the prefix
     */
    TwinIpv4Prefix Prefix(const lyd_node* n)
    {
        auto p = TwinIpv4Prefix::Parse(YangNodeValue(n));
        if (!p)
        {
            m_diagnostics.Error(Where(n), "cannot read IPv4 prefix '" + YangNodeValue(n) + "'");
            return {};
        }
        return *p;
    }

    /**
     * @param n an ipv4-address leaf
     * @return the address in host order
     */
    uint32_t Address(const lyd_node* n)
    {
        auto a = TwinIpv4Prefix::ParseAddress(YangNodeValue(n));
        if (!a)
        {
            m_diagnostics.Error(Where(n), "cannot read IPv4 address '" + YangNodeValue(n) + "'");
            return 0;
        }
        return *a;
    }

    /**
     * @param n the base-snapshot container
     * @param base filled in
     */
    void ConvertBase(const lyd_node* n, TwinScenarioBase& base)
    {
        if (n == nullptr)
        {
            return;
        }
        base.source = Where(n);
        if (const lyd_node* id = Child(n, "snapshot-id"))
        {
            base.kind = TwinScenarioBase::Kind::SnapshotId;
            base.snapshotId = Unsigned(id);
        }
        else if (auto hash = Leaf(n, "content-hash"))
        {
            base.kind = TwinScenarioBase::Kind::ContentHash;
            base.contentHash = *hash;
        }
        else
        {
            base.kind = TwinScenarioBase::Kind::BundlePath;
            base.bundlePath = Leaf(n, "bundle-path").value_or("");
        }
    }

    /**
     * @param n the traffic container, may be null
     * @param traffic filled in
     */
    void ConvertTraffic(const lyd_node* n, TwinScenarioTraffic& traffic)
    {
        if (n == nullptr)
        {
            return;
        }
        traffic.demandFile = Leaf(n, "demand-file").value_or("");
        if (const lyd_node* t = Child(n, "traffic-set"))
        {
            TwinScenarioTrafficSet set;
            set.source = Where(t);
            // The module's range keeps the id within int64.
            set.id = static_cast<int64_t>(std::stoull(Leaf(t, "id").value_or("0")));
            if (const lyd_node* w = Child(t, "window-start-s"))
            {
                set.windowStartSeconds = Number(w);
            }
            if (const lyd_node* w = Child(t, "window-end-s"))
            {
                set.windowEndSeconds = Number(w);
            }
            if (const lyd_node* f = Child(t, "time-scale"))
            {
                set.timeScale = Number(f);
            }
            if (const lyd_node* f = Child(t, "traffic-scale"))
            {
                set.trafficScale = Number(f);
            }
            for (const lyd_node* p : Children(t, "protocol"))
            {
                std::string name = YangNodeValue(p);
                set.protocols.insert(name == "tcp" ? 6 : name == "udp" ? 17 : 1);
            }
            set.usePacketSequences = Leaf(t, "packets").value_or("sequences") == "sequences";
            traffic.trafficSet = set;
        }
        if (const lyd_node* f = Child(n, "scale-factor"))
        {
            traffic.scaleFactor = Number(f);
        }
        for (const lyd_node* c : Children(n, "class"))
        {
            TwinTrafficClass tc;
            tc.source = Where(c);
            tc.name = Leaf(c, "name").value_or("");
            for (const lyd_node* d : Children(c, "demand"))
            {
                tc.demands.push_back(YangNodeValue(d));
            }
            if (auto p = Leaf(c, "protocol"))
            {
                tc.protocol = *p == "tcp" ? TwinProtocol::Tcp : TwinProtocol::Udp;
            }
            traffic.classes.push_back(std::move(tc));
        }
    }

    /**
     * @param n a date-and-time leaf
     * @param written the values of its name as written in the document, in order
     * @param index which of them belongs to n
     * @param count how many nodes of its name the tree has
     * @return the value as written; libyang's canonical value (the same instant, in the local
     *         time zone) when the written values cannot be matched to the nodes
     */
    std::string WrittenValue(const lyd_node* n, const std::vector<std::string>& written,
                             std::size_t index, std::size_t count) const
    {
        std::string canonical = YangNodeValue(n);
        if (written.size() != count || index >= written.size())
        {
            return canonical;
        }
        auto asWritten = ParseTwinWallClock(written[index], nullptr);
        auto asRead = ParseTwinWallClock(canonical, nullptr);
        // Another instant than libyang read: the text matched is not this node's.
        if (asWritten && asRead && *asWritten != *asRead)
        {
            return canonical;
        }
        return written[index];
    }

    /**
     * @param n the incident container
     * @param s the scenario, filled in
     */
    void ConvertIncident(const lyd_node* n, TwinScenario& s)
    {
        s.incidentSource = Leaf(n, "source").value_or("");
        const lyd_node* start = Child(n, "wall-clock-start");
        if (start == nullptr)
        {
            m_startInvalid = true; // mandatory: libyang has reported it
            return;
        }
        s.wallClockStart = WrittenValue(start, m_text.MemberValues("wall-clock-start"), 0, 1);
        m_startText = *s.wallClockStart;
        std::string why;
        m_start = ParseTwinWallClock(m_startText, &why);
        if (!m_start)
        {
            m_startInvalid = true;
            m_diagnostics.Error(Where(start), "the incident's wall-clock-start '" + m_startText +
                                                  "' is not a valid time: " + why);
        }
    }

    /**
     * @param n an event's wall-time leaf
     * @param ev the event, with id and wallTime set
     * @return its simulated time: wall-time - wall-clock-start (0 after an error)
     */
    double SecondsSinceStart(const lyd_node* n, const TwinEvent& ev)
    {
        std::string why;
        auto at = ParseTwinWallClock(ev.wallTime, &why);
        if (!at)
        {
            m_diagnostics.Error(Where(n), "event '" + ev.id + "': wall-time '" + ev.wallTime +
                                              "' is not a valid time: " + why);
            return 0;
        }
        if (!m_start)
        {
            if (!m_startInvalid)
            {
                m_diagnostics.Error(Where(n),
                                    "event '" + ev.id +
                                        "' has a wall-time, but the scenario has no "
                                        "incident/wall-clock-start to map it to simulated time");
            }
            return 0;
        }
        if (*at < *m_start)
        {
            m_diagnostics.Error(
                Where(n), "event '" + ev.id + "' at wall time " + ev.wallTime + " is " +
                              importer::FormatNumber(static_cast<double>(*m_start - *at) / 1e6) +
                              " s before the incident's wall-clock-start " + m_startText);
            return 0;
        }
        return static_cast<double>(*at - *m_start) / 1e6;
    }

    /**
     * @param n a route-add container or add-static-route entry
     * @param node the node the route is on
     * @return the route
     */
    TwinRoute ConvertRoute(const lyd_node* n, const std::string& node)
    {
        TwinRoute r;
        r.node = node;
        r.source = Where(n);
        if (const lyd_node* d = Child(n, "destination-prefix"))
        {
            r.destination = Prefix(d);
        }
        if (const lyd_node* h = Child(n, "next-hop-address"))
        {
            r.nextHop = Address(h);
        }
        r.outInterface = Leaf(n, "outgoing-interface").value_or("");
        if (const lyd_node* m = Child(n, "metric"))
        {
            r.metric = static_cast<uint32_t>(Unsigned(m));
        }
        return r;
    }

    /**
     * @param n a change-set container
     * @return the change set
     */
    TwinChangeSet ConvertChangeSet(const lyd_node* n)
    {
        TwinChangeSet cs;
        for (const lyd_node* ne : Children(n, "node"))
        {
            TwinNodeEdit edit;
            edit.source = Where(ne);
            edit.node = Leaf(ne, "node-id").value_or("");
            for (const lyd_node* ie : Children(ne, "interface"))
            {
                TwinInterfaceEdit ifEdit;
                ifEdit.source = Where(ie);
                ifEdit.name = Leaf(ie, "name").value_or("");
                if (auto en = Leaf(ie, "enabled"))
                {
                    ifEdit.enabled = *en == "true";
                }
                if (const lyd_node* sp = Child(ie, "speed-bps"))
                {
                    ifEdit.speedBps = Unsigned(sp);
                }
                for (const lyd_node* a : Children(ie, "add-ipv4-address"))
                {
                    TwinIpv4Prefix p;
                    if (const lyd_node* ip = Child(a, "ip"))
                    {
                        p.address = Address(ip);
                    }
                    p.prefixLength = static_cast<uint8_t>(Unsigned(Child(a, "prefix-length")));
                    ifEdit.addAddresses.push_back(p);
                }
                for (const lyd_node* a : Children(ie, "remove-ipv4-address"))
                {
                    ifEdit.removeAddresses.push_back(Address(a));
                }
                edit.interfaces.push_back(std::move(ifEdit));
            }
            for (const lyd_node* r : Children(ne, "add-static-route"))
            {
                edit.addRoutes.push_back(ConvertRoute(r, edit.node));
            }
            for (const lyd_node* r : Children(ne, "remove-static-route"))
            {
                edit.removeRoutes.push_back(Prefix(r));
            }
            cs.nodes.push_back(std::move(edit));
        }
        return cs;
    }

    /**
     * @param e an event entry
     * @return the event
     */
    TwinEvent ConvertEvent(const lyd_node* e)
    {
        TwinEvent ev;
        ev.source = Where(e);
        ev.id = Leaf(e, "id").value_or("");
        if (const lyd_node* w = Child(e, "wall-time"))
        {
            ev.wallTime = WrittenValue(w, m_writtenWallTimes, m_nextWallTime++, m_wallTimeCount);
            ev.timeSeconds = SecondsSinceStart(w, ev);
        }
        else
        {
            ev.timeSeconds = Number(Child(e, "time-s"));
        }
        ev.description = Leaf(e, "description").value_or("");
        static const std::vector<std::pair<const char*, TwinEventType>> kActions = {
            {"link-down", TwinEventType::LinkDown},
            {"link-up", TwinEventType::LinkUp},
            {"node-down", TwinEventType::NodeDown},
            {"node-up", TwinEventType::NodeUp},
            {"link-capacity", TwinEventType::LinkCapacity},
            {"link-delay", TwinEventType::LinkDelay},
            {"route-add", TwinEventType::RouteAdd},
            {"route-remove", TwinEventType::RouteRemove},
            {"traffic-surge", TwinEventType::TrafficSurge},
            {"change-set", TwinEventType::ChangeSet},
        };
        for (const auto& [name, type] : kActions)
        {
            const lyd_node* a = Child(e, name);
            if (a == nullptr)
            {
                continue;
            }
            ev.type = type;
            ev.link = Leaf(a, "link").value_or("");
            ev.directionOnly = Leaf(a, "direction-only").value_or("") == "true";
            ev.node = Leaf(a, "node").value_or("");
            if (const lyd_node* c = Child(a, "capacity-bps"))
            {
                ev.capacityBps = Unsigned(c);
            }
            if (const lyd_node* d = Child(a, "delay-s"))
            {
                ev.delaySeconds = Number(d);
            }
            if (type == TwinEventType::RouteAdd || type == TwinEventType::RouteRemove)
            {
                ev.route = ConvertRoute(a, ev.node);
            }
            ev.demand = Leaf(a, "demand").value_or("");
            ev.trafficClass = Leaf(a, "class").value_or("");
            if (const lyd_node* f = Child(a, "factor"))
            {
                ev.factor = Number(f);
            }
            if (const lyd_node* d = Child(a, "duration-s"))
            {
                ev.surgeDurationSeconds = Number(d);
            }
            if (type == TwinEventType::ChangeSet)
            {
                ev.changeSet = ConvertChangeSet(a);
            }
            break;
        }
        return ev;
    }

    /**
     * @param o an objective entry
     * @return the objective
     */
    TwinObjective ConvertObjective(const lyd_node* o)
    {
        TwinObjective ob;
        ob.source = Where(o);
        ob.id = Leaf(o, "id").value_or("");
        if (auto d = Leaf(o, "demand"))
        {
            ob.target = TwinObjectiveTarget::Demand;
            ob.targetId = *d;
        }
        else if (auto c = Leaf(o, "class"))
        {
            ob.target = TwinObjectiveTarget::Class;
            ob.targetId = *c;
        }
        else
        {
            ob.target = TwinObjectiveTarget::Link;
            ob.targetId = Leaf(o, "link").value_or("");
        }
        ob.directionOnly = Leaf(o, "direction-only").value_or("") == "true";
        if (const lyd_node* n = Child(o, "max-delay-s"))
        {
            ob.maxDelaySeconds = Number(n);
        }
        if (const lyd_node* n = Child(o, "max-loss-ratio"))
        {
            ob.maxLossRatio = Number(n);
        }
        if (const lyd_node* n = Child(o, "min-throughput-bps"))
        {
            ob.minThroughputBps = Unsigned(n);
        }
        if (const lyd_node* n = Child(o, "max-fct-s"))
        {
            ob.maxFctSeconds = Number(n);
        }
        if (const lyd_node* n = Child(o, "max-utilisation"))
        {
            ob.maxUtilisation = Number(n);
        }
        if (const lyd_node* n = Child(o, "window-start-s"))
        {
            ob.windowStartSeconds = Number(n);
        }
        if (const lyd_node* n = Child(o, "window-end-s"))
        {
            ob.windowEndSeconds = Number(n);
        }
        return ob;
    }

    const ScenarioText& m_text;                  //!< the document
    TwinDiagnostics& m_diagnostics;              //!< where errors go
    std::optional<int64_t> m_start;              //!< incident start, microseconds since epoch
    std::string m_startText;                     //!< incident start as written
    bool m_startInvalid{false};                  //!< the start is missing or was refused
    std::vector<std::string> m_writtenWallTimes; //!< events' wall-time values as written
    std::size_t m_wallTimeCount{0};              //!< events with a wall-time in the tree
    std::size_t m_nextWallTime{0};               //!< index of the next written wall-time
};

/**
 * Turn libyang's messages into errors naming file, line and path.
 * @param text the document
 * @param messages libyang's messages
 * @param diagnostics where errors go
 */
void
ReportYang(const ScenarioText& text, const std::vector<YangMessage>& messages,
           TwinDiagnostics& diagnostics)
{
    for (const auto& m : messages)
    {
        TwinSourceRef where =
            m.path.empty() ? TwinSourceRef{text.File(), 0, ""} : text.Locate(m.path);
        if (m.line != 0 && (m.syntax || where.line == 0))
        {
            where.line = m.line;
        }
        std::string kind =
            m.syntax ? (text.Format() == YangFormat::Json ? "malformed JSON: " : "malformed XML: ")
                     : "schema violation: ";
        std::string message;
        for (char c : m.message)
        {
            message += (c == '\n' || c == '\r') ? ' ' : c;
        }
        diagnostics.Error(where, kind + message);
    }
}

/** What a document must hold: one top-level container of one module. */
struct DocumentKind
{
    const char* module;    //!< the module of the container
    const char* container; //!< the container's name
    const char* what;      //!< what the document is, for messages ("scenario")
};

/** A scenario file. */
constexpr DocumentKind kScenarioDocument{kScenarioModule, "scenario", "scenario"};

/** A stand-alone change-set file. */
constexpr DocumentKind kChangeSetDocument{kChangeSetModule, "change-set", "change set"};

/**
 * Parse and validate a document holding exactly the kind's container.
 * @param doc the document
 * @param text its text
 * @param kind what it must hold
 * @param tree set to the parsed tree
 * @param diagnostics where errors go
 * @return the container, or nullptr after errors
 */
const lyd_node*
ParseDocument(const ScenarioText& doc, const std::string& text, const DocumentKind& kind,
              YangDataTree& tree, TwinDiagnostics& diagnostics)
{
    const std::string& file = doc.File();
    std::shared_ptr<const YangContext> context;
    try
    {
        context = YangContext::Shared({kind.module});
    }
    catch (const YangContextError& e)
    {
        diagnostics.Error({file, 0, ""}, e.what());
        return nullptr;
    }
    // Opaque nodes keep unknown elements, so that a misspelt name is an error, not ignored.
    auto messages = context->Parse(text, doc.Format(), true, tree);
    ReportYang(doc, messages, diagnostics);
    if (diagnostics.HasErrors())
    {
        return nullptr;
    }
    // An opaque node is either unknown to the modules or a known element whose value (or
    // list key) libyang refused; the latter is reported with libyang's own message below.
    std::vector<TwinSourceRef> invalid;
    for (const lyd_node* top = tree.Get(); top != nullptr; top = top->next)
    {
        const lyd_node* node = nullptr;
        LYD_TREE_DFS_BEGIN(top, node)
        {
            if (node->schema == nullptr)
            {
                const auto* o = reinterpret_cast<const lyd_node_opaq*>(node);
                std::string name = o->name.name == nullptr ? "" : o->name.name;
                const lyd_node* parentNode = lyd_parent(node);
                std::string parent = parentNode ? YangNodePath(parentNode) : "";
                TwinSourceRef where{file, doc.LineOfMember(name, ""), parent + "/" + name};
                const lysc_node* schemaParent = parentNode ? parentNode->schema : nullptr;
                const lys_module* module =
                    schemaParent ? schemaParent->module
                                 : ly_ctx_get_module_implemented(context->Get(), kind.module);
                bool known = (parentNode == nullptr || schemaParent != nullptr) &&
                             module != nullptr &&
                             lys_find_child(schemaParent, module, name.c_str(), 0, 0, 0) != nullptr;
                if (known)
                {
                    invalid.push_back(where);
                }
                else
                {
                    diagnostics.Error(where, "unknown element '" + name + "'" +
                                                 (parent.empty() ? "" : " in " + parent));
                }
                LYD_TREE_DFS_continue = 1;
            }
            LYD_TREE_DFS_END(top, node);
        }
    }
    if (!invalid.empty())
    {
        // Without opaque nodes libyang reports the value it refuses (and drops unknown data).
        YangDataTree strict;
        auto strictMessages = context->Parse(text, doc.Format(), false, strict);
        ReportYang(doc, strictMessages, diagnostics);
        if (strictMessages.empty())
        {
            for (const auto& where : invalid)
            {
                diagnostics.Error(where, "schema violation: invalid content of element '" +
                                             where.path.substr(where.path.rfind('/') + 1) + "'");
            }
        }
    }
    if (diagnostics.HasErrors())
    {
        return nullptr;
    }
    const std::string what = kind.what;
    bool found = false;
    for (const lyd_node* top = tree.Get(); top != nullptr; top = top->next)
    {
        if (Is(top, kind.container) && std::strcmp(top->schema->module->name, kind.module) == 0)
        {
            found = true;
        }
        else
        {
            diagnostics.Error(doc.Locate(YangNodePath(top)),
                              "unexpected data outside the " + what + ": " + YangNodePath(top));
        }
    }
    if (!found)
    {
        diagnostics.Error({file, 0, ""}, "no " + what + ": the document has no '" +
                                             std::string(kind.module) + ":" + kind.container +
                                             "' container");
    }
    if (diagnostics.HasErrors())
    {
        return nullptr;
    }
    ReportYang(doc, context->ValidateConfig(tree), diagnostics);
    // Validation may have replaced top-level nodes (defaults are added): look again.
    return diagnostics.HasErrors() ? nullptr : tree.Get();
}

/**
 * Read a document file and parse it.
 * @param path the file
 * @param what what the file is, for messages ("scenario file")
 * @param parse parses the text (format and file name given) into a result
 * @param limits the file size and nesting limits
 * @return the result, with the file's provenance
 */
template <typename Result, typename Parse>
Result
ReadDocument(const std::string& path, const std::string& what, Parse parse,
             const TwinInputLimits& limits)
{
    Result result;
    auto text = importer::ReadTextFile(path, what, result.diagnostics, limits.maxFileBytes);
    if (!text)
    {
        return result;
    }
    if (text->find_first_not_of(" \t\r\n") == std::string::npos)
    {
        result.diagnostics.Error({path, 0, ""}, "the " + what + " is empty");
    }
    else if (importer::CheckNestingDepth(*text, YangFormatOf(path, *text) == YangFormat::Xml,
                                         limits.maxNestingDepth, path, result.diagnostics))
    {
        result = parse(*text, YangFormatOf(path, *text), path);
    }
    result.source = {path, Sha256OfString(*text), static_cast<uint64_t>(text->size())};
    result.text = std::move(*text);
    return result;
}

/**
 * @param year a year, 1 or later
 * @return true if it is a leap year of the Gregorian calendar
 */
bool
IsLeapYear(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/**
 * @param year a year, 1 or later
 * @param month 1..12
 * @param day 1..31, valid for the month
 * @return days from 1970-01-01 to that date (negative before)
 */
int64_t
DaysSinceEpoch(int64_t year, int month, int day)
{
    // Leap years in [1, y].
    auto leapYearsThrough = [](int64_t y) { return y / 4 - y / 100 + y / 400; };
    static const int kDaysBeforeMonth[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    return 365 * (year - 1970) + (leapYearsThrough(year - 1) - leapYearsThrough(1969)) +
           kDaysBeforeMonth[month - 1] + (month > 2 && IsLeapYear(year) ? 1 : 0) + day - 1;
}

} // namespace

std::optional<int64_t>
ParseTwinWallClock(const std::string& text, std::string* error)
{
    auto fail = [error](const std::string& why)
    {
        if (error != nullptr)
        {
            *error = why;
        }
        return std::optional<int64_t>();
    };
    const std::string form =
        "expected YYYY-MM-DDTHH:MM:SS[.ffffff] followed by Z or a +HH:MM/-HH:MM offset";
    // Reads n digits at i into out.
    auto digits = [&text](std::size_t i, std::size_t n, int& out)
    {
        out = 0;
        for (std::size_t k = i; k < i + n; ++k)
        {
            if (k >= text.size() || !std::isdigit(static_cast<unsigned char>(text[k])))
            {
                return false;
            }
            out = out * 10 + (text[k] - '0');
        }
        return true;
    };
    auto at = [&text](std::size_t i, char c) { return i < text.size() && text[i] == c; };
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!(digits(0, 4, year) && at(4, '-') && digits(5, 2, month) && at(7, '-') &&
          digits(8, 2, day) && at(10, 'T') && digits(11, 2, hour) && at(13, ':') &&
          digits(14, 2, minute) && at(16, ':') && digits(17, 2, second)))
    {
        return fail(form);
    }
    std::size_t i = 19;
    int64_t micros = 0;
    if (at(i, '.'))
    {
        int places = 0;
        for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i)
        {
            if (++places > 6)
            {
                return fail("more than six fraction digits (the timeline has microsecond "
                            "resolution)");
            }
            micros = micros * 10 + (text[i] - '0');
        }
        if (places == 0)
        {
            return fail(form);
        }
        for (; places < 6; ++places)
        {
            micros *= 10;
        }
    }
    int offsetMinutes = 0;
    if (at(i, 'Z') && i + 1 == text.size())
    {
        // UTC
    }
    else if ((at(i, '+') || at(i, '-')) && i + 6 == text.size())
    {
        int offsetHours = 0;
        int offsetMins = 0;
        if (!(digits(i + 1, 2, offsetHours) && at(i + 3, ':') && digits(i + 4, 2, offsetMins)))
        {
            return fail(form);
        }
        if (offsetHours > 23 || offsetMins > 59)
        {
            return fail("time zone offset " + text.substr(i) + " out of range");
        }
        offsetMinutes = (at(i, '-') ? -1 : 1) * (offsetHours * 60 + offsetMins);
    }
    else
    {
        return fail(form);
    }
    static const int kDaysInMonth[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1)
    {
        return fail("year 0000 is not a calendar year");
    }
    if (month < 1 || month > 12)
    {
        return fail("month " + std::to_string(month) + " out of range");
    }
    if (day < 1 || day > kDaysInMonth[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0))
    {
        return fail("day " + std::to_string(day) + " out of range for " + text.substr(0, 7));
    }
    if (hour > 23 || minute > 59)
    {
        return fail("time of day " + text.substr(11, 8) + " out of range");
    }
    if (second == 60)
    {
        return fail("leap second: second 60 cannot be placed on the timeline");
    }
    if (second > 60)
    {
        return fail("second " + std::to_string(second) + " out of range");
    }
    int64_t seconds = ((DaysSinceEpoch(year, month, day) * 24 + hour) * 60 + minute) * 60 + second -
                      int64_t{offsetMinutes} * 60;
    return seconds * 1000000 + micros;
}

TwinScenarioReadResult
ParseTwinScenario(const std::string& text, YangFormat format, const std::string& file)
{
    TwinScenarioReadResult result;
    ScenarioText doc(file, text, format);
    YangDataTree tree;
    const lyd_node* top = ParseDocument(doc, text, kScenarioDocument, tree, result.diagnostics);
    if (top == nullptr)
    {
        return result;
    }
    Converter converter(doc, result.diagnostics);
    result.scenario = converter.Convert(top);
    result.scenario.source.file = file;
    return result;
}

TwinScenarioReadResult
ReadTwinScenario(const std::string& path, const TwinInputLimits& limits)
{
    return ReadDocument<TwinScenarioReadResult>(path, "scenario file", ParseTwinScenario, limits);
}

TwinChangeSetReadResult
ParseTwinChangeSet(const std::string& text, YangFormat format, const std::string& file)
{
    TwinChangeSetReadResult result;
    ScenarioText doc(file, text, format);
    YangDataTree tree;
    const lyd_node* top = ParseDocument(doc, text, kChangeSetDocument, tree, result.diagnostics);
    if (top == nullptr)
    {
        return result;
    }
    Converter converter(doc, result.diagnostics);
    converter.ConvertDocument(top, result);
    result.location.file = file;
    return result;
}

TwinChangeSetReadResult
ReadTwinChangeSet(const std::string& path, const TwinInputLimits& limits)
{
    return ReadDocument<TwinChangeSetReadResult>(path, "change-set file", ParseTwinChangeSet,
                                                 limits);
}

} // namespace ns3
