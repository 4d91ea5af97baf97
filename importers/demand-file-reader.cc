/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "demand-file-reader.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace ns3
{

namespace
{

/** The columns a demand file may have, in the documented order. */
const std::vector<std::string> kColumns = {"id",       "source",   "destination",
                                           "protocol", "rate_bps", "bytes",
                                           "start_s",  "stop_s",   "packet_bytes"};

/** Columns every demand file must have. */
const std::vector<std::string> kRequiredColumns = {"id", "source", "destination", "protocol"};

/**
 * @param text any text
 * @return the text without leading and trailing white space
 */
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

/**
 * @param text any text
 * @return the text in lower case
 */
std::string
Lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/**
 * Format a number for a message without a trailing ".000000".
 * @param value the number
 * @return the text
 */
std::string
Num(double value)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.15g", value);
    return buf;
}

/**
 * Split one CSV line into trimmed cells. Cells may be double-quoted ("" inside quotes is a
 * quote), so ids may contain commas.
 * @param line the line without its newline
 * @param cells receives the cells
 * @return an error text, or empty on success
 */
std::string
SplitCsv(const std::string& line, std::vector<std::string>& cells)
{
    cells.clear();
    std::string cell;
    bool quoted = false;
    bool wasQuoted = false;
    for (std::size_t i = 0; i < line.size(); ++i)
    {
        char c = line[i];
        if (quoted)
        {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
            {
                cell += '"';
                ++i;
            }
            else if (c == '"')
            {
                quoted = false;
            }
            else
            {
                cell += c;
            }
        }
        else if (c == '"' && Trim(cell).empty() && !wasQuoted)
        {
            cell.clear();
            quoted = true;
            wasQuoted = true;
        }
        else if (c == ',')
        {
            cells.push_back(wasQuoted ? cell : Trim(cell));
            cell.clear();
            wasQuoted = false;
        }
        else if (wasQuoted)
        {
            if (c != ' ' && c != '\t' && c != '\r')
            {
                return "text after a closing quote";
            }
        }
        else
        {
            cell += c;
        }
    }
    if (quoted)
    {
        return "a quoted cell is not closed";
    }
    cells.push_back(wasQuoted ? cell : Trim(cell));
    return "";
}

/**
 * Parse a finite decimal number (the whole text).
 * @param text the cell
 * @return the value, or nothing
 */
std::optional<double>
ParseReal(const std::string& text)
{
    if (text.empty())
    {
        return std::nullopt;
    }
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v))
    {
        return std::nullopt;
    }
    return v;
}

/**
 * Parse a non-negative integer (the whole text, digits only).
 * @param text the cell
 * @return the value, or nothing
 */
std::optional<uint64_t>
ParseCount(const std::string& text)
{
    if (text.empty() || !std::all_of(text.begin(), text.end(),
                                     [](unsigned char c) { return std::isdigit(c) != 0; }))
    {
        return std::nullopt;
    }
    errno = 0;
    unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE)
    {
        return std::nullopt;
    }
    return static_cast<uint64_t>(v);
}

} // namespace

