/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sndlib-importer.h"

#include "gml-importer.h"
#include "importer-util.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ns3
{

namespace
{

/** One word or parenthesis of the file, with its line. */
struct Token
{
    std::string text; //!< the word, "(" or ")"
    uint32_t line;    //!< 1-based line
};

/** A syntax error at a line. */
struct SndlibSyntaxError
{
    uint32_t line;       //!< where
    std::string message; //!< what
};

/** A NODES entry. */
struct SndNode
{
    std::string id;          //!< node id
    std::optional<double> x; //!< longitude
    std::optional<double> y; //!< latitude
    uint32_t line;           //!< where
};

/** A LINKS entry. */
struct SndLink
{
    std::string id;              //!< link id
    std::string source;          //!< first end
    std::string target;          //!< second end
    double preInstalled;         //!< pre-installed capacity in META units
    std::vector<double> modules; //!< module capacities in META units
    uint32_t line;               //!< where
};

/** A DEMANDS entry. */
struct SndDemand
{
    std::string id;     //!< demand id
    std::string source; //!< sender
    std::string target; //!< receiver
    double value;       //!< demand in META units
    uint32_t line;      //!< where
};

/** Everything read from one file, before mapping. */
struct SndFile
{
    std::unordered_map<std::string, std::string> meta; //!< META key -> value
    uint32_t metaLine{0};                              //!< line of META, 0 if absent
    uint32_t linksLine{0};                             //!< line of LINKS, 0 if absent
    std::vector<SndNode> nodes;                        //!< NODES
    std::vector<SndLink> links;                        //!< LINKS
    std::vector<SndDemand> demands;                    //!< DEMANDS
    std::vector<Token> skipped;                        //!< sections not used (name, line)
};

using importer::FormatNumber;
using importer::Lower;
using importer::Trim;

/** Reads the sections of an SNDlib native file. */
class SndlibParser
{
public:
    /** @param text the whole file */
    explicit SndlibParser(const std::string& text) { Split(text); }

    /**
     * @return the sections' content
     * @throws SndlibSyntaxError on malformed input
     */
    SndFile Parse()
    {
        if (m_metaError.line > 0)
        {
            throw m_metaError;
        }
        while (m_pos < m_tokens.size())
        {
            Token name = Next("a section name");
            if (name.text == "(" || name.text == ")")
            {
                throw SndlibSyntaxError{name.line,
                                        "expected a section name, found '" + name.text + "'"};
            }
            Expect("(", "after the section name " + name.text);
            if (name.text == "NODES")
            {
                ParseNodes();
            }
            else if (name.text == "LINKS")
            {
                m_file.linksLine = name.line;
                ParseLinks();
            }
            else if (name.text == "DEMANDS")
            {
                ParseDemands();
            }
            else if (SkipSection(name.line))
            {
                m_file.skipped.push_back(name);
            }
        }
        return m_file;
    }

private:
    /**
     * Turn the text into tokens; META is line-based (its values may hold any character) and
     * is read here directly.
     * @param text the file
     */
    void Split(const std::string& text)
    {
        std::istringstream in(text);
        std::string line;
        uint32_t lineNo = 0;
        bool inMeta = false;
        while (std::getline(in, line))
        {
            ++lineNo;
            std::string trimmed = Trim(line);
            if (inMeta)
            {
                if (trimmed == ")")
                {
                    inMeta = false;
                    continue;
                }
                if (trimmed.empty() || trimmed[0] == '#')
                {
                    continue;
                }
                auto eq = trimmed.find('=');
                if (eq == std::string::npos)
                {
                    SetMetaError(lineNo, "META entry '" + trimmed + "' has no '='");
                    continue;
                }
                m_file.meta[Trim(trimmed.substr(0, eq))] = Trim(trimmed.substr(eq + 1));
                continue;
            }
            if (trimmed.rfind("META", 0) == 0 && (trimmed.size() == 4 || trimmed[4] == ' ' ||
                                                  trimmed[4] == '\t' || trimmed[4] == '('))
            {
                if (Trim(trimmed.substr(4)) != "(")
                {
                    SetMetaError(lineNo, "expected 'META (' on a line of its own");
                }
                m_file.metaLine = lineNo;
                inMeta = true;
                continue;
            }
            if (trimmed.empty() || trimmed[0] == '?' || trimmed[0] == '#')
            {
                continue;
            }
            std::string word;
            auto flush = [&]()
            {
                if (!word.empty())
                {
                    m_tokens.push_back({word, lineNo});
                    word.clear();
                }
            };
            for (char c : line)
            {
                if (c == '#')
                {
                    break;
                }
                if (c == '(' || c == ')')
                {
                    flush();
                    m_tokens.push_back({std::string(1, c), lineNo});
                }
                else if (std::isspace(static_cast<unsigned char>(c)))
                {
                    flush();
                }
                else
                {
                    word += c;
                }
            }
            flush();
        }
        if (inMeta)
        {
            SetMetaError(m_file.metaLine,
                         "the META section opened here is not closed by a ')' line");
        }
    }

    /**
     * Keep the first META problem; it is thrown when parsing starts.
     * @param line where
     * @param message what
     */
    void SetMetaError(uint32_t line, const std::string& message)
    {
        if (m_metaError.line == 0)
        {
            m_metaError = {line, message};
        }
    }

    /** @return the line of the last token, for errors at the end of the file */
    uint32_t LastLine() const { return m_tokens.empty() ? 1 : m_tokens.back().line; }

    /**
     * @param what what was expected, for the message
     * @return the next token
     */
    Token Next(const std::string& what)
    {
        if (m_pos >= m_tokens.size())
        {
            throw SndlibSyntaxError{LastLine(), "end of file, expected " + what};
        }
        return m_tokens[m_pos++];
    }

    /** @return the next token's text without consuming it, or empty at the end */
    std::string Peek() const { return m_pos < m_tokens.size() ? m_tokens[m_pos].text : ""; }

    /**
     * @param text the token required next
     * @param context where it is required, for the message
     */
    void Expect(const std::string& text, const std::string& context)
    {
        Token t = Next("'" + text + "' " + context);
        if (t.text != text)
        {
            throw SndlibSyntaxError{t.line, "expected '" + text + "' " + context + ", found '" +
                                                t.text + "'"};
        }
    }

    /**
     * @param what what the word names, for the message
     * @return the next token, which must not be a parenthesis
     */
    Token Word(const std::string& what)
    {
        Token t = Next(what);
        if (t.text == "(" || t.text == ")")
        {
            throw SndlibSyntaxError{t.line, "expected " + what + ", found '" + t.text + "'"};
        }
        return t;
    }

    /**
     * @param what what the number means, for the message
     * @return the next token as a finite number
     */
    double Number(const std::string& what)
    {
        Token t = Next(what);
        auto v = importer::ParseNumber(t.text);
        if (!v)
        {
            throw SndlibSyntaxError{t.line,
                                    "expected a number for " + what + ", found '" + t.text + "'"};
        }
        return *v;
    }

    /** NODES: "<id> [( <longitude> <latitude> )]" entries. */
    void ParseNodes()
    {
        while (Peek() != ")")
        {
            SndNode n;
            Token id = Word("a node id or ')' closing NODES");
            n.id = id.text;
            n.line = id.line;
            if (Peek() == "(")
            {
                Next("(");
                n.x = Number("the longitude of node " + n.id);
                n.y = Number("the latitude of node " + n.id);
                Expect(")", "after the coordinates of node " + n.id);
            }
            m_file.nodes.push_back(n);
        }
        Next(")");
    }

    /** LINKS: "<id> ( <a> <b> ) <capacity> <cost> <routing> <setup> ( {<cap> <cost>}* )". */
    void ParseLinks()
    {
        while (Peek() != ")")
        {
            SndLink l;
            Token id = Word("a link id or ')' closing LINKS");
            l.id = id.text;
            l.line = id.line;
            Expect("(", "before the ends of link " + l.id);
            l.source = Word("the first node of link " + l.id).text;
            l.target = Word("the second node of link " + l.id).text;
            Expect(")", "after the two nodes of link " + l.id);
            l.preInstalled = Number("the pre-installed capacity of link " + l.id);
            Number("the pre-installed capacity cost of link " + l.id);
            Number("the routing cost of link " + l.id);
            Number("the setup cost of link " + l.id);
            if (Peek() == "(")
            {
                Next("(");
                while (Peek() != ")")
                {
                    l.modules.push_back(Number("a module capacity of link " + l.id));
                    Number("a module cost of link " + l.id);
                }
                Next(")");
            }
            m_file.links.push_back(l);
        }
        Next(")");
    }

    /** DEMANDS: "<id> ( <source> <target> ) <routing_unit> <value> <max_path_length>". */
    void ParseDemands()
    {
        while (Peek() != ")")
        {
            SndDemand d;
            Token id = Word("a demand id or ')' closing DEMANDS");
            d.id = id.text;
            d.line = id.line;
            Expect("(", "before the ends of demand " + d.id);
            d.source = Word("the source of demand " + d.id).text;
            d.target = Word("the target of demand " + d.id).text;
            Expect(")", "after the two nodes of demand " + d.id);
            Number("the routing unit of demand " + d.id);
            d.value = Number("the value of demand " + d.id);
            Word("the max path length of demand " + d.id);
            m_file.demands.push_back(d);
        }
        Next(")");
    }

    /**
     * Skip a section whose '(' was read, up to its matching ')'.
     * @param line the section's line, for the message
     * @return true if the section had content
     */
    bool SkipSection(uint32_t line)
    {
        int depth = 1;
        bool content = false;
        while (depth > 0)
        {
            if (m_pos >= m_tokens.size())
            {
                throw SndlibSyntaxError{line, "the section opened here is not closed by ')'"};
            }
            const std::string& t = m_tokens[m_pos++].text;
            depth += t == "(" ? 1 : t == ")" ? -1 : 0;
            content = content || depth > 1 || t != ")";
        }
        return content;
    }

    std::vector<Token> m_tokens;     //!< everything but META
    std::size_t m_pos{0};            //!< next token
    SndFile m_file;                  //!< what was read
    SndlibSyntaxError m_metaError{}; //!< first META problem, line 0 if none
};

/**
 * @param ids link ids
 * @return up to five ids and how many more
 */
std::string
ListIds(const std::vector<std::string>& ids)
{
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < 5; ++i)
    {
        out += (i == 0 ? "" : ", ") + ids[i];
    }
    if (ids.size() > 5)
    {
        out += " and " + std::to_string(ids.size() - 5) + " more";
    }
    return out;
}

} // namespace

