/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-sync.h"

#include "ns3/importer-util.h"
#include "ns3/twin-temp-dir.h"
#include "ns3/yang-bundle-importer.h"
#include "ns3/yang-context.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <libyang/libyang.h>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace ns3
{

namespace
{

namespace fs = std::filesystem;

/** The inventory module, loaded from the project's yang/ directory. */
constexpr const char* kInventoryModule = "ns3-digital-twin-inventory";

/** Subtree filters of what a pull reads; one get each (see doc/sync.md, Pull). */
const char* const kPullFilters[] = {
    "<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\"/>",
    "<interfaces-state xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\"/>",
    "<routing xmlns=\"urn:ietf:params:xml:ns:yang:ietf-routing\"/>",
};

/** Value shown for something one side lacks. */
constexpr const char* kAbsent = "(absent)";

/**
 * @param start a time point
 * @return the seconds since it
 */
double
SecondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/**
 * @param node a data node
 * @param name a child's name
 * @return the child, or nullptr
 */
const lyd_node*
Child(const lyd_node* node, const char* name)
{
    for (const lyd_node* c = lyd_child(node); c != nullptr; c = c->next)
    {
        if (c->schema != nullptr && std::strcmp(c->schema->name, name) == 0)
        {
            return c;
        }
    }
    return nullptr;
}

/**
 * @param node a data node
 * @param name a leaf child's name
 * @return its value, or nothing when the leaf is absent
 */
std::optional<std::string>
Leaf(const lyd_node* node, const char* name)
{
    const lyd_node* c = Child(node, name);
    if (c == nullptr)
    {
        return std::nullopt;
    }
    return YangNodeValue(c);
}

/**
 * @param base the inventory's directory
 * @param name a file name from the inventory
 * @return the name resolved against base (absolute names unchanged)
 */
std::string
Resolve(const fs::path& base, const std::string& name)
{
    fs::path p(name);
    return (p.is_absolute() ? p : base / p).lexically_normal().string();
}

/**
 * @param text an OpenSSH key line "TYPE BASE64 [COMMENT]"
 * @return "TYPE BASE64"
 */
std::string
KeyWithoutComment(const std::string& text)
{
    std::istringstream words(text);
    std::string type;
    std::string base64;
    words >> type >> base64;
    return type + " " + base64;
}

/**
 * Report libyang's messages as errors of the inventory file.
 * @param file the file
 * @param messages the messages
 * @param diagnostics where errors go
 */
void
ReportYang(const std::string& file, const std::vector<YangMessage>& messages,
           TwinDiagnostics& diagnostics)
{
    for (const auto& m : messages)
    {
        std::string message;
        for (char c : m.message)
        {
            message += (c == '\n' || c == '\r') ? ' ' : c;
        }
        diagnostics.Error({file, m.line, m.path},
                          (m.syntax ? "malformed document: " : "schema violation: ") + message);
    }
}

/**
 * Check that an inventory file names a readable file.
 * @param where the leaf
 * @param what what the file is
 * @param path the resolved file name
 * @param diagnostics where an error goes
 */
void
RequireReadable(const TwinSourceRef& where, const std::string& what, const std::string& path,
                TwinDiagnostics& diagnostics)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec) || access(path.c_str(), R_OK) != 0)
    {
        diagnostics.Error(where, what + " '" + path + "' is not a readable file");
    }
}

/**
 * Read one device entry.
 * @param file the inventory file
 * @param base its directory
 * @param entry the list entry
 * @param diagnostics where errors go
 * @return the device
 */
