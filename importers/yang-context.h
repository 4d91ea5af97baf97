/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef YANG_CONTEXT_H
#define YANG_CONTEXT_H

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * RAII wrappers around libyang 2: a context with the YANG modules the snapshot bundle uses,
 * and an owned data tree. The libyang types stay opaque here so that users of the module
 * headers need no libyang headers.
 */

struct ly_ctx;
struct lyd_node;

namespace ns3
{

/**
 * @ingroup digital-twin
 * A YANG context could not be created: a module is missing or does not compile. The message
 * names the module and the directories searched.
 */
class YangContextError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * @ingroup digital-twin
 * Encoding of a YANG instance document.
 */
enum class YangFormat
{
    Json, //!< RFC 7951 JSON
    Xml   //!< XML as in NETCONF
};

/**
 * @ingroup digital-twin
 * One error or warning libyang reported, split into its parts.
 */
struct YangMessage
{
    std::string message; //!< libyang's text
    std::string path;    //!< data (or schema) path, empty when libyang gave none
    uint32_t line{0};    //!< 1-based line in the parsed text, 0 when unknown
    bool syntax{false};  //!< true for a JSON/XML syntax error, false for a schema violation
};

/**
 * @ingroup digital-twin
 * Owns a libyang data tree (all top-level siblings) and frees it on destruction.
 */
class YangDataTree
{
public:
    /** An empty tree. */
    YangDataTree() = default;
    /**
     * Take ownership of a tree.
     * @param tree any node of the top-level sibling list, or nullptr
     */
    explicit YangDataTree(lyd_node* tree);
    /** Frees the tree. */
    ~YangDataTree();
    YangDataTree(const YangDataTree&) = delete;
    YangDataTree& operator=(const YangDataTree&) = delete;
    /**
     * Move constructor.
     * @param other the tree to take over
     */
    YangDataTree(YangDataTree&& other) noexcept;
    /**
     * Move assignment.
     * @param other the tree to take over
     * @return this
     */
    YangDataTree& operator=(YangDataTree&& other) noexcept;

    /** @return the first top-level node, or nullptr for an empty tree */
    lyd_node* Get() const { return m_tree; }

    /**
     * Give libyang a place to store (or replace) the tree, e.g. for lyd_validate_all().
     * @return the address of the owned pointer
     */
    lyd_node** Slot() { return &m_tree; }

    /**
     * Free one subtree of the tree, keeping the owned pointer valid when the subtree is a
     * top-level node.
     * @param node a node of this tree
     */
    void FreeSubtree(lyd_node* node);

private:
    lyd_node* m_tree{nullptr}; //!< first top-level sibling
};

/**
 * @ingroup digital-twin
 * A libyang context holding the modules the snapshot bundle is read with: ietf-network and
 * ietf-network-topology (2018-02-26), ietf-interfaces (2018-02-20), ietf-ip (2018-02-22),
 * ietf-routing and ietf-ipv4-unicast-routing (2018-03-13), iana-if-type and the project's
 * ns3-digital-twin-topology, all features enabled, plus any extra modules a reader asks for.
 * The context is immutable after construction; data parsing only reads it, so one context may
 * serve several threads.
 */
class YangContext
{
public:
    /**
     * Create a context and load the modules.
     * @param searchDirs directories searched for modules, in order (missing ones are skipped,
     *        repeated ones used once)
     * @param extraModules further modules to load (latest revision, all features) after the
     *        snapshot bundle's, e.g. the scenario module
     * @throws YangContextError when an existing directory cannot be searched (e.g. no
     *         permission) or a module cannot be loaded
     */
    explicit YangContext(const std::vector<std::string>& searchDirs,
                         const std::vector<std::string>& extraModules = {});
    /** Destroys the libyang context. */
    ~YangContext();
    YangContext(const YangContext&) = delete;
    YangContext& operator=(const YangContext&) = delete;

    /**
     * The module search path: the directories of the environment variable DTWIN_YANG_PATH
     * (colon-separated), then those of the compile-time DTWIN_YANG_PATH (our yang/ directory
     * and the libyuma-base IETF directories).
     * @return the directories in search order
     */
    static std::vector<std::string> SearchPath();

    /**
     * A process-wide context for the current SearchPath() and the given extra modules, created
     * on first use and reused while the search path and the module list stay the same.
     * @param extraModules further modules to load, as for the constructor
     * @return the context
     * @throws YangContextError when a module cannot be loaded
     */
    static std::shared_ptr<const YangContext> Shared(
        const std::vector<std::string>& extraModules = {});

    /** @return the libyang context (do not modify it) */
    ly_ctx* Get() const { return m_ctx; }

    /**
     * Parse an instance document without validating it (what a NETCONF get returns need not
     * be a complete datastore). Unknown data becomes opaque nodes when opaque is true, and is
     * silently dropped otherwise.
     * @param text the document
     * @param format JSON or XML
     * @param opaque keep data without schema as opaque nodes
     * @param tree set to the parsed tree on success
     * @return libyang's messages; empty on success
     */
    std::vector<YangMessage> Parse(const std::string& text, YangFormat format, bool opaque,
                                   YangDataTree& tree) const;

    /**
     * Validate a parsed tree as configuration data: drops the state (config false) subtrees
     * first, then checks mandatory nodes, keys, leafrefs, must and when for the modules that
     * have data.
     * @param tree a tree without opaque nodes; state subtrees are removed from it
     * @return libyang's messages; empty when the tree is valid
     */
    std::vector<YangMessage> ValidateConfig(YangDataTree& tree) const;

    /**
     * @param module a module name
     * @return true if the context implements the module
     */
    bool HasModule(const std::string& module) const;

    /**
     * @param ns an XML namespace
     * @return the name of the implemented module with that namespace, or empty
     */
    std::string ModuleOfNamespace(const std::string& ns) const;

    /** @return the directories this context searched */
    const std::vector<std::string>& SearchDirs() const { return m_searchDirs; }

private:
    /**
     * Load one module with all features, or destroy the context and throw.
     * @param name the module name
     * @param revision the revision, or nullptr for the latest found
     * @param searched the search directories, for the message
     * @throws YangContextError when the module cannot be loaded
     */
    void LoadModule(const char* name, const char* revision, const std::string& searched);

    /**
     * Move the errors libyang stored for this thread into messages and clear them.
     * @return the messages, duplicates removed
     */
    std::vector<YangMessage> TakeMessages() const;

    ly_ctx* m_ctx{nullptr};                //!< the owned context
    std::vector<std::string> m_searchDirs; //!< directories searched
};

/**
 * @ingroup digital-twin
 * @param node a data node
 * @return its data path as libyang writes it, e.g.
 *         /ietf-network:networks/network[network-id='x'], or empty when libyang gives none
 */
std::string YangNodePath(const lyd_node* node);

/**
 * @ingroup digital-twin
 * @param node a term node
 * @return its canonical value, or empty when it has none
 */
std::string YangNodeValue(const lyd_node* node);

/**
 * @ingroup digital-twin
 * The encoding of an instance document: from the extension (.json, .xml, any case), else
 * XML when the first non-blank character is '<', else JSON.
 * @param file the file name
 * @param text its content
 * @return the encoding
 */
YangFormat YangFormatOf(const std::string& file, const std::string& text);

} // namespace ns3

#endif /* YANG_CONTEXT_H */
