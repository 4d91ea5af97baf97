/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scenario-reader.h"

#include "importer-util.h"

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
        for (const lyd_node* e : Children(Child(top, "events"), "event"))
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
        ev.timeSeconds = Number(Child(e, "time-s"));
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

    const ScenarioText& m_text;     //!< the document
    TwinDiagnostics& m_diagnostics; //!< where errors go
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

} // namespace

TwinScenarioReadResult
ParseTwinScenario(const std::string& text, YangFormat format, const std::string& file)
{
    TwinScenarioReadResult result;
    ScenarioText doc(file, text, format);
    std::shared_ptr<const YangContext> context;
    try
    {
        context = YangContext::Shared({kScenarioModule});
    }
    catch (const YangContextError& e)
    {
        result.diagnostics.Error({file, 0, ""}, e.what());
        return result;
    }
    YangDataTree tree;
    // Opaque nodes keep unknown elements, so that a misspelt name is an error, not ignored.
    auto messages = context->Parse(text, format, true, tree);
    ReportYang(doc, messages, result.diagnostics);
    if (result.diagnostics.HasErrors())
    {
        return result;
    }
    for (const lyd_node* top = tree.Get(); top != nullptr; top = top->next)
    {
        const lyd_node* node = nullptr;
        LYD_TREE_DFS_BEGIN(top, node)
        {
            if (node->schema == nullptr)
            {
                const auto* o = reinterpret_cast<const lyd_node_opaq*>(node);
                std::string name = o->name.name == nullptr ? "" : o->name.name;
                std::string parent = lyd_parent(node) ? YangNodePath(lyd_parent(node)) : "";
                TwinSourceRef where{file, doc.LineOfMember(name, ""), parent + "/" + name};
                result.diagnostics.Error(where, "unknown element '" + name + "'" +
                                                    (parent.empty() ? "" : " in " + parent));
                LYD_TREE_DFS_continue = 1;
            }
            LYD_TREE_DFS_END(top, node);
        }
    }
    if (result.diagnostics.HasErrors())
    {
        return result;
    }
    const lyd_node* scenario = nullptr;
    for (const lyd_node* top = tree.Get(); top != nullptr; top = top->next)
    {
        if (Is(top, "scenario") && std::strcmp(top->schema->module->name, kScenarioModule) == 0)
        {
            scenario = top;
        }
        else
        {
            result.diagnostics.Error(doc.Locate(YangNodePath(top)),
                                     "unexpected data outside the scenario: " + YangNodePath(top));
        }
    }
    if (scenario == nullptr)
    {
        result.diagnostics.Error({file, 0, ""}, "no scenario: the document has no '" +
                                                    std::string(kScenarioModule) +
                                                    ":scenario' container");
    }
    if (result.diagnostics.HasErrors())
    {
        return result;
    }
    ReportYang(doc, context->ValidateConfig(tree), result.diagnostics);
    if (result.diagnostics.HasErrors())
    {
        return result;
    }
    Converter converter(doc, result.diagnostics);
    result.scenario = converter.Convert(tree.Get());
    result.scenario.source.file = file;
    return result;
}

TwinScenarioReadResult
ReadTwinScenario(const std::string& path)
{
    TwinDiagnostics readErrors;
    auto text = importer::ReadTextFile(path, "scenario file", readErrors);
    if (!text)
    {
        TwinScenarioReadResult result;
        result.diagnostics = readErrors;
        return result;
    }
    YangFormat format = YangFormatOf(path, *text);
    TwinScenarioReadResult result;
    if (text->find_first_not_of(" \t\r\n") == std::string::npos)
    {
        result.diagnostics.Error({path, 0, ""}, "the scenario file is empty");
    }
    else
    {
        result = ParseTwinScenario(*text, format, path);
    }
    result.source = {path, Sha256OfString(*text), static_cast<uint64_t>(text->size())};
    return result;
}

} // namespace ns3