TwinInventoryDevice
ReadDevice(const std::string& file, const fs::path& base, const lyd_node* entry,
           TwinDiagnostics& diagnostics)
{
    TwinInventoryDevice d;
    const std::string path = YangNodePath(entry);
    d.source = {file, 0, path};
    d.nodeId = Leaf(entry, "node-id").value_or("");
    auto& e = d.endpoint;
    e.device = d.nodeId;
    e.host = Leaf(entry, "host").value_or("");
    e.port = static_cast<uint16_t>(std::stoul(Leaf(entry, "port").value_or("830")));
    e.user = Leaf(entry, "user").value_or("");
    e.privateKeyFile = Resolve(base, Leaf(entry, "private-key").value_or(""));
    e.publicKeyFile = Resolve(base, Leaf(entry, "public-key").value_or(""));
    d.timeoutSeconds = static_cast<uint32_t>(std::stoul(Leaf(entry, "timeout").value_or("30")));
    RequireReadable({file, 0, path + "/private-key"}, "private key file", e.privateKeyFile,
                    diagnostics);
    RequireReadable({file, 0, path + "/public-key"}, "public key file", e.publicKeyFile,
                    diagnostics);

    const lyd_node* hostKey = Child(entry, "host-key");
    if (auto key = Leaf(hostKey, "key"))
    {
        e.hostKey = KeyWithoutComment(*key);
    }
    else if (const lyd_node* known = Child(hostKey, "known-hosts"))
    {
        const std::string knownFile = Resolve(base, Leaf(known, "file").value_or(""));
        const std::string pattern =
            Leaf(known, "host")
                .value_or(e.port == 22 ? e.host : "[" + e.host + "]:" + std::to_string(e.port));
        try
        {
            e.hostKey = TwinKnownHostsKey(knownFile, pattern);
        }
        catch (const std::runtime_error& ex)
        {
            diagnostics.Error({file, 0, path + "/host-key/known-hosts"}, ex.what());
        }
    }
    return d;
}

/**
 * Read and check the inventory document.
 * @param path the file
 * @param result where the inventory and diagnostics go
 */
