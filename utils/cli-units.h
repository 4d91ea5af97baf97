/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_CLI_UNITS_H
#define DTWIN_CLI_UNITS_H

#include <cstdint>
#include <optional>
#include <string>

/**
 * @file
 * Parsing and printing of the quantities users type on the dtwin command line. ns-3's own
 * Time and DataRate parsers abort the process on bad text, which a command line must not do.
 */

namespace ns3
{
namespace cli
{

/**
 * Parse a duration: a number with unit h, min, s, ms, us or ns ("10s", "250ms"); a bare
 * number means seconds.
 * @param text the text
 * @return seconds, or nothing if malformed or negative
 */
std::optional<double> ParseDuration(const std::string& text);

/**
 * Parse a data rate: a number with unit bps, kbps, Mbps, Gbps or Tbps (case-insensitive
 * prefix, "b/s" also accepted); a bare number means bit/s.
 * @param text the text
 * @return bit/s, or nothing if malformed or not positive
 */
std::optional<double> ParseRate(const std::string& text);

/**
 * @param bps a rate in bit/s
 * @return a short human form, e.g. "9.92 Gbit/s"
 */
std::string FormatRate(double bps);

/**
 * @param seconds a duration
 * @return a short human form, e.g. "12.3 ms"
 */
std::string FormatDuration(double seconds);

/**
 * @param value a number
 * @param format printf format for one double
 * @return the number formatted (for figures and reports, where units come separately)
 */
std::string FormatNumber(double value, const char* format = "%g");

/**
 * @param bytes a byte count
 * @return a short human form, e.g. "1.5 MB"
 */
std::string FormatBytes(double bytes);

} // namespace cli
} // namespace ns3

#endif
