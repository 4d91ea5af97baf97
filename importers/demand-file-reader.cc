/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "demand-file-reader.h"

#include "importer-util.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>

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

using importer::FormatNumber;
using importer::Lower;
using importer::Trim;

/** The UTF-8 byte order mark, which spreadsheets write before "CSV UTF-8" text. */
const std::string kUtf8Bom = "\xEF\xBB\xBF";

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

} // namespace

std::vector<TwinDemand>
ParseDemandCsv(const std::string& text, const std::string& fileName, TwinDiagnostics& diagnostics,
               uint64_t maxDemands)
{
    std::vector<TwinDemand> demands;
    if (!importer::CheckUtf8(text, fileName, "demand file", diagnostics))
    {
        return demands;
    }
    // A byte order mark is no part of the first column's name.
    std::istringstream in(
        text.compare(0, kUtf8Bom.size(), kUtf8Bom) == 0 ? text.substr(kUtf8Bom.size()) : text);
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
            else if (auto v = importer::ParseNumber(rate))
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
            else if (auto v = importer::ParseUnsigned(bytes))
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
            if (auto v = importer::ParseNumber(start))
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
            if (auto v = importer::ParseNumber(stop))
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
            auto v = importer::ParseUnsigned(packet);
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
            if (demands.size() >= maxDemands)
            {
                diagnostics.Error(where, "too many demands: " +
                                             TwinLimitMessage("demands", demands.size() + 1,
                                                              maxDemands, "demands") +
                                             "; reading stopped here");
                break;
            }
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
ReadDemandFile(const std::string& path, TwinDiagnostics& diagnostics, const TwinInputLimits& limits)
{
    std::optional<std::string> text =
        importer::ReadTextFile(path, "demand file", diagnostics, limits.maxFileBytes);
    if (!text)
    {
        return {};
    }
    return ParseDemandCsv(*text, path, diagnostics, limits.maxDemands);
}

void
ValidateDemands(const TwinNetwork& network, const std::vector<TwinDemand>& demands,
                TwinDiagnostics& diagnostics)
{
    std::vector<TwinDemandProblem> problems = CheckDemands(network, demands);
    auto next = problems.begin();
    for (std::size_t i = 0; i < demands.size(); ++i)
    {
        const TwinDemand& d = demands[i];
        for (; next != problems.end() && next->demand == i; ++next)
        {
            diagnostics.Error(d.source, next->message);
        }
        // Valid for a simulation (the traffic helper skips it), but a row that never sends is
        // a mistake in input.
        if (d.stopSeconds && std::isfinite(*d.stopSeconds) && !(*d.stopSeconds > d.startSeconds))
        {
            std::string label = d.id.empty() ? "demand " + d.sourceNode + " -> " + d.destNode
                                             : "demand '" + d.id + "'";
            diagnostics.Error(d.source, label + ": stop time " + FormatNumber(*d.stopSeconds) +
                                            " s is not after the start time " +
                                            FormatNumber(d.startSeconds) + " s");
        }
    }
}

} // namespace ns3
