/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pcap-flow-reader.h"

#include "twin-importer.h"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <list>
#include <memory>
#include <pcap/pcap.h>
#include <unordered_map>
#include <vector>

namespace ns3
{

namespace
{

/** Why a packet is bad input. */
enum class BadReason
{
    ReadError,     //!< libpcap could not read the record (truncated or corrupt file)
    CaptureLength, //!< captured length above the snap length or the wire length
    Backwards,     //!< timestamp before the latest one by more than the tolerance
    Truncated,     //!< a header does not fit in the captured bytes
    InvalidIp      //!< an IP header that contradicts itself
};

/**
 * @param reason a reason
 * @return its words, for messages and the skip summary
 */
const char*
ReasonText(BadReason reason)
{
    switch (reason)
    {
    case BadReason::ReadError:
        return "unreadable record (truncated or corrupt file)";
    case BadReason::CaptureLength:
        return "captured length above the snap length or the packet length";
    case BadReason::Backwards:
        return "timestamp going backwards";
    case BadReason::Truncated:
        return "headers not within the captured bytes";
    case BadReason::InvalidIp:
        return "invalid IP header";
    }
    return "bad packet";
}

/** The outcome of parsing a packet. */
struct ParseOutcome
{
    bool ok{true};                          //!< false: bad packet
    BadReason reason{BadReason::Truncated}; //!< why, when not ok
    std::string detail;                     //!< what exactly, when not ok
};

/** Bounds-checked reads from the captured bytes. */
class Bytes
{
public:
    /**
     * @param data the captured bytes
     * @param size how many there are
     */
    Bytes(const uint8_t* data, uint32_t size) : m_data(data), m_size(size) {}

    /**
     * @param offset a start
     * @param count a length
     * @return true if [offset, offset + count) was captured
     */
    bool Has(std::size_t offset, std::size_t count) const
    {
        return offset <= m_size && count <= m_size - offset;
    }

    /**
     * @param offset a captured offset (checked with Has first)
     * @return the byte there
     */
    uint8_t U8(std::size_t offset) const { return m_data[offset]; }

    /**
     * @param offset a captured offset (checked with Has first)
     * @return the big-endian 16-bit value there
     */
    uint16_t Be16(std::size_t offset) const
    {
        return static_cast<uint16_t>((m_data[offset] << 8) | m_data[offset + 1]);
    }

    /**
     * @param offset a captured offset (checked with Has first)
     * @return the big-endian 32-bit value there
     */
    uint32_t Be32(std::size_t offset) const
    {
        return (static_cast<uint32_t>(Be16(offset)) << 16) | Be16(offset + 2);
    }

    /**
     * Copy captured bytes (checked with Has first).
     * @param offset the start
     * @param count the length
     * @param out where they go
     */
    void Copy(std::size_t offset, std::size_t count, uint8_t* out) const
    {
        std::memcpy(out, m_data + offset, count);
    }

