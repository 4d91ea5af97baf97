/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "report-process.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ns3
{
namespace cli
{

UniqueFd::UniqueFd(int fd) : m_fd(fd)
{
}

UniqueFd::~UniqueFd()
{
    Reset();
}

UniqueFd::UniqueFd(UniqueFd&& other) noexcept : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

UniqueFd&
UniqueFd::operator=(UniqueFd&& other) noexcept
{
    if (this != &other)
    {
        Reset();
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

int
UniqueFd::Release()
{
    int fd = m_fd;
    m_fd = -1;
    return fd;
}

void
UniqueFd::Reset()
{
    if (m_fd >= 0)
    {
        close(m_fd);
        m_fd = -1;
    }
}

namespace
{

/**
 * @param what the call that failed
 * @param error its errno
 * @return an exception naming both
 */
std::runtime_error
SystemError(const std::string& what, int error)
{
    return std::runtime_error(what + ": " + std::strerror(error));
}

/**
 * Create a pipe whose ends are not inherited by children (only the dup2'd copies are).
 * @param readEnd set to the read end
 * @param writeEnd set to the write end
 */
void
MakePipe(UniqueFd& readEnd, UniqueFd& writeEnd)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
    {
        throw SystemError("pipe", errno);
    }
    readEnd = UniqueFd(fds[0]);
    writeEnd = UniqueFd(fds[1]);
}

/** posix_spawn file actions, destroyed with the object. */
class SpawnActions
{
public:
    SpawnActions()
    {
        if (int rc = posix_spawn_file_actions_init(&m_actions); rc != 0)
        {
            throw SystemError("posix_spawn_file_actions_init", rc);
        }
    }

    ~SpawnActions() { posix_spawn_file_actions_destroy(&m_actions); }

    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;

    /**
     * Make fd the child's target descriptor.
     * @param fd descriptor in the parent
     * @param target descriptor number in the child
     */
    void Dup(int fd, int target)
    {
        if (int rc = posix_spawn_file_actions_adddup2(&m_actions, fd, target); rc != 0)
        {
            throw SystemError("posix_spawn_file_actions_adddup2", rc);
        }
    }

    /** @return the actions */
    posix_spawn_file_actions_t* Get() { return &m_actions; }

private:
    posix_spawn_file_actions_t m_actions; //!< the actions
};

/** posix_spawn attributes, destroyed with the object. */
class SpawnAttributes
{
public:
    SpawnAttributes()
    {
        if (int rc = posix_spawnattr_init(&m_attr); rc != 0)
        {
            throw SystemError("posix_spawnattr_init", rc);
        }
    }

    ~SpawnAttributes() { posix_spawnattr_destroy(&m_attr); }

    SpawnAttributes(const SpawnAttributes&) = delete;
    SpawnAttributes& operator=(const SpawnAttributes&) = delete;

    /** @return the attributes */
    posix_spawnattr_t* Get() { return &m_attr; }

private:
    posix_spawnattr_t m_attr; //!< the attributes
};

/**
 * Ignores SIGPIPE while alive, so that a child that exits without reading all its input
 * makes write() fail with EPIPE instead of killing dtwin.
 */
class IgnoreSigpipe
{
public:
    IgnoreSigpipe()
    {
        struct sigaction ignore
        {
        };
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        m_saved = sigaction(SIGPIPE, &ignore, &m_previous) == 0;
    }

    ~IgnoreSigpipe()
    {
        if (m_saved)
        {
            sigaction(SIGPIPE, &m_previous, nullptr);
        }
    }

    IgnoreSigpipe(const IgnoreSigpipe&) = delete;
    IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

private:
    struct sigaction m_previous
    {
    };                   //!< the handler to restore
    bool m_saved{false}; //!< m_previous is valid
};

/**
 * Wait for a child, retrying on EINTR.
 * @param pid the child
 * @return its wait status
 */
int
WaitFor(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
    {
        if (errno != EINTR)
        {
            throw SystemError("waitpid", errno);
        }
    }
    return status;
}

} // namespace

Subprocess::Subprocess(const std::string& program, const std::vector<std::string>& args)
    : m_program(program)
{
    UniqueFd childIn;
    UniqueFd childOut;
    UniqueFd childErr;
    MakePipe(childIn, m_in);
    MakePipe(m_out, childOut);
    MakePipe(m_err, childErr);

    SpawnActions actions;
    actions.Dup(childIn.Get(), STDIN_FILENO);
    actions.Dup(childOut.Get(), STDOUT_FILENO);
    actions.Dup(childErr.Get(), STDERR_FILENO);
    // The child starts with default SIGPIPE handling whatever dtwin does with it.
    SpawnAttributes attributes;
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(attributes.Get(), &defaults);
    posix_spawnattr_setflags(attributes.Get(), POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> argvText;
    argvText.push_back(program);
    argvText.insert(argvText.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argvText)
    {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);

    pid_t pid = -1;
    int rc =
        posix_spawnp(&pid, program.c_str(), actions.Get(), attributes.Get(), argv.data(), environ);
    if (rc == ENOENT)
    {
        throw ProgramNotFoundError("program '" + program + "' not found on PATH");
    }
    if (rc != 0)
    {
        throw SystemError("cannot start " + program, rc);
    }
    m_pid = pid;
    // The child ends close with these objects: EOF arrives when the child closes its copies.
}

Subprocess::~Subprocess()
{
    if (m_pid > 0)
    {
        kill(m_pid, SIGKILL);
        int status = 0;
        while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR)
        {
        }
    }
}

ProcessOutput
Subprocess::Communicate(const std::string& input)
{
    if (m_pid <= 0)
    {
        throw std::runtime_error(m_program + ": Communicate called twice");
    }
    IgnoreSigpipe guard;
    if (fcntl(m_in.Get(), F_SETFL, fcntl(m_in.Get(), F_GETFL) | O_NONBLOCK) != 0)
    {
        throw SystemError("fcntl", errno);
    }
    ProcessOutput result;
    std::size_t written = 0;
    if (input.empty())
    {
        m_in.Reset();
    }
    char buffer[65536];
    while (m_in.Get() >= 0 || m_out.Get() >= 0 || m_err.Get() >= 0)
    {
        // A closed descriptor (-1) is skipped by poll.
        pollfd fds[3] = {
            {m_in.Get(), POLLOUT, 0}, {m_out.Get(), POLLIN, 0}, {m_err.Get(), POLLIN, 0}};
        if (poll(fds, 3, -1) < 0)
        {
            if (errno == EINTR)
            {
                continue;
            }
            throw SystemError("poll", errno);
        }
        if (fds[0].revents != 0)
        {
            ssize_t n = write(m_in.Get(), input.data() + written, input.size() - written);
            if (n > 0)
            {
                written += static_cast<std::size_t>(n);
            }
            else if (n < 0 && errno != EAGAIN && errno != EINTR)
            {
                // EPIPE: the child stopped reading; its exit status tells why.
                if (errno != EPIPE)
                {
                    throw SystemError("write to " + m_program, errno);
                }
                written = input.size();
            }
            if (written == input.size())
            {
                m_in.Reset();
            }
        }
        for (int i = 1; i < 3; ++i)
        {
            if (fds[i].revents == 0)
            {
                continue;
            }
            UniqueFd& fd = i == 1 ? m_out : m_err;
            ssize_t n = read(fd.Get(), buffer, sizeof(buffer));
            if (n > 0)
            {
                (i == 1 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
            }
            else if (n == 0)
            {
                fd.Reset();
            }
            else if (errno != EINTR && errno != EAGAIN)
            {
                throw SystemError("read from " + m_program, errno);
            }
        }
    }
    int status = WaitFor(m_pid);
    m_pid = -1;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::string
RunProgram(const std::string& program, const std::vector<std::string>& args,
           const std::string& input, const std::string& missingHint)
{
    ProcessOutput output;
    try
    {
        Subprocess child(program, args);
        output = child.Communicate(input);
    }
    catch (const ProgramNotFoundError&)
    {
        throw ProgramNotFoundError(missingHint);
    }
    if (output.exitCode != 0)
    {
        std::string err = output.err.substr(0, 2000);
        while (!err.empty() && (err.back() == '\n' || err.back() == '\r'))
        {
            err.pop_back();
        }
        throw std::runtime_error(program + " failed (exit code " + std::to_string(output.exitCode) +
                                 ")" + (err.empty() ? std::string() : ": " + err));
    }
    return output.out;
}

} // namespace cli
} // namespace ns3
