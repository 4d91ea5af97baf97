/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-netconf-client.h"

#include "ns3/log.h"
#include "ns3/twin-temp-dir.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <libssh/libssh.h>
#include <libyang/libyang.h>
#include <map>
#include <nc_client.h> // libnetconf2's client API, with its SSH part enabled
#include <sstream>
#include <stdexcept>
#include <unistd.h>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TwinNetconfClient");

namespace
{

// libnetconf2 reports failures through its log only: the messages of the current call are
// kept per thread and put into the exception. They never hold key material (libnetconf2
// names key files at most).
thread_local std::string t_libraryErrors;

void
CollectLibraryMessage(const struct nc_session* /* session */, NC_VERB_LEVEL level,
                      const char* message)
{
    if (message == nullptr)
    {
        return;
    }
    if (level == NC_VERB_ERROR)
    {
        if (!t_libraryErrors.empty())
        {
            t_libraryErrors += "; ";
        }
        t_libraryErrors += message;
    }
    NS_LOG_LOGIC("libnetconf2: " << message);
}

/** Takes the collected library messages of this thread. */
std::string
TakeLibraryErrors()
{
    std::string errors;
    errors.swap(t_libraryErrors);
    return errors.empty() ? std::string() : " (" + errors + ")";
}

struct LydFree
{
    void operator()(struct lyd_node* node) const { lyd_free_all(node); }
};

using LydPtr = std::unique_ptr<struct lyd_node, LydFree>;

struct RpcFree
{
    void operator()(struct nc_rpc* rpc) const { nc_rpc_free(rpc); }
};

struct SshKeyFree
{
    void operator()(ssh_key key) const { ssh_key_free(key); }
};

using SshKeyPtr = std::unique_ptr<struct ssh_key_struct, SshKeyFree>;

struct SshSessionFree
{
    void operator()(ssh_session ssh) const { ssh_free(ssh); }
};

using SshSessionPtr = std::unique_ptr<struct ssh_session_struct, SshSessionFree>;

std::string
Fingerprint(ssh_key key)
{
    unsigned char* hash = nullptr;
    size_t length = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK)
    {
        return "(no fingerprint)";
    }
    char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    ssh_clean_pubkey_hash(&hash);
    std::string result = text != nullptr ? text : "(no fingerprint)";
    ssh_string_free_char(text);
    return result;
}

// The host key algorithms that make a device present a key of the pinned key's type (a
// device may have several host keys). RSA keys sign with SHA-2 (RFC 8332).
std::string
HostKeyAlgorithms(ssh_key pinned)
{
    const enum ssh_keytypes_e type = ssh_key_type(pinned);
    if (type == SSH_KEYTYPE_RSA)
    {
        return "rsa-sha2-512,rsa-sha2-256";
    }
    const char* name = ssh_key_type_to_char(type);
    return name != nullptr ? name : "";
}

// Passphrase prompts are refused: nothing may wait for input (an encrypted key fails).
int
RefusePassphrase(const char* /* prompt */, char* /* buffer */, size_t /* length */, int /* echo */,
                 int /* verify */, void* /* data */)
{
    return -1;
}

// Only the pinned key passes: an unknown or changed key is refused with the fingerprint it
// presented (nobody is asked). Returns why it was refused, empty when it passed.
std::string
HostKeyMismatch(ssh_session ssh, ssh_key pinned)
{
    ssh_key raw = nullptr;
    if (ssh_get_server_publickey(ssh, &raw) != SSH_OK || raw == nullptr)
    {
        return "the server presented no host key";
    }
    SshKeyPtr key(raw);
    if (ssh_key_cmp(key.get(), pinned, SSH_KEY_CMP_PUBLIC) != 0)
    {
        return "host key mismatch: the server presented " +
               std::string(ssh_key_type_to_char(ssh_key_type(key.get()))) + " " +
               Fingerprint(key.get()) + ", the pinned key is " +
               std::string(ssh_key_type_to_char(ssh_key_type(pinned))) + " " + Fingerprint(pinned) +
               "; refusing to connect";
    }
    return "";
}

