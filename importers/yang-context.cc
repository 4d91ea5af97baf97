/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "yang-context.h"

#include "importer-util.h"

#include <cstdlib>
#include <filesystem>
#include <libyang/libyang.h>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#ifndef DTWIN_YANG_PATH
// Built outside the project's CMake: only the environment variable and Debian's IETF modules.
#define DTWIN_YANG_PATH "/usr/share/yuma/nmda-modules/ietf:/usr/share/yuma/modules/ietf"
#endif

namespace ns3
{

namespace
{

/**
 * Makes libyang store its messages for this thread instead of printing them to stderr, for
 * the lifetime of the object. The process-wide log options stay untouched.
 */
class QuietLog
{
public:
    QuietLog() { ly_temp_log_options(&m_options); }

    ~QuietLog() { ly_temp_log_options(nullptr); }

    QuietLog(const QuietLog&) = delete;
    QuietLog& operator=(const QuietLog&) = delete;

private:
    uint32_t m_options{LY_LOSTORE}; //!< libyang keeps a pointer to this while active
};

/**
 * Split a colon-separated list, dropping empty items.
 * @param text the list
 * @param out where items are appended
 */
void
SplitPath(const std::string& text, std::vector<std::string>& out)
{
    std::size_t start = 0;
    while (start <= text.size())
    {
        std::size_t end = text.find(':', start);
        if (end == std::string::npos)
        {
            end = text.size();
        }
        if (end > start)
        {
            out.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
}

/**
 * Split libyang's location text ('Data location "/a/b", line number 7.', 'Schema location
 * "/a"', 'Line number 4.') into path and line.
 * @param location the text, may be null
 * @param message where path and line go
 */
void
ParseLocation(const char* location, YangMessage& message)
{
    if (location == nullptr)
    {
        return;
    }
    std::string text(location);
    auto quote = text.find("location \"");
    if (quote != std::string::npos)
    {
        auto begin = quote + 10;
        auto end = text.find('"', begin);
        if (end != std::string::npos)
        {
            message.path = text.substr(begin, end - begin);
        }
    }
    for (const char* marker : {"line number ", "Line number "})
    {
        auto pos = text.find(marker);
        if (pos != std::string::npos)
        {
            message.line =
                static_cast<uint32_t>(std::strtoul(text.c_str() + pos + 12, nullptr, 10));
            break;
        }
    }
}

/** The modules a snapshot bundle is read with, in load order (imports first). */
const std::vector<std::pair<const char*, const char*>> kModules = {
    {"ietf-interfaces", "2018-02-20"},
    {"ietf-ip", "2018-02-22"},
    {"ietf-routing", "2018-03-13"},
    {"ietf-ipv4-unicast-routing", "2018-03-13"},
    {"iana-if-type", nullptr},
    {"ietf-network", "2018-02-26"},
    {"ietf-network-topology", "2018-02-26"},
    {"ns3-digital-twin-topology", nullptr},
};

} // namespace

YangDataTree::YangDataTree(lyd_node* tree) : m_tree(tree)
{
}

YangDataTree::~YangDataTree()
{
    lyd_free_all(m_tree);
}

YangDataTree::YangDataTree(YangDataTree&& other) noexcept
    : m_tree(std::exchange(other.m_tree, nullptr))
{
}

YangDataTree&
YangDataTree::operator=(YangDataTree&& other) noexcept
{
    if (this != &other)
    {
        lyd_free_all(m_tree);
        m_tree = std::exchange(other.m_tree, nullptr);
    }
    return *this;
}

void
YangDataTree::FreeSubtree(lyd_node* node)
{
    if (node == nullptr)
    {
        return;
    }
    if (node == m_tree)
    {
        // Top-level siblings are linked through next; keep hold of the rest of the list.
        m_tree = node->next;
    }
    lyd_free_tree(node);
}

YangContext::YangContext(const std::vector<std::string>& searchDirs,
                         const std::vector<std::string>& extraModules)
    : m_searchDirs(searchDirs)
{
    // libyang itself resets the per-thread options in places (leafref checks), which falls
    // back to the process-wide ones: make those store instead of print too. Every call here
    // clears what it stored.
    static std::once_flag quietGlobally;
    std::call_once(quietGlobally, [] { ly_log_options(LY_LOSTORE); });
    QuietLog quiet;
    if (ly_ctx_new(nullptr, LY_CTX_NO_YANGLIBRARY | LY_CTX_DISABLE_SEARCHDIR_CWD, &m_ctx) !=
        LY_SUCCESS)
    {
        throw YangContextError("cannot create a libyang context");
    }
    std::string searched;
    for (const auto& dir : searchDirs)
    {
        searched += (searched.empty() ? "" : ", ") + dir;
        std::error_code ec;
        if (std::filesystem::is_directory(dir, ec))
        {
            // LY_EEXIST: listed twice (e.g. DTWIN_YANG_PATH repeats a built-in directory).
            LY_ERR rc = ly_ctx_set_searchdir(m_ctx, dir.c_str());
            if (rc != LY_SUCCESS && rc != LY_EEXIST)
            {
                const char* reason = ly_errmsg(m_ctx);
                std::string text = "cannot use YANG search directory '" + dir + "'";
                if (reason != nullptr)
                {
                    text += ": " + std::string(reason);
                }
                ly_ctx_destroy(m_ctx);
                m_ctx = nullptr;
                throw YangContextError(text);
            }
        }
    }
    for (const auto& [name, revision] : kModules)
    {
        LoadModule(name, revision, searched);
    }
    for (const auto& name : extraModules)
    {
        LoadModule(name.c_str(), nullptr, searched);
    }
    ly_err_clean(m_ctx, nullptr);
}

void
YangContext::LoadModule(const char* name, const char* revision, const std::string& searched)
{
    static const char* allFeatures[] = {"*", nullptr};
    if (ly_ctx_load_module(m_ctx, name, revision, allFeatures) != nullptr)
    {
        return;
    }
    std::string what = std::string(name) + (revision ? std::string("@") + revision : "");
    const char* reason = ly_errmsg(m_ctx);
    std::string text = "cannot load YANG module '" + what + "' (searched: " + searched +
                       "; set DTWIN_YANG_PATH to add directories)";
    if (reason != nullptr)
    {
        text += ": " + std::string(reason);
    }
    ly_ctx_destroy(m_ctx);
    m_ctx = nullptr;
    throw YangContextError(text);
}

YangContext::~YangContext()
{
    ly_ctx_destroy(m_ctx);
}

std::vector<std::string>
YangContext::SearchPath()
{
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("DTWIN_YANG_PATH"))
    {
        SplitPath(env, dirs);
    }
    SplitPath(DTWIN_YANG_PATH, dirs);
    std::vector<std::string> unique;
    std::set<std::string> seen;
    for (auto& d : dirs)
    {
        if (seen.insert(d).second)
        {
            unique.push_back(std::move(d));
        }
    }
    return unique;
}

std::shared_ptr<const YangContext>
YangContext::Shared(const std::vector<std::string>& extraModules)
{
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const YangContext>> contexts;
    auto dirs = SearchPath();
    std::string key;
    for (const auto& d : dirs)
    {
        key += d + '\n';
    }
    // A blank line separates directories from modules; neither contains a newline.
    key += '\n';
    for (const auto& m : extraModules)
    {
        key += m + '\n';
    }
    std::lock_guard<std::mutex> lock(mutex);
    auto it = contexts.find(key);
    if (it != contexts.end())
    {
        return it->second;
    }
    auto context = std::make_shared<const YangContext>(dirs, extraModules);
    contexts.emplace(key, context);
    return context;
}

std::vector<YangMessage>
YangContext::TakeMessages() const
{
    std::vector<YangMessage> out;
    std::set<std::string> seen;
    for (ly_err_item* e = ly_err_first(m_ctx); e != nullptr; e = e->next)
    {
        if (e->level != LY_LLERR || e->msg == nullptr || !seen.insert(e->msg).second)
        {
            continue;
        }
        YangMessage m;
        m.message = e->msg;
        m.syntax = e->vecode == LYVE_SYNTAX || e->vecode == LYVE_SYNTAX_JSON ||
                   e->vecode == LYVE_SYNTAX_XML;
        ParseLocation(e->path, m);
        out.push_back(std::move(m));
    }
    ly_err_clean(m_ctx, nullptr);
    return out;
}

std::vector<YangMessage>
YangContext::Parse(const std::string& text, YangFormat format, bool opaque,
                   YangDataTree& tree) const
{
    // libyang's parsers recurse once per level: a safety net for every caller, below the
    // callers' own (lower, configurable) TwinInputLimits::maxNestingDepth check.
    TwinDiagnostics depth;
    if (!importer::CheckNestingDepth(text, format == YangFormat::Xml, kTwinMaxNestingDepthCeiling,
                                     "", depth))
    {
        tree = YangDataTree();
        const TwinDiagnostic& d = depth.All().front();
        return {{d.message, "", d.where.line, true}};
    }
    QuietLog quiet;
    ly_err_clean(m_ctx, nullptr);
    uint32_t options = LYD_PARSE_ONLY | (opaque ? LYD_PARSE_OPAQ : 0);
    lyd_node* parsed = nullptr;
    LY_ERR rc = lyd_parse_data_mem(
        m_ctx, text.c_str(), format == YangFormat::Json ? LYD_JSON : LYD_XML, options, 0, &parsed);
    tree = YangDataTree(parsed);
    auto messages = TakeMessages();
    if (rc != LY_SUCCESS && messages.empty())
    {
        messages.push_back({"libyang failed to parse the document (error " +
                                std::to_string(static_cast<int>(rc)) + ")",
                            "", 0, false});
    }
    if (rc != LY_SUCCESS)
    {
        tree = YangDataTree();
    }
    return messages;
}

std::vector<YangMessage>
YangContext::ValidateConfig(YangDataTree& tree) const
{
    QuietLog quiet;
    ly_err_clean(m_ctx, nullptr);
    // The state part of a <get> reply need not be complete (RFC 8342 operational data), so
    // only the configuration is validated as a datastore; state values were type-checked
    // when parsed.
    std::vector<lyd_node*> state;
    for (lyd_node* top = tree.Get(); top != nullptr; top = top->next)
    {
        lyd_node* node = nullptr;
        LYD_TREE_DFS_BEGIN(top, node)
        {
            if (node->schema != nullptr && (node->schema->flags & LYS_CONFIG_R))
            {
                state.push_back(node);
                LYD_TREE_DFS_continue = 1;
            }
            LYD_TREE_DFS_END(top, node);
        }
    }
    for (lyd_node* node : state)
    {
        tree.FreeSubtree(node);
    }
    if (tree.Get() == nullptr)
    {
        return {};
    }
    LY_ERR rc =
        lyd_validate_all(tree.Slot(), m_ctx, LYD_VALIDATE_NO_STATE | LYD_VALIDATE_PRESENT, nullptr);
    auto messages = TakeMessages();
    if (rc != LY_SUCCESS && messages.empty())
    {
        messages.push_back(
            {"libyang validation failed (error " + std::to_string(static_cast<int>(rc)) + ")", "",
             0, false});
    }
    return messages;
}

bool
YangContext::HasModule(const std::string& module) const
{
    return ly_ctx_get_module_implemented(m_ctx, module.c_str()) != nullptr;
}

std::string
YangContext::ModuleOfNamespace(const std::string& ns) const
{
    const lys_module* mod = ly_ctx_get_module_implemented_ns(m_ctx, ns.c_str());
    return mod == nullptr ? "" : mod->name;
}

std::string
YangNodePath(const lyd_node* node)
{
    char* p = lyd_path(node, LYD_PATH_STD, nullptr, 0);
    if (p == nullptr)
    {
        return "";
    }
    std::string out(p);
    std::free(p);
    return out;
}

std::string
YangNodeValue(const lyd_node* node)
{
    const char* v = lyd_get_value(node);
    return v == nullptr ? "" : v;
}

YangFormat
YangFormatOf(const std::string& file, const std::string& text)
{
    std::string ext = importer::Lower(std::filesystem::path(file).extension().string());
    if (ext == ".json")
    {
        return YangFormat::Json;
    }
    if (ext == ".xml")
    {
        return YangFormat::Xml;
    }
    auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string::npos && text[first] == '<' ? YangFormat::Xml : YangFormat::Json;
}

} // namespace ns3
