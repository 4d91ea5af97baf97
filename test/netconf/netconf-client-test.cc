/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The NETCONF client against real devices: yuma123 netconfd behind OpenSSH sshd on
// 127.0.0.1, started by test/netconf/lab.sh in a private temp dir. The lab needs the Debian
// packages setup.sh installs; when they are missing the tests fail with the reason.

#include "netconf-test-util.h"
#include "test-util.h"

#include "ns3/twin-netconf-client.h"

#include <arpa/inet.h>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace ns3
{
namespace
{

using test::ReadTextFile;
using test::RunShell;

const std::string kInterfacesFilter =
    "<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\"/>";

/**
 * A lab of devices for one test program: started once, stopped at the end.
 */
class NetconfLab
{
public:
    NetconfLab(size_t count, const std::vector<std::string>& startupFiles)
    {
        // The lab stops itself should this program die before the destructor runs.
        std::string command = "NC_LAB_OWNER=" + std::to_string(getpid()) + " " +
                              std::string(DTWIN_NETCONF_LAB) + " start " + std::to_string(count) +
                              " " + m_dir.Path() + "/lab";
        for (const auto& file : startupFiles)
        {
            command += " " + test::SourcePath(file);
        }
        if (RunShell(command, m_startOutput) != 0)
        {
            return;
        }
        m_devices = test::ReadLabDevices(m_dir.Path() + "/lab");
    }

    ~NetconfLab()
    {
        std::string output;
        RunShell(std::string(DTWIN_NETCONF_LAB) + " stop " + m_dir.Path() + "/lab", output);
    }

    NetconfLab(const NetconfLab&) = delete;
    NetconfLab& operator=(const NetconfLab&) = delete;

    /** @return whether every device came up */
    bool Ready(size_t count) const { return m_devices.size() == count; }

    /** @return what lab.sh start printed */
    const std::string& StartOutput() const { return m_startOutput; }

    /** @return the endpoint of device @p i */
    const TwinNetconfEndpoint& Device(size_t i) const { return m_devices.at(i); }

    /** @return the state dir of device @p i */
    std::string DeviceDir(size_t i) const { return m_dir.Path() + "/lab/dev" + std::to_string(i); }

private:
    test::TempDir m_dir;                        //!< holds the whole lab
    std::string m_startOutput;                  //!< lab.sh's output
    std::vector<TwinNetconfEndpoint> m_devices; //!< the devices, in order
};

/**
 * A TCP relay on 127.0.0.1 in front of a device that holds back the device's first bytes
 * (its SSH banner) for a while: a slow device, as a loaded machine makes one. It serves one
 * connection at a time until destroyed.
 */
class SlowStartRelay
{
public:
    SlowStartRelay(uint16_t targetPort, std::chrono::milliseconds delay)
        : m_targetPort(targetPort), m_delay(delay)
    {
        m_listener = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof(address);
        if (m_listener < 0 ||
            bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
            listen(m_listener, 4) != 0 ||
            getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        {
            return;
        }
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this]() { Serve(); });
    }

    ~SlowStartRelay()
    {
        m_stop = true;
        shutdown(m_listener, SHUT_RDWR);
        if (m_thread.joinable())
        {
            m_thread.join();
        }
        close(m_listener);
    }

    SlowStartRelay(const SlowStartRelay&) = delete;
    SlowStartRelay& operator=(const SlowStartRelay&) = delete;

    /** @return the relay's port, 0 if it could not listen */
    uint16_t Port() const { return m_port; }

private:
    /** Accept connections and relay each until either side closes. */
    void Serve()
    {
        while (!m_stop)
        {
            int client = accept(m_listener, nullptr, nullptr);
            if (client < 0)
            {
                return;
            }
            int device = socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            address.sin_port = htons(m_targetPort);
            if (device >= 0 &&
                connect(device, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0)
            {
                Relay(client, device);
            }
            close(device);
            close(client);
        }
    }

    /** Copy bytes both ways; the device's side only once the delay has passed. */
    void Relay(int client, int device)
    {
        const auto release = std::chrono::steady_clock::now() + m_delay;
        char buffer[16384];
        while (!m_stop)
        {
            const bool held = std::chrono::steady_clock::now() < release;
            pollfd fds[2] = {{client, POLLIN, 0},
                             {device, static_cast<short>(held ? 0 : POLLIN), 0}};
            if (poll(fds, 2, 50) < 0)
            {
                return;
            }
            for (int k = 0; k < 2; ++k)
            {
                if ((fds[k].revents & (POLLIN | POLLHUP | POLLERR)) == 0)
                {
                    continue;
                }
                ssize_t n = read(fds[k].fd, buffer, sizeof(buffer));
                // MSG_NOSIGNAL: a peer gone meanwhile must not kill the test program.
                if (n <= 0 || send(fds[1 - k].fd, buffer, n, MSG_NOSIGNAL) != n)
                {
                    return;
                }
            }
        }
    }

    uint16_t m_targetPort;             //!< the device's port
    std::chrono::milliseconds m_delay; //!< how long the device's first bytes are held
    int m_listener{-1};                //!< the listening socket
    uint16_t m_port{0};                //!< its port
    std::atomic<bool> m_stop{false};   //!< set to end the thread
    std::thread m_thread;              //!< accepts and relays
};

/** @return how many of this process's descriptors are sockets */
size_t
OpenSockets()
{
    size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
    {
        struct stat info
        {
        };
        if (stat(entry.path().c_str(), &info) == 0 && S_ISSOCK(info.st_mode))
        {
            ++count;
        }
    }
    return count;
}

class NetconfClientTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_lab = std::make_unique<NetconfLab>(
            2, std::vector<std::string>{"test/netconf/data/r0-startup.xml",
                                        "test/netconf/data/r1-startup.xml"});
    }

    static void TearDownTestSuite() { s_lab.reset(); }

    void SetUp() override
    {
        ASSERT_TRUE(s_lab->Ready(2)) << "the NETCONF lab did not start (it needs netconfd, "
                                        "sshd and ssh-keygen: ./setup.sh installs them):\n"
                                     << s_lab->StartOutput();
        // Every test starts from a clean candidate, whatever an earlier test left.
        for (size_t i = 0; i < 2; ++i)
        {
            TwinNetconfSession session(s_lab->Device(i));
            session.DiscardChanges();
        }
    }

    static const TwinNetconfEndpoint& Device(size_t i) { return s_lab->Device(i); }

    /** @return why Connect to @p endpoint failed, empty if it connected */
    static std::string ConnectFailure(const TwinNetconfEndpoint& endpoint)
    {
        try
        {
            TwinNetconfSession session(endpoint);
        }
        catch (const TwinNetconfError& error)
        {
            return error.what();
        }
        return "";
    }

    /** An edit that adds interface @p name (with @p description) to the config. */
    static std::string InterfaceEdit(const std::string& name, const std::string& description)
    {
        return "<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\"><interface>"
               "<name>" +
               name + "</name><description>" + description +
               "</description><type xmlns:ianaift=\"urn:ietf:params:xml:ns:yang:iana-if-type\">"
               "ianaift:ethernetCsmacd</type><enabled>false</enabled></interface></interfaces>";
    }

    /**
     * Wait up to @p seconds for running on device @p i to equal @p expected, asking every
     * @p pollMs milliseconds.
     */
    static ::testing::AssertionResult RunningBecomes(size_t i, const std::string& expected,
                                                     double seconds, int pollMs = 200)
    {
        TwinNetconfSession session(Device(i));
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        std::string running;
        do
        {
            running = session.GetConfig(TwinNetconfDatastore::Running);
            if (running == expected)
            {
                return ::testing::AssertionSuccess();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(pollMs));
        } while (std::chrono::steady_clock::now() < deadline);
        return ::testing::AssertionFailure()
               << "running did not return to the expected configuration within " << seconds
               << " s; it is:\n"
               << running;
    }

    static std::unique_ptr<NetconfLab> s_lab; //!< the devices of this test program
};