NC_DATASTORE
ToLibrary(TwinNetconfDatastore datastore)
{
    switch (datastore)
    {
    case TwinNetconfDatastore::Running:
        return NC_DATASTORE_RUNNING;
    case TwinNetconfDatastore::Candidate:
        return NC_DATASTORE_CANDIDATE;
    case TwinNetconfDatastore::Startup:
        return NC_DATASTORE_STARTUP;
    }
    return NC_DATASTORE_ERROR;
}

/** The text of a reply node, opaque (as replies are parsed) or not. */
std::string
NodeValue(const struct lyd_node* node)
{
    if (node->schema == nullptr)
    {
        const auto* opaque = reinterpret_cast<const struct lyd_node_opaq*>(node);
        return opaque->value != nullptr ? opaque->value : "";
    }
    const char* value = lyd_get_value(node);
    return value != nullptr ? value : "";
}

std::string
NodeName(const struct lyd_node* node)
{
    return LYD_NAME(node);
}

std::string
PrintXml(const struct lyd_node* node, uint32_t options)
{
    char* text = nullptr;
    if (node == nullptr || lyd_print_mem(&text, node, LYD_XML, options) != LY_SUCCESS)
    {
        return "";
    }
    std::string result = text != nullptr ? text : "";
    std::free(text);
    return result;
}

TwinNetconfRpcError
ParseRpcError(const struct lyd_node* error)
{
    TwinNetconfRpcError result;
    for (const struct lyd_node* field = lyd_child(error); field != nullptr; field = field->next)
    {
        const std::string name = NodeName(field);
        if (name == "error-type")
        {
            result.type = NodeValue(field);
        }
        else if (name == "error-tag")
        {
            result.tag = NodeValue(field);
        }
        else if (name == "error-severity")
        {
            result.severity = NodeValue(field);
        }
        else if (name == "error-app-tag")
        {
            result.appTag = NodeValue(field);
        }
        else if (name == "error-path")
        {
            result.path = NodeValue(field);
        }
        else if (name == "error-message")
        {
            result.message = NodeValue(field);
        }
        else if (name == "error-info")
        {
            for (const struct lyd_node* info = lyd_child(field); info != nullptr; info = info->next)
            {
                result.info += PrintXml(info, LYD_PRINT_SHRINK);
            }
        }
    }
    return result;
}

/** The content of the "data" output of a get or get-config reply, as XML text. */
std::string
ReplyData(const struct lyd_node* op)
{
    if (op == nullptr)
    {
        return "";
    }
    for (const struct lyd_node* child = lyd_child(op); child != nullptr; child = child->next)
    {
        if (NodeName(child) != "data")
        {
            continue;
        }
        if (child->schema == nullptr || !(child->schema->nodetype & LYS_ANYDATA))
        {
            return PrintXml(lyd_child(child), LYD_PRINT_WITHSIBLINGS);
        }
        const auto* any = reinterpret_cast<const struct lyd_node_any*>(child);
        switch (any->value_type)
        {
        case LYD_ANYDATA_DATATREE:
            return PrintXml(any->value.tree, LYD_PRINT_WITHSIBLINGS);
        case LYD_ANYDATA_STRING:
        case LYD_ANYDATA_XML:
            return any->value.str != nullptr ? any->value.str : "";
        default:
            return PrintXml(child, 0);
        }
    }
    return "";
}

} // namespace

std::string
TwinNetconfEndpoint::Describe() const
{
    std::ostringstream os;
    os << (device.empty() ? host : device) << " (" << user << "@" << host << ":" << port << ")";
    return os.str();
}

std::string
TwinReadPublicKeyFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw std::runtime_error("cannot read public key file '" + path + "'");
    }
    std::string line;
    while (std::getline(in, line))
    {
        std::istringstream words(line);
        std::string first;
        std::string second;
        words >> first >> second;
        if (first.empty() || first[0] == '#')
        {
            continue;
        }
        // A known_hosts line starts with the host pattern: skip it.
        if (first.rfind("ssh-", 0) != 0 && first.rfind("ecdsa-", 0) != 0 &&
            first.rfind("sk-", 0) != 0)
        {
            first = second;
            words >> second;
        }
        if (!first.empty() && !second.empty())
        {
            return first + " " + second;
        }
    }
    throw std::runtime_error("no public key in '" + path + "'");
}