void
ReadInventoryDocument(const std::string& path, TwinInventoryResult& result)
{
    auto& diagnostics = result.diagnostics;
    auto text = importer::ReadTextFile(path, "inventory", diagnostics);
    if (!text)
    {
        return;
    }
    if (text->find_first_not_of(" \t\r\n") == std::string::npos)
    {
        diagnostics.Error({path, 0, ""}, "the inventory is empty");
        return;
    }
    std::shared_ptr<const YangContext> context;
    try
    {
        context = YangContext::Shared({kInventoryModule});
    }
    catch (const YangContextError& e)
    {
        diagnostics.Error({path, 0, ""}, e.what());
        return;
    }
    YangDataTree tree;
    const YangFormat format = YangFormatOf(path, *text);
    ReportYang(path, context->Parse(*text, format, true, tree), diagnostics);
    if (diagnostics.HasErrors())
    {
        return;
    }
    // Opaque nodes are elements the module does not define, or known elements whose value
    // libyang refused: errors, so that a misspelt leaf (or a "password") is never ignored.
    std::vector<TwinSourceRef> invalid;
    for (const lyd_node* top = tree.Get(); top != nullptr; top = top->next)
    {
        const lyd_node* node = nullptr;
        LYD_TREE_DFS_BEGIN(top, node)
        {
            if (node->schema == nullptr)
            {
                const auto* o = reinterpret_cast<const lyd_node_opaq*>(node);
                const lyd_node* parent = lyd_parent(node);
                std::string name = o->name.name == nullptr ? "" : o->name.name;
                std::string where = (parent ? YangNodePath(parent) : "") + "/" + name;
                const lysc_node* schemaParent = parent ? parent->schema : nullptr;
                const lys_module* module =
                    schemaParent ? schemaParent->module
                                 : ly_ctx_get_module_implemented(context->Get(), kInventoryModule);
                bool known = (parent == nullptr || schemaParent != nullptr) && module != nullptr &&
                             lys_find_child(schemaParent, module, name.c_str(), 0, 0, 0) != nullptr;
                if (known)
                {
                    invalid.push_back({path, 0, where});
                }
                else
                {
                    diagnostics.Error({path, 0, where}, "unknown element '" + name + "'");
                }
                LYD_TREE_DFS_continue = 1;
            }
            LYD_TREE_DFS_END(top, node);
        }
    }
    if (!invalid.empty())
    {
        // Parsed without opaque nodes, libyang says which value it refuses and why.
        YangDataTree strict;
        auto messages = context->Parse(*text, format, false, strict);
        ReportYang(path, messages, diagnostics);
        if (messages.empty())
        {
            for (const auto& where : invalid)
            {
                diagnostics.Error(where, "schema violation: invalid value");
            }
        }
    }
    if (diagnostics.HasErrors())
    {
        return;
    }
    ReportYang(path, context->ValidateConfig(tree), diagnostics);
    if (diagnostics.HasErrors())
    {
        return;
    }
    const lyd_node* inventory = nullptr;
    for (const lyd_node* top = tree.Get(); top != nullptr; top = top->next)
    {
        if (std::strcmp(top->schema->module->name, kInventoryModule) == 0 &&
            std::strcmp(top->schema->name, "inventory") == 0)
        {
            inventory = top;
        }
        else
        {
            diagnostics.Error({path, 0, YangNodePath(top)}, "unexpected data outside the "
                                                            "inventory");
        }
    }
    if (inventory == nullptr)
    {
        diagnostics.Error({path, 0, ""}, "no inventory: the document has no '" +
                                             std::string(kInventoryModule) +
                                             ":inventory' container");
        return;
    }
    auto& inv = result.inventory;
    const fs::path base = fs::absolute(fs::path(path)).parent_path();
    inv.topologyPath = Resolve(base, Leaf(inventory, "topology").value_or(""));
    for (const lyd_node* c = lyd_child(inventory); c != nullptr; c = c->next)
    {
        if (c->schema != nullptr && std::strcmp(c->schema->name, "device") == 0)
        {
            inv.devices.push_back(ReadDevice(path, base, c, diagnostics));
        }
    }
    if (inv.devices.empty())
    {
        diagnostics.Error({path, 0, YangNodePath(inventory)}, "the inventory has no device");
    }
}

/**
 * Check the devices against the topology's nodes.
 * @param result the inventory read so far
 */
void
CheckTopology(TwinInventoryResult& result)
{
    auto& inv = result.inventory;
    auto& diagnostics = result.diagnostics;
    const TwinSourceRef topologyLeaf{inv.path, 0,
                                     "/" + std::string(kInventoryModule) + ":inventory/topology"};
    std::error_code ec;
    if (!fs::is_regular_file(inv.topologyPath, ec))
    {
        diagnostics.Error(topologyLeaf,
                          "topology '" + inv.topologyPath + "' is not a readable file");
        return;
    }
    // The topology alone, as pull will read it (without device data, so unvalidated).
    TwinImportResult topology = YangBundleImporter().Import(inv.topologyPath, {});
    for (const auto& d : topology.diagnostics.All())
    {
        if (d.severity == TwinDiagnostic::Severity::Error)
        {
            diagnostics.Error(d.where, d.message);
        }
    }
    if (!topology.Ok())
    {
        diagnostics.Error(topologyLeaf, "the topology '" + inv.topologyPath + "' has errors");
        return;
    }
    std::set<std::string> nodes;
    for (const auto& n : topology.network.nodes)
    {
        nodes.insert(n.id);
    }
    std::set<std::string> devices;
    for (const auto& d : inv.devices)
    {
        devices.insert(d.nodeId);
        if (nodes.count(d.nodeId) == 0)
        {
            diagnostics.Error({d.source.file, 0, d.source.path + "/node-id"},
                              "node '" + d.nodeId + "' is not a node of the topology '" +
                                  inv.topologyPath + "'");
        }
    }
    for (const auto& n : topology.network.nodes)
    {
        if (devices.count(n.id) == 0)
        {
            inv.topologyOnly.push_back(n.id);
            diagnostics.Warning({inv.path, 0, ""},
                                "topology node '" + n.id +
                                    "' has no device: it is pulled topology-only (no "
                                    "addresses, speeds or routes)");
        }
    }
}

