/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin: the command line of the ns-3 Digital Twin Network. Dispatches to one sub-command,
// maps every failure to the documented exit codes (0 ok, 1 bad input/usage, 2 internal; 3 is
// returned by the commands that judge objectives).

#include "cli-common.h"
#include "report-command.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

const std::vector<Command>&
Commands()
{
    static const std::vector<Command> commands = {
        ImportCommand(),    SnapshotsCommand(), ShowCommand(),          RunCommand(),
        RunsCommand(),      SweepsCommand(),    ResultsCommand(),       DiffCommand(),
        ReplayCommand(),    ReportCommand(),    ImportTrafficCommand(), TrafficCommand(),
        ChangeSetCommand(), SyncCommand()};
    return commands;
}

std::unique_ptr<TwinStore>
OpenStore(const ParsedArgs& args)
{
    try
    {
        auto store = std::make_unique<TwinStore>(args.db);
        // Writes queue behind another process's (a long import-traffic, say): tell the person
        // why nothing happens rather than wait silently.
        std::string db = args.db;
        store->SetLockWaitNotice(
            [db](double waited)
            {
                std::cerr << "note: waiting for another process to finish writing to " << db << " ("
                          << static_cast<long>(waited) << " s so far)\n";
            },
            std::chrono::seconds(2));
        return store;
    }
    catch (const TwinStoreError& e)
    {
        throw UsageError(std::string("cannot use twin store: ") + e.what());
    }
}

TwinSnapshotInfo
RequireSnapshot(TwinStore& store, const std::string& ref)
{
    std::optional<TwinSnapshotInfo> info;
    try
    {
        info = store.FindSnapshot(ref);
    }
    catch (const TwinStoreError& e)
    {
        throw UsageError(e.what());
    }
    if (!info)
    {
        throw UsageError("no snapshot '" + ref + "' in " + store.GetPath() +
                         " (see 'dtwin snapshots')");
    }
    return *info;
}

TableFormat
FormatOption(const ParsedArgs& args)
{
    TableFormat format = TableFormat::Text;
    if (args.vm.count("format") && !ParseTableFormat(args.vm["format"].as<std::string>(), format))
    {
        throw UsageError("--format must be table, csv or json");
    }
    return format;
}

struct Progress::Impl
{
    std::string what;                   //!< label
    std::string status;                 //!< latest status
    std::function<std::string()> track; //!< changing status (Track), or empty
    std::mutex mutex;                   //!< guards status, track and stop
    std::condition_variable wake;       //!< ends the wait early
    bool stop{false};                   //!< set by the destructor
    bool printed{false};                //!< a line is on screen
    std::thread worker;                 //!< prints every half second
};

Progress::Progress(std::string what) : m_impl(std::make_unique<Impl>())
{
    m_impl->what = std::move(what);
    if (!isatty(STDERR_FILENO))
    {
        return;
    }
    m_impl->worker = std::thread(
        [impl = m_impl.get()]
        {
            auto start = std::chrono::steady_clock::now();
            std::unique_lock<std::mutex> lock(impl->mutex);
            // Quiet for the first second: short work shows no progress at all.
            if (impl->wake.wait_for(lock, std::chrono::seconds(1), [impl] { return impl->stop; }))
            {
                return;
            }
            do
            {
                double elapsed =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                std::string status = impl->track ? impl->track() : impl->status;
                std::cerr << "\r\033[K" << impl->what << ": " << status << ", "
                          << static_cast<int>(elapsed) << " s elapsed" << std::flush;
                impl->printed = true;
            } while (!impl->wake.wait_for(lock, std::chrono::milliseconds(500),
                                          [impl] { return impl->stop; }));
        });
}

Progress::~Progress()
{
    {
        std::lock_guard<std::mutex> lock(m_impl->mutex);
        m_impl->stop = true;
    }
    m_impl->wake.notify_all();
    if (m_impl->worker.joinable())
    {
        m_impl->worker.join();
    }
    if (m_impl->printed)
    {
        std::cerr << "\r\033[K" << std::flush;
    }
}

