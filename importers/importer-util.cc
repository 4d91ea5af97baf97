/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "importer-util.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <system_error>

namespace ns3
{

namespace
{

/** Mean Earth radius in metres. */
constexpr double kEarthRadiusMeters = 6371e3;
/** Pi, for degrees to radians. */
constexpr double kPi = 3.14159265358979323846;
/** 2^63, the first rate the store cannot keep, as a double. */
constexpr double kFirstUnstorableRate = 9223372036854775808.0;

} // namespace

double
GreatCircleMeters(double lat1Deg, double lon1Deg, double lat2Deg, double lon2Deg)
{
    const double toRad = kPi / 180.0;
    double phi1 = lat1Deg * toRad;
    double phi2 = lat2Deg * toRad;
    double dPhi = (lat2Deg - lat1Deg) * toRad;
    double dLambda = (lon2Deg - lon1Deg) * toRad;
    double h = std::sin(dPhi / 2) * std::sin(dPhi / 2) +
               std::cos(phi1) * std::cos(phi2) * std::sin(dLambda / 2) * std::sin(dLambda / 2);
    // Rounding can push h of antipodes just above 1, where asin is NaN.
    return 2 * kEarthRadiusMeters * std::asin(std::sqrt(std::min(1.0, h)));
}

double
FibreDelaySeconds(double meters)
{
    return meters / kFibreMetersPerSecond;
}

std::optional<double>
DelayFromCoordinates(const TwinNode& a, const TwinNode& b)
{
    if (!a.latitudeDeg || !a.longitudeDeg || !b.latitudeDeg || !b.longitudeDeg)
    {
        return std::nullopt;
    }
    return FibreDelaySeconds(
        GreatCircleMeters(*a.latitudeDeg, *a.longitudeDeg, *b.latitudeDeg, *b.longitudeDeg));
}

namespace importer
{

std::string
Trim(const std::string& text)
{
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
    {
        return "";
    }
    auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

std::string
Lower(std::string text)
{
    // ASCII only: ids and keywords are compared byte by byte, whatever the locale.
    for (char& c : text)
    {
        if (c >= 'A' && c <= 'Z')
        {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return text;
}

bool
EndsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string
FormatNumber(double value)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.15g", value);
    return buf;
}

std::optional<double>
ParseNumber(const std::string& text)
{
    const char* first = text.data();
    const char* last = text.data() + text.size();
    const char* digits = first;
    if (first != last && *first == '+')
    {
        ++first; // from_chars takes '-' but not '+'
        digits = first;
    }
    else if (first != last && *first == '-')
    {
        digits = first + 1;
    }
    // A digit or a point must come first: this rules out "inf", "nan" and a second sign.
    if (digits == last || !(std::isdigit(static_cast<unsigned char>(*digits)) || *digits == '.'))
    {
        return std::nullopt;
    }
    double value = 0;
    auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
    if (ec != std::errc() || end != last || !std::isfinite(value))
    {
        return std::nullopt;
    }
    return value;
}

std::optional<uint64_t>
ParseUnsigned(const std::string& text)
{
    if (text.empty() || !std::all_of(text.begin(), text.end(),
                                     [](unsigned char c) { return c >= '0' && c <= '9'; }))
    {
        return std::nullopt;
    }
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
    {
        return std::nullopt;
    }
    return value;
}

std::optional<int64_t>
ToInteger(double value)
{
    // [-2^63, 2^63) is exactly representable at its ends; casting outside it is undefined.
    if (!std::isfinite(value) || value != std::trunc(value) || value < -kFirstUnstorableRate ||
        value >= kFirstUnstorableRate)
    {
        return std::nullopt;
    }
    return static_cast<int64_t>(value);
}

std::optional<uint64_t>
RateToBps(double bps, std::string& problem)
{
    if (!std::isfinite(bps))
    {
        problem = "not finite";
        return std::nullopt;
    }
    if (bps < 1)
    {
        problem = "below 1 bit/s";
        return std::nullopt;
    }
    if (bps >= kFirstUnstorableRate)
    {
        problem = "above " + std::to_string(kMaxStoredInteger) + " bit/s";
        return std::nullopt;
    }
    return static_cast<uint64_t>(std::llround(bps));
}

std::string
UniqueId(const std::string& wanted, std::unordered_set<std::string>& used)
{
    std::string id = wanted;
    for (int n = 2; used.count(id) > 0; ++n)
    {
        id = wanted + "-" + std::to_string(n);
    }
    used.insert(id);
    return id;
}

std::optional<std::string>
ReadTextFile(const std::string& path, const std::string& what, TwinDiagnostics& diagnostics)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        diagnostics.Error({path, 0, ""}, "cannot open the " + what + ": " + std::strerror(errno));
        return std::nullopt;
    }
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0)
    {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    // eof ends a complete read; bad means the read itself failed (e.g. a directory, EIO).
    if (in.bad() || !in.eof())
    {
        diagnostics.Error({path, 0, ""}, "cannot read the " + what + ": reading failed after " +
                                             std::to_string(text.size()) + " bytes");
        return std::nullopt;
    }
    return text;
}

std::optional<std::string>
ReadSourceFile(const std::string& path, const std::string& what, TwinImportResult& result)
{
    std::optional<std::string> text = ReadTextFile(path, what, result.diagnostics);
    if (!text)
    {
        return std::nullopt;
    }
    result.sources.push_back({path, Sha256OfString(*text), static_cast<uint64_t>(text->size())});
    if (text->find_first_not_of(" \t\r\n") == std::string::npos)
    {
        result.diagnostics.Error({path, 0, ""}, "the " + what + " is empty");
        return std::nullopt;
    }
    return text;
}

LineTable::LineTable(const std::string& text)
{
    for (std::size_t i = text.find('\n'); i != std::string::npos; i = text.find('\n', i + 1))
    {
        m_newlines.push_back(i);
    }
}

uint32_t
LineTable::LineOf(std::size_t offset) const
{
    return static_cast<uint32_t>(std::upper_bound(m_newlines.begin(), m_newlines.end(), offset) -
                                 m_newlines.begin()) +
           1;
}

TwinImportResult
ImportSourceFile(
    const std::string& path, const std::string& what, const std::string& format,
    const std::function<TwinImportResult(const std::string& text, const std::string& file)>& parse)
{
    // The digest recorded is that of the bytes parsed: the file is read once.
    TwinImportResult read;
    std::optional<std::string> text = ReadSourceFile(path, what, read);
    if (!text)
    {
        read.importer = format;
        return read;
    }
    TwinImportResult result = parse(*text, path);
    result.sources = read.sources;
    return result;
}

} // namespace importer

} // namespace ns3