std::string
SndlibImporter::GetFormat() const
{
    return "sndlib";
}

std::string
SndlibImporter::GetDescription() const
{
    return "SNDlib native network with demands (*.native.txt, *.sndlib, '?SNDlib' .txt)";
}

std::optional<double>
SndlibImporter::UnitBitsPerSecond(const std::string& unit)
{
    static const std::pair<const char*, double> units[] = {{"BITPERSEC", 1.0},
                                                           {"KBITPERSEC", 1e3},
                                                           {"MBITPERSEC", 1e6},
                                                           {"GBITPERSEC", 1e9},
                                                           {"TBITPERSEC", 1e12}};
    for (const auto& [name, factor] : units)
    {
        if (unit == name)
        {
            return factor;
        }
    }
    return std::nullopt;
}

bool
SndlibImporter::Accepts(const std::string& path) const
{
    std::string name = Lower(std::filesystem::path(path).filename().string());
    if (importer::EndsWith(name, ".native.txt") || importer::EndsWith(name, ".sndlib"))
    {
        return true;
    }
    if (!importer::EndsWith(name, ".txt"))
    {
        return false;
    }
    std::ifstream in(path);
    std::string first;
    std::getline(in, first);
    return first.rfind("?SNDlib", 0) == 0;
}

TwinImportResult
SndlibImporter::Import(const std::string& path, const TwinImportOptions& options) const
{
    return importer::ImportSourceFile(
        path, "SNDlib file", GetFormat(),
        [&options](const std::string& text, const std::string& file)
        { return ImportText(text, file, options); },
        options.limits.maxFileBytes);
}