void
Progress::Update(const std::string& status)
{
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    m_impl->status = status;
    m_impl->track = nullptr;
}

void
Progress::Track(std::function<std::string()> status)
{
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    m_impl->track = std::move(status);
}

namespace
{

/**
 * Print the top-level help.
 * @param os the stream
 */
void
PrintMainHelp(std::ostream& os)
{
    os << "dtwin - ns-3 Digital Twin Network\n\n"
          "Usage: dtwin COMMAND [OPTIONS] [ARGS]\n\nCommands:\n";
    for (const auto& c : Commands())
    {
        std::string name = c.name;
        name.resize(12, ' ');
        os << "  " << name << c.summary << "\n";
    }
    os << "\nEvery command takes --db PATH (default ./twin.db), --limit NAME=VALUE (input "
          "limits, see doc/cli.md) and --help.\n"
          "Exit codes: 0 success, 1 bad input or usage, 2 internal error, 3 a scenario ran and "
          "one of its objectives is violated, 4 a device drifted from the snapshot (sync "
          "drift, sync push).\n";
}

/**
 * Parse and run one sub-command.
 * @param cmd the command
 * @param args its arguments (after the command name)
 * @return exit code
 */
int
RunCommandLine(const Command& cmd, const std::vector<std::string>& args)
{
    po::options_description opts("Options");
    opts.add_options()("db", po::value<std::string>()->default_value("twin.db"),
                       "twin store file")("help,h", "show this help")(
        "limit", po::value<std::vector<std::string>>()->composing(),
        "raise (or lower) an input limit, NAME=VALUE, repeatable: file-bytes (256M), nodes "
        "(100000), links (1000000), routes (10000000), demands (1000000), depth (64), open-flows "
        "(2000000)");
    po::positional_options_description positional;
    cmd.declare(opts, positional);
    ParsedArgs parsed;
    try
    {
        po::store(po::command_line_parser(args).options(opts).positional(positional).run(),
                  parsed.vm);
        if (!parsed.vm.count("help"))
        {
            po::notify(parsed.vm);
        }
    }
    catch (const po::error& e)
    {
        throw UsageError(e.what());
    }
    if (parsed.vm.count("help"))
    {
        std::cout << "Usage: dtwin " << cmd.name << " " << cmd.usage << "\n\n"
                  << cmd.summary << "\n\n"
                  << opts << "\n";
        return EXIT_OK;
    }
    parsed.db = parsed.vm["db"].as<std::string>();
    if (parsed.vm.count("limit"))
    {
        for (const auto& assignment : parsed.vm["limit"].as<std::vector<std::string>>())
        {
            std::string error = SetTwinInputLimit(parsed.limits, assignment);
            if (!error.empty())
            {
                throw UsageError("--limit: " + error);
            }
        }
    }
    return cmd.run(parsed);
}

} // namespace

} // namespace cli
} // namespace ns3

int
main(int argc, char* argv[])
{
    using namespace ns3::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help")
    {
        PrintMainHelp(args.empty() ? std::cerr : std::cout);
        return args.empty() ? EXIT_BAD_INPUT : EXIT_OK;
    }
    if (args[0] == "--version")
    {
        std::cout << "dtwin 0.1 (ns-3 3.37, store schema " << ns3::TwinStore::SchemaVersion()
                  << ")\n";
        return EXIT_OK;
    }
    const Command* cmd = nullptr;
    for (const auto& c : Commands())
    {
        if (c.name == args[0])
        {
            cmd = &c;
        }
    }
    if (cmd == nullptr)
    {
        std::cerr << "dtwin: unknown command '" << args[0] << "' (see 'dtwin --help')\n";
        return EXIT_BAD_INPUT;
    }
    try
    {
        return RunCommandLine(*cmd, {args.begin() + 1, args.end()});
    }
    catch (const UsageError& e)
    {
        std::cerr << "dtwin " << cmd->name << ": " << e.what() << "\n";
        return EXIT_BAD_INPUT;
    }
    catch (const std::exception& e)
    {
        std::cerr << "dtwin " << cmd->name << ": internal error: " << e.what() << "\n";
        return EXIT_INTERNAL;
    }
}
