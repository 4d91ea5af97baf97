/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "gml-importer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ns3
{

namespace
{

using importer::FormatNumber;

struct GmlItem;

/** A GML value: a number, a string or a list of key-value items. */
struct GmlValue
{
    /** What the value is. */
    enum class Kind
    {
        Number, //!< a number
        String, //!< a quoted string
        List    //!< "[ key value ... ]"
    };

    Kind kind{Kind::Number};    //!< what it is
    double number{0};           //!< the number, when kind is Number
    std::string text;           //!< the string, or the number as written
    std::vector<GmlItem> items; //!< the items, when kind is List
    uint32_t line{0};           //!< line where the value starts
};

/** One "key value" pair of a GML list. */
struct GmlItem
{
    std::string key; //!< the key
    uint32_t line;   //!< line of the key
    GmlValue value;  //!< the value
};

/** A syntax error at a line. */
struct GmlSyntaxError
{
    uint32_t line;       //!< where
    std::string message; //!< what
};

/** A recursive-descent reader of GML text that tracks line numbers. */
class GmlParser
{
public:
    /**
     * @param text the whole file
     * @param maxDepth how deep lists may nest (TwinInputLimits::maxNestingDepth)
     */
    GmlParser(const std::string& text, uint32_t maxDepth)
        : m_text(text), m_maxDepth(std::min(maxDepth, kTwinMaxNestingDepthCeiling))
    {
    }

    /**
     * @return the top-level items
     * @throws GmlSyntaxError on malformed input
     */
    std::vector<GmlItem> ParseDocument() { return ParseItems(0); }

private:
    /** Skip white space and '#' comments, counting lines. */
    void SkipBlank()
    {
        while (m_pos < m_text.size())
        {
            char c = m_text[m_pos];
            if (c == '\n')
            {
                ++m_line;
                ++m_pos;
            }
            else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
            {
                ++m_pos;
            }
            else if (c == '#')
            {
                while (m_pos < m_text.size() && m_text[m_pos] != '\n')
                {
                    ++m_pos;
                }
            }
            else
            {
                return;
            }
        }
    }

    /**
     * @param c a character
     * @return a printable description of it for messages
     */
    static std::string Describe(char c)
    {
        if (std::isprint(static_cast<unsigned char>(c)))
        {
            return std::string("'") + c + "'";
        }
        char buf[16];
        std::snprintf(buf, sizeof(buf), "byte 0x%02x", static_cast<unsigned char>(c));
        return buf;
    }

    /**
     * Read items until the closing ']' (or the end when at top level).
     * @param openLine line of the '[' that opened this list, 0 at top level
     * @return the items
     */
    std::vector<GmlItem> ParseItems(uint32_t openLine)
    {
        std::vector<GmlItem> items;
        while (true)
        {
            SkipBlank();
            if (m_pos >= m_text.size())
            {
                if (openLine > 0)
                {
                    // The fix belongs near the '[', so name that line.
                    throw GmlSyntaxError{openLine,
                                         "the list opened here is not closed (missing ']' "
                                         "before the end of the file)"};
                }
                return items;
            }
            char c = m_text[m_pos];
            if (c == ']')
            {
                if (openLine == 0)
                {
                    throw GmlSyntaxError{m_line, "']' without a matching '['"};
                }
                ++m_pos;
                return items;
            }
            if (!(std::isalpha(static_cast<unsigned char>(c)) || c == '_'))
            {
                throw GmlSyntaxError{m_line, "expected a key, found " + Describe(c)};
            }
            GmlItem item;
            item.line = m_line;
            while (
                m_pos < m_text.size() &&
                (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_'))
            {
                item.key += m_text[m_pos++];
            }
            item.value = ParseValue(item.key);
            items.push_back(std::move(item));
        }
    }

    /**
     * Read the value that follows a key.
     * @param key the key, for messages
     * @return the value
     */
    GmlValue ParseValue(const std::string& key)
    {
        SkipBlank();
        if (m_pos >= m_text.size())
        {
            throw GmlSyntaxError{m_line, "end of file: key '" + key + "' has no value"};
        }
        GmlValue v;
        v.line = m_line;
        char c = m_text[m_pos];
        if (c == '[')
        {
            if (m_depth >= m_maxDepth)
            {
                throw GmlSyntaxError{
                    m_line, "lists nest too deep: " +
                                TwinLimitMessage("levels", m_depth + 1, m_maxDepth, "depth")};
            }
            ++m_pos;
            ++m_depth;
            v.kind = GmlValue::Kind::List;
            v.items = ParseItems(v.line);
            --m_depth;
            return v;
        }
        if (c == '"')
        {
            ++m_pos;
            v.kind = GmlValue::Kind::String;
            while (m_pos < m_text.size() && m_text[m_pos] != '"')
            {
                if (m_text[m_pos] == '\n')
                {
                    ++m_line;
                }
                v.text += m_text[m_pos++];
            }
            if (m_pos >= m_text.size())
            {
                throw GmlSyntaxError{v.line, "the string value of '" + key + "' is not closed"};
            }
            ++m_pos;
            v.text = DecodeEntities(v.text);
            return v;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.')
        {
            std::size_t start = m_pos;
            while (m_pos < m_text.size() &&
                   (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) ||
                    m_text[m_pos] == '-' || m_text[m_pos] == '+' || m_text[m_pos] == '.'))
            {
                ++m_pos;
            }
            v.kind = GmlValue::Kind::Number;
            v.text = m_text.substr(start, m_pos - start);
            auto number = importer::ParseNumber(v.text);
            if (!number)
            {
                throw GmlSyntaxError{v.line, "'" + v.text + "' (the value of '" + key +
                                                 "') is not a number"};
            }
            v.number = *number;
            return v;
        }
        throw GmlSyntaxError{m_line, "expected a number, a string or '[' after '" + key +
                                         "', found " + Describe(c)};
    }

    /**
     * GML strings carry '"' and '&' as HTML entities.
     * @param text raw string content
     * @return the content with &quot; &amp; &lt; &gt; &apos; replaced
     */
    static std::string DecodeEntities(const std::string& text)
    {
        static const std::pair<const char*, char> entities[] = {
            {"&quot;", '"'}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&apos;", '\''}};
        std::string out;
        for (std::size_t i = 0; i < text.size();)
        {
            bool replaced = false;
            if (text[i] == '&')
            {
                for (const auto& [name, ch] : entities)
                {
                    std::size_t n = std::char_traits<char>::length(name);
                    if (text.compare(i, n, name) == 0)
                    {
                        out += ch;
                        i += n;
                        replaced = true;
                        break;
                    }
                }
            }
            if (!replaced)
            {
                out += text[i++];
            }
        }
        return out;
    }

    const std::string& m_text; //!< the input
    std::size_t m_pos{0};      //!< read position
    uint32_t m_line{1};        //!< current line
    uint32_t m_depth{0};       //!< lists open at the read position
    // Real files nest two or three levels (graph, node, graphics); the limit keeps the
    // recursive reader (and the destruction of its tree) far from the end of the stack.
    uint32_t m_maxDepth; //!< how deep lists may nest, the graph's own list included
};

/**
 * @param list a list value
 * @param key a key
 * @return the first item with that key, or nullptr
 */
const GmlItem*
FindItem(const GmlValue& list, const std::string& key)
{
    for (const auto& item : list.items)
    {
        if (item.key == key)
        {
            return &item;
        }
    }
    return nullptr;
}

/**
 * @param item an item or nullptr
 * @return its numeric value (numbers, or strings that hold a number), or nothing
 */
std::optional<double>
NumberOf(const GmlItem* item)
{
    if (item == nullptr)
    {
        return std::nullopt;
    }
    if (item->value.kind == GmlValue::Kind::Number)
    {
        return item->value.number;
    }
    if (item->value.kind == GmlValue::Kind::String)
    {
        return importer::ParseNumber(item->value.text);
    }
    return std::nullopt;
}

/**
 * @param label a node label
 * @return the label reduced to an id-safe node-id (may be empty)
 */
std::string
SafeId(const std::string& label)
{
    std::string out;
    for (char c : label)
    {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '_' || c == '.' || u >= 0x80)
        {
            out += c;
        }
    }
    return out;
}

/**
 * @param path a file name
 * @return the name without directories and extension
 */
std::string
Stem(const std::string& path)
{
    return std::filesystem::path(path).stem().string();
}

} // namespace

TwinEdgeBuilder::TwinEdgeBuilder(TwinNetwork& network) : m_network(network)
{
}

std::size_t
TwinEdgeBuilder::EdgesBetween(std::size_t a, std::size_t b) const
{
    auto it = m_count.find({std::min(a, b), std::max(a, b)});
    return it == m_count.end() ? 0 : it->second;
}

void
TwinEdgeBuilder::Add(std::size_t a, std::size_t b, const std::string& forwardId,
                     const std::string& reverseId, uint64_t capacityBps, double delaySeconds,
                     uint32_t queuePackets, const TwinSourceRef& where)
{
    std::size_t n = ++m_count[{std::min(a, b), std::max(a, b)}];
    std::string suffix = n > 1 ? "-" + std::to_string(n) : "";
    TwinNode& na = m_network.nodes[a];
    TwinNode& nb = m_network.nodes[b];
    // Node ids may hold '-' (SNDlib), so "to-<peer>-2" can clash with a peer's name.
    auto freeName = [this](std::size_t node, const std::string& wanted)
    {
        auto& used = m_names[node];
        std::string name = wanted;
        for (int k = 2; used.count(name) > 0; ++k)
        {
            name = wanted + "~" + std::to_string(k);
        }
        used.insert(name);
        return name;
    };
    std::string tpA = freeName(a, "to-" + nb.id + suffix);
    std::string tpB = freeName(b, "to-" + na.id + suffix);
    TwinInterface ia;
    ia.name = tpA;
    ia.source = where;
    na.interfaces.push_back(ia);
    TwinInterface ib;
    ib.name = tpB;
    ib.source = where;
    nb.interfaces.push_back(ib);

    TwinLink forward;
    forward.id = forwardId;
    forward.sourceNode = na.id;
    forward.sourceTp = tpA;
    forward.destNode = nb.id;
    forward.destTp = tpB;
    forward.capacityBps = capacityBps;
    forward.delaySeconds = delaySeconds;
    forward.queuePackets = queuePackets;
    forward.source = where;
    TwinLink reverse = forward;
    reverse.id = reverseId;
    std::swap(reverse.sourceNode, reverse.destNode);
    std::swap(reverse.sourceTp, reverse.destTp);
    m_network.links.push_back(forward);
    m_network.links.push_back(reverse);
}

std::string
GmlImporter::GetFormat() const
{
    return "gml";
}

std::string
GmlImporter::GetDescription() const
{
    return "Topology Zoo GML graph (*.gml): nodes with coordinates, edges with LinkSpeedRaw";
}

bool
GmlImporter::Accepts(const std::string& path) const
{
    return importer::Lower(std::filesystem::path(path).extension().string()) == ".gml";
}

TwinImportResult
GmlImporter::Import(const std::string& path, const TwinImportOptions& options) const
{
    return importer::ImportSourceFile(
        path, "GML file", GetFormat(),
        [&options](const std::string& text, const std::string& file)
        { return ImportText(text, file, options); },
        options.limits.maxFileBytes);
}

TwinImportResult
GmlImporter::ImportText(const std::string& text, const std::string& fileName,
                        const TwinImportOptions& options)
{
    TwinImportResult result;
    result.importer = "gml";
    TwinDiagnostics& diag = result.diagnostics;
    if (!importer::CheckUtf8(text, fileName, "GML file", diag))
    {
        return result;
    }
    std::vector<GmlItem> document;
    try
    {
        document = GmlParser(text, options.limits.maxNestingDepth).ParseDocument();
    }
    catch (const GmlSyntaxError& e)
    {
        diag.Error({fileName, e.line, ""}, "GML syntax error: " + e.message);
        return result;
    }

    const GmlItem* graph = nullptr;
    for (const auto& item : document)
    {
        if (item.key == "graph" && item.value.kind == GmlValue::Kind::List)
        {
            graph = &item;
            break;
        }
    }
    if (graph == nullptr)
    {
        diag.Error({fileName, 0, ""}, "no 'graph [ ... ]' list in the file");
        return result;
    }
    TwinSourceRef graphWhere{fileName, graph->line, ""};
    TwinNetwork& net = result.network;
    net.name = Stem(fileName);
    for (const char* key : {"label", "Network"})
    {
        const GmlItem* item = FindItem(graph->value, key);
        if (item != nullptr && item->value.kind == GmlValue::Kind::String &&
            !item->value.text.empty())
        {
            net.name = item->value.text;
            break;
        }
    }
    if (auto directed = NumberOf(FindItem(graph->value, "directed")); directed && *directed != 0)
    {
        diag.Warning(graphWhere,
                     "the graph is marked 'directed 1'; each edge is read as a bidirectional "
                     "link");
    }

    // Nodes: GML id -> position; the label, made id-safe and unique, is the node-id.
    std::unordered_map<int64_t, std::size_t> byGmlId;
    std::unordered_set<std::string> usedIds;
    std::size_t withoutCoordinates = 0;
    for (const auto& item : graph->value.items)
    {
        if (item.key != "node")
        {
            continue;
        }
        TwinSourceRef where{fileName, item.line, ""};
        if (item.value.kind != GmlValue::Kind::List)
        {
            diag.Error(where, "'node' must be a list 'node [ ... ]'");
            continue;
        }
        auto id = NumberOf(FindItem(item.value, "id"));
        if (!id)
        {
            diag.Error(where, "node has no integer 'id'");
            continue;
        }
        auto integer = importer::ToInteger(*id);
        if (!integer)
        {
            diag.Error(where, "node id " + FormatNumber(*id) +
                                  " is not an integer in the range of a 64-bit id");
            continue;
        }
        int64_t gmlId = *integer;
        if (byGmlId.count(gmlId) > 0)
        {
            diag.Error(where, "duplicate node id " + std::to_string(gmlId) + " (first defined at " +
                                  net.nodes[byGmlId[gmlId]].source.ToString() + ")");
            continue;
        }
        std::string nodeId;
        if (const GmlItem* label = FindItem(item.value, "label"))
        {
            nodeId = SafeId(label->value.text);
        }
        if (nodeId.empty())
        {
            nodeId = "n" + std::to_string(gmlId);
        }
        if (usedIds.count(nodeId) > 0)
        {
            std::string base = nodeId + "_" + std::to_string(gmlId);
            nodeId = base;
            for (int k = 2; usedIds.count(nodeId) > 0; ++k)
            {
                nodeId = base + "_" + std::to_string(k);
            }
            diag.Warning(where, "node " + std::to_string(gmlId) +
                                    ": its label names an earlier node too; it is called '" +
                                    nodeId + "'");
        }
        usedIds.insert(nodeId);
        TwinNode node;
        node.id = nodeId;
        node.source = where;
        auto lat = NumberOf(FindItem(item.value, "Latitude"));
        auto lon = NumberOf(FindItem(item.value, "Longitude"));
        if (lat && lon && std::abs(*lat) <= 90 && std::abs(*lon) <= 180)
        {
            node.latitudeDeg = lat;
            node.longitudeDeg = lon;
        }
        else
        {
            if (lat || lon)
            {
                diag.Warning(where, "node '" + nodeId + "': coordinates (Latitude " +
                                        (lat ? FormatNumber(*lat) : "missing") + ", Longitude " +
                                        (lon ? FormatNumber(*lon) : "missing") +
                                        ") are incomplete or out of " + "range; ignored");
            }
            ++withoutCoordinates;
        }
        byGmlId.emplace(gmlId, net.nodes.size());
        net.nodes.push_back(node);
    }

    // Edges: each an undirected link, two directed TwinLinks.
    TwinEdgeBuilder edges(net);
    std::map<std::pair<std::size_t, std::size_t>, uint32_t> firstEdgeLine;
    std::size_t edgeCount = 0;
    std::size_t withoutSpeed = 0;
    std::size_t defaultDelay = 0;
    for (const auto& item : graph->value.items)
    {
        if (item.key != "edge")
        {
            continue;
        }
        TwinSourceRef where{fileName, item.line, ""};
        if (item.value.kind != GmlValue::Kind::List)
        {
            diag.Error(where, "'edge' must be a list 'edge [ ... ]'");
            continue;
        }
        auto source = NumberOf(FindItem(item.value, "source"));
        auto target = NumberOf(FindItem(item.value, "target"));
        if (!source || !target)
        {
            diag.Error(where, std::string("edge has no '") + (source ? "target" : "source") + "'");
            continue;
        }
        // Only integers in range are looked up: converting others would be undefined.
        auto sourceId = importer::ToInteger(*source);
        auto targetId = importer::ToInteger(*target);
        auto a = sourceId ? byGmlId.find(*sourceId) : byGmlId.end();
        auto b = targetId ? byGmlId.find(*targetId) : byGmlId.end();
        if (a == byGmlId.end() || b == byGmlId.end())
        {
            diag.Error(where, "edge " + FormatNumber(*source) + " -> " + FormatNumber(*target) +
                                  ": node " + FormatNumber(a == byGmlId.end() ? *source : *target) +
                                  " does not exist");
            continue;
        }
        const std::string& idA = net.nodes[a->second].id;
        const std::string& idB = net.nodes[b->second].id;
        // Self-loops are passed on: the common validation decides about them for every format.
        bool selfLoop = a->second == b->second;
        uint64_t capacity = 0;
        const GmlItem* speedItem = FindItem(item.value, "LinkSpeedRaw");
        auto speed = NumberOf(speedItem);
        std::string problem = "not a number";
        auto rate = speed ? importer::RateToBps(*speed, problem) : std::nullopt;
        if (rate)
        {
            capacity = *rate;
        }
        else
        {
            if (speedItem != nullptr)
            {
                // Zoo files hold junk speeds; --strict refuses them (e.g. a negative one).
                std::string message = "edge '" + idA + "'-'" + idB + "': LinkSpeedRaw '" +
                                      speedItem->value.text + "' is not a usable bit rate (" +
                                      problem + ")";
                if (options.strict)
                {
                    diag.Error(where, message);
                }
                else
                {
                    diag.Warning(where, message + "; ignored");
                }
            }
            ++withoutSpeed;
        }
        auto delay = DelayFromCoordinates(net.nodes[a->second], net.nodes[b->second]);
        if (!delay)
        {
            ++defaultDelay;
        }
        std::size_t earlier = edges.EdgesBetween(a->second, b->second);
        std::string suffix = earlier > 0 ? "-" + std::to_string(earlier + 1) : "";
        auto key = std::make_pair(std::min(a->second, b->second), std::max(a->second, b->second));
        if (earlier > 0 && !selfLoop)
        {
            diag.Warning(where,
                         "parallel edge between '" + idA + "' and '" + idB +
                             "' (another one is at line " + std::to_string(firstEdgeLine[key]) +
                             "); kept as a separate link '" + idA + "-" + idB + suffix + "'");
        }
        else
        {
            firstEdgeLine[key] = item.line;
        }
        edges.Add(a->second, b->second, idA + "-" + idB + suffix, idB + "-" + idA + suffix,
                  capacity, delay ? *delay : options.defaultDelaySeconds,
                  options.defaultQueuePackets, where);
        ++edgeCount;
    }
    if (net.nodes.empty())
    {
        diag.Error(graphWhere, "the graph has no nodes");
        return result;
    }
    if (withoutSpeed > 0)
    {
        diag.Note(graphWhere,
                  std::to_string(withoutSpeed) + " of " + std::to_string(edgeCount) +
                      " edges have no LinkSpeedRaw; their capacity is left to the default");
    }
    if (defaultDelay > 0)
    {
        diag.Note(graphWhere, std::to_string(withoutCoordinates) + " of " +
                                  std::to_string(net.nodes.size()) +
                                  " nodes have no coordinates; " + std::to_string(defaultDelay) +
                                  " edges use the default delay " +
                                  FormatNumber(options.defaultDelaySeconds) + " s");
    }
    return result;
}

} // namespace ns3