    /** @return the number of captured bytes */
    std::size_t Size() const { return m_size; }

private:
    const uint8_t* m_data; //!< the bytes
    std::size_t m_size;    //!< their number
};

/**
 * @param what the header
 * @param offset where it starts
 * @param need its length
 * @param caplen the captured bytes
 * @return a truncation outcome
 */
ParseOutcome
Truncated(const std::string& what, std::size_t offset, std::size_t need, std::size_t caplen)
{
    return {false, BadReason::Truncated,
            what + " header (" + std::to_string(need) + " bytes at offset " +
                std::to_string(offset) + ") does not fit in the " + std::to_string(caplen) +
                " captured bytes"};
}

/**
 * @param what what is wrong
 * @return an invalid-IP outcome
 */
ParseOutcome
Invalid(const std::string& what)
{
    return {false, BadReason::InvalidIp, what};
}

/**
 * Read the transport header: ports, ICMP type and code, TCP flags.
 * @param bytes the packet
 * @param off where the transport header starts
 * @param info the packet so far; ports and flags are set
 * @return the outcome
 */
ParseOutcome
ParseTransport(const Bytes& bytes, std::size_t off, TwinCapturedPacket& info)
{
    std::size_t need = 0;
    const char* name = "";
    switch (info.protocol)
    {
    case 6:
        need = 20;
        name = "TCP";
        break;
    case 17:
        need = 8;
        name = "UDP";
        break;
    case 136:
        need = 8;
        name = "UDP-Lite";
        break;
    case 132:
        need = 12;
        name = "SCTP";
        break;
    case 33:
        need = 12;
        name = "DCCP";
        break;
    case 1:
    case 58:
        need = 4;
        name = info.protocol == 1 ? "ICMP" : "ICMPv6";
        break;
    default:
        return {};
    }
    if (!bytes.Has(off, need))
    {
        return Truncated(name, off, need, bytes.Size());
    }
    if (info.protocol == 1 || info.protocol == 58)
    {
        info.destPort = static_cast<uint16_t>((bytes.U8(off) << 8) | bytes.U8(off + 1));
        return {};
    }
    info.sourcePort = bytes.Be16(off);
    info.destPort = bytes.Be16(off + 2);
    if (info.protocol == 6)
    {
        info.tcpFlags = bytes.U8(off + 13);
    }
    return {};
}

/**
 * @param bytes the packet
 * @param off where the IPv4 header starts
 * @param wireLength the packet's length on the wire
 * @param info filled in
 * @return the outcome
 */
ParseOutcome
ParseIpv4(const Bytes& bytes, std::size_t off, uint32_t wireLength, TwinCapturedPacket& info)
{
    if (!bytes.Has(off, 20))
    {
        return Truncated("IPv4", off, 20, bytes.Size());
    }
    if ((bytes.U8(off) >> 4) != 4)
    {
        return Invalid("IPv4 header with version " + std::to_string(bytes.U8(off) >> 4));
    }
    std::size_t headerLength = (bytes.U8(off) & 0x0f) * 4u;
    if (headerLength < 20)
    {
        return Invalid("IPv4 header length " + std::to_string(headerLength) + " below 20");
    }
    if (!bytes.Has(off, headerLength))
    {
        return Truncated("IPv4 (with options)", off, headerLength, bytes.Size());
    }
    uint16_t totalLength = bytes.Be16(off + 2);
    info.transportOffset = off + headerLength;
    info.transportEnd = bytes.Size();
    if (totalLength == 0)
    {
        // Segmentation offload: the sender's capture saw one large packet with no length.
        info.bytes = wireLength > off ? wireLength - off : 0;
    }
    else if (totalLength < headerLength)
    {
        return Invalid("IPv4 total length " + std::to_string(totalLength) +
                       " below its header length " + std::to_string(headerLength));
    }
    else
    {
        info.bytes = totalLength;
        info.transportEnd = std::min(bytes.Size(), off + totalLength);
    }
    info.version = 4;
    info.protocol = bytes.U8(off + 9);
    bytes.Copy(off + 12, 4, info.src.data());
    bytes.Copy(off + 16, 4, info.dst.data());
    uint16_t fragmentOffset = bytes.Be16(off + 6) & 0x1fff;
    info.isFragment = (bytes.Be16(off + 6) & 0x3fff) != 0; // more-fragments flag or an offset
    if (fragmentOffset != 0)
    {
        return {}; // later fragments carry no transport header: ports stay 0
    }
    return ParseTransport(bytes, off + headerLength, info);
}

/**
 * @param bytes the packet
 * @param off where the IPv6 header starts
 * @param wireLength the packet's length on the wire
 * @param info filled in
 * @return the outcome
 */
ParseOutcome
ParseIpv6(const Bytes& bytes, std::size_t off, uint32_t wireLength, TwinCapturedPacket& info)
{
    if (!bytes.Has(off, 40))
    {
        return Truncated("IPv6", off, 40, bytes.Size());
    }
    if ((bytes.U8(off) >> 4) != 6)
    {
        return Invalid("IPv6 header with version " + std::to_string(bytes.U8(off) >> 4));
    }
    uint16_t payloadLength = bytes.Be16(off + 4);
    // A zero payload length is a jumbogram (or offload): the wire length is all we have.
    info.bytes =
        payloadLength != 0 ? 40u + payloadLength : (wireLength > off ? wireLength - off : 0);
    info.transportEnd =
        payloadLength != 0 ? std::min(bytes.Size(), off + 40 + payloadLength) : bytes.Size();
    info.version = 6;
    bytes.Copy(off + 8, 16, info.src.data());
    bytes.Copy(off + 24, 16, info.dst.data());
    uint8_t next = bytes.U8(off + 6);
    std::size_t pos = off + 40;
    // Every extension header moves pos forward by at least 8 bytes, so this ends.
    while (true)
    {
        switch (next)
        {
        case 0:   // hop-by-hop options
        case 43:  // routing
        case 60:  // destination options
        case 135: // mobility
        case 139: // HIP
        case 140: // shim6
            if (!bytes.Has(pos, 2))
            {
                return Truncated("IPv6 extension", pos, 2, bytes.Size());
            }
            {
                std::size_t length = (bytes.U8(pos + 1) + 1u) * 8u;
                if (!bytes.Has(pos, length))
                {
                    return Truncated("IPv6 extension", pos, length, bytes.Size());
                }
                next = bytes.U8(pos);
                pos += length;
            }
            continue;
        case 51: // authentication header: length in 4-byte units, minus 2
            if (!bytes.Has(pos, 2))
            {
                return Truncated("IPv6 authentication", pos, 2, bytes.Size());
            }
            {
                std::size_t length = (bytes.U8(pos + 1) + 2u) * 4u;
                if (!bytes.Has(pos, length))
                {
                    return Truncated("IPv6 authentication", pos, length, bytes.Size());
                }
                next = bytes.U8(pos);
                pos += length;
            }
            continue;
        case 44: // fragment
            if (!bytes.Has(pos, 8))
            {
                return Truncated("IPv6 fragment", pos, 8, bytes.Size());
            }
            next = bytes.U8(pos);
            info.isFragment = true;
            if ((bytes.Be16(pos + 2) >> 3) != 0)
            {
                info.protocol = next;
                info.transportOffset = std::min(pos + 8, info.transportEnd);
                return {}; // a later fragment: no transport header, ports stay 0
            }
            pos += 8;
            continue;
        default:
            break;
        }
        break;
    }
    info.protocol = next;
    info.transportOffset = std::min(pos, info.transportEnd);
    return ParseTransport(bytes, pos, info);
}

/**
 * @param bytes the packet
 * @param off where the IP header starts
 * @param wireLength the packet's length on the wire
 * @param info filled in
 * @return the outcome
 */
ParseOutcome
ParseIpByVersion(const Bytes& bytes, std::size_t off, uint32_t wireLength, TwinCapturedPacket& info)
{
    if (!bytes.Has(off, 1))
    {
        return Truncated("IP", off, 1, bytes.Size());
    }
    info.isIp = true;
    switch (bytes.U8(off) >> 4)
    {
    case 4:
        return ParseIpv4(bytes, off, wireLength, info);
    case 6:
        return ParseIpv6(bytes, off, wireLength, info);
    default:
        return Invalid("IP version " + std::to_string(bytes.U8(off) >> 4) + " in a raw IP packet");
    }
}

/**
 * Follow VLAN tags and dispatch on the EtherType.
 * @param bytes the packet
 * @param off where the EtherType is
 * @param wireLength the packet's length on the wire
 * @param info filled in
 * @return the outcome
 */
ParseOutcome
ParseEtherType(const Bytes& bytes, std::size_t off, uint32_t wireLength, TwinCapturedPacket& info)
{
    if (!bytes.Has(off, 2))
    {
        return Truncated("link-layer", 0, off + 2, bytes.Size());
    }
    uint16_t type = bytes.Be16(off);
    while (type == 0x8100 || type == 0x88a8 || type == 0x9100)
    {
        if (!bytes.Has(off + 2, 4))
        {
            return Truncated("VLAN tag", off + 2, 4, bytes.Size());
        }
        type = bytes.Be16(off + 4);
        off += 4;
    }
    if (type == 0x0800)
    {
        info.isIp = true;
        return ParseIpv4(bytes, off + 2, wireLength, info);
    }
    if (type == 0x86dd)
    {
        info.isIp = true;
        return ParseIpv6(bytes, off + 2, wireLength, info);
    }
    return {}; // not IP
}

/**
 * @param family an address family of the capturing host (DLT_NULL / DLT_LOOP)
 * @return 4, 6 or 0 (not IP)
 */
int
IpVersionOfFamily(uint32_t family)
{
    if (family == 2)
    {
        return 4;
    }
    // AF_INET6 differs by system: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30.
    if (family == 10 || family == 24 || family == 28 || family == 30)
    {
        return 6;
    }
    return 0;
}

/**
 * @param linkType a supported DLT
 * @param bytes the packet
 * @param wireLength the packet's length on the wire
 * @param info filled in
 * @return the outcome
 */
ParseOutcome
ParsePacket(int linkType, const Bytes& bytes, uint32_t wireLength, TwinCapturedPacket& info)
{
    switch (linkType)
    {
    case DLT_EN10MB:
        if (!bytes.Has(0, 14))
        {
            return Truncated("Ethernet", 0, 14, bytes.Size());
        }
        return ParseEtherType(bytes, 12, wireLength, info);
    case DLT_LINUX_SLL:
        if (!bytes.Has(0, 16))
        {
            return Truncated("Linux cooked (SLL)", 0, 16, bytes.Size());
        }
        return ParseEtherType(bytes, 14, wireLength, info);
    case DLT_LINUX_SLL2:
        if (!bytes.Has(0, 20))
        {
            return Truncated("Linux cooked (SLL2)", 0, 20, bytes.Size());
        }
        {
            // SLL2 puts its protocol first, not next to the payload.
            uint16_t type = bytes.Be16(0);
            if (type == 0x0800)
            {
                info.isIp = true;
                return ParseIpv4(bytes, 20, wireLength, info);
            }
            if (type == 0x86dd)
            {
                info.isIp = true;
                return ParseIpv6(bytes, 20, wireLength, info);
            }
            return {};
        }
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
        return ParseIpByVersion(bytes, 0, wireLength, info);
    case DLT_NULL:
    case DLT_LOOP:
    {
        if (!bytes.Has(0, 4))
        {
            return Truncated("loopback", 0, 4, bytes.Size());
        }
        uint32_t family = bytes.Be32(0);
        if (linkType == DLT_NULL && family > 0xffff)
        {
            // DLT_NULL is in the capturing host's byte order: small values read big-endian
            // from a little-endian host land in the high bytes.
            family = __builtin_bswap32(family);
        }
        int version = IpVersionOfFamily(family);
        if (version == 0)
        {
            return {};
        }
        info.isIp = true;
        return version == 4 ? ParseIpv4(bytes, 4, wireLength, info)
                            : ParseIpv6(bytes, 4, wireLength, info);
    }
    default:
        return {};
    }
}

/** The key of a unidirectional flow. */
struct FlowKey
{
    std::array<uint8_t, 16> src{}; //!< source address
    std::array<uint8_t, 16> dst{}; //!< destination address
    uint16_t sourcePort{0};        //!< source port
    uint16_t destPort{0};          //!< destination port or ICMP type/code
    uint8_t protocol{0};           //!< IP protocol
    uint8_t version{4};            //!< IP version