std::vector<TwinDemand>
ParseDemandCsv(const std::string& text, const std::string& fileName, TwinDiagnostics& diagnostics)
{
    std::vector<TwinDemand> demands;
    std::istringstream in(text);
    std::string line;
    uint32_t lineNo = 0;
    // Column name -> cell index, known once the header is read.
    std::map<std::string, std::size_t> column;
    std::size_t columnCount = 0;
    bool haveHeader = false;
    std::vector<std::string> cells;
    while (std::getline(in, line))
    {
        ++lineNo;
        TwinSourceRef where{fileName, lineNo, ""};
        std::string trimmed = Trim(line);
        if (trimmed.empty() || trimmed[0] == '#')
        {
            continue;
        }
        std::string splitError = SplitCsv(line, cells);
        if (!splitError.empty())
        {
            diagnostics.Error(where, "cannot read the row: " + splitError);
            if (!haveHeader)
            {
                return demands;
            }
            continue;
        }
        if (!haveHeader)
        {
            haveHeader = true;
            bool headerOk = true;
            for (std::size_t i = 0; i < cells.size(); ++i)
            {
                std::string name = Lower(cells[i]);
                if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end())
                {
                    diagnostics.Error(where,
                                      "unknown column '" + cells[i] +
                                          "' in the header; known columns: "
                                          "id,source,destination,protocol,rate_bps,bytes,start_s,"
                                          "stop_s,packet_bytes");
                    headerOk = false;
                }
                else if (!column.emplace(name, i).second)
                {
                    diagnostics.Error(where, "column '" + name + "' appears twice in the header");
                    headerOk = false;
                }
            }
            for (const auto& required : kRequiredColumns)
            {
                if (column.count(required) == 0)
                {
                    diagnostics.Error(where,
                                      "the header lacks the column '" + required +
                                          "' (the first line that is not blank or a # comment "
                                          "must be the header)");
                    headerOk = false;
                }
            }
            if (!headerOk)
            {
                return demands;
            }
            columnCount = cells.size();
            continue;
        }
        if (cells.size() != columnCount)
        {
            diagnostics.Error(where, "the row has " + std::to_string(cells.size()) +
                                         " cells but the header has " +
                                         std::to_string(columnCount));
            continue;
        }
        auto cell = [&](const std::string& name) -> std::string
        {
            auto it = column.find(name);
            return it == column.end() ? std::string() : cells[it->second];
        };

        TwinDemand d;
        d.source = where;
        d.id = cell("id");
        d.sourceNode = cell("source");
        d.destNode = cell("destination");
        std::string label = d.id.empty() ? "demand" : "demand '" + d.id + "'";
        bool rowOk = true;
        auto fail = [&](const std::string& message)
        {
            diagnostics.Error(where, label + ": " + message);
            rowOk = false;
        };
        for (const char* name : {"id", "source", "destination"})
        {
            if (cell(name).empty())
            {
                fail(std::string("the '") + name + "' cell is empty");
            }
        }

        std::string protocol = Lower(cell("protocol"));
        if (protocol == "udp")
        {
            d.protocol = TwinProtocol::Udp;
        }
        else if (protocol == "tcp")
        {
            d.protocol = TwinProtocol::Tcp;
        }
        else
        {
            fail("protocol '" + cell("protocol") + "' is not udp or tcp");
        }

        std::string rate = cell("rate_bps");
        std::string bytes = cell("bytes");
        if (protocol == "udp")
        {
            if (rate.empty())
            {
                fail("a udp demand needs rate_bps");
            }
            else if (auto v = ParseReal(rate))
            {
                d.rateBps = *v;
            }
            else
            {
                fail("rate_bps '" + rate + "' is not a number");
            }
            if (!bytes.empty())
            {
                diagnostics.Warning(where, label + ": bytes is ignored for a udp demand");
            }
        }
        else if (protocol == "tcp")
        {
            if (bytes.empty())
            {
                fail("a tcp demand needs bytes (0 = unlimited)");
            }
            else if (auto v = ParseCount(bytes))
            {
                d.bytes = *v;
            }
            else
            {
                fail("bytes '" + bytes + "' is not a whole number of bytes");
            }
            if (!rate.empty())
            {
                diagnostics.Warning(where, label + ": rate_bps is ignored for a tcp demand");
            }
        }

        std::string start = cell("start_s");
        if (!start.empty())
        {
            if (auto v = ParseReal(start))
            {
                d.startSeconds = *v;
            }
            else
            {
                fail("start_s '" + start + "' is not a number");
            }
        }
        std::string stop = cell("stop_s");
        if (!stop.empty())
        {
            if (auto v = ParseReal(stop))
            {
                d.stopSeconds = *v;
            }
            else
            {
                fail("stop_s '" + stop + "' is not a number");
            }
        }
        std::string packet = cell("packet_bytes");
        if (!packet.empty())
        {
            auto v = ParseCount(packet);
            if (v && *v <= 65507)
            {
                d.packetBytes = static_cast<uint32_t>(*v);
            }
            else
            {
                fail("packet_bytes '" + packet + "' is not a whole number up to 65507");
            }
        }
        if (rowOk)
        {
            demands.push_back(std::move(d));
        }
    }
    if (!haveHeader)
    {
        diagnostics.Error({fileName, 0, ""},
                          "no header line: expected "
                          "id,source,destination,protocol,rate_bps,bytes,start_s,stop_s,"
                          "packet_bytes");
    }
    return demands;
}

std::vector<TwinDemand>
ReadDemandFile(const std::string& path, TwinDiagnostics& diagnostics)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        diagnostics.Error({path, 0, ""}, "cannot open the demand file");
        return {};
    }
    std::ostringstream content;
    content << in.rdbuf();
    return ParseDemandCsv(content.str(), path, diagnostics);
}

void
ValidateDemands(const TwinNetwork& network, const std::vector<TwinDemand>& demands,
                TwinDiagnostics& diagnostics)
{
    std::unordered_set<std::string> nodes;
    for (const auto& n : network.nodes)
    {
        nodes.insert(n.id);
    }
    std::unordered_map<std::string, const TwinDemand*> seen;
    for (const auto& d : demands)
    {
        const TwinSourceRef& where = d.source;
        std::string label = "demand '" + d.id + "'";
        if (d.id.empty())
        {
            label = "demand " + d.sourceNode + " -> " + d.destNode;
            diagnostics.Error(where, label + ": the demand has no id");
        }
        else
        {
            auto [it, inserted] = seen.emplace(d.id, &d);
            if (!inserted)
            {
                diagnostics.Error(where, "duplicate demand id '" + d.id + "' (first defined at " +
                                             it->second->source.ToString() + ")");
            }
        }
        if (nodes.count(d.sourceNode) == 0)
        {
            diagnostics.Error(where,
                              label + ": source node '" + d.sourceNode + "' is not in the network");
        }
        if (nodes.count(d.destNode) == 0)
        {
            diagnostics.Error(where, label + ": destination node '" + d.destNode +
                                         "' is not in the network");
        }
        if (d.sourceNode == d.destNode)
        {
            diagnostics.Error(where, label + ": source and destination are the same node '" +
                                         d.sourceNode + "'");
        }
        if (d.protocol == TwinProtocol::Udp && !(std::isfinite(d.rateBps) && d.rateBps > 0))
        {
            diagnostics.Error(where, label + ": udp rate " + Num(d.rateBps) +
                                         " bit/s is not a positive number");
        }
        if (!std::isfinite(d.startSeconds) || d.startSeconds < 0)
        {
            diagnostics.Error(where, label + ": start time " + Num(d.startSeconds) +
                                         " s is negative or not finite");
        }
        if (d.stopSeconds && (!std::isfinite(*d.stopSeconds) || !(*d.stopSeconds > d.startSeconds)))
        {
            diagnostics.Error(where, label + ": stop time " + Num(*d.stopSeconds) +
                                         " s is not after the start time " + Num(d.startSeconds) +
                                         " s");
        }
        if (d.packetBytes == 0)
        {
            diagnostics.Error(where, label + ": packet size 0 bytes is not positive");
        }
    }
}

} // namespace ns3
