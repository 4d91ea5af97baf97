/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_NETCONF_CLIENT_H
#define TWIN_NETCONF_CLIENT_H

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * A NETCONF client (libnetconf2 over SSH) for the sync agent: public-key login only, pinned
 * host keys, and every NETCONF operation the agent needs to read a device and to change it
 * safely (candidate, locks, rollback-on-error, confirmed commit). Data travels as XML text,
 * which is easy to store, hash and compare.
 */

struct nc_session;
struct nc_rpc;

namespace ns3
{

/**
 * @ingroup digital-twin
 * Where and how to reach one device. Holds key file names, never key material.
 */
struct TwinNetconfEndpoint
{
    std::string device;         //!< device name for messages (e.g. the node id)
    std::string host;           //!< host name or address
    uint16_t port{830};         //!< SSH port of the NETCONF subsystem
    std::string user;           //!< SSH login (= NETCONF user)
    std::string privateKeyFile; //!< the client's private key (OpenSSH format, no passphrase)
    std::string publicKeyFile;  //!< the matching public key file
    std::string hostKey;        //!< pinned host public key, "TYPE BASE64" (a comment may follow)

    /**
     * @return "device (user@host:port)" for messages
     */
    std::string Describe() const;
};

/**
 * @ingroup digital-twin
 * Read the first key of an OpenSSH public key file (".pub" or a known_hosts-like line).
 * @param path the file
 * @return "TYPE BASE64", without comment
 * @throws std::runtime_error when the file cannot be read or holds no key
 */
std::string TwinReadPublicKeyFile(const std::string& path);

/**
 * @ingroup digital-twin
 * One rpc-error of a NETCONF reply (RFC 6241, section 4.3).
 */
struct TwinNetconfRpcError
{
    std::string type;     //!< error-type: transport, rpc, protocol or application
    std::string tag;      //!< error-tag, e.g. "lock-denied", "invalid-value"
    std::string severity; //!< error-severity: error or warning
    std::string appTag;   //!< error-app-tag, may be empty
    std::string path;     //!< error-path, may be empty
    std::string message;  //!< error-message, may be empty
    std::string info;     //!< error-info as XML text, may be empty

    /**
     * @return "tag: message (path)" with the parts that are there
     */
    std::string ToString() const;
};

/**
 * @ingroup digital-twin
 * A failed NETCONF operation: the device, the operation and what went wrong (the server's
 * rpc-errors, or a transport or authentication failure). Never holds key material.
 */
class TwinNetconfError : public std::runtime_error
{
public:
    /**
     * @param device the device (TwinNetconfEndpoint::Describe)
     * @param operation the operation, e.g. "connect", "commit"
     * @param detail what went wrong, in words
     * @param rpcErrors the server's rpc-errors, if it answered with any
     */
    TwinNetconfError(const std::string& device, const std::string& operation,
                     const std::string& detail, std::vector<TwinNetconfRpcError> rpcErrors = {});

    /** @return the device */
    const std::string& GetDevice() const;
    /** @return the operation */
    const std::string& GetOperation() const;
    /** @return the server's rpc-errors (empty for transport or local failures) */
    const std::vector<TwinNetconfRpcError>& GetRpcErrors() const;
    /**
     * @param tag an error-tag
     * @return whether one of the rpc-errors has the tag
     */
    bool HasErrorTag(const std::string& tag) const;

private:
    std::string m_device;                         //!< the device
    std::string m_operation;                      //!< the operation
    std::vector<TwinNetconfRpcError> m_rpcErrors; //!< the server's rpc-errors
};

/** NETCONF configuration datastores. */
enum class TwinNetconfDatastore
{
    Running,   //!< the running configuration
    Candidate, //!< the candidate (:candidate capability)
    Startup    //!< the startup configuration (:startup capability)
};

/**
 * @param datastore a datastore
 * @return its NETCONF name ("running", ...)
 */
std::string ToString(TwinNetconfDatastore datastore);

/** The default-operation of edit-config. */
enum class TwinNetconfDefaultOperation
{
    Merge,   //!< merge (the NETCONF default)
    Replace, //!< replace the whole datastore with the content
    None     //!< only the operations named in the content
};

/** The test-option of edit-config (:validate capability). */
enum class TwinNetconfTestOption
{
    TestThenSet, //!< validate, then apply
    Set,         //!< apply without validation
    TestOnly     //!< validate only
};

/** The error-option of edit-config. */
enum class TwinNetconfErrorOption
{
    RollbackOnError, //!< all or nothing (:rollback-on-error capability)
    StopOnError,     //!< stop at the first error, keep what was applied
    ContinueOnError  //!< apply what can be applied
};

/**
 * @ingroup digital-twin
 * One NETCONF session to one device (RAII over libnetconf2's nc_session). Authentication is
 * by public key only; the server's host key must equal the endpoint's pinned key, otherwise
 * Connect refuses (it never asks anyone). Every failure throws TwinNetconfError. A session
 * is used by one thread at a time; sessions on different threads may connect concurrently.
 */
class TwinNetconfSession
{
public:
    /** An unconnected session. */
    TwinNetconfSession();
    /**
     * Connect at once (see Connect).
     * @param endpoint the device
     */
    explicit TwinNetconfSession(const TwinNetconfEndpoint& endpoint);
    /** Closes the session (close-session) if it is open. */
    ~TwinNetconfSession();
    TwinNetconfSession(const TwinNetconfSession&) = delete;
    TwinNetconfSession& operator=(const TwinNetconfSession&) = delete;
    /**
     * Take over another session.
     * @param other the session, left unconnected
     */
    TwinNetconfSession(TwinNetconfSession&& other) noexcept;
    /**
     * Close this session and take over another.
     * @param other the session, left unconnected
     * @return this
     */
    TwinNetconfSession& operator=(TwinNetconfSession&& other) noexcept;