    /**
     * @param other another key
     * @return true if equal
     */
    bool operator==(const FlowKey& other) const
    {
        return src == other.src && dst == other.dst && sourcePort == other.sourcePort &&
               destPort == other.destPort && protocol == other.protocol && version == other.version;
    }
};

/** FNV-1a over the key's fields. */
struct FlowKeyHash
{
    /**
     * @param key a key
     * @return its hash
     */
    std::size_t operator()(const FlowKey& key) const
    {
        uint64_t hash = 1469598103934665603ULL;
        auto mix = [&hash](uint8_t byte)
        {
            hash ^= byte;
            hash *= 1099511628211ULL;
        };
        for (uint8_t b : key.src)
        {
            mix(b);
        }
        for (uint8_t b : key.dst)
        {
            mix(b);
        }
        mix(static_cast<uint8_t>(key.sourcePort >> 8));
        mix(static_cast<uint8_t>(key.sourcePort));
        mix(static_cast<uint8_t>(key.destPort >> 8));
        mix(static_cast<uint8_t>(key.destPort));
        mix(key.protocol);
        mix(key.version);
        return static_cast<std::size_t>(hash);
    }
};

/** A flow being accumulated. */
struct OpenFlow
{
    FlowKey key;                        //!< its key
    int64_t startNs{0};                 //!< earliest packet
    int64_t endNs{0};                   //!< latest packet
    int64_t touchedNs{0};               //!< reader clock at its last packet (orders the idle list)
    uint64_t bytes{0};                  //!< IP bytes
    uint64_t packets{0};                //!< packets
    uint8_t tcpFlags{0};                //!< OR of TCP flags
    uint64_t firstPacket{0};            //!< 1-based index of its first packet
    std::vector<TwinPacketRecord> held; //!< packets not yet handed to the packet sink
    uint32_t nextChunk{0};              //!< number of the next chunk handed over
    int64_t handedNs{0};                //!< time of the last packet handed over
};

/**
 * @param path a file
 * @return true if it starts with a classic pcap magic number (16-byte record headers)
 */
bool
IsClassicPcap(const std::string& path)
{
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file)
    {
        return false;
    }
    std::array<uint8_t, 4> magic{};
    if (std::fread(magic.data(), 1, magic.size(), file.get()) != magic.size())
    {
        return false;
    }
    uint32_t be =
        (static_cast<uint32_t>(magic[0]) << 24) | (magic[1] << 16) | (magic[2] << 8) | magic[3];
    uint32_t le = __builtin_bswap32(be);
    for (uint32_t value : {be, le})
    {
        if (value == 0xa1b2c3d4 || value == 0xa1b23c4d)
        {
            return true;
        }
    }
    return false;
}

/** The streaming state of one read. */
class FlowTable
{
public:
    /**
     * @param file the capture, for flow sources
     * @param options the timeouts
     * @param sink where flows go
     * @param stats counts delivered flows and bytes
     * @param packetSink where packet sequences go, or null
     */
    FlowTable(const std::string& file, const TwinTrafficReadOptions& options,
              const TwinFlowSink& sink, TwinTrafficReadStats& stats,
              const TwinPacketSink* packetSink)
        : m_file(file),
          m_idleNs(static_cast<int64_t>(std::llround(options.flowIdleTimeoutSeconds * 1e9))),
          m_activeNs(static_cast<int64_t>(std::llround(options.flowActiveTimeoutSeconds * 1e9))),
          m_sink(sink), m_stats(stats), m_packetSink(packetSink)
    {
    }