std::unique_ptr<NetconfLab> NetconfClientTest::s_lab;

TEST_F(NetconfClientTest, ConnectsWithThePinnedHostKey)
{
    TwinNetconfSession session(Device(0));
    EXPECT_TRUE(session.IsConnected());
    EXPECT_GT(session.GetSessionId(), 0U);
    EXPECT_TRUE(session.HasCapability("urn:ietf:params:netconf:capability:candidate:1.0"));
    EXPECT_TRUE(session.HasCapability("urn:ietf:params:netconf:capability:confirmed-commit:1.1"));
    EXPECT_TRUE(session.HasCapability("urn:ietf:params:netconf:capability:rollback-on-error"));
    EXPECT_FALSE(session.HasCapability("urn:example:no-such-capability"));

    // Both devices at once, each with its own key pair and host key.
    TwinNetconfSession other(Device(1));
    EXPECT_TRUE(other.IsConnected());
    session.Close();
    EXPECT_FALSE(session.IsConnected());
    EXPECT_EQ(session.GetSessionId(), 0U);
    EXPECT_THROW(session.GetConfig(TwinNetconfDatastore::Running), TwinNetconfError);
}

TEST_F(NetconfClientTest, ThreadsConnectToSeveralDevicesAtOnce)
{
    // Each thread has its own libnetconf2 client settings: keys and pins must not mix.
    constexpr int kRounds = 3;
    std::array<std::string, 2> failures;
    std::array<std::string, 2> configs;
    std::vector<std::thread> threads;
    for (size_t i = 0; i < 2; ++i)
    {
        threads.emplace_back(
            [i, &failures, &configs]()
            {
                try
                {
                    for (int round = 0; round < kRounds; ++round)
                    {
                        TwinNetconfSession session(Device(i));
                        configs[i] =
                            session.GetConfig(TwinNetconfDatastore::Running, kInterfacesFilter);
                    }
                }
                catch (const std::exception& error)
                {
                    failures[i] = error.what();
                }
            });
    }
    for (auto& thread : threads)
    {
        thread.join();
    }
    for (size_t i = 0; i < 2; ++i)
    {
        EXPECT_TRUE(failures[i].empty()) << failures[i];
        EXPECT_NE(configs[i].find("lab-r" + std::to_string(i) + "-lan"), std::string::npos)
            << configs[i];
    }
}