/**
 * Write a file, or throw naming it.
 * @param path the file
 * @param content its content
 */
void
WriteFile(const std::string& path, const std::string& content)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out)
    {
        throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
    }
}

/**
 * Replace the bundle's file names in a diagnostic by what they stand for: the inventory's
 * topology, or the device's endpoint.
 * @param file a file name from the import
 * @param bundle the bundle directory
 * @param inventory the inventory
 * @param devices the devices' data
 * @return the name to show
 */
std::string
ShownFile(const std::string& file, const std::string& bundle, const TwinInventory& inventory,
          const std::vector<TwinDeviceData>& devices)
{
    const fs::path rel = fs::path(file).lexically_relative(bundle);
    const std::string relText = rel.string();
    if (rel.empty() || relText.rfind("..", 0) == 0)
    {
        return file;
    }
    if (relText.rfind("topology.", 0) == 0)
    {
        return inventory.topologyPath;
    }
    for (const auto& d : devices)
    {
        if (relText == std::string(YangBundleImporter::kDevicesDir) + "/" + d.nodeId + ".xml")
        {
            return d.nodeId + " (netconf " + d.endpoint + ")";
        }
    }
    return file;
}

/**
 * @param r a route
 * @return its next hop as compared and shown ("next-hop A", "interface I" or both)
 */
std::string
NextHopText(const TwinRoute& r)
{
    std::string text;
    if (r.nextHop)
    {
        text = "next-hop " + TwinIpv4Prefix::AddressToString(*r.nextHop);
    }
    if (!r.outInterface.empty())
    {
        text += (text.empty() ? "" : " ") + std::string("interface ") + r.outInterface;
    }
    return text.empty() ? "(no next hop)" : text;
}

/**
 * @param network a network
 * @param id a node id
 * @return the node, or nullptr
 */
const TwinNode*
FindNode(const TwinNetwork& network, const std::string& id)
{
    for (const auto& n : network.nodes)
    {
        if (n.id == id)
        {
            return &n;
        }
    }
    return nullptr;
}

/**
 * What the comparison looks at in one node.
 * @param network the network
 * @param node one of its nodes
 * @return data path -> value
 */
std::map<std::string, std::string>
NodeFacts(const TwinNetwork& network, const TwinNode& node)
{
    std::map<std::string, std::string> facts;
    for (const auto& i : node.interfaces)
    {
        const std::string base = "/interfaces/interface[name='" + i.name + "']";
        facts[base] = "present";
        facts[base + "/enabled"] = i.enabled ? "true" : "false";
        std::vector<std::string> addresses;
        for (const auto& a : i.addresses)
        {
            addresses.push_back(a.ToString());
        }
        std::sort(addresses.begin(), addresses.end());
        std::string list;
        for (const auto& a : addresses)
        {
            list += (list.empty() ? "" : " ") + a;
        }
        facts[base + "/ipv4/address"] = list.empty() ? "(none)" : list;
        facts[base + "/speed"] = i.speedBps ? std::to_string(*i.speedBps) : kAbsent;
    }
    std::map<std::string, std::vector<std::string>> routes;
    for (const auto& r : network.routes)
    {
        if (r.node != node.id)
        {
            continue;
        }
        TwinIpv4Prefix destination{r.destination.Network(), r.destination.prefixLength};
        routes[destination.ToString()].push_back(NextHopText(r));
    }
    for (auto& [destination, hops] : routes)
    {
        std::sort(hops.begin(), hops.end());
        std::string list;
        for (const auto& h : hops)
        {
            list += (list.empty() ? "" : ", ") + h;
        }
        facts["/routing/control-plane-protocols/control-plane-protocol/static-routes/ipv4/"
              "route[destination-prefix='" +
              destination + "']"] = list;
    }
    return facts;
}

} // namespace