    /**
     * Emit the flows idle longer than the idle timeout at the given clock.
     * @param nowNs the reader clock (never decreases)
     */
    void Expire(int64_t nowNs)
    {
        while (!m_byAge.empty() && nowNs - m_byAge.front().touchedNs > m_idleNs)
        {
            EmitFront();
        }
    }

    /**
     * Add a packet.
     * @param info the packet
     * @param timeNs its timestamp
     * @param nowNs the reader clock
     * @param index its 1-based index
     * @return false if the packet would start a flow whose packet sequence cannot be named
     *         (index above 2^32 - 1 while packets are kept); nothing was added then
     */
    bool Add(const TwinCapturedPacket& info, int64_t timeNs, int64_t nowNs, uint64_t index)
    {
        FlowKey key = KeyOf(info);
        auto found = m_open.find(key);
        if (found != m_open.end() && timeNs - found->second->startNs > m_activeNs)
        {
            Emit(found->second);
            found = m_open.end();
        }
        if (found == m_open.end())
        {
            if (m_packetSink != nullptr && index > std::numeric_limits<uint32_t>::max())
            {
                return false;
            }
            OpenFlow flow;
            flow.key = key;
            flow.startNs = timeNs;
            flow.endNs = timeNs;
            flow.firstPacket = index;
            m_byAge.push_back(flow);
            found = m_open.emplace(key, std::prev(m_byAge.end())).first;
            m_peak = std::max<uint64_t>(m_peak, m_open.size());
        }
        auto it = found->second;
        it->startNs = std::min(it->startNs, timeNs);
        it->endNs = std::max(it->endNs, timeNs);
        it->touchedNs = nowNs;
        it->bytes += info.bytes;
        it->packets += 1;
        it->tcpFlags |= info.tcpFlags;
        m_byAge.splice(m_byAge.end(), m_byAge, it);
        if (m_packetSink != nullptr)
        {
            if (it->held.capacity() == 0)
            {
                it->held.reserve(8); // one allocation for the many short flows
            }
            it->held.push_back({timeNs, static_cast<uint32_t>(info.bytes)});
            if (it->held.size() >= kTwinPacketChunk)
            {
                HandOver(*it);
            }
        }
        return true;
    }

