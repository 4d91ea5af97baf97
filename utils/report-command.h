/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_REPORT_COMMAND_H
#define DTWIN_REPORT_COMMAND_H

#include "cli-common.h"
#include "report-html.h"

#include <cstddef>
#include <string>
#include <vector>

/**
 * @file
 * The `dtwin report` sub-command (utils/cmd-report.cc).
 */

namespace ns3
{
namespace cli
{

/** @return the report command */
Command ReportCommand();

/**
 * Write the HTML report of one run, or of two side by side (what dtwin report does).
 * @param store the store
 * @param runRefs one or two run ids
 * @param output the HTML file (written to a temporary file, then renamed)
 * @param options report options (storePath and, if empty, generatedAt are filled in)
 * @return the size of the page in bytes
 * @throws UsageError for an unknown run or a missing Graphviz/gnuplot program
 */
std::size_t WriteRunReport(TwinStore& store, const std::vector<std::string>& runRefs,
                           const std::string& output, ReportOptions options);

} // namespace cli
} // namespace ns3

#endif