TEST(NetconfPublicKeyFile, ReadsPubAndKnownHostsLines)
{
    test::TempDir dir;
    EXPECT_EQ(TwinReadPublicKeyFile(dir.Write("a.pub", "ssh-ed25519 AAAAC3Nz comment words\n")),
              "ssh-ed25519 AAAAC3Nz");
    EXPECT_EQ(TwinReadPublicKeyFile(
                  dir.Write("known_hosts", "# pinned\n[127.0.0.1]:2222 ssh-ed25519 AAAAxyz\n")),
              "ssh-ed25519 AAAAxyz");
    EXPECT_EQ(TwinReadPublicKeyFile(dir.Write("e.pub", "ecdsa-sha2-nistp256 AAAAE2 x\n")),
              "ecdsa-sha2-nistp256 AAAAE2");
    EXPECT_THROW(TwinReadPublicKeyFile(dir.Write("empty.pub", "\n# nothing\n")),
                 std::runtime_error);
    EXPECT_THROW(TwinReadPublicKeyFile(dir.Path() + "/missing.pub"), std::runtime_error);
}

TEST_F(NetconfClientTest, RefusesAWrongOrMissingPinnedHostKey)
{
    TwinNetconfEndpoint endpoint = Device(0);
    endpoint.hostKey = Device(1).hostKey; // another device's key: as if dev0's key changed
    try
    {
        TwinNetconfSession session(endpoint);
        FAIL() << "connected although the host key is not the pinned one";
    }
    catch (const TwinNetconfError& error)
    {
        EXPECT_EQ(error.GetOperation(), "connect");
        EXPECT_NE(std::string(error.what()).find("host key mismatch"), std::string::npos)
            << error.what();
        EXPECT_NE(std::string(error.what()).find("SHA256:"), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find("dev0"), std::string::npos) << error.what();
    }

    endpoint.hostKey.clear(); // no pin at all: never trust on first use
    try
    {
        TwinNetconfSession session(endpoint);
        FAIL() << "connected without a pinned host key";
    }
    catch (const TwinNetconfError& error)
    {
        EXPECT_NE(std::string(error.what()).find("pinned host key"), std::string::npos)
            << error.what();
    }

    // The right key still works after refusals (no state left behind in the library).
    TwinNetconfSession session(Device(0));
    EXPECT_TRUE(session.IsConnected());
}