TwinImportResult
SndlibImporter::ImportText(const std::string& text, const std::string& fileName,
                           const TwinImportOptions& options)
{
    TwinImportResult result;
    result.importer = "sndlib";
    TwinDiagnostics& diag = result.diagnostics;
    if (!importer::CheckUtf8(text, fileName, "SNDlib file", diag))
    {
        return result;
    }
    std::string head = Trim(text.substr(0, 512));
    if (head.rfind("<?xml", 0) == 0 || head.rfind("<network", 0) == 0)
    {
        diag.Error({fileName, 1, ""},
                   "this looks like SNDlib XML; only the SNDlib native format is read "
                   "(SNDlib publishes every network in both formats)");
        return result;
    }
    SndFile file;
    try
    {
        file = SndlibParser(text).Parse();
    }
    catch (const SndlibSyntaxError& e)
    {
        diag.Error({fileName, e.line, ""}, "SNDlib syntax error: " + e.message);
        return result;
    }

    TwinSourceRef fileWhere{fileName, 0, ""};
    TwinSourceRef metaWhere{fileName, file.metaLine, ""};
    double unit = 1e6;
    auto unitIt = file.meta.find("unit");
    if (unitIt == file.meta.end())
    {
        diag.Warning(metaWhere,
                     "META gives no unit; capacities and demands are read as MBITPERSEC");
    }
    else if (auto factor = UnitBitsPerSecond(unitIt->second))
    {
        unit = *factor;
    }
    else
    {
        diag.Error(metaWhere,
                   "unknown META unit '" + unitIt->second +
                       "' (known: BITPERSEC, KBITPERSEC, MBITPERSEC, GBITPERSEC, TBITPERSEC)");
        return result;
    }

    TwinNetwork& net = result.network;
    net.name = std::filesystem::path(fileName).filename().string();
    for (const std::string suffix : {".native.txt", ".sndlib", ".txt"})
    {
        if (net.name.size() > suffix.size() && importer::EndsWith(Lower(net.name), suffix))
        {
            net.name.resize(net.name.size() - suffix.size());
            break;
        }
    }

    // Ids are resolved against the first node of a name; a repeated one is passed on for the
    // common validation to report, as for every format.
    std::unordered_map<std::string, std::size_t> nodeIndex;
    for (const auto& n : file.nodes)
    {
        TwinSourceRef where{fileName, n.line, ""};
        nodeIndex.emplace(n.id, net.nodes.size());
        TwinNode node;
        node.id = n.id;
        node.source = where;
        if (n.x && n.y)
        {
            if (std::abs(*n.x) <= 180 && std::abs(*n.y) <= 90)
            {
                node.longitudeDeg = n.x;
                node.latitudeDeg = n.y;
            }
            else
            {
                diag.Warning(where,
                             "node '" + n.id + "': coordinates (" + FormatNumber(*n.x) + ", " +
                                 FormatNumber(*n.y) +
                                 ") are not longitude/latitude; links use the default delay");
            }
        }
        net.nodes.push_back(node);
    }
    if (net.nodes.empty())
    {
        diag.Error(fileWhere, "the file has no NODES");
        return result;
    }

    TwinEdgeBuilder edges(net);
    // Every listed id is taken before reverse ids are made, so that "<id>-reverse" never
    // names a listed link; repeated ids are passed on for the validation to report.
    std::unordered_set<std::string> linkIds;
    for (const auto& l : file.links)
    {
        linkIds.insert(l.id);
    }
    std::vector<std::string> fromModules;
    std::size_t defaultDelay = 0;
    for (const auto& l : file.links)
    {
        TwinSourceRef where{fileName, l.line, ""};
        auto a = nodeIndex.find(l.source);
        auto b = nodeIndex.find(l.target);
        if (a == nodeIndex.end() || b == nodeIndex.end())
        {
            diag.Error(where, "link '" + l.id + "': node '" +
                                  (a == nodeIndex.end() ? l.source : l.target) +
                                  "' is not in NODES");
            continue;
        }
        if (l.preInstalled < 0 ||
            std::any_of(l.modules.begin(), l.modules.end(), [](double m) { return m < 0; }))
        {
            diag.Error(where, "link '" + l.id + "': a capacity is negative");
            continue;
        }
        double capacity = l.preInstalled;
        if (capacity == 0 && !l.modules.empty())
        {
            capacity = *std::min_element(l.modules.begin(), l.modules.end());
            fromModules.push_back(l.id);
        }
        uint64_t capacityBps = 0;
        if (capacity == 0)
        {
            diag.Warning(where, "link '" + l.id +
                                    "' has neither pre-installed nor module capacity; the default "
                                    "capacity is used");
        }
        else
        {
            // Not left to the store: a rate it cannot keep, or one that rounds to 0 (and so
            // would become the default), is an error here.
            std::string problem;
            auto rate = importer::RateToBps(capacity * unit, problem);
            if (!rate)
            {
                diag.Error(where, "link '" + l.id + "': capacity " + FormatNumber(capacity * unit) +
                                      " bit/s is not a usable bit rate (" + problem + ")");
                continue;
            }
            capacityBps = *rate;
        }
        auto delay = DelayFromCoordinates(net.nodes[a->second], net.nodes[b->second]);
        if (!delay)
        {
            ++defaultDelay;
        }
        if (a->second != b->second && edges.EdgesBetween(a->second, b->second) > 0)
        {
            diag.Warning(where, "link '" + l.id + "' is parallel to an earlier link between '" +
                                    l.source + "' and '" + l.target + "'; kept as a separate link");
        }
        edges.Add(a->second, b->second, l.id, importer::UniqueId(l.id + "-reverse", linkIds),
                  capacityBps, delay ? *delay : options.defaultDelaySeconds,
                  options.defaultQueuePackets, where);
    }
    if (!fromModules.empty())
    {
        diag.Warning({fileName, file.linksLine, ""},
                     std::to_string(fromModules.size()) +
                         " links have pre-installed capacity 0; their smallest module "
                         "capacity is used instead: " +
                         ListIds(fromModules));
    }
    if (defaultDelay > 0)
    {
        diag.Note({fileName, file.linksLine, ""},
                  std::to_string(defaultDelay) +
                      " links join a node without coordinates; they use the default delay " +
                      FormatNumber(options.defaultDelaySeconds) + " s");
    }

    std::size_t zero = 0;
    for (const auto& d : file.demands)
    {
        if (d.value == 0)
        {
            ++zero;
            continue;
        }
        TwinDemand demand;
        demand.id = d.id;
        demand.sourceNode = d.source;
        demand.destNode = d.target;
        demand.protocol = TwinProtocol::Udp;
        demand.rateBps = d.value * unit;
        demand.startSeconds = 0;
        demand.source = {fileName, d.line, ""};
        net.demands.push_back(demand);
    }
    if (zero > 0)
    {
        diag.Note(fileWhere, std::to_string(zero) + " demands of value 0 were skipped");
    }
    for (const auto& section : file.skipped)
    {
        diag.Note({fileName, section.line, ""},
                  "section " + section.text + " is not used and was skipped");
    }
    return result;
}

} // namespace ns3