    /** Emit every open flow, oldest first. */
    void Flush()
    {
        while (!m_byAge.empty())
        {
            EmitFront();
        }
    }

    /** @return the most flows open at once */
    uint64_t Peak() const { return m_peak; }

    /**
     * @param info a packet
     * @param limit the most flows that may be open
     * @return true if the packet would open a flow beyond the limit
     */
    bool WouldExceed(const TwinCapturedPacket& info, uint64_t limit) const
    {
        return m_open.size() >= limit && m_open.count(KeyOf(info)) == 0;
    }

private:
    /**
     * @param info a packet
     * @return the key of its flow
     */
    static FlowKey KeyOf(const TwinCapturedPacket& info)
    {
        FlowKey key;
        key.version = info.version;
        key.src = info.src;
        key.dst = info.dst;
        key.protocol = info.protocol;
        key.sourcePort = info.sourcePort;
        key.destPort = info.destPort;
        return key;
    }

    /** Emit the least recently touched flow. */
    void EmitFront() { Emit(m_byAge.begin()); }

    /**
     * Hand a flow's held packets to the packet sink as its next chunk.
     * @param flow the flow (has held packets)
     */
    void HandOver(OpenFlow& flow)
    {
        std::vector<TwinPacketRecord>& held = flow.held;
        auto earlier = [](const TwinPacketRecord& a, const TwinPacketRecord& b)
        { return a.timeNs < b.timeNs; };
        // Stamps may step back within the tolerance (multi-queue captures): a sequence is in
        // time order, so the chunk is sorted, and a packet stamped before one already handed
        // over (only across a chunk boundary) takes that packet's time.
        if (!std::is_sorted(held.begin(), held.end(), earlier))
        {
            std::stable_sort(held.begin(), held.end(), earlier);
        }
        if (flow.nextChunk > 0)
        {
            for (auto& packet : held)
            {
                if (packet.timeNs >= flow.handedNs)
                {
                    break;
                }
                packet.timeNs = flow.handedNs;
            }
        }
        flow.handedNs = held.back().timeNs;
        (*m_packetSink)(flow.firstPacket, flow.nextChunk, held);
        flow.nextChunk += 1;
        held.clear();
    }