TEST_F(NetconfClientTest, RefusesAnUnknownKeyOrUser)
{
    TwinNetconfEndpoint endpoint = Device(0);
    endpoint.privateKeyFile = Device(1).privateKeyFile; // not in dev0's authorized_keys
    endpoint.publicKeyFile = Device(1).publicKeyFile;
    std::string message;
    try
    {
        TwinNetconfSession session(endpoint);
        FAIL() << "logged in with a key the device does not know";
    }
    catch (const TwinNetconfError& error)
    {
        EXPECT_EQ(error.GetOperation(), "connect");
        message = error.what();
    }
    // No key material in the message: neither private key's body appears.
    for (size_t i = 0; i < 2; ++i)
    {
        std::istringstream key(ReadTextFile(Device(i).privateKeyFile));
        std::string line;
        while (std::getline(key, line))
        {
            if (line.find("PRIVATE KEY") == std::string::npos && line.size() > 8)
            {
                EXPECT_EQ(message.find(line), std::string::npos) << "key material in: " << message;
            }
        }
    }

    EXPECT_NE(message.find("SSH login failed"), std::string::npos) << message;

    endpoint = Device(0);
    endpoint.user = "dtwin-no-such-user";
    EXPECT_NE(ConnectFailure(endpoint).find("SSH login failed"), std::string::npos)
        << "logged in as a user the device does not have";

    endpoint = Device(0);
    endpoint.port = 1; // nothing listens there
    EXPECT_NE(ConnectFailure(endpoint).find("SSH connection failed"), std::string::npos)
        << "connected to a port nothing listens on";

    // A public key file that is not the private key's half, and a key with a passphrase (in
    // the PEM format that OpenSSL would otherwise ask about on the terminal): refused before
    // any connection.
    endpoint = Device(0);
    endpoint.publicKeyFile = Device(1).publicKeyFile;
    EXPECT_NE(ConnectFailure(endpoint).find("does not belong to the private key"),
              std::string::npos)
        << "connected with a public key file of another key";
    test::TempDir keys;
    std::string output;
    ASSERT_EQ(RunShell("ssh-keygen -q -t rsa -b 2048 -m PEM -N secret-words -f " + keys.Path() +
                           "/locked",
                       output),
              0)
        << output;
    endpoint = Device(0);
    endpoint.privateKeyFile = keys.Path() + "/locked";
    endpoint.publicKeyFile = keys.Path() + "/locked.pub";
    EXPECT_NE(ConnectFailure(endpoint).find("cannot read the private key"), std::string::npos)
        << "connected with a key that needs a passphrase";

    endpoint = Device(0);
    endpoint.privateKeyFile = s_lab->DeviceDir(0) + "/no-such-key";
    try
    {
        TwinNetconfSession session(endpoint);
        FAIL() << "connected without a key file";
    }
    catch (const TwinNetconfError& error)
    {
        EXPECT_NE(std::string(error.what()).find("not readable"), std::string::npos);
    }
}