std::string
TwinNetconfRpcError::ToString() const
{
    std::string text = tag.empty() ? "rpc-error" : tag;
    if (!message.empty())
    {
        text += ": " + message;
    }
    if (!path.empty())
    {
        text += " (at " + path + ")";
    }
    if (!info.empty())
    {
        text += " [" + info + "]";
    }
    return text;
}

namespace
{

std::string
ErrorText(const std::string& device, const std::string& operation, const std::string& detail,
          const std::vector<TwinNetconfRpcError>& rpcErrors)
{
    std::string text = device + ": " + operation + ": " + detail;
    for (const auto& error : rpcErrors)
    {
        text += "; " + error.ToString();
    }
    return text;
}

} // namespace

TwinNetconfError::TwinNetconfError(const std::string& device, const std::string& operation,
                                   const std::string& detail,
                                   std::vector<TwinNetconfRpcError> rpcErrors)
    : std::runtime_error(ErrorText(device, operation, detail, rpcErrors)), m_device(device),
      m_operation(operation), m_rpcErrors(std::move(rpcErrors))
{
}

const std::string&
TwinNetconfError::GetDevice() const
{
    return m_device;
}

const std::string&
TwinNetconfError::GetOperation() const
{
    return m_operation;
}

const std::vector<TwinNetconfRpcError>&
TwinNetconfError::GetRpcErrors() const
{
    return m_rpcErrors;
}

bool
TwinNetconfError::HasErrorTag(const std::string& tag) const
{
    for (const auto& error : m_rpcErrors)
    {
        if (error.tag == tag)
        {
            return true;
        }
    }
    return false;
}

std::string
ToString(TwinNetconfDatastore datastore)
{
    switch (datastore)
    {
    case TwinNetconfDatastore::Running:
        return "running";
    case TwinNetconfDatastore::Candidate:
        return "candidate";
    case TwinNetconfDatastore::Startup:
        return "startup";
    }
    return "?";
}

/**
 * libnetconf2 initialised once per process, torn down after the last session is gone, and
 * the private schema search directory. The search directory is a per-thread client setting
 * in libnetconf2, so Connect sets it on its own thread; keys and pins never reach it.
 */
class TwinNetconfSession::Library
{
public:
    Library()
    {
        nc_client_init();
        nc_verbosity(NC_VERB_ERROR);
        nc_set_print_clb_session(&CollectLibraryMessage);
        LinkModules("/usr/share/yuma/modules");
    }

    ~Library() { nc_client_destroy(); }

    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;

    /**
     * Link every module file below @p root into the schema directory, flat, under its own
     * name and, for the newest revision, also as "NAME.yang": libnetconf2 looks modules up
     * there by file name, with or without revision, and fetches every module it does not
     * find from the device with get-schema (netconfd sometimes never answers one, and the
     * connect then waits for libnetconf2's 300 s timeout). Modules the device does not
     * announce are asked from the device first whatever is here: see doc/sync.md.
     * @param root a directory of YANG modules (searched recursively)
     */
    void LinkModules(const std::string& root)
    {
        namespace fs = std::filesystem;
        std::map<std::string, fs::path> newest; // module name -> file of its newest revision
        std::error_code error;
        for (fs::recursive_directory_iterator it(root, error), end; !error && it != end;
             it.increment(error))
        {
            const fs::path& file = it->path();
            if (file.extension() != ".yang")
            {
                continue;
            }
            const std::string stem = file.stem().string();
            const std::string name = stem.substr(0, stem.find('@'));
            fs::create_symlink(file, fs::path(m_schemaDir.Path()) / file.filename(), error);
            error.clear();
            auto known = newest.find(name);
            // "NAME@YYYY-MM-DD" sorts by revision; a file without revision loses.
            if (known == newest.end() || known->second.stem().string() < stem)
            {
                newest[name] = file;
            }
        }
        for (const auto& [name, file] : newest)
        {
            if (file.stem().string() != name)
            {
                fs::create_symlink(file, fs::path(m_schemaDir.Path()) / (name + ".yang"), error);
                error.clear();
            }
        }
    }

    /** @return the process's instance */
    static std::shared_ptr<Library> Get()
    {
        static std::shared_ptr<Library> instance = std::make_shared<Library>();
        return instance;
    }

