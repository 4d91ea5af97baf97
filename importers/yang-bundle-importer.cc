/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "yang-bundle-importer.h"

#include "demand-file-reader.h"
#include "importer-util.h"
#include "yang-context.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <libyang/libyang.h>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace ns3
{

namespace
{

namespace fs = std::filesystem;

// Module names of the data the importer reads.
const char* const kNw = "ietf-network";
const char* const kNt = "ietf-network-topology";
const char* const kIf = "ietf-interfaces";
const char* const kIp = "ietf-ip";
const char* const kRt = "ietf-routing";
const char* const kV4 = "ietf-ipv4-unicast-routing";
const char* const kDt = "ns3-digital-twin-topology";

/** How far into a file Accepts() looks for the ietf-network module. */
constexpr std::size_t kSniffBytes = 65536;

/**
 * Where key leaves (node-id, tp-id, interface name...) occur in a document's text, so that
 * model elements can carry a line number; libyang keeps none in its data trees. One linear
 * scan per document.
 */
class LineIndex
{
public:
    /**
     * Scan a document.
     * @param text the document
     * @param format its encoding
     * @param keys local names of the leaves to record
     */
    void Build(const std::string& text, YangFormat format, const std::set<std::string>& keys)
    {
        m_lines = importer::LineTable(text);
        m_positions.clear();
        if (format == YangFormat::Json)
        {
            ScanJson(text, keys);
        }
        else
        {
            ScanXml(text, keys);
        }
    }

    /**
     * @param key a recorded leaf name
     * @param value its value
     * @param after only occurrences at or after this offset count
     * @param offset if not null, set to the occurrence's offset
     * @return the 1-based line of the first such occurrence, 0 if none
     */
    uint32_t Line(const std::string& key, const std::string& value, std::size_t after = 0,
                  std::size_t* offset = nullptr) const
    {
        auto it = m_positions.find(key + '\n' + value);
        if (it == m_positions.end())
        {
            return 0;
        }
        auto pos = std::lower_bound(it->second.begin(), it->second.end(), after);
        if (pos == it->second.end())
        {
            return 0;
        }
        if (offset != nullptr)
        {
            *offset = *pos;
        }
        return LineOfOffset(*pos);
    }

    /**
     * @param offset a byte offset into the text
     * @return its 1-based line
     */
    uint32_t LineOfOffset(std::size_t offset) const { return m_lines.LineOf(offset); }

private:
    /**
     * Record a key occurrence.
     * @param name the (possibly module-qualified) leaf name
     * @param value the value
     * @param offset where it starts
     * @param keys names to keep
     */
    void Record(const std::string& name, const std::string& value, std::size_t offset,
                const std::set<std::string>& keys)
    {
        auto colon = name.rfind(':');
        std::string local = colon == std::string::npos ? name : name.substr(colon + 1);
        if (keys.count(local) != 0)
        {
            m_positions[local + '\n' + value].push_back(offset);
        }
    }

    /**
     * Record "key": value members of a JSON text.
     * @param text the text
     * @param keys names to keep
     */
    void ScanJson(const std::string& text, const std::set<std::string>& keys)
    {
        const std::size_t n = text.size();
        auto readString = [&](std::size_t i, std::string& out)
        {
            // i is at the opening quote; returns the offset after the closing one
            out.clear();
            for (++i; i < n && text[i] != '"'; ++i)
            {
                if (text[i] == '\\' && i + 1 < n)
                {
                    ++i;
                }
                out += text[i];
            }
            return i + 1;
        };
        auto skipSpace = [&](std::size_t i)
        {
            while (i < n && std::isspace(static_cast<unsigned char>(text[i])))
            {
                ++i;
            }
            return i;
        };
        std::string name;
        std::string value;
        std::size_t i = 0;
        while (i < n)
        {
            if (text[i] != '"')
            {
                ++i;
                continue;
            }
            std::size_t start = i;
            i = skipSpace(readString(i, name));
            if (i >= n || text[i] != ':')
            {
                continue;
            }
            std::size_t v = skipSpace(i + 1);
            if (v < n && text[v] == '"')
            {
                i = readString(v, value);
            }
            else
            {
                std::size_t e = v;
                while (e < n && text[e] != ',' && text[e] != '}' && text[e] != ']' &&
                       !std::isspace(static_cast<unsigned char>(text[e])))
                {
                    ++e;
                }
                value = text.substr(v, e - v);
                i = v;
            }
            Record(name, value, start, keys);
        }
    }

    /**
     * Record <key>value</key> elements of an XML text.
     * @param text the text
     * @param keys names to keep
     */
    void ScanXml(const std::string& text, const std::set<std::string>& keys)
    {
        const std::size_t n = text.size();
        for (std::size_t i = text.find('<'); i != std::string::npos; i = text.find('<', i + 1))
        {
            if (i + 1 >= n || text[i + 1] == '/' || text[i + 1] == '?' || text[i + 1] == '!')
            {
                continue;
            }
            std::size_t e = i + 1;
            while (e < n && text[e] != '>' && text[e] != '/' &&
                   !std::isspace(static_cast<unsigned char>(text[e])))
            {
                ++e;
            }
            std::string name = text.substr(i + 1, e - i - 1);
            auto colon = name.rfind(':');
            if (keys.count(colon == std::string::npos ? name : name.substr(colon + 1)) == 0)
            {
                continue;
            }
            std::size_t close = text.find('>', e);
            if (close == std::string::npos || text[close - 1] == '/')
            {
                continue;
            }
            std::size_t end = text.find('<', close);
            if (end == std::string::npos)
            {
                break;
            }
            std::string value = text.substr(close + 1, end - close - 1);
            auto first = value.find_first_not_of(" \t\r\n");
            auto last = value.find_last_not_of(" \t\r\n");
            value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
            Record(name, value, i, keys);
        }
    }

    importer::LineTable m_lines;                                           //!< line lookup
    std::unordered_map<std::string, std::vector<std::size_t>> m_positions; //!< key\nvalue
};

/** One YANG instance document being read. */
struct Document
{
    std::string file;  //!< path as shown to the user
    std::string text;  //!< content
    YangFormat format; //!< encoding
    LineIndex index;   //!< key positions
    YangDataTree tree; //!< parsed data
};

/**
 * @param n a data node
 * @param module a module name
 * @param name a schema node name
 * @return true if n is an instance of that schema node
 */
bool
Is(const lyd_node* n, const char* module, const char* name)
{
    return n->schema != nullptr && std::strcmp(n->schema->name, name) == 0 &&
           std::strcmp(n->schema->module->name, module) == 0;
}

/**
 * @param parent a data node
 * @param module a module name
 * @param name a schema node name
 * @return the first child that is an instance of that schema node, or nullptr
 */
lyd_node*
Child(const lyd_node* parent, const char* module, const char* name)
{
    for (lyd_node* c = lyd_child(parent); c != nullptr; c = c->next)
    {
        if (Is(c, module, name))
        {
            return c;
        }
    }
    return nullptr;
}

/**
 * @param parent a data node
 * @param module the leaf's module
 * @param name the leaf name
 * @return the leaf's canonical value, or nothing when absent
 */
std::optional<std::string>
Leaf(const lyd_node* parent, const char* module, const char* name)
{
    const lyd_node* n = parent == nullptr ? nullptr : Child(parent, module, name);
    if (n == nullptr)
    {
        return std::nullopt;
    }
    return YangNodeValue(n);
}

/**
 * Add a warning, or an error when strict.
 * @param diagnostics the list
 * @param strict the strictness
 * @param where the location
 * @param message the text
 */
void
WarnOrError(TwinDiagnostics& diagnostics, bool strict, const TwinSourceRef& where,
            const std::string& message)
{
    if (strict)
    {
        diagnostics.Error(where, message + " (an error with strict options)");
    }
    else
    {
        diagnostics.Warning(where, message);
    }
}

/**
 * @param format an encoding
 * @return "JSON" or "XML"
 */
std::string
FormatName(YangFormat format)
{
    return format == YangFormat::Json ? "JSON" : "XML";
}

/**
 * libyang's JSON parser counts lines past a syntax error (it has read ahead), but quotes the
 * input at the error: find that quote in the text instead.
 * @param doc the document
 * @param m a syntax error
 * @return the line of the quoted input (the last occurrence not after libyang's line), or
 *         libyang's line when the quote cannot be placed
 */
uint32_t
CorrectJsonErrorLine(const Document& doc, const YangMessage& m)
{
    auto first = m.message.find('"');
    auto last = m.message.rfind('"');
    if (first == std::string::npos || last <= first + 1)
    {
        return m.line;
    }
    std::string quoted = m.message.substr(first + 1, last - first - 1);
    std::size_t best = std::string::npos;
    for (std::size_t at = doc.text.find(quoted); at != std::string::npos;
         at = doc.text.find(quoted, at + 1))
    {
        if (best != std::string::npos && m.line != 0 && doc.index.LineOfOffset(at) > m.line)
        {
            break;
        }
        best = at;
    }
    return best == std::string::npos ? m.line : doc.index.LineOfOffset(best);
}

/**
 * Turn libyang messages into errors about a document. When libyang gives no line, the last
 * list key in the path is looked up in the text.
 * @param doc the document
 * @param messages libyang's messages
 * @param diagnostics where errors go
 */
void
ReportYangErrors(const Document& doc, const std::vector<YangMessage>& messages,
                 TwinDiagnostics& diagnostics)
{
    for (const auto& m : messages)
    {
        TwinSourceRef where{doc.file, m.line, m.path};
        if (where.line == 0 && !m.path.empty())
        {
            // "[key='value']" at the end of the deepest list entry in the path
            auto open = m.path.rfind("[");
            auto eq = m.path.find("='", open == std::string::npos ? 0 : open);
            auto close = m.path.find("']", eq == std::string::npos ? 0 : eq);
            if (open != std::string::npos && eq != std::string::npos && close != std::string::npos)
            {
                std::string key = m.path.substr(open + 1, eq - open - 1);
                auto colon = key.rfind(':');
                if (colon != std::string::npos)
                {
                    key = key.substr(colon + 1);
                }
                where.line = doc.index.Line(key, m.path.substr(eq + 2, close - eq - 2));
            }
        }
        if (m.syntax && doc.format == YangFormat::Json)
        {
            where.line = CorrectJsonErrorLine(doc, m);
        }
        std::string prefix =
            m.syntax ? "malformed " + FormatName(doc.format) + ": " : "schema violation: ";
        // libyang quotes input verbatim; keep the diagnostic on one line.
        std::string text;
        for (std::size_t i = 0; i < m.message.size(); ++i)
        {
            if (m.message[i] == '\n' || m.message[i] == '\r')
            {
                while (!text.empty() && text.back() == ' ')
                {
                    text.pop_back();
                }
                text += ' ';
                while (i + 1 < m.message.size() &&
                       std::isspace(static_cast<unsigned char>(m.message[i + 1])))
                {
                    ++i;
                }
                continue;
            }
            text += m.message[i];
        }
        diagnostics.Error(where, prefix + text);
    }
}

/**
 * @param text an XML document
 * @param name an element's local name
 * @return the offset of the first start tag with that local name, or npos
 */
std::size_t
FindXmlElement(const std::string& text, const std::string& name)
{
    for (std::size_t i = text.find(name); i != std::string::npos; i = text.find(name, i + 1))
    {
        std::size_t after = i + name.size();
        bool startsTag = i > 0 && (text[i - 1] == '<' || text[i - 1] == ':');
        bool endsName =
            after < text.size() && (text[after] == '>' || text[after] == '/' ||
                                    std::isspace(static_cast<unsigned char>(text[after])));
        if (startsTag && endsName)
        {
            return i;
        }
    }
    return std::string::npos;
}

/** Data of one unknown module, for one summarised diagnostic. */
struct UnknownData
{
    std::string module;   //!< module name, or the XML namespace
    std::string element;  //!< qualified name of the element
    std::size_t count{0}; //!< instances skipped
    std::string path;     //!< data path of the first instance
    uint32_t line{0};     //!< line of the first instance, 0 if unknown
};

/**
 * Handle the opaque nodes a parse with LYD_PARSE_OPAQ left: data of modules the context
 * lacks is reported and removed; data of known modules that still has no schema node is a
 * schema violation (a wrong value, a missing key or an undefined element).
 * @param context the YANG context
 * @param doc the parsed document; unknown data is removed from its tree
 * @param strict reject unknown data
 * @param diagnostics where findings go
 * @return true if the document may be read on
 */
bool
HandleOpaque(const YangContext& context, Document& doc, bool strict, TwinDiagnostics& diagnostics)
{
    const bool json = doc.format == YangFormat::Json;
    std::vector<lyd_node*> opaque;
    for (lyd_node* top = doc.tree.Get(); top != nullptr; top = top->next)
    {
        lyd_node* node = nullptr;
        LYD_TREE_DFS_BEGIN(top, node)
        {
            if (node->schema == nullptr)
            {
                opaque.push_back(node);
                LYD_TREE_DFS_continue = 1;
            }
            LYD_TREE_DFS_END(top, node);
        }
    }
    if (opaque.empty())
    {
        return true;
    }

    std::vector<UnknownData> unknown;
    std::map<std::string, std::size_t> unknownIndex;
    std::vector<lyd_node*> unknownNodes;
    bool invalidKnown = false;
    bool ok = true;
    for (lyd_node* node : opaque)
    {
        const auto* o = reinterpret_cast<const lyd_node_opaq*>(node);
        // JSON names the module, XML the namespace; both inherit from the parent when unset.
        std::string id = o->name.module_name != nullptr ? o->name.module_name : "";
        const lyd_node* parent = lyd_parent(node);
        if (id.empty() && parent != nullptr && parent->schema != nullptr)
        {
            id = json ? parent->schema->module->name : parent->schema->module->ns;
        }
        std::string module = json ? id : context.ModuleOfNamespace(id);
        bool known = !module.empty() && context.HasModule(module);
        std::string name = o->name.name;
        std::string parentPath = parent == nullptr ? "" : YangNodePath(parent);
        if (!known)
        {
            std::string shown = json ? id : "{" + id + "}";
            std::string element = json ? id + ":" + name : shown + name;
            auto [it, added] = unknownIndex.emplace(element, unknown.size());
            if (added)
            {
                UnknownData data;
                data.module = id;
                data.element = element;
                data.path = parentPath + "/" + element;
                auto at =
                    json ? doc.text.find("\"" + element + "\"") : FindXmlElement(doc.text, name);
                data.line = at == std::string::npos ? 0 : doc.index.LineOfOffset(at);
                unknown.push_back(data);
            }
            ++unknown[it->second].count;
            unknownNodes.push_back(node);
            continue;
        }
        const lysc_node* parentSchema = parent == nullptr ? nullptr : parent->schema;
        const lys_module* mod = ly_ctx_get_module_implemented(context.Get(), module.c_str());
        if (lys_find_child(parentSchema, mod, name.c_str(), 0, 0, 0) == nullptr)
        {
            diagnostics.Error({doc.file, 0, parentPath + "/" + module + ":" + name},
                              "schema violation: element '" + name +
                                  "' is not defined here by YANG module '" + module + "'");
            ok = false;
        }
        else
        {
            invalidKnown = true;
        }
    }

    for (const auto& u : unknown)
    {
        std::string text =
            std::string(json ? "unknown YANG module '" : "unknown YANG namespace '") + u.module +
            "' (not in the search path): skipped " + std::to_string(u.count) + " instance(s) of '" +
            u.element + "', the first here";
        WarnOrError(diagnostics, strict, {doc.file, u.line, u.path}, text);
    }
    if (strict && !unknown.empty())
    {
        ok = false;
    }

    if (invalidKnown)
    {
        // libyang explains a wrong value or a missing key only when it parses without
        // LYD_PARSE_OPAQ; unknown data is dropped silently in that mode.
        YangDataTree strictTree;
        auto messages = context.Parse(doc.text, doc.format, false, strictTree);
        if (messages.empty())
        {
            messages.push_back({"invalid data of a known module", "", 0, false});
        }
        ReportYangErrors(doc, messages, diagnostics);
        ok = false;
    }
    for (lyd_node* node : unknownNodes)
    {
        doc.tree.FreeSubtree(node);
    }
    return ok;
}

/**
 * libyang cannot keep an empty JSON array of unknown data as an opaque node and fails the
 * whole document ("Unexpected input data empty array"), which real exports with vendor or
 * draft augments contain. Turn such arrays into empty objects: same length and lines, and the
 * data is skipped as unknown anyway. Arrays of known modules are left alone.
 * @param text a JSON document, changed in place
 * @param context the YANG context that decides which modules are known
 */
void
NeutraliseUnknownEmptyArrays(std::string& text, const YangContext& context)
{
    const std::size_t n = text.size();
    std::vector<std::string> modules{""}; // effective module of each open object/array
    std::string pendingModule;            // module of the member whose value comes next
    bool pending = false;
    std::map<std::string, bool> known;
    auto isKnown = [&](const std::string& module)
    {
        auto it = known.find(module);
        if (it == known.end())
        {
            it = known.emplace(module, module.empty() || context.HasModule(module)).first;
        }
        return it->second;
    };
    for (std::size_t i = 0; i < n; ++i)
    {
        char c = text[i];
        if (c == '"')
        {
            std::size_t start = i + 1;
            for (++i; i < n && text[i] != '"'; ++i)
            {
                if (text[i] == '\\')
                {
                    ++i;
                }
            }
            std::size_t j = i + 1;
            while (j < n && std::isspace(static_cast<unsigned char>(text[j])))
            {
                ++j;
            }
            if (j < n && text[j] == ':')
            {
                std::string name = text.substr(start, i - start);
                auto colon = name.find(':');
                pendingModule = colon == std::string::npos ? modules.back() : name.substr(0, colon);
                pending = true;
            }
            continue;
        }
        if (c == '{' || c == '[')
        {
            std::string module = pending ? pendingModule : modules.back();
            pending = false;
            if (c == '[')
            {
                std::size_t j = i + 1;
                while (j < n && std::isspace(static_cast<unsigned char>(text[j])))
                {
                    ++j;
                }
                if (j < n && text[j] == ']')
                {
                    if (!isKnown(module))
                    {
                        text[i] = '{';
                        text[j] = '}';
                    }
                    i = j;
                    continue;
                }
            }
            modules.push_back(module);
        }
        else if ((c == '}' || c == ']') && modules.size() > 1)
        {
            modules.pop_back();
        }
        else if (c == ',')
        {
            pending = false;
        }
    }
}

/**
 * Blank a range of the text, keeping its newlines so that line numbers stay right.
 * @param text the text
 * @param begin first offset
 * @param end one past the last offset
 */
void
Blank(std::string& text, std::size_t begin, std::size_t end)
{
    for (std::size_t i = begin; i < end && i < text.size(); ++i)
    {
        if (text[i] != '\n')
        {
            text[i] = ' ';
        }
    }
}

/**
 * Saved replies often keep their envelope: NETCONF <rpc-reply><data>...</data></rpc-reply>
 * or <data xmlns="...netconf:base:1.0">...</data> in XML, {"ietf-restconf:data": {...}} in
 * JSON. Blank the envelope so that its content is read as the document.
 * @param text the document, changed in place
 * @param format its encoding
 * @return true if an envelope was removed
 */
bool
StripEnvelope(std::string& text, YangFormat format)
{
    auto skipSpace = [&text](std::size_t i)
    {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        {
            ++i;
        }
        return i;
    };
    if (format == YangFormat::Json)
    {
        std::size_t open = skipSpace(0);
        const std::string key = "\"ietf-restconf:data\"";
        std::size_t k = open < text.size() && text[open] == '{' ? skipSpace(open + 1) : open;
        if (text.compare(k, key.size(), key) != 0)
        {
            return false;
        }
        std::size_t colon = skipSpace(k + key.size());
        std::size_t close = text.find_last_not_of(" \t\r\n");
        if (colon >= text.size() || text[colon] != ':' || close == std::string::npos ||
            text[close] != '}')
        {
            return false;
        }
        Blank(text, open, colon + 1);
        Blank(text, close, close + 1);
        return true;
    }
    // XML: the first element, after any declaration and comments.
    const std::string base = "urn:ietf:params:xml:ns:netconf:base:1.0";
    bool stripped = false;
    for (const char* wrapper : {"rpc-reply", "data"})
    {
        std::size_t i = skipSpace(0);
        while (i + 1 < text.size() && text[i] == '<' && (text[i + 1] == '?' || text[i + 1] == '!'))
        {
            std::size_t end = text.find('>', i);
            if (end == std::string::npos)
            {
                return stripped;
            }
            i = skipSpace(end + 1);
        }
        std::size_t tagEnd = text.find('>', i);
        if (i >= text.size() || text[i] != '<' || tagEnd == std::string::npos)
        {
            return stripped;
        }
        std::string tag = text.substr(i + 1, tagEnd - i - 1);
        std::string name = tag.substr(0, tag.find_first_of(" \t\r\n/"));
        std::string local =
            name.substr(name.find(':') == std::string::npos ? 0 : name.find(':') + 1);
        if (local != wrapper || (tag.find(base) == std::string::npos && !stripped))
        {
            continue;
        }
        std::size_t closing = text.rfind("</" + name);
        if (closing == std::string::npos || closing < tagEnd)
        {
            return stripped;
        }
        std::size_t closingEnd = text.find('>', closing);
        Blank(text, closing, closingEnd == std::string::npos ? text.size() : closingEnd + 1);
        Blank(text, i, tagEnd + 1);
        stripped = true;
    }
    return stripped;
}

/**
 * Parse a document into its tree, reporting syntax errors, schema violations and unknown
 * data.
 * @param context the YANG context
 * @param doc the document (file and text set); tree and index are filled
 * @param keys leaf names to index for line numbers
 * @param strict reject unknown data
 * @param diagnostics where findings go
 * @return true if the tree may be read
 */
bool
ParseDocument(const YangContext& context, Document& doc, const std::set<std::string>& keys,
              bool strict, TwinDiagnostics& diagnostics)
{
    doc.format = YangFormatOf(doc.file, doc.text);
    StripEnvelope(doc.text, doc.format);
    doc.index.Build(doc.text, doc.format, keys);
    if (doc.format == YangFormat::Json)
    {
        NeutraliseUnknownEmptyArrays(doc.text, context);
    }
    auto messages = context.Parse(doc.text, doc.format, true, doc.tree);
    if (!messages.empty())
    {
        ReportYangErrors(doc, messages, diagnostics);
        return false;
    }
    return HandleOpaque(context, doc, strict, diagnostics);
}

/**
 * Validate a document's configuration part (its tree loses the state data).
 * @param context the YANG context
 * @param doc the document
 * @param diagnostics where errors go
 * @return true if valid
 */
bool
ValidateDocument(const YangContext& context, Document& doc, TwinDiagnostics& diagnostics)
{
    auto messages = context.ValidateConfig(doc.tree);
    ReportYangErrors(doc, messages, diagnostics);
    return messages.empty();
}

/** Leaves indexed for line numbers in a topology document. */
const std::set<std::string> kTopologyKeys = {"network-id", "node-id", "tp-id", "link-id"};
/** Leaves indexed for line numbers in a device document. */
const std::set<std::string> kDeviceKeys = {"name", "destination-prefix", "index"};

/**
 * Pick the network to import from /ietf-network:networks.
 * @param doc the topology document
 * @param diagnostics where findings go
 * @return the network entry, or nullptr (with an error)
 */
const lyd_node*
ChooseNetwork(const Document& doc, TwinDiagnostics& diagnostics)
{
    const lyd_node* networks = nullptr;
    for (const lyd_node* top = doc.tree.Get(); top != nullptr; top = top->next)
    {
        if (Is(top, kNw, "networks"))
        {
            networks = top;
        }
    }
    std::vector<const lyd_node*> all;
    std::vector<const lyd_node*> withLinks;
    std::vector<std::size_t> linkCounts;
    for (const lyd_node* c = networks == nullptr ? nullptr : lyd_child(networks); c != nullptr;
         c = c->next)
    {
        if (Is(c, kNw, "network"))
        {
            std::size_t links = 0;
            for (const lyd_node* l = lyd_child(c); l != nullptr; l = l->next)
            {
                links += Is(l, kNt, "link") ? 1 : 0;
            }
            all.push_back(c);
            linkCounts.push_back(links);
            if (links > 0)
            {
                withLinks.push_back(c);
            }
        }
    }
    if (all.empty())
    {
        diagnostics.Error({doc.file, 0, "/ietf-network:networks"},
                          "the document holds no network (expected "
                          "/ietf-network:networks/network)");
        return nullptr;
    }
    if (all.size() == 1)
    {
        return all.front();
    }
    auto idOf = [](const lyd_node* n) { return Leaf(n, kNw, "network-id").value_or(""); };
    std::string names;
    for (const auto* n : all)
    {
        names += (names.empty() ? "'" : ", '") + idOf(n) + "'";
    }
    // The network with the most links (the first on ties) is the one worth simulating.
    std::size_t best = static_cast<std::size_t>(
        std::max_element(linkCounts.begin(), linkCounts.end()) - linkCounts.begin());
    const lyd_node* chosen = all[best];
    std::string id = idOf(chosen);
    TwinSourceRef where{doc.file, doc.index.Line("network-id", id), YangNodePath(chosen)};
    std::string head = "the document holds " + std::to_string(all.size()) + " networks (" + names +
                       "); importing '" + id + "'";
    if (withLinks.size() == 1)
    {
        diagnostics.Note(where, head + ", the only one with links");
    }
    else if (withLinks.empty())
    {
        diagnostics.Warning(where, head + ", the first; none has links");
    }
    else
    {
        diagnostics.Warning(where, head + ", the one with the most links (" +
                                       std::to_string(linkCounts[best]) + ")");
    }
    return chosen;
}

/**
 * Read nodes, termination points and links of the chosen network.
 * @param doc the topology document
 * @param networkEntry the network list entry
 * @param options defaults
 * @param network where nodes and links go
 * @param diagnostics where findings go
 */
void
ReadTopology(const Document& doc, const lyd_node* networkEntry, const TwinImportOptions& options,
             TwinNetwork& network, TwinDiagnostics& diagnostics)
{
    network.name = Leaf(networkEntry, kNw, "network-id").value_or("");
    std::unordered_map<std::string, std::size_t> nodeIndex;
    for (const lyd_node* c = lyd_child(networkEntry); c != nullptr; c = c->next)
    {
        if (!Is(c, kNw, "node"))
        {
            continue;
        }
        TwinNode node;
        node.id = Leaf(c, kNw, "node-id").value_or("");
        std::size_t nodeOffset = 0;
        node.source = {doc.file, doc.index.Line("node-id", node.id, 0, &nodeOffset),
                       YangNodePath(c)};
        if (const lyd_node* attrs = Child(c, kDt, "node-attributes"))
        {
            auto lat = Leaf(attrs, kDt, "latitude");
            auto lon = Leaf(attrs, kDt, "longitude");
            if (lat && lon)
            {
                node.latitudeDeg = importer::ParseNumber(*lat);
                node.longitudeDeg = importer::ParseNumber(*lon);
            }
        }
        for (const lyd_node* t = lyd_child(c); t != nullptr; t = t->next)
        {
            if (!Is(t, kNt, "termination-point"))
            {
                continue;
            }
            TwinInterface iface;
            iface.name = Leaf(t, kNt, "tp-id").value_or("");
            iface.source = {doc.file, doc.index.Line("tp-id", iface.name, nodeOffset),
                            YangNodePath(t)};
            node.interfaces.push_back(std::move(iface));
        }
        nodeIndex.emplace(node.id, network.nodes.size());
        network.nodes.push_back(std::move(node));
    }

    std::size_t derived = 0;
    for (const lyd_node* c = lyd_child(networkEntry); c != nullptr; c = c->next)
    {
        if (!Is(c, kNt, "link"))
        {
            continue;
        }
        TwinLink link;
        link.id = Leaf(c, kNt, "link-id").value_or("");
        link.source = {doc.file, doc.index.Line("link-id", link.id), YangNodePath(c)};
        const lyd_node* src = Child(c, kNt, "source");
        const lyd_node* dst = Child(c, kNt, "destination");
        link.sourceNode = Leaf(src, kNt, "source-node").value_or("");
        link.sourceTp = Leaf(src, kNt, "source-tp").value_or("");
        link.destNode = Leaf(dst, kNt, "dest-node").value_or("");
        link.destTp = Leaf(dst, kNt, "dest-tp").value_or("");
        link.queuePackets = options.defaultQueuePackets;
        std::optional<double> delayMs;
        if (const lyd_node* attrs = Child(c, kDt, "link-attributes"))
        {
            if (auto v = Leaf(attrs, kDt, "delay"))
            {
                delayMs = importer::ParseNumber(*v);
            }
            if (auto v = Leaf(attrs, kDt, "queue-size"))
            {
                link.queuePackets = static_cast<uint32_t>(importer::ParseUnsigned(*v).value_or(0));
            }
            if (auto v = Leaf(attrs, kDt, "metric"))
            {
                link.metric = static_cast<uint32_t>(importer::ParseUnsigned(*v).value_or(1));
            }
            if (auto v = Leaf(attrs, kDt, "capacity"))
            {
                link.capacityBps = importer::ParseUnsigned(*v).value_or(0);
            }
        }
        if (delayMs)
        {
            link.delaySeconds = *delayMs / 1000.0;
        }
        else
        {
            auto a = nodeIndex.find(link.sourceNode);
            auto b = nodeIndex.find(link.destNode);
            std::optional<double> delay;
            if (a != nodeIndex.end() && b != nodeIndex.end())
            {
                delay = DelayFromCoordinates(network.nodes[a->second], network.nodes[b->second]);
            }
            link.delaySeconds = delay.value_or(options.defaultDelaySeconds);
            derived += delay ? 1 : 0;
        }
        network.links.push_back(std::move(link));
    }
    if (derived > 0)
    {
        diagnostics.Note({doc.file, 0, ""},
                         std::to_string(derived) +
                             " link(s) have no delay: derived from the great-circle distance "
                             "between their nodes at 2e8 m/s");
    }
}

/** What a device file says about one interface. */
struct DeviceInterface
{
    std::optional<bool> enabled;           //!< interfaces/interface/enabled
    std::optional<std::string> adminState; //!< admin-status (2014 interfaces-state)
    std::optional<uint64_t> speedBps;      //!< speed
    std::optional<uint32_t> mtuBytes;      //!< ipv4/mtu
    std::vector<TwinIpv4Prefix> addresses; //!< ipv4/address
    bool ipv4Disabled{false};              //!< ipv4/enabled is false
    TwinSourceRef source;                  //!< first entry that names it
};

/** What a device file says. */
struct DeviceData
{
    std::map<std::string, DeviceInterface> interfaces; //!< by name
    std::vector<std::string> order;                    //!< interface names in file order
    std::vector<TwinRoute> routes;                     //!< static routes
};

/**
 * Read an ietf-ip ipv4 container into a device interface.
 * @param doc the device document
 * @param ipv4 the container
 * @param di the interface
 * @param diagnostics where findings go
 */
void
ReadIpv4(const Document& doc, const lyd_node* ipv4, DeviceInterface& di,
         TwinDiagnostics& diagnostics)
{
    for (const lyd_node* c = lyd_child(ipv4); c != nullptr; c = c->next)
    {
        if (Is(c, kIp, "enabled") && YangNodeValue(c) == "false")
        {
            di.ipv4Disabled = true;
        }
        else if (Is(c, kIp, "mtu"))
        {
            di.mtuBytes =
                static_cast<uint32_t>(importer::ParseUnsigned(YangNodeValue(c)).value_or(0));
        }
        else if (Is(c, kIp, "address"))
        {
            std::string ip = Leaf(c, kIp, "ip").value_or("");
            auto address = TwinIpv4Prefix::ParseAddress(ip);
            TwinSourceRef where{doc.file, 0, YangNodePath(c)};
            if (!address)
            {
                diagnostics.Error(where, "schema violation: address '" + ip + "' is not IPv4");
                continue;
            }
            TwinIpv4Prefix prefix;
            prefix.address = *address;
            if (auto len = Leaf(c, kIp, "prefix-length"))
            {
                prefix.prefixLength =
                    static_cast<uint8_t>(importer::ParseUnsigned(*len).value_or(0));
            }
            else if (auto mask = Leaf(c, kIp, "netmask"))
            {
                auto bits = TwinIpv4Prefix::ParseAddress(*mask).value_or(0);
                uint8_t len = 0;
                while (len < 32 && (bits & (0x80000000u >> len)) != 0)
                {
                    ++len;
                }
                TwinIpv4Prefix check{0, len};
                if (check.Mask() != bits)
                {
                    diagnostics.Error(where, "netmask " + *mask +
                                                 " is not contiguous and cannot be simulated");
                    continue;
                }
                prefix.prefixLength = len;
            }
            else
            {
                diagnostics.Error(where,
                                  "address " + ip + " has neither prefix-length nor netmask");
                continue;
            }
            if (std::find(di.addresses.begin(), di.addresses.end(), prefix) == di.addresses.end())
            {
                di.addresses.push_back(prefix);
            }
        }
    }
}

/**
 * Read interfaces (NMDA) or interfaces-state (2014) entries of a device.
 * @param doc the device document
 * @param container the interfaces or interfaces-state container
 * @param device where interfaces go
 * @param diagnostics where findings go
 */
void
ReadInterfaces(const Document& doc, const lyd_node* container, DeviceData& device,
               TwinDiagnostics& diagnostics)
{
    for (const lyd_node* e = lyd_child(container); e != nullptr; e = e->next)
    {
        if (!Is(e, kIf, "interface"))
        {
            continue;
        }
        std::string name = Leaf(e, kIf, "name").value_or("");
        auto [it, added] = device.interfaces.try_emplace(name);
        DeviceInterface& di = it->second;
        if (added)
        {
            device.order.push_back(name);
            di.source = {doc.file, doc.index.Line("name", name), YangNodePath(e)};
        }
        for (const lyd_node* c = lyd_child(e); c != nullptr; c = c->next)
        {
            if (Is(c, kIf, "enabled"))
            {
                di.enabled = YangNodeValue(c) == "true";
            }
            else if (Is(c, kIf, "admin-status"))
            {
                di.adminState = YangNodeValue(c);
            }
            else if (Is(c, kIf, "speed"))
            {
                di.speedBps = importer::ParseUnsigned(YangNodeValue(c));
            }
            else if (Is(c, kIp, "ipv4"))
            {
                ReadIpv4(doc, c, di, diagnostics);
            }
        }
    }
}

/**
 * Read the IPv4 static routes of a device.
 * @param doc the device document
 * @param routing the /ietf-routing:routing container
 * @param nodeId the device's node-id
 * @param strict strictness
 * @param device where routes go
 * @param diagnostics where findings go
 */
void
ReadRoutes(const Document& doc, const lyd_node* routing, const std::string& nodeId, bool strict,
           DeviceData& device, TwinDiagnostics& diagnostics)
{
    const lyd_node* protocols = Child(routing, kRt, "control-plane-protocols");
    for (const lyd_node* p = protocols == nullptr ? nullptr : lyd_child(protocols); p != nullptr;
         p = p->next)
    {
        if (!Is(p, kRt, "control-plane-protocol"))
        {
            continue;
        }
        std::string type = Leaf(p, kRt, "type").value_or("");
        if (type != "ietf-routing:static")
        {
            diagnostics.Warning({doc.file,
                                 doc.index.Line("name", Leaf(p, kRt, "name").value_or("")),
                                 YangNodePath(p)},
                                "control-plane protocol of type '" + type +
                                    "' is not imported; only static routes are");
            continue;
        }
        const lyd_node* statics = Child(p, kRt, "static-routes");
        const lyd_node* ipv4 = statics == nullptr ? nullptr : Child(statics, kV4, "ipv4");
        for (const lyd_node* r = ipv4 == nullptr ? nullptr : lyd_child(ipv4); r != nullptr;
             r = r->next)
        {
            if (!Is(r, kV4, "route"))
            {
                continue;
            }
            std::string dest = Leaf(r, kV4, "destination-prefix").value_or("");
            TwinRoute route;
            route.node = nodeId;
            std::size_t routeOffset = 0;
            route.source = {doc.file, doc.index.Line("destination-prefix", dest, 0, &routeOffset),
                            YangNodePath(r)};
            auto prefix = TwinIpv4Prefix::Parse(dest);
            if (!prefix)
            {
                diagnostics.Error(route.source, "destination prefix '" + dest + "' is not IPv4");
                continue;
            }
            route.destination = *prefix;
            // Everything below the route is in the v4ur namespace: it uses rt:next-hop-content.
            const lyd_node* nh = Child(r, kV4, "next-hop");
            // A simple next hop, or one route per entry of a next-hop list.
            std::vector<std::pair<const lyd_node*, TwinSourceRef>> hops;
            if (const lyd_node* special = nh ? Child(nh, kV4, "special-next-hop") : nullptr)
            {
                WarnOrError(diagnostics, strict, route.source,
                            "special next hop '" + YangNodeValue(special) +
                                "' cannot be simulated; route skipped");
                continue;
            }
            if (const lyd_node* list = nh ? Child(nh, kV4, "next-hop-list") : nullptr)
            {
                for (const lyd_node* h = lyd_child(list); h != nullptr; h = h->next)
                {
                    if (Is(h, kV4, "next-hop"))
                    {
                        std::string index = Leaf(h, kV4, "index").value_or("");
                        uint32_t line = doc.index.Line("index", index, routeOffset);
                        hops.emplace_back(h,
                                          TwinSourceRef{doc.file, line ? line : route.source.line,
                                                        YangNodePath(h)});
                    }
                }
            }
            else if (nh != nullptr)
            {
                hops.emplace_back(nh, route.source);
            }
            if (hops.empty())
            {
                diagnostics.Error(route.source, "route to " + dest + " has no next hop");
                continue;
            }
            for (const auto& [hop, where] : hops)
            {
                TwinRoute r2 = route;
                r2.source = where;
                r2.outInterface = Leaf(hop, kV4, "outgoing-interface").value_or("");
                if (auto address = Leaf(hop, kV4, "next-hop-address"))
                {
                    r2.nextHop = TwinIpv4Prefix::ParseAddress(*address);
                }
                if (!r2.nextHop && r2.outInterface.empty())
                {
                    diagnostics.Error(where,
                                      "route to " + dest +
                                          " has neither next-hop-address nor outgoing-interface");
                    continue;
                }
                device.routes.push_back(std::move(r2));
            }
        }
    }
}

/**
 * Read one device document.
 * @param doc the parsed device document (before validation)
 * @param nodeId the node it describes
 * @param strict strictness
 * @param diagnostics where findings go
 * @return interfaces and routes
 */
DeviceData
ReadDevice(const Document& doc, const std::string& nodeId, bool strict,
           TwinDiagnostics& diagnostics)
{
    DeviceData device;
    for (const lyd_node* top = doc.tree.Get(); top != nullptr; top = top->next)
    {
        if (Is(top, kIf, "interfaces") || Is(top, kIf, "interfaces-state"))
        {
            ReadInterfaces(doc, top, device, diagnostics);
        }
        else if (Is(top, kRt, "routing"))
        {
            ReadRoutes(doc, top, nodeId, strict, device, diagnostics);
        }
    }
    return device;
}

/**
 * Copy a device's interface data onto the node's termination points and append its routes.
 * @param device what the device file says
 * @param deviceFile the device file, for messages
 * @param node the node
 * @param network where routes go
 * @param strict strictness
 * @param diagnostics where findings go
 */
void
MergeDevice(DeviceData& device, const std::string& deviceFile, TwinNode& node, TwinNetwork& network,
            bool strict, TwinDiagnostics& diagnostics)
{
    std::set<std::string> used;
    for (auto& iface : node.interfaces)
    {
        auto it = device.interfaces.find(iface.name);
        if (it == device.interfaces.end())
        {
            diagnostics.Error(iface.source,
                              "termination point without interface data: " + deviceFile +
                                  " has no interface '" + iface.name + "'");
            continue;
        }
        used.insert(iface.name);
        DeviceInterface& di = it->second;
        iface.enabled = di.enabled.value_or(di.adminState.value_or("up") != "down");
        iface.speedBps = di.speedBps;
        iface.mtuBytes = di.mtuBytes;
        if (di.ipv4Disabled && !di.addresses.empty())
        {
            WarnOrError(diagnostics, strict, di.source,
                        "IPv4 is disabled on interface '" + iface.name +
                            "': its addresses are not imported");
        }
        else
        {
            iface.addresses = di.addresses;
        }
        iface.source = di.source;
    }
    std::string unused;
    for (const auto& name : device.order)
    {
        if (used.count(name) == 0)
        {
            unused += (unused.empty() ? "'" : ", '") + name + "'";
        }
    }
    if (!unused.empty())
    {
        diagnostics.Note({deviceFile, 0, ""},
                         "interface(s) " + unused + " of node '" + node.id +
                             "' are not termination points of the topology and are ignored");
    }
    for (auto& r : device.routes)
    {
        network.routes.push_back(std::move(r));
    }
}

/**
 * Whether the first bytes of a file name the ietf-network module.
 * @param path the file
 * @return true if so
 */
bool
LooksLikeTopology(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        return false;
    }
    std::string head(kSniffBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head.find("ietf-network:networks") != std::string::npos ||
           head.find("urn:ietf:params:xml:ns:yang:ietf-network") != std::string::npos;
}

} // namespace

std::string
YangBundleImporter::GetFormat() const
{
    return "yang";
}

std::string
YangBundleImporter::GetDescription() const
{
    return "YANG snapshot bundle: RFC 8345 topology + per-device NETCONF data "
           "(ietf-interfaces/ietf-ip/ietf-routing), JSON or XML; or a single RFC 8345 document";
}

bool
YangBundleImporter::Accepts(const std::string& path) const
{
    std::error_code ec;
    if (fs::is_directory(path, ec))
    {
        return fs::is_regular_file(fs::path(path) / kTopologyJson, ec) ||
               fs::is_regular_file(fs::path(path) / kTopologyXml, ec);
    }
    std::string ext = importer::Lower(fs::path(path).extension().string());
    return (ext == ".json" || ext == ".xml") && LooksLikeTopology(path);
}

TwinImportResult
YangBundleImporter::Import(const std::string& path, const TwinImportOptions& options) const
{
    TwinImportResult result;
    result.importer = GetFormat();
    TwinDiagnostics& diags = result.diagnostics;
    std::error_code ec;

    // Which files make the snapshot.
    std::string topologyFile;
    std::string devicesDir;
    std::string demandsFile;
    if (fs::is_directory(path, ec))
    {
        fs::path dir(path);
        bool json = fs::is_regular_file(dir / kTopologyJson, ec);
        bool xml = fs::is_regular_file(dir / kTopologyXml, ec);
        if (json && xml)
        {
            diags.Error({path, 0, ""},
                        "bundle has both topology.json and topology.xml; keep only one");
            return result;
        }
        if (!json && !xml)
        {
            bool empty = fs::is_empty(dir, ec);
            diags.Error({path, 0, ""},
                        std::string(empty ? "empty bundle directory" : "not a snapshot bundle") +
                            ": expected topology.json or topology.xml");
            return result;
        }
        topologyFile = (dir / (json ? kTopologyJson : kTopologyXml)).string();
        // devices/ is optional, but one that exists and cannot be used must not turn the
        // bundle silently into a topology-only snapshot.
        fs::path devices = dir / kDevicesDir;
        std::error_code statusError;
        fs::file_status status = fs::status(devices, statusError);
        if (status.type() == fs::file_type::not_found)
        {
            if (fs::is_symlink(fs::symlink_status(devices, ec)))
            {
                diags.Error({devices.string(), 0, ""},
                            "is a symbolic link to nothing; expected the directory of device "
                            "files");
            }
        }
        else if (status.type() == fs::file_type::directory)
        {
            devicesDir = devices.string();
        }
        else if (statusError)
        {
            diags.Error({devices.string(), 0, ""},
                        "cannot use the directory of device files: " + statusError.message());
        }
        else
        {
            diags.Error({devices.string(), 0, ""},
                        "is not a directory; device files go in the directory devices/");
        }
        if (fs::exists(dir / kDemandsFile, ec))
        {
            demandsFile = (dir / kDemandsFile).string();
        }
    }
    else if (fs::is_regular_file(path, ec))
    {
        topologyFile = path;
    }
    else
    {
        diags.Error({path, 0, ""},
                    fs::exists(path, ec) ? "not a file or directory" : "no such file or directory");
        return result;
    }

    std::shared_ptr<const YangContext> context;
    try
    {
        context = YangContext::Shared();
    }
    catch (const YangContextError& e)
    {
        diags.Error({path, 0, ""}, e.what());
        return result;
    }

    // Topology.
    Document topology;
    topology.file = topologyFile;
    std::optional<std::string> topologyText = importer::ReadSourceFile(
        topologyFile, "topology file", result, options.limits.maxFileBytes);
    if (!topologyText ||
        !importer::CheckNestingDepth(*topologyText,
                                     YangFormatOf(topologyFile, *topologyText) == YangFormat::Xml,
                                     options.limits.maxNestingDepth, topologyFile, diags))
    {
        return result;
    }
    topology.text = std::move(*topologyText);
    if (!ParseDocument(*context, topology, kTopologyKeys, options.strict, diags))
    {
        return result;
    }
    const lyd_node* networkEntry = ChooseNetwork(topology, diags);
    if (networkEntry == nullptr)
    {
        return result;
    }
    ReadTopology(topology, networkEntry, options, result.network, diags);
    if (!ValidateDocument(*context, topology, diags))
    {
        return result;
    }

    // Device files, by node-id.
    std::map<std::string, std::string> deviceFiles;
    bool devicesListed = true;
    if (!devicesDir.empty())
    {
        // Error codes throughout: the registry promises diagnostics, never exceptions.
        std::vector<fs::path> entries;
        fs::directory_iterator it(devicesDir, ec);
        while (!ec && it != fs::directory_iterator())
        {
            entries.push_back(it->path());
            it.increment(ec);
        }
        if (ec)
        {
            diags.Error({devicesDir, 0, ""}, "cannot list the device files: " + ec.message());
            devicesListed = false;
            entries.clear();
        }
        std::sort(entries.begin(), entries.end());
        for (const auto& p : entries)
        {
            std::string ext = importer::Lower(p.extension().string());
            fs::file_status status = fs::status(p, ec);
            if (fs::is_directory(status))
            {
                diags.Warning({p.string(), 0, ""}, "not a device file (a directory); ignored");
                continue;
            }
            if (!fs::is_regular_file(status))
            {
                diags.Warning({p.string(), 0, ""},
                              "not a device file (not a regular file); ignored");
                continue;
            }
            if (ext != ".json" && ext != ".xml")
            {
                diags.Warning({p.string(), 0, ""}, "not a .json or .xml device file; ignored");
                continue;
            }
            std::string id = p.stem().string();
            if (result.network.FindNode(id) == nullptr)
            {
                diags.Error({p.string(), 0, ""}, "device file for node '" + id +
                                                     "', which is not in the topology " +
                                                     topologyFile);
                continue;
            }
            auto [it, added] = deviceFiles.emplace(id, p.string());
            if (!added)
            {
                diags.Error({p.string(), 0, ""}, "node '" + id + "' has two device files: " +
                                                     it->second + " and " + p.string());
            }
        }
    }

    if (deviceFiles.empty() && devicesListed)
    {
        diags.Note({topologyFile, 0, ""},
                   "no device data found: addresses will be assigned and routes computed");
    }
    else
    {
        for (auto& node : result.network.nodes)
        {
            auto it = deviceFiles.find(node.id);
            if (it == deviceFiles.end())
            {
                if (!node.interfaces.empty())
                {
                    WarnOrError(diags, options.strict, node.source,
                                "no device file for node '" + node.id + "' in " + devicesDir +
                                    ": its interfaces have no addresses or speeds");
                }
                continue;
            }
            Document device;
            device.file = it->second;
            std::optional<std::string> deviceText = importer::ReadSourceFile(
                device.file, "device file", result, options.limits.maxFileBytes);
            if (!deviceText ||
                !importer::CheckNestingDepth(
                    *deviceText, YangFormatOf(device.file, *deviceText) == YangFormat::Xml,
                    options.limits.maxNestingDepth, device.file, diags))
            {
                continue;
            }
            device.text = std::move(*deviceText);
            if (!ParseDocument(*context, device, kDeviceKeys, options.strict, diags))
            {
                continue;
            }
            DeviceData data = ReadDevice(device, node.id, options.strict, diags);
            if (!ValidateDocument(*context, device, diags))
            {
                continue;
            }
            MergeDevice(data, device.file, node, result.network, options.strict, diags);
        }
    }

    if (!demandsFile.empty())
    {
        // Read once, so that the digest recorded is that of the rows parsed.
        if (auto text = importer::ReadSourceFile(demandsFile, "demand file", result,
                                                 options.limits.maxFileBytes))
        {
            result.network.demands =
                ParseDemandCsv(*text, demandsFile, diags, options.limits.maxDemands);
        }
    }
    return result;
}

} // namespace ns3
