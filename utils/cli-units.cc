/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cli-units.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace ns3
{
namespace cli
{

namespace
{

/**
 * Split "12.5ms" into 12.5 and "ms".
 * @param text the input
 * @param unit receives the unit text, lowercased
 * @return the number, or nothing if there is no finite leading number
 */
std::optional<double>
SplitNumber(const std::string& text, std::string& unit)
{
    if (text.empty())
    {
        return std::nullopt;
    }
    const char* begin = text.c_str();
    char* end = nullptr;
    double value = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(value))
    {
        return std::nullopt;
    }
    unit.assign(end);
    unit.erase(
        std::remove_if(unit.begin(), unit.end(), [](unsigned char c) { return std::isspace(c); }),
        unit.end());
    std::transform(unit.begin(), unit.end(), unit.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return value;
}

/**
 * Look up a unit factor.
 * @param unit lowercased unit text
 * @param table (name, factor) pairs
 * @return the factor, or nothing for an unknown unit
 */
std::optional<double>
Factor(const std::string& unit, const std::vector<std::pair<std::string, double>>& table)
{
    for (const auto& [name, factor] : table)
    {
        if (unit == name)
        {
            return factor;
        }
    }
    return std::nullopt;
}

/**
 * Scale a value into the largest unit that keeps it >= 1.
 * @param value the value in base units
 * @param units (suffix, factor) pairs from largest to smallest
 * @return formatted text with three significant digits
 */
std::string
Scaled(double value, const std::vector<std::pair<const char*, double>>& units)
{
    for (const auto& [suffix, factor] : units)
    {
        if (std::fabs(value) >= factor || factor == units.back().second)
        {
            char buf[64];
            std::snprintf(buf, sizeof(buf), "%.3g %s", value / factor, suffix);
            return buf;
        }
    }
    return "";
}

} // namespace

std::optional<double>
ParseDuration(const std::string& text)
{
    std::string unit;
    auto value = SplitNumber(text, unit);
    if (!value || *value < 0)
    {
        return std::nullopt;
    }
    auto factor = Factor(
        unit,
        {{"", 1}, {"s", 1}, {"h", 3600}, {"min", 60}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}});
    if (!factor)
    {
        return std::nullopt;
    }
    return *value * *factor;
}

std::optional<double>
ParseRate(const std::string& text)
{
    std::string unit;
    auto value = SplitNumber(text, unit);
    if (!value || *value <= 0)
    {
        return std::nullopt;
    }
    auto slash = unit.find("b/s");
    if (slash != std::string::npos)
    {
        unit.replace(slash, 3, "bps");
    }
    auto factor = Factor(
        unit, {{"", 1}, {"bps", 1}, {"kbps", 1e3}, {"mbps", 1e6}, {"gbps", 1e9}, {"tbps", 1e12}});
    if (!factor)
    {
        return std::nullopt;
    }
    return *value * *factor;
}

std::string
FormatRate(double bps)
{
    return Scaled(
        bps, {{"Tbit/s", 1e12}, {"Gbit/s", 1e9}, {"Mbit/s", 1e6}, {"kbit/s", 1e3}, {"bit/s", 1}});
}

std::string
FormatDuration(double seconds)
{
    return Scaled(seconds, {{"s", 1}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}});
}

std::string
FormatNumber(double value, const char* format)
{
    char text[64];
    std::snprintf(text, sizeof(text), format, value);
    return text;
}

std::string
FormatBytes(double bytes)
{
    return Scaled(bytes, {{"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}, {"B", 1}});
}

} // namespace cli
} // namespace ns3
