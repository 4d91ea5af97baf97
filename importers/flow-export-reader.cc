/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "flow-export-reader.h"

#include "pcap-flow-reader.h"
#include "twin-importer.h"

#include <algorithm>
#include <fstream>
#include <pcap/pcap.h>
#include <sstream>

namespace ns3
{

namespace
{

/** Seconds between the NTP era (1900) and the Unix epoch. */
constexpr double kNtpToUnixSeconds = 2208988800.0;
/** Warnings about skipped parts written per file before they are only counted. */
constexpr uint64_t kMaxSkipWarnings = 20;
/** NetFlow v5 header and record sizes. */
constexpr std::size_t kV5Header = 24;
constexpr std::size_t kV5Record = 48;
/** NetFlow v9 and IPFIX header sizes. */
constexpr std::size_t kV9Header = 20;
constexpr std::size_t kIpfixHeader = 16;

uint16_t
Be16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t
Be32(const uint8_t* p)
{
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

/** An unsigned integer of 1..8 bytes (reduced-size encoding); longer fields keep the tail. */
uint64_t
BeN(const uint8_t* p, std::size_t length)
{
    uint64_t value = 0;
    std::size_t start = length > 8 ? length - 8 : 0;
    for (std::size_t i = start; i < length; ++i)
    {
        value = (value << 8) | p[i];
    }
    return value;
}

/** A location with a path, e.g. "set 2 record 3". */
TwinSourceRef
At(const TwinSourceRef& where, const std::string& path)
{
    TwinSourceRef ref = where;
    ref.path = path;
    return ref;
}

/** NTP timestamp (dateTimeMicroseconds/Nanoseconds) to Unix seconds. */
double
NtpSeconds(uint64_t value)
{
    double seconds = static_cast<double>(value >> 32) - kNtpToUnixSeconds;
    return seconds + static_cast<double>(value & 0xffffffffu) / 4294967296.0;
}

/** What a data record of a template carried, before it becomes a TwinFlowRecord. */
struct Decoded
{
    TwinFlowRecord flow;            //!< the fields set so far
    bool haveAddress{false};        //!< any source or destination address was present
    bool haveDeltaBytes{false};     //!< octetDeltaCount was present
    bool haveDeltaPackets{false};   //!< packetDeltaCount was present
    uint64_t totalBytes{0};         //!< octetTotalCount
    uint64_t totalPackets{0};       //!< packetTotalCount
    bool haveStart{false};          //!< an absolute or relative start was present
    bool haveEnd{false};            //!< an absolute or relative end was present
    uint32_t sampling{0};           //!< samplingInterval / random interval (0 = absent)
    uint32_t packetInterval{0};     //!< samplingPacketInterval (305)
    uint32_t packetSpace{0};        //!< samplingPacketSpace (306)
    bool haveSamplingFields{false}; //!< any sampling field was present
    uint16_t icmpTypeCode{0};       //!< ICMP type * 256 + code
    bool haveIcmp{false};           //!< an ICMP type or code field was present
    uint64_t systemInitMs{0};       //!< systemInitTimeMilliseconds (160), 0 = absent
    uint64_t startUptimeMs{0};      //!< IPFIX flowStartSysUpTime (22)
    uint64_t endUptimeMs{0};        //!< IPFIX flowEndSysUpTime (21)
    bool haveStartUptime{false};    //!< IPFIX field 22 was present
    bool haveEndUptime{false};      //!< IPFIX field 21 was present
};

/**
 * Apply one field of a data record.
 * @param field the template field
 * @param p the field's bytes
 * @param length the field's length in this record
 * @param uptimeMs v9 header sysUptime (ms), for fields 21/22
 * @param unixSeconds header export time (seconds)
 * @param version 9 or 10
 * @param out the record being decoded
 */
void
ApplyField(const FlowExportReader::Field& field, const uint8_t* p, std::size_t length,
           uint32_t uptimeMs, uint32_t unixSeconds, int version, Decoded& out)
{
    if (field.enterprise != 0 || length == 0)
    {
        return;
    }
    TwinFlowRecord& flow = out.flow;
    // Relative v9 times: the record's uptime is before the header's; a signed difference
    // keeps a wrapped 32-bit uptime counter right.
    auto relative = [&](uint64_t value)
    {
        int32_t agoMs = static_cast<int32_t>(uptimeMs - static_cast<uint32_t>(value));
        return static_cast<double>(unixSeconds) - agoMs / 1000.0;
    };
    switch (field.id)
    {
    case 8:
    case 12:
        if (length == 4)
        {
            (field.id == 8 ? flow.sourceAddress : flow.destAddress) = TwinIpAddressText(4, p);
            flow.ipVersion = 4;
            out.haveAddress = true;
        }
        break;
    case 27:
    case 28:
        if (length == 16)
        {
            (field.id == 27 ? flow.sourceAddress : flow.destAddress) = TwinIpAddressText(6, p);
            flow.ipVersion = 6;
            out.haveAddress = true;
        }
        break;
    case 7:
        flow.sourcePort = static_cast<uint16_t>(BeN(p, length));
        break;
    case 11:
        flow.destPort = static_cast<uint16_t>(BeN(p, length));
        break;
    case 32:
    case 139:
        // icmpTypeCode*: type * 256 + code, as TwinFlowRecord::destPort wants it. Exporters
        // send it in every record of a template, so it only counts for ICMP (see Finish).
        out.icmpTypeCode = static_cast<uint16_t>(BeN(p, length));
        out.haveIcmp = true;
        break;
    case 176:
    case 178:
        out.icmpTypeCode =
            static_cast<uint16_t>((out.icmpTypeCode & 0x00ff) | ((BeN(p, length) & 0xff) << 8));
        out.haveIcmp = true;
        break;
    case 177:
    case 179:
        out.icmpTypeCode =
            static_cast<uint16_t>((out.icmpTypeCode & 0xff00) | (BeN(p, length) & 0xff));
        out.haveIcmp = true;
        break;
    case 160:
        out.systemInitMs = BeN(p, length);
        break;
    case 4:
        flow.protocol = static_cast<uint8_t>(BeN(p, length));
        break;
    case 1:
        flow.bytes = BeN(p, length);
        out.haveDeltaBytes = true;
        break;
    case 2:
        flow.packets = BeN(p, length);
        out.haveDeltaPackets = true;
        break;
    case 85:
        out.totalBytes = BeN(p, length);
        break;
    case 86:
        out.totalPackets = BeN(p, length);
        break;
    case 6:
        flow.tcpFlags = static_cast<uint8_t>(BeN(p, length) & 0xff);
        break;
    case 10:
        flow.ingressInterface = static_cast<uint32_t>(BeN(p, length));
        break;
    case 22:
        if (version == 9)
        {
            flow.startSeconds = relative(BeN(p, length));
            out.haveStart = true;
        }
        else
        {
            out.startUptimeMs = BeN(p, length);
            out.haveStartUptime = true;
        }
        break;
    case 21:
        if (version == 9)
        {
            flow.endSeconds = relative(BeN(p, length));
            out.haveEnd = true;
        }
        else
        {
            out.endUptimeMs = BeN(p, length);
            out.haveEndUptime = true;
        }
        break;
    case 150:
        flow.startSeconds = static_cast<double>(BeN(p, length));
        out.haveStart = true;
        break;
    case 151:
        flow.endSeconds = static_cast<double>(BeN(p, length));
        out.haveEnd = true;
        break;
    case 152:
        flow.startSeconds = static_cast<double>(BeN(p, length)) / 1000.0;
        out.haveStart = true;
        break;
    case 153:
        flow.endSeconds = static_cast<double>(BeN(p, length)) / 1000.0;
        out.haveEnd = true;
        break;
    case 154:
    case 156:
        if (length == 8)
        {
            flow.startSeconds = NtpSeconds(BeN(p, length));
            out.haveStart = true;
        }
        break;
    case 155:
    case 157:
        if (length == 8)
        {
            flow.endSeconds = NtpSeconds(BeN(p, length));
            out.haveEnd = true;
        }
        break;
    case 34:
    case 50:
        out.sampling = static_cast<uint32_t>(BeN(p, length));
        out.haveSamplingFields = true;
        break;
    case 305:
        out.packetInterval = static_cast<uint32_t>(BeN(p, length));
        out.haveSamplingFields = true;
        break;
    case 306:
        out.packetSpace = static_cast<uint32_t>(BeN(p, length));
        out.haveSamplingFields = true;
        break;
    default:
        break;
    }
}

/** @return the 1-in-N interval the sampling fields of a record say, 0 if none */
uint32_t
SamplingOf(const Decoded& d)
{
    if (d.packetInterval > 0)
    {
        // 305/306: sample packetInterval packets, then skip packetSpace packets.
        uint64_t n = (uint64_t{d.packetInterval} + d.packetSpace) / d.packetInterval;
        return static_cast<uint32_t>(std::max<uint64_t>(n, 1));
    }
    return d.sampling;
}

} // namespace

FlowExportReader::FlowExportReader(const TwinTrafficReadOptions& options, TwinFlowSink sink,
                                   TwinDiagnostics& diagnostics)
    : m_options(options), m_sink(std::move(sink)), m_diagnostics(diagnostics)
{
}

bool
FlowExportReader::Bad(const TwinSourceRef& where, const std::string& message)
{
    if (!m_options.skipBadRecords)
    {
        m_diagnostics.Error(where, message);
        return false;
    }
    ++m_stats.recordsSkipped;
    if (++m_warnings <= kMaxSkipWarnings)
    {
        m_diagnostics.Warning(where, message + " (skipped)");
    }
    return true;
}

void
FlowExportReader::Deliver(TwinFlowRecord flow)
{
    if (flow.samplingInterval > 1)
    {
        flow.bytes *= flow.samplingInterval;
        flow.packets *= flow.samplingInterval;
        flow.scaled = true;
    }
    ++m_stats.flows;
    m_stats.bytes += flow.bytes;
    m_stats.packetsPerProtocol[TwinProtocolName(flow.protocol)] += flow.packets;
    if (m_sink)
    {
        m_sink(flow);
    }
}

FlowExportReader::MessageResult
FlowExportReader::DecodeMessage(const uint8_t* data, std::size_t size, bool stream,
                                const TwinSourceRef& where, const std::string& exporter)
{
    MessageResult result;
    if (size < 4)
    {
        result.ok = Bad(where, "truncated message: " + std::to_string(size) + " bytes");
        return result;
    }
    int version = Be16(data);
    if (m_expectedVersion != 0 && version != m_expectedVersion)
    {
        result.ok =
            Bad(where, "message version " + std::to_string(version) + " where only version " +
                           std::to_string(m_expectedVersion) + " was expected");
        return result;
    }

    if (version == 5)
    {
        if (size < kV5Header)
        {
            result.ok =
                Bad(where, "truncated NetFlow v5 header: " + std::to_string(size) + " of 24 bytes");
            return result;
        }
        std::size_t count = Be16(data + 2);
        std::size_t length = kV5Header + count * kV5Record;
        if (length > size || (!stream && length != size))
        {
            result.ok = Bad(where, "NetFlow v5 header announces " + std::to_string(count) +
                                       " records (" + std::to_string(length) + " bytes) but " +
                                       std::to_string(size) + " bytes are there");
            // A datagram's end is known whatever the header says; a stream's is not.
            result.framed = !stream;
            result.consumed = size;
            return result;
        }
        result.framed = true;
        result.consumed = length;
        uint32_t uptimeMs = Be32(data + 4);
        double now = Be32(data + 8) + Be32(data + 12) / 1e9;
        // Top two bits: sampling mode; the other 14: the interval.
        uint32_t sampling = Be16(data + 22) & 0x3fff;
        for (std::size_t i = 0; i < count; ++i)
        {
            const uint8_t* r = data + kV5Header + i * kV5Record;
            TwinFlowRecord flow;
            flow.ipVersion = 4;
            flow.sourceAddress = TwinIpAddressText(4, r);
            flow.destAddress = TwinIpAddressText(4, r + 4);
            flow.ingressInterface = Be16(r + 12);
            flow.packets = Be32(r + 16);
            flow.bytes = Be32(r + 20);
            int32_t startAgoMs = static_cast<int32_t>(uptimeMs - Be32(r + 24));
            int32_t endAgoMs = static_cast<int32_t>(uptimeMs - Be32(r + 28));
            flow.startSeconds = now - startAgoMs / 1000.0;
            flow.endSeconds = now - endAgoMs / 1000.0;
            flow.sourcePort = Be16(r + 32);
            flow.destPort = Be16(r + 34);
            flow.tcpFlags = r[37];
            flow.protocol = r[38];
            flow.samplingInterval = sampling > 1 ? sampling : 1;
            flow.exporter = exporter;
            flow.source = At(where, "record " + std::to_string(i + 1));
            ++m_stats.recordsRead;
            Deliver(std::move(flow));
        }
        return result;
    }

    if (version != 9 && version != 10)
    {
        result.ok = Bad(where, "unknown flow export version " + std::to_string(version) +
                                   " (NetFlow v5, v9 and IPFIX are read)");
        result.framed = !stream;
        result.consumed = size;
        return result;
    }

    // NetFlow v9 and IPFIX share the set structure; they differ in header, set ids and
    // template layout. A v9 header has no length: in a stream the packet ends where the next
    // header starts (set ids 2..255 are reserved, so 5, 9 or 10 there mean a new header).
    std::size_t headerLength = version == 9 ? kV9Header : kIpfixHeader;
    if (size < headerLength)
    {
        result.ok = Bad(where, std::string(version == 9 ? "NetFlow v9" : "IPFIX") +
                                   " header truncated: " + std::to_string(size) + " of " +
                                   std::to_string(headerLength) + " bytes");
        result.framed = !stream;
        result.consumed = size;
        return result;
    }
    std::size_t end = size;
    uint32_t uptimeMs = 0;
    uint32_t exportSeconds = 0;
    uint32_t domain = 0;
    if (version == 10)
    {
        std::size_t length = Be16(data + 2);
        if (length < kIpfixHeader || length > size || (!stream && length != size))
        {
            result.ok =
                Bad(where, "IPFIX message length " + std::to_string(length) +
                               " does not match the " + std::to_string(size) + " bytes there");
            result.framed = !stream;
            result.consumed = size;
            return result;
        }
        end = length;
        exportSeconds = Be32(data + 4);
        domain = Be32(data + 12);
    }
    else
    {
        uptimeMs = Be32(data + 4);
        exportSeconds = Be32(data + 8);
        domain = Be32(data + 16);
    }
    DomainKey domainKey{exporter, version, domain};

    std::size_t offset = headerLength;
    std::size_t setIndex = 0;
    while (offset < end)
    {
        if (stream && version == 9 && end - offset >= 2)
        {
            uint16_t next = Be16(data + offset);
            if (next == 5 || next == 9 || next == 10)
            {
                break;
            }
        }
        ++setIndex;
        std::string setName = "set " + std::to_string(setIndex);
        if (end - offset < 4)
        {
            result.ok = Bad(At(where, setName),
                            std::to_string(end - offset) + " stray bytes after the last set");
            result.framed = version == 10 || !stream;
            result.consumed = version == 10 ? end : size;
            return result;
        }
        uint16_t setId = Be16(data + offset);
        std::size_t setLength = Be16(data + offset + 2);
        if (setLength < 4 || setLength > end - offset)
        {
            result.ok = Bad(At(where, setName),
                            "set length " + std::to_string(setLength) + " does not fit the " +
                                std::to_string(end - offset) + " bytes left in the message");
            result.framed = version == 10 || !stream;
            result.consumed = version == 10 ? end : size;
            return result;
        }
        const uint8_t* set = data + offset + 4;
        std::size_t setSize = setLength - 4;
        offset += setLength;

        bool isTemplate = (version == 9 && setId == 0) || (version == 10 && setId == 2);
        bool isOptions = (version == 9 && setId == 1) || (version == 10 && setId == 3);
        if (isTemplate || isOptions)
        {
            // Template records: parse each; a bad one spoils the rest of the set only.
            std::size_t pos = 0;
            std::size_t recordIndex = 0;
            while (pos + 4 <= setSize)
            {
                ++recordIndex;
                TwinSourceRef tref =
                    At(where, setName + " template " + std::to_string(recordIndex));
                uint16_t templateId = Be16(set + pos);
                if (version == 9 && isTemplate == false && templateId == 0)
                {
                    break; // padding
                }
                Template tpl;
                tpl.options = isOptions;
                std::size_t fieldCount = 0;
                std::size_t scopeCount = 0;
                std::size_t need = 0;
                if (isTemplate)
                {
                    fieldCount = Be16(set + pos + 2);
                    pos += 4;
                }
                else if (version == 9)
                {
                    if (pos + 6 > setSize)
                    {
                        break; // padding
                    }
                    std::size_t scopeBytes = Be16(set + pos + 2);
                    std::size_t optionBytes = Be16(set + pos + 4);
                    if (scopeBytes % 4 != 0 || optionBytes % 4 != 0)
                    {
                        result.ok = Bad(
                            tref, "options template lengths " + std::to_string(scopeBytes) + "/" +
                                      std::to_string(optionBytes) + " are not multiples of 4");
                        if (!result.ok)
                        {
                            return result;
                        }
                        break;
                    }
                    scopeCount = scopeBytes / 4;
                    fieldCount = scopeCount + optionBytes / 4;
                    pos += 6;
                }
                else
                {
                    if (pos + 6 > setSize)
                    {
                        break; // padding
                    }
                    fieldCount = Be16(set + pos + 2);
                    scopeCount = Be16(set + pos + 4);
                    pos += 6;
                }
                if (templateId < 256)
                {
                    if (templateId == 0 && fieldCount == 0)
                    {
                        break; // padding
                    }
                    result.ok =
                        Bad(tref, "template id " + std::to_string(templateId) + " is below 256");
                    if (!result.ok)
                    {
                        return result;
                    }
                    break;
                }
                if (version == 10 && fieldCount == 0)
                {
                    // Template withdrawal (RFC 7011 8.1).
                    auto withdrawn =
                        m_templates.find(TemplateKey{exporter, version, domain, templateId});
                    if (withdrawn != m_templates.end())
                    {
                        m_templateFields -= withdrawn->second.fields.size();
                        m_templates.erase(withdrawn);
                    }
                    continue;
                }
                bool broken = false;
                for (std::size_t f = 0; f < fieldCount; ++f)
                {
                    if (pos + 4 > setSize)
                    {
                        broken = true;
                        break;
                    }
                    Field field;
                    field.id = Be16(set + pos);
                    field.length = Be16(set + pos + 2);
                    pos += 4;
                    if (version == 10 && (field.id & 0x8000) != 0)
                    {
                        if (pos + 4 > setSize)
                        {
                            broken = true;
                            break;
                        }
                        field.id &= 0x7fff;
                        field.enterprise = Be32(set + pos);
                        pos += 4;
                    }
                    if (version == 10 && field.length == 65535)
                    {
                        tpl.variable = true;
                        need += 1;
                    }
                    else
                    {
                        need += field.length;
                    }
                    tpl.fields.push_back(field);
                }
                if (broken || (isOptions && scopeCount > fieldCount))
                {
                    result.ok = Bad(tref, "template " + std::to_string(templateId) +
                                              " runs past its set (" + std::to_string(fieldCount) +
                                              " fields)");
                    if (!result.ok)
                    {
                        return result;
                    }
                    break;
                }
                if (need == 0)
                {
                    result.ok = Bad(tref, "template " + std::to_string(templateId) +
                                              " describes empty records");
                    if (!result.ok)
                    {
                        return result;
                    }
                    continue;
                }
                tpl.scopeCount = scopeCount;
                tpl.minLength = need;
                Template& slot = m_templates[TemplateKey{exporter, version, domain, templateId}];
                // Exporters x domains x template ids is unbounded, so the fields kept are
                // (a replaced template gives its fields back first).
                uint64_t fields = m_templateFields - slot.fields.size() + tpl.fields.size();
                if (fields > m_options.maxTemplateFields)
                {
                    m_templateFields -= slot.fields.size();
                    m_templates.erase(TemplateKey{exporter, version, domain, templateId});
                    m_diagnostics.Error(tref, TwinLimitMessage("template fields", fields,
                                                               m_options.maxTemplateFields,
                                                               "template-fields"));
                    result.ok = false;
                    return result;
                }
                m_templateFields = fields;
                slot = std::move(tpl);
            }
            continue;
        }
        if (setId < 256)
        {
            result.ok = Bad(At(where, setName), "set id " + std::to_string(setId) + " is reserved");
            if (!result.ok)
            {
                return result;
            }
            continue;
        }

        auto found = m_templates.find(TemplateKey{exporter, version, domain, setId});
        if (found == m_templates.end())
        {
            result.ok = Bad(At(where, setName), "data set of template " + std::to_string(setId) +
                                                    " whose template never came (" +
                                                    std::to_string(setSize) + " bytes, source id " +
                                                    std::to_string(domain) + ")");
            if (!result.ok)
            {
                return result;
            }
            continue;
        }
        const Template& tpl = found->second;
        std::size_t pos = 0;
        std::size_t recordIndex = 0;
        // Records until what is left is shorter than one record (padding).
        while (setSize - pos >= tpl.minLength)
        {
            ++recordIndex;
            TwinSourceRef rref = At(where, setName + " record " + std::to_string(recordIndex));
            Decoded d;
            bool broken = false;
            for (std::size_t f = 0; f < tpl.fields.size(); ++f)
            {
                const Field& field = tpl.fields[f];
                std::size_t length = field.length;
                if (tpl.variable && field.length == 65535)
                {
                    if (pos + 1 > setSize)
                    {
                        broken = true;
                        break;
                    }
                    length = set[pos++];
                    if (length == 255)
                    {
                        if (pos + 2 > setSize)
                        {
                            broken = true;
                            break;
                        }
                        length = Be16(set + pos);
                        pos += 2;
                    }
                }
                if (length > setSize - pos)
                {
                    broken = true;
                    break;
                }
                // Scope fields of options records name what the options are about (v9 scope
                // types 1..5 would be misread as information elements).
                if (f >= tpl.scopeCount)
                {
                    ApplyField(field, set + pos, length, uptimeMs, exportSeconds, version, d);
                }
                pos += length;
            }
            if (broken)
            {
                result.ok = Bad(rref, "record of template " + std::to_string(setId) +
                                          " runs past the end of its set");
                if (!result.ok)
                {
                    return result;
                }
                break;
            }
            if (tpl.options)
            {
                uint32_t sampling = SamplingOf(d);
                if (sampling > 0)
                {
                    m_sampling[domainKey] = sampling;
                }
                if (d.systemInitMs > 0)
                {
                    m_systemInitMs[domainKey] = d.systemInitMs;
                }
                continue;
            }
            ++m_stats.recordsRead;
            if (!d.haveAddress)
            {
                ++m_notFlows;
                continue;
            }
            TwinFlowRecord& flow = d.flow;
            if (!d.haveDeltaBytes)
            {
                flow.bytes = d.totalBytes;
            }
            if (!d.haveDeltaPackets)
            {
                flow.packets = d.totalPackets;
            }
            if (flow.protocol == 1 || flow.protocol == 58)
            {
                flow.destPort = d.haveIcmp ? d.icmpTypeCode : flow.destPort;
            }
            // IPFIX uptimes count from the exporter's start, which an options record (or the
            // record itself) gives as systemInitTimeMilliseconds.
            uint64_t initMs = d.systemInitMs;
            if (initMs == 0)
            {
                auto i = m_systemInitMs.find(domainKey);
                initMs = i == m_systemInitMs.end() ? 0 : i->second;
            }
            if (initMs > 0 && d.haveStartUptime && !d.haveStart)
            {
                flow.startSeconds = (initMs + d.startUptimeMs) / 1000.0;
                d.haveStart = true;
            }
            if (initMs > 0 && d.haveEndUptime && !d.haveEnd)
            {
                flow.endSeconds = (initMs + d.endUptimeMs) / 1000.0;
                d.haveEnd = true;
            }
            if (!d.haveStart)
            {
                flow.startSeconds = d.haveEnd ? flow.endSeconds : exportSeconds;
            }
            if (!d.haveEnd)
            {
                flow.endSeconds = flow.startSeconds;
            }
            uint32_t sampling = SamplingOf(d);
            if (sampling == 0)
            {
                auto s = m_sampling.find(domainKey);
                sampling = s == m_sampling.end() ? 1 : s->second;
            }
            flow.samplingInterval = sampling > 1 ? sampling : 1;
            flow.exporter = exporter.empty() ? "domain " + std::to_string(domain)
                                             : exporter + " domain " + std::to_string(domain);
            flow.source = rref;
            Deliver(std::move(flow));
        }
    }
    result.framed = true;
    result.consumed = version == 10 ? end : offset;
    return result;
}

bool
FlowExportReader::DecodePacket(const uint8_t* data, std::size_t size, const TwinSourceRef& where,
                               const std::string& exporter)
{
    return DecodeMessage(data, size, false, where, exporter).ok;
}

bool
FlowExportReader::ReadMessageFile(const std::string& path, int version)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        m_diagnostics.Error(TwinSourceRef{path, 0, ""}, "cannot open flow export file");
        return false;
    }
    // A sliding window: every message is at most 64 KiB (v5: 24 + 65535 * 48 bytes at the
    // very worst), so the window grows only to what the current message needs.
    // Reads are capped at what the file still holds, so a small file does not cost a
    // 1 MiB allocation (nor its zeroing).
    in.seekg(0, std::ios::end);
    std::streamoff total = in.tellg();
    in.seekg(0, std::ios::beg);
    std::size_t left = total > 0 ? static_cast<std::size_t>(total) : 0;
    std::vector<uint8_t> buffer;
    std::size_t begin = 0;
    bool eof = false;
    auto ensure = [&](std::size_t wanted)
    {
        while (!eof && buffer.size() - begin < wanted)
        {
            if (begin > 0)
            {
                buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(begin));
                begin = 0;
            }
            std::size_t old = buffer.size();
            std::size_t chunk = std::max<std::size_t>(wanted - old, 1 << 20);
            // At least one byte, so that a file that grew since its size was taken is
            // still read to its end.
            chunk = std::max<std::size_t>(std::min(chunk, left), 1);
            buffer.resize(old + chunk);
            in.read(reinterpret_cast<char*>(buffer.data() + old),
                    static_cast<std::streamsize>(chunk));
            std::size_t got = static_cast<std::size_t>(in.gcount());
            buffer.resize(old + got);
            left -= std::min(left, got);
            eof = got == 0 || !in;
        }
        return buffer.size() - begin;
    };

    m_expectedVersion = version;
    uint64_t index = 0;
    while (ensure(1) > 0)
    {
        ++index;
        TwinSourceRef where{path, static_cast<uint32_t>(index), ""};
        std::size_t available = ensure(kV5Header);
        if (available >= 4 && Be16(buffer.data() + begin) == 5)
        {
            available = ensure(kV5Header + Be16(buffer.data() + begin + 2) * kV5Record);
        }
        else
        {
            available = ensure(65536 + kV9Header);
        }
        MessageResult r = DecodeMessage(buffer.data() + begin, available, true, where, "");
        if (!r.ok)
        {
            return false;
        }
        if (!r.framed || r.consumed == 0)
        {
            // The message's end is unknown, so nothing after it can be found: the rest of
            // the file is the skipped part (already counted once).
            m_diagnostics.Warning(where, "rest of the file skipped: the message's end is "
                                         "unknown");
            break;
        }
        begin += r.consumed;
    }
    return true;
}