    /**
     * A private schema search directory: libnetconf2 writes the schemas it fetches into it,
     * and with every installed module linked there it has nothing to fetch (LinkModules).
     */
    TwinTempDir m_schemaDir{"dtwin-netconf-schemas-"};
};

TwinNetconfSession::TwinNetconfSession() : m_library(Library::Get())
{
}

TwinNetconfSession::TwinNetconfSession(const TwinNetconfEndpoint& endpoint) : TwinNetconfSession()
{
    Connect(endpoint);
}

TwinNetconfSession::~TwinNetconfSession()
{
    Close();
}

TwinNetconfSession::TwinNetconfSession(TwinNetconfSession&& other) noexcept
    : m_library(other.m_library), m_session(other.m_session),
      m_endpoint(std::move(other.m_endpoint)), m_replyTimeoutMs(other.m_replyTimeoutMs)
{
    other.m_session = nullptr;
}

TwinNetconfSession&
TwinNetconfSession::operator=(TwinNetconfSession&& other) noexcept
{
    if (this != &other)
    {
        Close();
        m_library = other.m_library;
        m_session = other.m_session;
        m_endpoint = std::move(other.m_endpoint);
        m_replyTimeoutMs = other.m_replyTimeoutMs;
        other.m_session = nullptr;
    }
    return *this;
}