    /**
     * Deliver a flow and forget it.
     * @param it the flow
     */
    void Emit(std::list<OpenFlow>::iterator it)
    {
        TwinFlowRecord record;
        record.ipVersion = it->key.version;
        record.sourceAddress = TwinIpAddressText(it->key.version, it->key.src.data());
        record.destAddress = TwinIpAddressText(it->key.version, it->key.dst.data());
        record.protocol = it->key.protocol;
        record.sourcePort = it->key.sourcePort;
        record.destPort = it->key.destPort;
        record.startSeconds = TwinNsToSeconds(it->startNs);
        record.endSeconds = TwinNsToSeconds(it->endNs);
        record.bytes = it->bytes;
        record.packets = it->packets;
        record.tcpFlags = it->tcpFlags;
        record.source.file = m_file;
        record.source.line = static_cast<uint32_t>(
            std::min<uint64_t>(it->firstPacket, std::numeric_limits<uint32_t>::max()));
        if (m_packetSink != nullptr && !it->held.empty())
        {
            HandOver(*it); // the rest of the sequence goes right before its record
        }
        m_open.erase(it->key);
        m_byAge.erase(it);
        m_stats.flows += 1;
        m_stats.bytes += record.bytes;
        m_sink(record);
    }

    std::string m_file;            //!< the capture
    int64_t m_idleNs;              //!< idle timeout
    int64_t m_activeNs;            //!< active timeout
    const TwinFlowSink& m_sink;    //!< where flows go
    TwinTrafficReadStats& m_stats; //!< delivered counts
    std::list<OpenFlow> m_byAge;   //!< open flows, least recently touched first
    std::unordered_map<FlowKey, std::list<OpenFlow>::iterator, FlowKeyHash> m_open; //!< by key
    uint64_t m_peak{0};                 //!< most open at once
    const TwinPacketSink* m_packetSink; //!< where packet sequences go, or null
};

} // namespace

void
TwinPcapCloser::operator()(pcap* handle) const
{
    if (handle != nullptr)
    {
        pcap_close(handle);
    }
}

bool
SupportedTwinLinkType(int linkType)
{
    switch (linkType)
    {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
    case DLT_NULL:
    case DLT_LOOP:
        return true;
    default:
        return false;
    }
}

std::string
DecodeTwinPacket(int linkType, const uint8_t* data, uint32_t capturedLength, uint32_t wireLength,
                 TwinCapturedPacket& packet)
{
    packet = TwinCapturedPacket();
    ParseOutcome outcome = ParsePacket(linkType, Bytes(data, capturedLength), wireLength, packet);
    return outcome.ok ? std::string() : outcome.detail;
}

std::string
TwinProtocolName(uint8_t protocol)
{
    switch (protocol)
    {
    case 6:
        return "tcp";
    case 17:
        return "udp";
    case 1:
        return "icmp";
    case 58:
        return "icmpv6";
    case 132:
        return "sctp";
    case 33:
        return "dccp";
    default:
        return "proto-" + std::to_string(protocol);
    }
}

std::string
TwinIpAddressText(uint8_t version, const uint8_t* address)
{
    char text[INET6_ADDRSTRLEN] = {};
    if (inet_ntop(version == 4 ? AF_INET : AF_INET6, address, text, sizeof(text)) == nullptr)
    {
        return "?";
    }
    return text;
}