TwinSyncError::TwinSyncError(const std::string& message, std::vector<std::string> devices)
    : std::runtime_error(message), m_devices(std::move(devices))
{
}

const std::vector<std::string>&
TwinSyncError::GetDevices() const
{
    return m_devices;
}

std::string
TwinKnownHostsKey(const std::string& file, const std::string& host)
{
    std::ifstream in(file);
    if (!in)
    {
        throw std::runtime_error("known_hosts file '" + file + "' cannot be read");
    }
    std::string line;
    while (std::getline(in, line))
    {
        std::istringstream words(line);
        std::string patterns;
        std::string type;
        std::string base64;
        if (!(words >> patterns >> type >> base64) || patterns[0] == '#' || patterns[0] == '@' ||
            patterns[0] == '|')
        {
            continue;
        }
        std::istringstream list(patterns);
        std::string pattern;
        while (std::getline(list, pattern, ','))
        {
            if (pattern == host)
            {
                return type + " " + base64;
            }
        }
    }
    throw std::runtime_error("known_hosts file '" + file + "' has no key for '" + host + "'");
}

TwinInventoryResult
TwinReadInventory(const std::string& path)
{
    TwinInventoryResult result;
    result.inventory.path = path;
    std::error_code ec;
    result.inventory.absolutePath = fs::absolute(fs::path(path), ec).lexically_normal().string();
    ReadInventoryDocument(path, result);
    if (!result.diagnostics.HasErrors())
    {
        CheckTopology(result);
    }
    return result;
}

std::string
TwinReadDevice(TwinNetconfSession& session)
{
    std::string xml;
    for (const char* filter : kPullFilters)
    {
        xml += session.Get(filter);
    }
    return xml;
}

void
TwinRunParallel(std::size_t count, std::size_t maxParallel,
                const std::function<void(std::size_t)>& work)
{
    std::atomic<std::size_t> next{0};
    auto loop = [&]()
    {
        for (std::size_t i = next++; i < count; i = next++)
        {
            work(i);
        }
    };
    const std::size_t threads = std::max<std::size_t>(1, std::min(maxParallel, count));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t)
    {
        pool.emplace_back(loop);
    }
    loop();
    for (auto& t : pool)
    {
        t.join();
    }
}

std::vector<TwinDeviceData>
TwinCollectDevices(const TwinInventory& inventory, std::size_t maxParallel)
{
    const std::size_t count = inventory.devices.size();
    std::vector<TwinDeviceData> data(count);
    std::vector<std::string> failures(count);
    TwinRunParallel(count, maxParallel,
                    [&](std::size_t i)
                    {
                        const auto& device = inventory.devices[i];
                        const auto& e = device.endpoint;
                        const auto start = std::chrono::steady_clock::now();
                        data[i].nodeId = device.nodeId;
                        data[i].endpoint = e.user + "@" + e.host + ":" + std::to_string(e.port);
                        try
                        {
                            TwinNetconfSession session;
                            session.SetReplyTimeout(static_cast<int>(device.timeoutSeconds) * 1000);
                            session.Connect(e);
                            data[i].xml = TwinReadDevice(session);
                        }
                        catch (const std::exception& ex)
                        {
                            // TwinNetconfError's message names the device, never key material.
                            failures[i] = ex.what();
                        }
                        data[i].seconds = SecondsSince(start);
                    });
    std::vector<std::string> failed;
    std::string message;
    for (std::size_t i = 0; i < count; ++i)
    {
        if (!failures[i].empty())
        {
            failed.push_back(inventory.devices[i].nodeId);
            message += "\n  " + failures[i];
        }
    }
    if (!failed.empty())
    {
        std::string names;
        for (const auto& n : failed)
        {
            names += (names.empty() ? "" : ", ") + n;
        }
        throw TwinSyncError(std::to_string(failed.size()) + " of " + std::to_string(count) +
                                " devices could not be read (" + names + "):" + message,
                            failed);
    }
    return data;
}