bool
FlowExportReader::ReadPcap(const std::string& path)
{
    char errorText[PCAP_ERRBUF_SIZE] = {0};
    TwinPcapHandle handle(pcap_open_offline(path.c_str(), errorText));
    if (!handle)
    {
        m_diagnostics.Error(TwinSourceRef{path, 0, ""},
                            std::string("cannot read capture: ") + errorText);
        return false;
    }
    int linkType = pcap_datalink(handle.get());
    if (!SupportedTwinLinkType(linkType))
    {
        m_diagnostics.Error(TwinSourceRef{path, 0, ""},
                            "unsupported link type " + std::to_string(linkType) +
                                " (Ethernet, Linux cooked SLL/SLL2, BSD loopback and raw IP "
                                "are read)");
        return false;
    }
    m_expectedVersion = 0;
    uint64_t index = 0;
    uint64_t ignored = 0;
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int status = 0;
    while ((status = pcap_next_ex(handle.get(), &header, &data)) == 1)
    {
        ++index;
        TwinSourceRef where{path, static_cast<uint32_t>(index), ""};
        if (header->caplen < header->len)
        {
            if (!Bad(where, "packet cut by the snap length (" + std::to_string(header->caplen) +
                                " of " + std::to_string(header->len) + " bytes)"))
            {
                return false;
            }
            continue;
        }
        TwinCapturedPacket packet;
        std::string problem = DecodeTwinPacket(linkType, data, header->caplen, header->len, packet);
        if (!problem.empty())
        {
            if (!Bad(where, "bad packet: " + problem))
            {
                return false;
            }
            continue;
        }
        if (!packet.isIp || packet.protocol != 17)
        {
            ++ignored;
            continue;
        }
        if (packet.isFragment)
        {
            if (!Bad(where, "fragmented export packet (fragments are not reassembled)"))
            {
                return false;
            }
            continue;
        }
        // The decoder checked that the 8-byte UDP header was captured; its length must fit
        // in the IP payload.
        const uint8_t* udp = data + packet.transportOffset;
        std::size_t available = packet.transportEnd - packet.transportOffset;
        std::size_t udpLength = available >= 8 ? Be16(udp + 4) : 0;
        if (udpLength < 8 || udpLength > available)
        {
            if (!Bad(where, "UDP header truncated or its length does not fit the packet"))
            {
                return false;
            }
            continue;
        }
        std::string exporter = TwinIpAddressText(packet.version, packet.src.data());
        if (!DecodePacket(udp + 8, udpLength - 8, where, exporter))
        {
            return false;
        }
    }
    if (status == PCAP_ERROR)
    {
        std::string message = pcap_geterr(handle.get());
        if (!Bad(TwinSourceRef{path, static_cast<uint32_t>(index + 1), ""},
                 "capture cannot be read further: " + message))
        {
            return false;
        }
    }
    if (ignored > 0)
    {
        m_diagnostics.Note(TwinSourceRef{path, 0, ""},
                           std::to_string(ignored) + " packets that are not UDP over IP ignored");
    }
    return true;
}

