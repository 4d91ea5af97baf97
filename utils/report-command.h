/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_REPORT_COMMAND_H
#define DTWIN_REPORT_COMMAND_H

#include "cli-common.h"

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

} // namespace cli
} // namespace ns3

#endif