    /**
     * Open SSH to the endpoint, check its host key against the pinned one, log in with the
     * key pair and exchange hellos. Closes an open session first.
     * @param endpoint the device
     * @throws TwinNetconfError on a host key mismatch, a refused login or any other failure
     */
    void Connect(const TwinNetconfEndpoint& endpoint);
    /** Close the session (sends close-session); nothing happens when not connected. */
    void Close();
    /** @return whether the session is open and usable */
    bool IsConnected() const;
    /** @return the endpoint of the last Connect */
    const TwinNetconfEndpoint& GetEndpoint() const;
    /** @return the session-id the server gave, 0 when not connected */
    uint32_t GetSessionId() const;
    /**
     * @param prefix the start of a capability URI, e.g.
     * "urn:ietf:params:netconf:capability:candidate:1.0"
     * @return whether the server announced a capability that starts with the prefix
     */
    bool HasCapability(const std::string& prefix) const;
    /**
     * @param milliseconds how long to wait for each reply (default 30000); a request not
     *        answered in time fails and closes the session, since its late reply would be
     *        taken for the next request's. Connect waits as long for each step of the SSH
     *        connection and login (the netconf channel and hello keep libnetconf2's own limits)
     * @throws std::invalid_argument for less than 1 ms
     */
    void SetReplyTimeout(int milliseconds);

    /**
     * get-config.
     * @param source the datastore
     * @param filter empty (everything), a subtree filter (XML, starting with '<') or an
     *        XPath expression with module names as prefixes
     * @return the content of the reply's data element as XML text (top-level nodes as
     *         siblings; empty when there is none)
     */
    std::string GetConfig(TwinNetconfDatastore source, const std::string& filter = "");
    /**
     * get (configuration and state).
     * @param filter as for GetConfig
     * @return the content of the reply's data element as XML text
     */
    std::string Get(const std::string& filter = "");
    /**
     * @param target the datastore to lock
     */
    void Lock(TwinNetconfDatastore target);
    /**
     * @param target the datastore to unlock
     */
    void Unlock(TwinNetconfDatastore target);
    /**
     * edit-config.
     * @param target the datastore (the candidate, for the agent)
     * @param config the edit: top-level data nodes as XML, without the config wrapper
     * @param defaultOperation the default-operation
     * @param testOption the test-option
     * @param errorOption the error-option
     */
    void EditConfig(
        TwinNetconfDatastore target, const std::string& config,
        TwinNetconfDefaultOperation defaultOperation = TwinNetconfDefaultOperation::Merge,
        TwinNetconfTestOption testOption = TwinNetconfTestOption::TestThenSet,
        TwinNetconfErrorOption errorOption = TwinNetconfErrorOption::RollbackOnError);
    /**
     * commit the candidate to running.
     * @param confirmed a confirmed commit: the server reverts unless confirmed in time
     * @param timeoutSeconds the confirm-timeout (0: the server's default, 600 s)
     * @param persist with confirmed: a persist token, so that the commit survives the end
     *        of this session and any session may confirm it with the token
     * @param persistId confirm a persistent confirmed commit by its token
     */
    void Commit(bool confirmed = false, uint32_t timeoutSeconds = 0,
                const std::string& persist = "", const std::string& persistId = "");
    /**
     * cancel-commit: revert a pending confirmed commit now.
     * @param persistId the token of a persistent confirmed commit (empty: this session's)
     */
    void CancelCommit(const std::string& persistId = "");
    /** discard-changes: reset the candidate to running. */
    void DiscardChanges();
    /**
     * copy-config of a whole datastore, e.g. running to startup on a device with the
     * :startup capability, whose running configuration does not survive a restart otherwise.
     * @param target the datastore overwritten
     * @param source the datastore copied
     */
    void CopyConfig(TwinNetconfDatastore target, TwinNetconfDatastore source);

private:
    /** Process-wide libnetconf2 setup, shared by every session. */
    class Library;

    /**
     * Send an RPC and wait for its reply.
     * @param rpc the RPC (ownership taken)
     * @param operation its name for errors
     * @return the reply's data content as XML ("" for ok)
     */
    std::string Call(struct nc_rpc* rpc, const std::string& operation);
    /**
     * @param operation the operation
     * @return an error for the operation on this device when not connected
     */
    TwinNetconfError NotConnected(const std::string& operation) const;

    std::shared_ptr<Library> m_library;    //!< keeps libnetconf2 initialised while in use
    struct nc_session* m_session{nullptr}; //!< the session, owned
    TwinNetconfEndpoint m_endpoint;        //!< the last endpoint
    int m_replyTimeoutMs{30000};           //!< how long to wait for a reply
};

} // namespace ns3

#endif /* TWIN_NETCONF_CLIENT_H */