void
TwinWriteBundle(const TwinInventory& inventory, const std::vector<TwinDeviceData>& devices,
                const std::string& dir)
{
    std::error_code ec;
    fs::create_directories(fs::path(dir) / YangBundleImporter::kDevicesDir, ec);
    if (ec)
    {
        throw std::runtime_error("cannot create the bundle directory '" + dir +
                                 "': " + ec.message());
    }
    const std::string topologyName = YangFormatOf(inventory.topologyPath, "") == YangFormat::Xml
                                         ? YangBundleImporter::kTopologyXml
                                         : YangBundleImporter::kTopologyJson;
    for (const char* name : {YangBundleImporter::kTopologyXml, YangBundleImporter::kTopologyJson})
    {
        if (fs::exists(fs::path(dir) / name, ec))
        {
            throw std::runtime_error("'" + dir + "' holds a bundle already (" + name + ")");
        }
    }
    fs::copy_file(inventory.topologyPath, fs::path(dir) / topologyName, ec);
    if (ec)
    {
        throw std::runtime_error("cannot copy the topology '" + inventory.topologyPath +
                                 "' into '" + dir + "': " + ec.message());
    }
    for (const auto& d : devices)
    {
        // The get replies, in the reply's own envelope: one document even when empty.
        WriteFile((fs::path(dir) / YangBundleImporter::kDevicesDir / (d.nodeId + ".xml")).string(),
                  "<data xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">\n" + d.xml +
                      "\n</data>\n");
    }
}

TwinImportResult
TwinImportDevices(const TwinInventory& inventory, const std::vector<TwinDeviceData>& devices,
                  const TwinImportOptions& options, bool validate, const std::string& bundleDir)
{
    std::unique_ptr<TwinTempDir> temp;
    std::string dir = bundleDir;
    if (dir.empty())
    {
        temp = std::make_unique<TwinTempDir>("dtwin-pull-");
        dir = temp->Path();
    }
    TwinWriteBundle(inventory, devices, dir);
    TwinImportResult raw = validate ? TwinImporterRegistry::Get().Import(dir, "yang", options)
                                    : YangBundleImporter().Import(dir, options);
    if (!temp)
    {
        return raw;
    }
    // The temporary files are gone once this returns: name what they stand for instead.
    TwinImportResult result;
    result.network = std::move(raw.network);
    result.importer = raw.importer;
    for (auto d : raw.diagnostics.All())
    {
        d.where.file = ShownFile(d.where.file, dir, inventory, devices);
        switch (d.severity)
        {
        case TwinDiagnostic::Severity::Error:
            result.diagnostics.Error(d.where, d.message);
            break;
        case TwinDiagnostic::Severity::Warning:
            result.diagnostics.Warning(d.where, d.message);
            break;
        case TwinDiagnostic::Severity::Note:
            result.diagnostics.Note(d.where, d.message);
            break;
        }
    }
    for (auto s : raw.sources)
    {
        s.path = ShownFile(s.path, dir, inventory, devices);
        result.sources.push_back(s);
    }
    return result;
}