TEST_F(NetconfClientTest, TheReplyTimeoutAlsoBoundsTheSshConnection)
{
    // A device whose SSH banner comes after 11 s: longer than libnetconf2 2.0's fixed 10 s
    // connect limit, which made connects fail on a loaded machine.
    SlowStartRelay relay(Device(0).port, std::chrono::milliseconds(11000));
    ASSERT_NE(relay.Port(), 0);
    TwinNetconfEndpoint endpoint = Device(0);
    endpoint.port = relay.Port();

    // A short timeout gives up in time, with the step that failed.
    TwinNetconfSession impatient;
    EXPECT_THROW(impatient.SetReplyTimeout(0), std::invalid_argument);
    impatient.SetReplyTimeout(1000);
    const auto start = std::chrono::steady_clock::now();
    try
    {
        impatient.Connect(endpoint);
        FAIL() << "connected although the device did not answer within the timeout";
    }
    catch (const TwinNetconfError& error)
    {
        EXPECT_EQ(error.GetOperation(), "connect");
        EXPECT_NE(std::string(error.what()).find("SSH connection failed"), std::string::npos)
            << error.what();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_GE(seconds, 0.9);
    EXPECT_LT(seconds, 9.0) << "the 1 s timeout was not the one applied";

    // A timeout longer than the device's delay waits for it.
    TwinNetconfSession patient;
    patient.SetReplyTimeout(20000);
    patient.Connect(endpoint);
    EXPECT_TRUE(patient.IsConnected());
    EXPECT_NE(
        patient.GetConfig(TwinNetconfDatastore::Running, kInterfacesFilter).find("lab-r0-lan"),
        std::string::npos);
}

TEST_F(NetconfClientTest, ConnectsAndFailedLoginsLeaveNoSocketOpen)
{
    const size_t before = OpenSockets();
    for (int round = 0; round < 3; ++round)
    {
        TwinNetconfSession session(Device(0));
        EXPECT_TRUE(session.IsConnected());
    }
    TwinNetconfEndpoint wrongKey = Device(0);
    wrongKey.privateKeyFile = Device(1).privateKeyFile;
    wrongKey.publicKeyFile = Device(1).publicKeyFile;
    TwinNetconfEndpoint wrongPin = Device(0);
    wrongPin.hostKey = Device(1).hostKey;
    for (const auto& endpoint : {wrongKey, wrongPin})
    {
        EXPECT_THROW(TwinNetconfSession session(endpoint), TwinNetconfError);
    }
    EXPECT_EQ(OpenSockets(), before);
}

TEST_F(NetconfClientTest, GetConfigReturnsTheStartupInterfacesAndRoutes)
{
    TwinNetconfSession r0(Device(0));
    const std::string running = r0.GetConfig(TwinNetconfDatastore::Running);
    for (const char* part :
         {"<name>lab-r0-to-r1</name>", "<name>lab-r0-lan</name>", "<ip>192.0.2.1</ip>",
          "<ip>198.51.100.1</ip>", "<destination-prefix>198.51.100.64/26</destination-prefix>",
          "<next-hop-address>192.0.2.2</next-hop-address>",
          "<outgoing-interface>lab-r0-to-r1</outgoing-interface>"})
    {
        EXPECT_NE(running.find(part), std::string::npos) << part << " missing in:\n" << running;
    }
    EXPECT_EQ(running.find("lab-r1-lan"), std::string::npos);

    TwinNetconfSession r1(Device(1));
    const std::string other = r1.GetConfig(TwinNetconfDatastore::Running);
    EXPECT_NE(other.find("<name>lab-r1-lan</name>"), std::string::npos) << other;
    EXPECT_NE(other.find("<destination-prefix>198.51.100.0/26</destination-prefix>"),
              std::string::npos)
        << other;

    // A subtree filter returns only the interfaces.
    const std::string interfaces = r0.GetConfig(TwinNetconfDatastore::Running, kInterfacesFilter);
    EXPECT_NE(interfaces.find("<name>lab-r0-lan</name>"), std::string::npos) << interfaces;
    EXPECT_EQ(interfaces.find("destination-prefix"), std::string::npos) << interfaces;

    // The candidate starts equal to running; <get> adds state.
    EXPECT_EQ(r0.GetConfig(TwinNetconfDatastore::Candidate), running);
    const std::string state = r0.Get(kInterfacesFilter);
    EXPECT_NE(state.find("lab-r0-lan"), std::string::npos) << state;
}

TEST_F(NetconfClientTest, ConfirmedCommitThenConfirmingCommitChangesRunning)
{
    TwinNetconfSession session(Device(0));
    const std::string before = session.GetConfig(TwinNetconfDatastore::Running);
    session.Lock(TwinNetconfDatastore::Candidate);
    session.EditConfig(TwinNetconfDatastore::Candidate,
                       InterfaceEdit("lab-confirmed", "kept after the confirming commit"));
    EXPECT_NE(session.GetConfig(TwinNetconfDatastore::Candidate).find("lab-confirmed"),
              std::string::npos);
    EXPECT_EQ(session.GetConfig(TwinNetconfDatastore::Running), before);

    session.Commit(true, 60);
    TwinNetconfSession observer(Device(0));
    EXPECT_NE(observer.GetConfig(TwinNetconfDatastore::Running).find("lab-confirmed"),
              std::string::npos);
    session.Commit(); // the confirming commit
    // Nothing is pending any more: cancel-commit has nothing to cancel.
    EXPECT_THROW(session.CancelCommit(), TwinNetconfError);
    session.Unlock(TwinNetconfDatastore::Candidate);
    session.Close(); // would revert an unconfirmed commit

    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::string after = observer.GetConfig(TwinNetconfDatastore::Running);
    EXPECT_NE(after.find("<description>kept after the confirming commit</description>"),
              std::string::npos)
        << after;
    // The other device is untouched.
    TwinNetconfSession r1(Device(1));
    EXPECT_EQ(r1.GetConfig(TwinNetconfDatastore::Running).find("lab-confirmed"), std::string::npos);
}

TEST_F(NetconfClientTest, CancelCommitRestoresRunning)
{
    TwinNetconfSession session(Device(1));
    const std::string before = session.GetConfig(TwinNetconfDatastore::Running);
    session.EditConfig(TwinNetconfDatastore::Candidate, InterfaceEdit("lab-cancelled", "no"));
    session.Commit(true, 60);
    EXPECT_NE(session.GetConfig(TwinNetconfDatastore::Running).find("lab-cancelled"),
              std::string::npos);
    session.CancelCommit();
    EXPECT_EQ(session.GetConfig(TwinNetconfDatastore::Running), before);
}

TEST_F(NetconfClientTest, ConfirmedCommitTimeoutRestoresRunning)
{
    TwinNetconfSession session(Device(1));
    const std::string before = session.GetConfig(TwinNetconfDatastore::Running);
    session.EditConfig(TwinNetconfDatastore::Candidate, InterfaceEdit("lab-timed-out", "no"));
    session.Commit(true, 1);
    EXPECT_NE(session.GetConfig(TwinNetconfDatastore::Running).find("lab-timed-out"),
              std::string::npos);
    // The session stays open: only the timeout can revert. netconfd checks the timeout only
    // after a second without requests, so the device is left alone, then asked slowly.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    EXPECT_TRUE(RunningBecomes(1, before, 6.0, 1500));
    EXPECT_TRUE(session.IsConnected());
}

TEST_F(NetconfClientTest, ClosedSessionBeforeConfirmingRestoresRunning)
{
    TwinNetconfSession session(Device(0));
    const std::string before = session.GetConfig(TwinNetconfDatastore::Running);
    session.EditConfig(TwinNetconfDatastore::Candidate, InterfaceEdit("lab-closed", "no"));
    session.Commit(true, 60);
    EXPECT_NE(session.GetConfig(TwinNetconfDatastore::Running).find("lab-closed"),
              std::string::npos);
    session.Close();
    EXPECT_TRUE(RunningBecomes(0, before, 3.0));
}

TEST_F(NetconfClientTest, DroppedSessionBeforeConfirmingRestoresRunning)
{
    TwinNetconfSession session(Device(0));
    const std::string before = session.GetConfig(TwinNetconfDatastore::Running);
    session.EditConfig(TwinNetconfDatastore::Candidate, InterfaceEdit("lab-dropped", "no"));
    session.Commit(true, 60);
    EXPECT_NE(session.GetConfig(TwinNetconfDatastore::Running).find("lab-dropped"),
              std::string::npos);
    // Cut the transport without close-session: kill the per-connection sshd processes,
    // the children of the device's listening sshd (only this session is open).
    ASSERT_TRUE(test::DropOnlySession(s_lab->DeviceDir(0)));
    // The client notices on its next call.
    EXPECT_THROW(session.GetConfig(TwinNetconfDatastore::Running), TwinNetconfError);
    EXPECT_FALSE(session.IsConnected());
    EXPECT_TRUE(RunningBecomes(0, before, 3.0));
}

TEST_F(NetconfClientTest, RollbackOnErrorRejectsABadEditAndRunningIsUnchanged)
{
    TwinNetconfSession session(Device(0));
    const std::string before = session.GetConfig(TwinNetconfDatastore::Running);
    // A good change followed by a bad one (no such interface type): all or nothing.
    const std::string edit =
        "<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\">"
        "<interface><name>lab-r0-lan</name><description>changed</description></interface>"
        "<interface><name>lab-bad</name><type>no-such-type</type></interface>"
        "</interfaces>";
    try
    {
        session.EditConfig(TwinNetconfDatastore::Candidate, edit);
        FAIL() << "the server accepted an invalid edit";
    }
    catch (const TwinNetconfError& error)
    {
        EXPECT_EQ(error.GetOperation(), "edit-config candidate");
        ASSERT_FALSE(error.GetRpcErrors().empty()) << error.what();
        EXPECT_FALSE(error.GetRpcErrors()[0].tag.empty()) << error.what();
    }
    const std::string candidate = session.GetConfig(TwinNetconfDatastore::Candidate);
    EXPECT_EQ(candidate, before) << "the good half of the edit was kept";
    session.Commit(); // nothing to commit: running stays as it was
    EXPECT_EQ(session.GetConfig(TwinNetconfDatastore::Running), before);
}

TEST_F(NetconfClientTest, ALockHeldByAnotherSessionIsRefused)
{
    TwinNetconfSession holder(Device(1));
    TwinNetconfSession other(Device(1));
    holder.Lock(TwinNetconfDatastore::Candidate);
    try
    {
        other.Lock(TwinNetconfDatastore::Candidate);
        FAIL() << "a second lock was granted";
    }
    catch (const TwinNetconfError& error)
    {
        EXPECT_TRUE(error.HasErrorTag("lock-denied")) << error.what();
        EXPECT_EQ(error.GetOperation(), "lock candidate");
    }
    EXPECT_THROW(other.EditConfig(TwinNetconfDatastore::Candidate, InterfaceEdit("lab-x", "x")),
                 TwinNetconfError);
    holder.Unlock(TwinNetconfDatastore::Candidate);
    other.Lock(TwinNetconfDatastore::Candidate);
    other.Unlock(TwinNetconfDatastore::Candidate);
}

TEST_F(NetconfClientTest, TestOnlyEditsAndDiscardLeaveTheCandidateAlone)
{
    TwinNetconfSession session(Device(0));
    const std::string running = session.GetConfig(TwinNetconfDatastore::Running);
    session.EditConfig(TwinNetconfDatastore::Candidate,
                       InterfaceEdit("lab-test-only", "checked, not applied"),
                       TwinNetconfDefaultOperation::Merge, TwinNetconfTestOption::TestOnly);
    EXPECT_EQ(session.GetConfig(TwinNetconfDatastore::Candidate), running);
    session.EditConfig(TwinNetconfDatastore::Candidate, InterfaceEdit("lab-discarded", "x"));
    EXPECT_NE(session.GetConfig(TwinNetconfDatastore::Candidate), running);
    session.DiscardChanges();
    EXPECT_EQ(session.GetConfig(TwinNetconfDatastore::Candidate), running);
    EXPECT_THROW(session.EditConfig(TwinNetconfDatastore::Candidate, "not xml"), TwinNetconfError);
}

} // namespace
} // namespace ns3