TwinTrafficReadStats
ReadPcapFlows(const std::string& path, const TwinTrafficReadOptions& options,
              const TwinFlowSink& sink, TwinDiagnostics& diagnostics, PcapReadDetails* details,
              const TwinPacketSink* packetSink)
{
    TwinTrafficReadStats stats;
    PcapReadDetails localDetails;
    PcapReadDetails& info = details != nullptr ? *details : localDetails;
    info = PcapReadDetails();
    TwinSourceRef fileRef;
    fileRef.file = path;

    // Timeouts become int64 nanoseconds: bound them so the conversion is defined.
    auto validTimeout = [](double seconds)
    { return std::isfinite(seconds) && seconds > 0 && seconds <= 1e9; };
    if (!validTimeout(options.flowIdleTimeoutSeconds) ||
        !validTimeout(options.flowActiveTimeoutSeconds))
    {
        diagnostics.Error(fileRef, "flow timeouts must be positive and at most 1e9 s (idle " +
                                       std::to_string(options.flowIdleTimeoutSeconds) +
                                       ", active " +
                                       std::to_string(options.flowActiveTimeoutSeconds) + ")");
        return stats;
    }

    char errorBuffer[PCAP_ERRBUF_SIZE] = {};
    TwinPcapHandle handle(pcap_open_offline_with_tstamp_precision(
        path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errorBuffer));
    if (!handle)
    {
        diagnostics.Error(fileRef, std::string("cannot read the capture: ") + errorBuffer);
        return stats;
    }
    int linkType = pcap_datalink(handle.get());
    const char* linkName = pcap_datalink_val_to_name(linkType);
    info.linkType = linkName != nullptr ? linkName : "DLT " + std::to_string(linkType);
    if (!SupportedTwinLinkType(linkType))
    {
        diagnostics.Error(fileRef, "unsupported link type " + info.linkType + " (" +
                                       std::to_string(linkType) +
                                       "); supported: Ethernet, Linux cooked SLL/SLL2, raw IP, "
                                       "loopback");
        return stats;
    }
    int snapLength = pcap_snapshot(handle.get());
    // libpcap cuts a classic pcap record longer than the snap length down to it without a
    // word; the bytes it consumed from the file reveal the stored length.
    FILE* stream = IsClassicPcap(path) ? pcap_file(handle.get()) : nullptr;
    long position = stream != nullptr ? std::ftell(stream) : -1;

    // An empty function is no sink: treat it as none rather than call it.
    const TwinPacketSink* packets = packetSink != nullptr && *packetSink ? packetSink : nullptr;
    FlowTable table(path, options, sink, stats, packets);
    const int64_t toleranceNs = static_cast<int64_t>(kPcapBackwardsToleranceSeconds * 1e9);
    bool haveClock = false;
    int64_t nowNs = 0;
    uint64_t index = 0;
    bool stopped = false;

    // Returns true if reading goes on.
    auto bad = [&](BadReason reason, const std::string& detail)
    {
        TwinSourceRef where = fileRef;
        where.line =
            static_cast<uint32_t>(std::min<uint64_t>(index, std::numeric_limits<uint32_t>::max()));
        std::string message = "packet " + std::to_string(index) + ": " + detail;
        if (!options.skipBadRecords)
        {
            diagnostics.Error(where, message);
            return false;
        }
        stats.recordsSkipped += 1;
        info.skippedPerReason[ReasonText(reason)] += 1;
        return true;
    };

    while (true)
    {
        pcap_pkthdr* header = nullptr;
        const u_char* data = nullptr;
        int status = pcap_next_ex(handle.get(), &header, &data);
        if (status == PCAP_ERROR_BREAK)
        {
            break; // end of file
        }
        ++index;
        if (status != 1)
        {
            std::string reason = pcap_geterr(handle.get());
            if (!bad(BadReason::ReadError, "cannot read the record: " + reason))
            {
                stopped = true;
                break;
            }
            // Nothing after a broken record can be found again: the rest is lost.
            diagnostics.Warning(fileRef, "reading stopped at packet " + std::to_string(index) +
                                             ": " + reason);
            break;
        }
        long newPosition = stream != nullptr ? std::ftell(stream) : -1;
        long stored = (position >= 0 && newPosition >= 0) ? newPosition - position - 16 : -1;
        position = newPosition;
        if ((stored >= 0 && static_cast<uint64_t>(stored) > header->caplen) ||
            (snapLength > 0 && header->caplen > static_cast<uint32_t>(snapLength)) ||
            header->caplen > header->len)
        {
            uint64_t captured =
                stored >= 0 ? std::max<uint64_t>(stored, header->caplen) : header->caplen;
            std::string limit = captured > header->len
                                    ? "the packet length " + std::to_string(header->len)
                                    : "the snap length " + std::to_string(snapLength);
            if (!bad(BadReason::CaptureLength,
                     "captured length " + std::to_string(captured) + " exceeds " + limit))
            {
                stopped = true;
                break;
            }
            continue;
        }
        // A pcapng timestamp is 64 bits in any resolution: seconds outside what nanoseconds
        // in an int64_t hold (1970 to 2262) are a corrupt record, not a time.
        if (header->ts.tv_sec < 0 || static_cast<uint64_t>(header->ts.tv_sec) >=
                                         std::numeric_limits<int64_t>::max() / 1000000000 - 1)
        {
            if (!bad(BadReason::ReadError, "timestamp " + std::to_string(header->ts.tv_sec) +
                                               " s is outside 1970 to 2262 (corrupt record)"))
            {
                stopped = true;
                break;
            }
            continue;
        }
        int64_t timeNs = static_cast<int64_t>(header->ts.tv_sec) * 1000000000 +
                         static_cast<int64_t>(header->ts.tv_usec);
        if (haveClock && timeNs < nowNs - toleranceNs)
        {
            if (!bad(BadReason::Backwards,
                     "timestamp " + std::to_string(TwinNsToSeconds(timeNs)) + " s is " +
                         std::to_string(TwinNsToSeconds(nowNs - timeNs)) +
                         " s before an earlier packet's (tolerance " +
                         std::to_string(kPcapBackwardsToleranceSeconds) + " s)"))
            {
                stopped = true;
                break;
            }
            continue;
        }
        TwinCapturedPacket packet;
        ParseOutcome outcome =
            ParsePacket(linkType, Bytes(data, header->caplen), header->len, packet);
        if (!outcome.ok)
        {
            if (!bad(outcome.reason, outcome.detail))
            {
                stopped = true;
                break;
            }
            continue;
        }
        nowNs = haveClock ? std::max(nowNs, timeNs) : timeNs;
        haveClock = true;
        table.Expire(nowNs);
        if (!packet.isIp)
        {
            info.nonIpPackets += 1;
            stats.packetsPerProtocol["non-ip"] += 1;
            continue;
        }
        stats.packetsPerProtocol[TwinProtocolName(packet.protocol)] += 1;
        // Flows stay open until their idle timeout: a scan or random garbage opens one per
        // packet, so memory is bounded here rather than by the capture's size.
        if (table.WouldExceed(packet, options.maxOpenFlows))
        {
            diagnostics.Error({path,
                               static_cast<uint32_t>(
                                   std::min<uint64_t>(index, std::numeric_limits<uint32_t>::max())),
                               ""},
                              "packet " + std::to_string(index) + ": " +
                                  TwinLimitMessage("open flows", options.maxOpenFlows + 1,
                                                   options.maxOpenFlows, "open-flows") +
                                  ", or shorten --idle-timeout");
            stopped = true;
            break;
        }
        if (!table.Add(packet, timeNs, nowNs, index))
        {
            TwinSourceRef where = fileRef;
            where.line = std::numeric_limits<uint32_t>::max();
            diagnostics.Error(where, "packet " + std::to_string(index) +
                                         ": packet sequences name a flow by its first packet's "
                                         "index, which must stay below 2^32; import this "
                                         "capture without packet sequences or split it "
                                         "(e.g. editcap -c)");
            stopped = true;
            break;
        }
    }
    stats.recordsRead = index;
    info.peakOpenFlows = table.Peak();
    if (stopped)
    {
        return stats;
    }
    table.Flush();
    if (stats.recordsSkipped > 0)
    {
        std::string summary = "skipped " + std::to_string(stats.recordsSkipped) + " bad packet" +
                              (stats.recordsSkipped == 1 ? "" : "s") + " of " +
                              std::to_string(index) + ":";
        bool first = true;
        for (const auto& [reason, count] : info.skippedPerReason)
        {
            summary += (first ? " " : "; ") + std::to_string(count) + " " + reason;
            first = false;
        }
        diagnostics.Warning(fileRef, summary);
    }
    return stats;
}

} // namespace ns3