bool
FlowExportReader::ReadFile(const std::string& path, const std::string& format)
{
    m_warnings = 0;
    m_notFlows = 0;
    uint64_t skippedBefore = m_stats.recordsSkipped;
    std::string kind = format;
    if (kind.empty())
    {
        std::ifstream in(path, std::ios::binary);
        uint8_t magic[4] = {0, 0, 0, 0};
        in.read(reinterpret_cast<char*>(magic), 4);
        uint32_t m = Be32(magic);
        bool pcap = m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1 ||
                    m == 0x0a0d0d0a;
        kind = pcap ? "pcap" : "messages";
    }
    bool ok = false;
    if (kind == "pcap")
    {
        ok = ReadPcap(path);
    }
    else if (kind == "messages" || kind == "netflow5" || kind == "netflow9" || kind == "ipfix")
    {
        int version = kind == "netflow5" ? 5 : kind == "netflow9" ? 9 : kind == "ipfix" ? 10 : 0;
        ok = ReadMessageFile(path, version);
    }
    else
    {
        m_diagnostics.Error(TwinSourceRef{path, 0, ""},
                            "unknown flow export format '" + format +
                                "' (pcap, messages, netflow5, netflow9, ipfix)");
        return false;
    }
    if (m_warnings > kMaxSkipWarnings)
    {
        m_diagnostics.Warning(TwinSourceRef{path, 0, ""},
                              std::to_string(m_warnings - kMaxSkipWarnings) +
                                  " more bad parts skipped without a message each");
    }
    if (ok && m_stats.recordsSkipped > skippedBefore)
    {
        m_diagnostics.Note(TwinSourceRef{path, 0, ""},
                           std::to_string(m_stats.recordsSkipped - skippedBefore) +
                               " bad records, sets or messages skipped");
    }
    if (m_notFlows > 0)
    {
        m_diagnostics.Note(TwinSourceRef{path, 0, ""},
                           std::to_string(m_notFlows) +
                               " data records without IP addresses are not flows");
    }
    return ok;
}

TwinTrafficReadStats
ReadFlowExport(const std::string& path, const std::string& format,
               const TwinTrafficReadOptions& options, const TwinFlowSink& sink,
               TwinDiagnostics& diagnostics)
{
    FlowExportReader reader(options, sink, diagnostics);
    reader.ReadFile(path, format);
    return reader.Stats();
}

} // namespace ns3
