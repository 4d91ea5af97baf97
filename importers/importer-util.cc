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
#include <filesystem>
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
ReadTextFile(const std::string& path, const std::string& what, TwinDiagnostics& diagnostics,
             uint64_t maxBytes)
{
    auto tooLarge = [&](uint64_t bytes)
    {
        diagnostics.Error({path, 0, ""},
                          "the " + what + " is too large: " +
                              TwinLimitMessage("bytes", bytes, maxBytes, "file-bytes"));
    };
    // Refuse a regular file by its size before reading any of it.
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec))
    {
        uint64_t size = std::filesystem::file_size(path, ec);
        if (!ec && size > maxBytes)
        {
            tooLarge(size);
            return std::nullopt;
        }
    }
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
        if (text.size() > maxBytes)
        {
            tooLarge(text.size()); // a pipe or a growing file: at least this much
            return std::nullopt;
        }
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
ReadSourceFile(const std::string& path, const std::string& what, TwinImportResult& result,
               uint64_t maxBytes)
{
    std::optional<std::string> text = ReadTextFile(path, what, result.diagnostics, maxBytes);
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

bool
CheckUtf8(const std::string& text, const std::string& file, const std::string& what,
          TwinDiagnostics& diagnostics)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    uint32_t line = 1;
    for (std::size_t i = 0; i < n;)
    {
        unsigned char c = bytes[i];
        std::size_t length = 0;
        uint32_t code = 0;
        uint32_t least = 0;
        if (c < 0x80)
        {
            line += c == '\n' ? 1 : 0;
            ++i;
            continue;
        }
        else if ((c & 0xE0) == 0xC0)
        {
            length = 2;
            code = c & 0x1F;
            least = 0x80;
        }
        else if ((c & 0xF0) == 0xE0)
        {
            length = 3;
            code = c & 0x0F;
            least = 0x800;
        }
        else if ((c & 0xF8) == 0xF0)
        {
            length = 4;
            code = c & 0x07;
            least = 0x10000;
        }
        bool ok = length > 0 && i + length <= n;
        for (std::size_t k = 1; ok && k < length; ++k)
        {
            ok = (bytes[i + k] & 0xC0) == 0x80;
            code = (code << 6) | (bytes[i + k] & 0x3F);
        }
        ok = ok && code >= least && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
        if (!ok)
        {
            char hex[8];
            std::snprintf(hex, sizeof(hex), "0x%02x", c);
            diagnostics.Error({file, line, ""},
                              "the " + what + " is not UTF-8 text: byte " + hex + " at offset " +
                                  std::to_string(i) +
                                  " (convert it first, e.g. iconv -f latin1 -t utf-8)");
            return false;
        }
        i += length;
    }
    return true;
}

bool
CheckNestingDepth(const std::string& text, bool xml, uint32_t maxDepth, const std::string& file,
                  TwinDiagnostics& diagnostics)
{
    uint32_t depth = 0;
    uint32_t line = 1;
    const std::size_t n = text.size();
    // Moves i past the first occurrence of end (counting lines); false if there is none.
    auto skipPast = [&](std::size_t& i, const char* end)
    {
        std::size_t found = text.find(end, i);
        std::size_t stop = found == std::string::npos ? n : found + std::strlen(end);
        line += static_cast<uint32_t>(std::count(text.begin() + i, text.begin() + stop, '\n'));
        i = stop;
    };
    for (std::size_t i = 0; i < n;)
    {
        char c = text[i];
        bool opened = false;
        if (c == '\n')
        {
            ++line;
            ++i;
        }
        else if (!xml && c == '"')
        {
            // A JSON string: brackets inside do not nest.
            for (++i; i < n && text[i] != '"'; ++i)
            {
                if (text[i] == '\\')
                {
                    ++i;
                }
                else if (text[i] == '\n')
                {
                    ++line;
                }
            }
            ++i;
        }
        else if (!xml && (c == '{' || c == '['))
        {
            opened = true;
            ++i;
        }
        else if (!xml && (c == '}' || c == ']'))
        {
            depth -= depth > 0 ? 1 : 0;
            ++i;
        }
        else if (xml && c == '<')
        {
            if (text.compare(i, 4, "<!--") == 0)
            {
                skipPast(i, "-->");
            }
            else if (text.compare(i, 9, "<![CDATA[") == 0)
            {
                skipPast(i, "]]>");
            }
            else if (text.compare(i, 2, "<?") == 0)
            {
                skipPast(i, "?>");
            }
            else if (text.compare(i, 2, "<!") == 0 || text.compare(i, 2, "</") == 0)
            {
                depth -= (text[i + 1] == '/' && depth > 0) ? 1 : 0;
                skipPast(i, ">");
            }
            else
            {
                // A start tag: quoted attribute values may hold '>'.
                char quote = 0;
                for (++i; i < n && (quote != 0 || text[i] != '>'); ++i)
                {
                    if (text[i] == '\n')
                    {
                        ++line;
                    }
                    else if (quote == 0 && (text[i] == '"' || text[i] == '\''))
                    {
                        quote = text[i];
                    }
                    else if (text[i] == quote)
                    {
                        quote = 0;
                    }
                }
                opened = i < n && text[i - 1] != '/';
                ++i;
            }
        }
        else
        {
            ++i;
        }
        if (opened && ++depth > maxDepth)
        {
            diagnostics.Error({file, line, ""},
                              "the document nests too deep: " +
                                  TwinLimitMessage("levels", depth, maxDepth, "depth") +
                                  "; nothing was parsed");
            return false;
        }
    }
    return true;
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
    const std::function<TwinImportResult(const std::string& text, const std::string& file)>& parse,
    uint64_t maxBytes)
{
    // The digest recorded is that of the bytes parsed: the file is read once.
    TwinImportResult read;
    std::optional<std::string> text = ReadSourceFile(path, what, read, maxBytes);
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