TwinPullResult
TwinPull(const TwinInventory& inventory, TwinStore& store, const TwinPullOptions& options)
{
    const auto start = std::chrono::steady_clock::now();
    TwinPullResult result;
    result.devices = TwinCollectDevices(inventory, options.maxParallel);
    result.collectSeconds = SecondsSince(start);
    result.import = TwinImportDevices(inventory, result.devices, options.importOptions, true,
                                      options.bundleDir);
    if (result.import.Ok())
    {
        TwinProvenance provenance;
        // Topology file, then each device's endpoint with the digest of what it returned.
        uint64_t bytes = 0;
        provenance.files.emplace_back(inventory.topologyPath,
                                      Sha256OfFile(inventory.topologyPath, &bytes));
        for (const auto& d : result.devices)
        {
            provenance.files.emplace_back(d.nodeId + " netconf://" + d.endpoint,
                                          Sha256OfString(d.xml));
        }
        provenance.diagnostics.push_back("pulled over NETCONF from the inventory " +
                                         inventory.absolutePath);
        for (const auto& d : result.import.diagnostics.All())
        {
            provenance.diagnostics.push_back(d.ToString());
        }
        result.snapshotId = store.SaveSnapshot(result.import.network, inventory.absolutePath,
                                               kTwinPullImporter, provenance, &result.existed);
    }
    result.totalSeconds = SecondsSince(start);
    return result;
}

std::optional<int64_t>
TwinFindPulledSnapshot(TwinStore& store, const TwinInventory& inventory)
{
    std::optional<int64_t> newest;
    for (const auto& s : store.ListSnapshots())
    {
        if (s.importer == kTwinPullImporter && s.source == inventory.absolutePath &&
            (!newest || s.id > *newest))
        {
            newest = s.id;
        }
    }
    return newest;
}

std::string
TwinDriftItem::ToString() const
{
    return device + " " + path + ": " + baseline + " -> " + current;
}

std::vector<TwinDriftItem>
TwinCompareDevices(const TwinNetwork& baseline, const TwinNetwork& current,
                   const std::vector<std::string>& nodes)
{
    std::vector<TwinDriftItem> items;
    for (const auto& id : nodes)
    {
        const TwinNode* before = FindNode(baseline, id);
        const TwinNode* after = FindNode(current, id);
        if (before == nullptr || after == nullptr)
        {
            if (before != after)
            {
                items.push_back(
                    {id, "/", before ? "present" : kAbsent, after ? "present" : kAbsent});
            }
            continue;
        }
        auto a = NodeFacts(baseline, *before);
        auto b = NodeFacts(current, *after);
        std::set<std::string> paths;
        for (const auto& [path, value] : a)
        {
            paths.insert(path);
        }
        for (const auto& [path, value] : b)
        {
            paths.insert(path);
        }
        std::set<std::string> goneInterfaces;
        for (const auto& path : paths)
        {
            auto x = a.find(path);
            auto y = b.find(path);
            const std::string valueA = x == a.end() ? kAbsent : x->second;
            const std::string valueB = y == b.end() ? kAbsent : y->second;
            if (valueA == valueB)
            {
                continue;
            }
            // An interface only one side has is one item, not one per leaf.
            bool below = false;
            for (const auto& gone : goneInterfaces)
            {
                below = below || path.rfind(gone + "/", 0) == 0;
            }
            if (below)
            {
                continue;
            }
            if (valueA == kAbsent || valueB == kAbsent)
            {
                if (path.rfind("/interfaces/", 0) == 0 && path.back() == ']')
                {
                    goneInterfaces.insert(path);
                }
            }
            items.push_back({id, path, valueA, valueB});
        }
    }
    return items;
}

TwinDriftReport
TwinCheckDrift(const TwinInventory& inventory, const TwinNetwork& baseline, std::size_t maxParallel)
{
    const auto start = std::chrono::steady_clock::now();
    TwinDriftReport report;
    auto devices = TwinCollectDevices(inventory, maxParallel);
    TwinImportResult current = TwinImportDevices(inventory, devices, {}, false);
    report.diagnostics = current.diagnostics;
    if (current.Ok())
    {
        std::vector<std::string> nodes;
        for (const auto& d : inventory.devices)
        {
            nodes.push_back(d.nodeId);
        }
        report.items = TwinCompareDevices(baseline, current.network, nodes);
    }
    report.seconds = SecondsSince(start);
    return report;
}

} // namespace ns3