void
TwinNetconfSession::Connect(const TwinNetconfEndpoint& endpoint)
{
    Close();
    m_endpoint = endpoint;
    const std::string device = endpoint.Describe();
    for (const std::string* file : {&endpoint.privateKeyFile, &endpoint.publicKeyFile})
    {
        if (file->empty() || access(file->c_str(), R_OK) != 0)
        {
            throw TwinNetconfError(device, "connect", "key file '" + *file + "' is not readable");
        }
    }
    // The pinned key is parsed before any network traffic: no pin, no connection.
    std::istringstream words(endpoint.hostKey);
    std::string type;
    std::string base64;
    words >> type >> base64;
    ssh_key rawPinned = nullptr;
    if (type.empty() || base64.empty() ||
        ssh_pki_import_pubkey_base64(base64.c_str(), ssh_key_type_from_name(type.c_str()),
                                     &rawPinned) != SSH_OK)
    {
        throw TwinNetconfError(device, "connect",
                               "no usable pinned host key (expected \"TYPE BASE64\")");
    }
    SshKeyPtr pinned(rawPinned);

    // The key pair is read before any network traffic too. An encrypted key fails here
    // instead of asking for a passphrase on the terminal.
    ssh_key rawKey = nullptr;
    if (ssh_pki_import_privkey_file(endpoint.privateKeyFile.c_str(), nullptr, &RefusePassphrase,
                                    nullptr, &rawKey) != SSH_OK)
    {
        // Never the file's content: only its name.
        throw TwinNetconfError(device, "connect",
                               "cannot read the private key '" + endpoint.privateKeyFile +
                                   "' (a key without passphrase expected)");
    }
    SshKeyPtr key(rawKey);
    ssh_key rawPublic = nullptr;
    if (ssh_pki_import_pubkey_file(endpoint.publicKeyFile.c_str(), &rawPublic) != SSH_OK)
    {
        throw TwinNetconfError(device, "connect",
                               "cannot read the public key '" + endpoint.publicKeyFile + "'");
    }
    SshKeyPtr publicKey(rawPublic);
    if (ssh_key_cmp(publicKey.get(), key.get(), SSH_KEY_CMP_PUBLIC) != 0)
    {
        throw TwinNetconfError(device, "connect",
                               "the public key '" + endpoint.publicKeyFile +
                                   "' does not belong to the private key '" +
                                   endpoint.privateKeyFile + "'");
    }

    // The SSH part is done here rather than by nc_connect_ssh, whose handshake and login
    // limits are a fixed 10 s in libnetconf2 2.0 (too short on a loaded machine): here the
    // reply timeout applies. libnetconf2 then only opens the netconf channel on the
    // authenticated session and exchanges hellos.
    SshSessionPtr ssh(ssh_new());
    if (!ssh)
    {
        throw TwinNetconfError(device, "connect", "cannot create an SSH session");
    }
    const unsigned int port = endpoint.port;
    const long timeoutSeconds = m_replyTimeoutMs / 1000;
    const long timeoutUs = (m_replyTimeoutMs % 1000) * 1000L;
    // No user file (~/.ssh/config, known_hosts) may change where or how we log in, nor which
    // host key the device is asked for: only the pinned key's algorithm is offered.
    const bool processConfig = false;
    const std::string algorithms = HostKeyAlgorithms(pinned.get());
    if (ssh_options_set(ssh.get(), SSH_OPTIONS_HOST, endpoint.host.c_str()) != SSH_OK ||
        ssh_options_set(ssh.get(), SSH_OPTIONS_PORT, &port) != SSH_OK ||
        ssh_options_set(ssh.get(), SSH_OPTIONS_USER, endpoint.user.c_str()) != SSH_OK ||
        ssh_options_set(ssh.get(), SSH_OPTIONS_PROCESS_CONFIG, &processConfig) != SSH_OK ||
        ssh_options_set(ssh.get(), SSH_OPTIONS_KNOWNHOSTS, "/dev/null") != SSH_OK ||
        ssh_options_set(ssh.get(), SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") != SSH_OK ||
        ssh_options_set(ssh.get(), SSH_OPTIONS_HOSTKEYS, algorithms.c_str()) != SSH_OK ||
        ssh_options_set(ssh.get(), SSH_OPTIONS_TIMEOUT, &timeoutSeconds) != SSH_OK ||
        ssh_options_set(ssh.get(), SSH_OPTIONS_TIMEOUT_USEC, &timeoutUs) != SSH_OK)
    {
        throw TwinNetconfError(device, "connect",
                               "bad SSH settings (host key algorithms " + algorithms +
                                   "): " + std::string(ssh_get_error(ssh.get())));
    }
    if (ssh_connect(ssh.get()) != SSH_OK)
    {
        throw TwinNetconfError(device, "connect",
                               "SSH connection failed: " + std::string(ssh_get_error(ssh.get())));
    }
    const std::string mismatch = HostKeyMismatch(ssh.get(), pinned.get());
    if (!mismatch.empty())
    {
        throw TwinNetconfError(device, "connect", mismatch);
    }
    const int auth = ssh_userauth_publickey(ssh.get(), nullptr, key.get());
    if (auth != SSH_AUTH_SUCCESS)
    {
        std::string why;
        switch (auth)
        {
        case SSH_AUTH_DENIED:
            why = "the device refused the key for user '" + endpoint.user + "'";
            break;
        case SSH_AUTH_PARTIAL:
            why = "the device wants another authentication method after the key";
            break;
        case SSH_AUTH_AGAIN:
            why = "no answer within " + std::to_string(m_replyTimeoutMs) + " ms";
            break;
        default:
            why = ssh_get_error(ssh.get());
        }
        throw TwinNetconfError(device, "connect", "SSH login failed: " + why);
    }
    // libnetconf2 drives its sessions in non-blocking mode (as its own connect leaves them).
    ssh_set_blocking(ssh.get(), 0);

    struct nc_session* session = nullptr;
    {
        // libnetconf2's client settings are per thread (its thread-specific client context),
        // so connections from several threads run in parallel.
        t_libraryErrors.clear();
        nc_client_set_schema_searchpath(m_library->m_schemaDir.Path().c_str());
        // Takes the SSH session, and frees it on failure.
        session = nc_connect_libssh(ssh.release(), nullptr);
    }
    if (session == nullptr)
    {
        std::string detail = "cannot open a NETCONF session" + TakeLibraryErrors();
        t_libraryErrors.clear();
        throw TwinNetconfError(device, "connect", detail);
    }
    t_libraryErrors.clear();
    m_session = session;
    NS_LOG_INFO("connected to " << device << ", session " << nc_session_get_id(m_session));
}

void
TwinNetconfSession::Close()
{
    if (m_session != nullptr)
    {
        // Sends close-session when the session still runs.
        nc_session_free(m_session, nullptr);
        m_session = nullptr;
        t_libraryErrors.clear();
    }
}

bool
TwinNetconfSession::IsConnected() const
{
    return m_session != nullptr && nc_session_get_status(m_session) == NC_STATUS_RUNNING;
}

const TwinNetconfEndpoint&
TwinNetconfSession::GetEndpoint() const
{
    return m_endpoint;
}

uint32_t
TwinNetconfSession::GetSessionId() const
{
    return m_session != nullptr ? nc_session_get_id(m_session) : 0;
}

bool
TwinNetconfSession::HasCapability(const std::string& prefix) const
{
    if (m_session == nullptr)
    {
        return false;
    }
    const char* const* capabilities = nc_session_get_cpblts(m_session);
    for (; capabilities != nullptr && *capabilities != nullptr; ++capabilities)
    {
        if (std::string(*capabilities).rfind(prefix, 0) == 0)
        {
            return true;
        }
    }
    return false;
}

void
TwinNetconfSession::SetReplyTimeout(int milliseconds)
{
    if (milliseconds < 1)
    {
        throw std::invalid_argument("the NETCONF reply timeout must be at least 1 ms, not " +
                                    std::to_string(milliseconds));
    }
    m_replyTimeoutMs = milliseconds;
}

TwinNetconfError
TwinNetconfSession::NotConnected(const std::string& operation) const
{
    return TwinNetconfError(m_endpoint.Describe(), operation, "not connected");
}

std::string
TwinNetconfSession::Call(struct nc_rpc* rawRpc, const std::string& operation)
{
    std::unique_ptr<struct nc_rpc, RpcFree> rpc(rawRpc);
    const std::string device = m_endpoint.Describe();
    if (!IsConnected())
    {
        throw NotConnected(operation);
    }
    if (!rpc)
    {
        throw TwinNetconfError(device, operation, "cannot build the request");
    }
    t_libraryErrors.clear();
    uint64_t messageId = 0;
    if (nc_send_rpc(m_session, rpc.get(), m_replyTimeoutMs, &messageId) != NC_MSG_RPC)
    {
        throw TwinNetconfError(device, operation, "cannot send the request" + TakeLibraryErrors());
    }
    while (true)
    {
        struct lyd_node* rawEnvelope = nullptr;
        struct lyd_node* rawOutput = nullptr;
        const NC_MSG_TYPE type = nc_recv_reply(m_session, rpc.get(), messageId, m_replyTimeoutMs,
                                               &rawEnvelope, &rawOutput);
        LydPtr envelope(rawEnvelope);
        LydPtr output(rawOutput);
        switch (type)
        {
        case NC_MSG_NOTIF:
            continue; // a notification came first: the reply is still due
        case NC_MSG_WOULDBLOCK:
            // A late reply would answer the next request: the session cannot be trusted any
            // more. Ending it also makes the server drop our locks and pending commit.
            Close();
            throw TwinNetconfError(device, operation,
                                   "no reply within " + std::to_string(m_replyTimeoutMs) +
                                       " ms; the session is closed");
        case NC_MSG_REPLY_ERR_MSGID:
            throw TwinNetconfError(device, operation, "reply with a wrong message-id");
        case NC_MSG_REPLY:
            break;
        default:
            throw TwinNetconfError(device, operation,
                                   (IsConnected() ? "unreadable reply" : "session lost") +
                                       TakeLibraryErrors());
        }
        std::vector<TwinNetconfRpcError> errors;
        for (const struct lyd_node* child = envelope ? lyd_child(envelope.get()) : nullptr;
             child != nullptr; child = child->next)
        {
            if (NodeName(child) == "rpc-error")
            {
                errors.push_back(ParseRpcError(child));
            }
        }
        if (!errors.empty())
        {
            throw TwinNetconfError(device, operation, "the server refused", std::move(errors));
        }
        return ReplyData(output.get());
    }
}

std::string
TwinNetconfSession::GetConfig(TwinNetconfDatastore source, const std::string& filter)
{
    return Call(nc_rpc_getconfig(ToLibrary(source), filter.empty() ? nullptr : filter.c_str(),
                                 NC_WD_UNKNOWN, NC_PARAMTYPE_DUP_AND_FREE),
                "get-config " + ToString(source));
}

std::string
TwinNetconfSession::Get(const std::string& filter)
{
    return Call(nc_rpc_get(filter.empty() ? nullptr : filter.c_str(), NC_WD_UNKNOWN,
                           NC_PARAMTYPE_DUP_AND_FREE),
                "get");
}

void
TwinNetconfSession::Lock(TwinNetconfDatastore target)
{
    Call(nc_rpc_lock(ToLibrary(target)), "lock " + ToString(target));
}

void
TwinNetconfSession::Unlock(TwinNetconfDatastore target)
{
    Call(nc_rpc_unlock(ToLibrary(target)), "unlock " + ToString(target));
}

void
TwinNetconfSession::EditConfig(TwinNetconfDatastore target, const std::string& config,
                               TwinNetconfDefaultOperation defaultOperation,
                               TwinNetconfTestOption testOption, TwinNetconfErrorOption errorOption)
{
    NC_RPC_EDIT_DFLTOP op = NC_RPC_EDIT_DFLTOP_MERGE;
    switch (defaultOperation)
    {
    case TwinNetconfDefaultOperation::Merge:
        op = NC_RPC_EDIT_DFLTOP_MERGE;
        break;
    case TwinNetconfDefaultOperation::Replace:
        op = NC_RPC_EDIT_DFLTOP_REPLACE;
        break;
    case TwinNetconfDefaultOperation::None:
        op = NC_RPC_EDIT_DFLTOP_NONE;
        break;
    }
    NC_RPC_EDIT_TESTOPT test = NC_RPC_EDIT_TESTOPT_TESTSET;
    switch (testOption)
    {
    case TwinNetconfTestOption::TestThenSet:
        test = NC_RPC_EDIT_TESTOPT_TESTSET;
        break;
    case TwinNetconfTestOption::Set:
        test = NC_RPC_EDIT_TESTOPT_SET;
        break;
    case TwinNetconfTestOption::TestOnly:
        test = NC_RPC_EDIT_TESTOPT_TEST;
        break;
    }
    NC_RPC_EDIT_ERROPT error = NC_RPC_EDIT_ERROPT_ROLLBACK;
    switch (errorOption)
    {
    case TwinNetconfErrorOption::RollbackOnError:
        error = NC_RPC_EDIT_ERROPT_ROLLBACK;
        break;
    case TwinNetconfErrorOption::StopOnError:
        error = NC_RPC_EDIT_ERROPT_STOP;
        break;
    case TwinNetconfErrorOption::ContinueOnError:
        error = NC_RPC_EDIT_ERROPT_CONTINUE;
        break;
    }
    if (config.empty() || config.find('<') == std::string::npos)
    {
        // libnetconf2 would send text that does not start with '<' as a URL.
        throw TwinNetconfError(m_endpoint.Describe(), "edit-config " + ToString(target),
                               "the edit is not XML");
    }
    Call(nc_rpc_edit(ToLibrary(target), op, test, error, config.c_str(), NC_PARAMTYPE_DUP_AND_FREE),
         "edit-config " + ToString(target));
}

void
TwinNetconfSession::Commit(bool confirmed, uint32_t timeoutSeconds, const std::string& persist,
                           const std::string& persistId)
{
    Call(nc_rpc_commit(confirmed ? 1 : 0, timeoutSeconds,
                       persist.empty() ? nullptr : persist.c_str(),
                       persistId.empty() ? nullptr : persistId.c_str(), NC_PARAMTYPE_DUP_AND_FREE),
         confirmed ? "confirmed commit" : "commit");
}

void
TwinNetconfSession::CancelCommit(const std::string& persistId)
{
    Call(nc_rpc_cancel(persistId.empty() ? nullptr : persistId.c_str(), NC_PARAMTYPE_DUP_AND_FREE),
         "cancel-commit");
}

void
TwinNetconfSession::DiscardChanges()
{
    Call(nc_rpc_discard(), "discard-changes");
}

void
TwinNetconfSession::CopyConfig(TwinNetconfDatastore target, TwinNetconfDatastore source)
{
    Call(nc_rpc_copy(ToLibrary(target), nullptr, ToLibrary(source), nullptr, NC_WD_UNKNOWN,
                     NC_PARAMTYPE_CONST),
         "copy-config " + ToString(source) + " to " + ToString(target));
}

} // namespace ns3
