/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TwinStore's collected traffic: traffic sets, their flows and packet sequences.

#include "sqlite-database.h"
#include "twin-store-private.h"
#include "twin-store.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <nlohmann/json.hpp>

namespace ns3
{

using namespace store_detail;

namespace
{

/// Columns of a traffic set, in the order TrafficSetFromRow reads them.
const char* const kTrafficSetColumns =
    "SELECT id, snapshot_id, source_path, format, content_sha256, anonymised, options_json, "
    "records_read, records_skipped, flows, bytes, created_at, packet_sequences "
    "FROM traffic_sets ";

/**
 * @param select a statement positioned on a row of kTrafficSetColumns
 * @return the set
 */
TwinTrafficSetInfo
TrafficSetFromRow(const SqliteStatement& select)
{
    TwinTrafficSetInfo info;
    info.id = select.ColumnInt64(0);
    info.snapshotId = select.ColumnInt64(1);
    info.sourcePath = select.ColumnText(2);
    info.format = select.ColumnText(3);
    info.contentSha256 = select.ColumnText(4);
    info.anonymised = select.ColumnInt64(5) != 0;
    info.optionsJson = select.ColumnText(6);
    info.recordsRead = select.ColumnUint64(7);
    info.recordsSkipped = select.ColumnUint64(8);
    info.flows = select.ColumnUint64(9);
    info.bytes = select.ColumnUint64(10);
    info.createdAt = select.ColumnText(11);
    info.packetSequences = select.ColumnInt64(12) != 0;
    return info;
}

/**
 * @param db the connection
 * @param id a traffic set id
 * @return the set, or nothing
 */
std::optional<TwinTrafficSetInfo>
TrafficSetById(SqliteDatabase& db, int64_t id)
{
    SqliteStatement select(db, std::string(kTrafficSetColumns) + "WHERE id = ?",
                           "find a traffic set");
    select.BindInt64(1, id);
    if (!select.Step())
    {
        return std::nullopt;
    }
    TwinTrafficSetInfo info = TrafficSetFromRow(select);
    select.Reset();
    return info;
}

/**
 * @param flow a flow
 * @return how it is named in messages: its 5-tuple and where it came from
 */
std::string
DescribeFlow(const TwinMappedFlow& flow)
{
    const TwinFlowRecord& f = flow.flow;
    std::string text = "flow " + f.sourceAddress + ":" + std::to_string(f.sourcePort) + " -> " +
                       f.destAddress + ":" + std::to_string(f.destPort) + " proto " +
                       std::to_string(f.protocol);
    std::string where = f.source.ToString();
    if (!where.empty())
    {
        text += " (" + where + ")";
    }
    return text;
}

/**
 * Append an unsigned LEB128 value: 7 bits a byte, least significant first, high bit set on
 * all bytes but the last.
 * @param out the bytes so far
 * @param value the value
 */
void
PutVarint(std::string& out, uint64_t value)
{
    while (value >= 0x80)
    {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

/**
 * Read an unsigned LEB128 value.
 * @param data the bytes
 * @param pos where it starts; moved past it
 * @param value the value read
 * @return false if the bytes end inside the value or it does not fit in 64 bits
 */
bool
GetVarint(const std::string& data, std::size_t& pos, uint64_t& value)
{
    value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7)
    {
        if (pos >= data.size())
        {
            return false;
        }
        auto byte = static_cast<uint8_t>(data[pos++]);
        uint64_t bits = byte & 0x7f;
        if (shift == 63 && bits > 1)
        {
            return false;
        }
        value |= bits << shift;
        if ((byte & 0x80) == 0)
        {
            return true;
        }
    }
    return false;
}

/**
 * Encode a chunk: per packet the gap in ns since the chunk's previous packet (0 for the
 * first) and the IP bytes, both unsigned LEB128.
 * @param packets the chunk, in time order
 * @return the data blob
 */
std::string
EncodeChunk(const std::vector<TwinPacketRecord>& packets)
{
    std::string data;
    data.reserve(packets.size() * 5);
    int64_t previous = packets.front().timeNs;
    for (const auto& packet : packets)
    {
        // Unsigned arithmetic: the difference of ordered int64 values is exact modulo 2^64.
        PutVarint(data, static_cast<uint64_t>(packet.timeNs) - static_cast<uint64_t>(previous));
        PutVarint(data, packet.bytes);
        previous = packet.timeNs;
    }
    return data;
}

/**
 * Decode a chunk and append its packets.
 * @param startNs the chunk's first packet time
 * @param count the packets it should hold
 * @param data the blob
 * @param out where the packets go
 * @return "" if it decoded to exactly count packets, else what is wrong
 */
std::string
DecodeChunk(int64_t startNs, int64_t count, const std::string& data,
            std::vector<TwinPacketRecord>& out)
{
    std::size_t pos = 0;
    int64_t time = startNs;
    for (int64_t i = 0; i < count; ++i)
    {
        uint64_t gap = 0;
        uint64_t bytes = 0;
        if (!GetVarint(data, pos, gap) || !GetVarint(data, pos, bytes))
        {
            return "cannot decode packet " + std::to_string(i + 1) + " of " +
                   std::to_string(count) + " (the data ends, or a value exceeds 64 bits)";
        }
        if (gap > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
            __builtin_add_overflow(time, static_cast<int64_t>(gap), &time))
        {
            return "time of packet " + std::to_string(i + 1) + " overflows";
        }
        if (bytes > std::numeric_limits<uint32_t>::max())
        {
            return "packet " + std::to_string(i + 1) + " has " + std::to_string(bytes) +
                   " bytes, above 2^32 - 1";
        }
        out.push_back({time, static_cast<uint32_t>(bytes)});
    }
    if (pos != data.size())
    {
        return std::to_string(data.size() - pos) + " bytes left after the " +
               std::to_string(count) + " packets the chunk should hold";
    }
    return "";
}

/**
 * Read one stored chunk.
 * @param select a statement positioned on a row whose columns from `first` on are start_ns,
 *        packets, data
 * @param first the column of start_ns
 * @param out where the packets go
 * @return "" or what is wrong with it
 */
std::string
DecodeChunkRow(const SqliteStatement& select, int first, std::vector<TwinPacketRecord>& out)
{
    int64_t count = select.ColumnInt64(first + 1);
    if (count <= 0)
    {
        return "packet count " + std::to_string(count);
    }
    return DecodeChunk(select.ColumnInt64(first), count, select.ColumnBlob(first + 2), out);
}

/**
 * Check a set's packet sequences against its flows: each belongs to exactly one flow of the
 * set (record_index = first packet), its chunks are numbered 0, 1, ... and decode, and it
 * holds that flow's packets and bytes. Both sides are read in first-packet order and merged.
 * @param db the connection (inside the writer's transaction)
 * @param setId the set
 * @return true if the set has packet sequences
 * @throws TwinStoreError naming the first sequence that does not match
 */
bool
CheckPacketSequences(SqliteDatabase& db, int64_t setId)
{
    const std::string set = "traffic set " + std::to_string(setId);
    SqliteStatement chunks(db,
                           "SELECT first_packet, chunk, start_ns, packets, data FROM "
                           "traffic_packets WHERE set_id = ? ORDER BY first_packet, chunk",
                           "check the packet sequences of a traffic set");
    chunks.BindInt64(1, setId);
    SqliteStatement flows(db,
                          "SELECT record_index, packets, bytes FROM traffic_flows WHERE "
                          "set_id = ? AND record_index IS NOT NULL ORDER BY record_index",
                          "match packet sequences to their flows");
    flows.BindInt64(1, setId);
    bool flowRow = flows.Step();
    bool chunkRow = chunks.Step();
    bool any = chunkRow;
    std::vector<TwinPacketRecord> decoded;
    while (chunkRow)
    {
        const int64_t first = chunks.ColumnInt64(0);
        const std::string sequence =
            set + ": the packet sequence of first packet " + std::to_string(first);
        uint64_t packets = 0;
        uint64_t bytes = 0;
        int64_t expected = 0;
        for (; chunkRow && chunks.ColumnInt64(0) == first; chunkRow = chunks.Step(), ++expected)
        {
            if (chunks.ColumnInt64(1) != expected)
            {
                throw StoreError(db.GetPath(), sequence + " has chunk " +
                                                   std::to_string(chunks.ColumnInt64(1)) +
                                                   " where chunk " + std::to_string(expected) +
                                                   " belongs; nothing stored");
            }
            decoded.clear();
            std::string damage = DecodeChunkRow(chunks, 2, decoded);
            if (!damage.empty())
            {
                throw StoreError(db.GetPath(), sequence + ", chunk " + std::to_string(expected) +
                                                   ": " + damage + "; nothing stored");
            }
            packets += decoded.size();
            for (const auto& packet : decoded)
            {
                bytes += packet.bytes;
            }
        }
        while (flowRow && flows.ColumnInt64(0) < first)
        {
            flowRow = flows.Step();
        }
        if (!flowRow || flows.ColumnInt64(0) != first)
        {
            throw StoreError(db.GetPath(), sequence + " belongs to no flow of the set (no flow "
                                                      "starts at that packet); nothing stored");
        }
        uint64_t flowPackets = flows.ColumnUint64(1);
        uint64_t flowBytes = flows.ColumnUint64(2);
        flowRow = flows.Step();
        if (flowRow && flows.ColumnInt64(0) == first)
        {
            throw StoreError(db.GetPath(), sequence + " is ambiguous: several flows start at that "
                                                      "packet; nothing stored");
        }
        if (packets != flowPackets || bytes != flowBytes)
        {
            throw StoreError(db.GetPath(),
                             sequence + " holds " + std::to_string(packets) + " packets of " +
                                 std::to_string(bytes) + " bytes, but its flow has " +
                                 std::to_string(flowPackets) + " packets of " +
                                 std::to_string(flowBytes) + " bytes; nothing stored");
        }
    }
    if (flowRow)
    {
        flows.Reset();
    }
    return any;
}

/**
 * Fill a flow's packets from its stored sequence (if it has one).
 * @param path the store file, for messages
 * @param chunks the prepared chunk query (set_id, first_packet)
 * @param setId the set
 * @param flow the flow, read from the store; its packets are appended
 * @throws TwinStoreError if the sequence is damaged or does not hold the flow's packets
 */
void
ReadSequence(const std::string& path, SqliteStatement& chunks, int64_t setId, TwinMappedFlow& flow)
{
    chunks.BindInt64(1, setId).BindInt64(2, flow.flow.source.line);
    int64_t expected = 0;
    std::string damage;
    for (; chunks.Step(); ++expected)
    {
        if (chunks.ColumnInt64(0) != expected)
        {
            damage = "chunk " + std::to_string(chunks.ColumnInt64(0)) + " where chunk " +
                     std::to_string(expected) + " belongs";
        }
        else
        {
            damage = DecodeChunkRow(chunks, 1, flow.packets);
            if (!damage.empty())
            {
                damage = "chunk " + std::to_string(expected) + ": " + damage;
            }
        }
        if (!damage.empty())
        {
            chunks.Reset();
            break;
        }
    }
    if (damage.empty() && expected > 0)
    {
        uint64_t bytes = 0;
        for (const auto& packet : flow.packets)
        {
            bytes += packet.bytes;
        }
        if (flow.packets.size() != flow.flow.packets || bytes != flow.flow.bytes)
        {
            damage = "it holds " + std::to_string(flow.packets.size()) + " packets of " +
                     std::to_string(bytes) + " bytes, the flow " +
                     std::to_string(flow.flow.packets) + " packets of " +
                     std::to_string(flow.flow.bytes) + " bytes";
        }
    }
    if (!damage.empty())
    {
        flow.packets.clear();
        throw StoreError(path, "traffic set " + std::to_string(setId) +
                                   ": damaged packet sequence of " + DescribeFlow(flow) +
                                   ", first packet " + std::to_string(flow.flow.source.line) +
                                   ": " + damage);
    }
}

} // namespace

TwinTrafficWriter::TwinTrafficWriter(TwinStore& store, SqliteDatabase& db,
                                     const TwinTrafficSetInfo& info)
    : m_store(store), m_db(db)
{
    const std::string& path = db.GetPath();
    m_transaction = std::make_unique<SqliteTransaction>(
        db, "store traffic from '" + info.sourcePath + "'", SqliteTransaction::Mode::Immediate);
    if (!SnapshotById(db, info.snapshotId))
    {
        throw StoreError(path, "cannot store traffic from '" + info.sourcePath +
                                   "': no snapshot with id " + std::to_string(info.snapshotId));
    }
    SqliteStatement insertSet(db,
                              "INSERT INTO traffic_sets (snapshot_id, source_path, format, "
                              "content_sha256, anonymised, options_json, records_read, "
                              "records_skipped, flows, bytes) VALUES (?, ?, ?, ?, ?, ?, 0, 0, "
                              "0, 0)",
                              "insert a traffic set");
    insertSet.BindInt64(1, info.snapshotId)
        .BindText(2, info.sourcePath)
        .BindText(3, info.format)
        .BindText(4, info.contentSha256)
        .BindInt64(5, info.anonymised ? 1 : 0)
        .BindText(6, info.optionsJson.empty() ? "{}" : info.optionsJson);
    insertSet.Run("traffic from '" + info.sourcePath + "'");
    m_setId = db.LastInsertRowId();
    m_insert = std::make_unique<SqliteStatement>(
        db,
        "INSERT INTO traffic_flows (set_id, ip_version, source_address, dest_address, protocol, "
        "source_port, dest_port, start_s, end_s, bytes, packets, tcp_flags, sampling_interval, "
        "scaled, ingress_interface, exporter, source_node, dest_node, source_rule, dest_rule, "
        "record_file, record_index, record_path) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "insert a traffic flow");
    m_store.m_trafficWriterOpen = true;
}

TwinTrafficWriter::~TwinTrafficWriter()
{
    // The statements go before the transaction rolls back (reverse member order).
    m_insertPackets.reset();
    m_insert.reset();
    m_transaction.reset();
    m_store.m_trafficWriterOpen = false;
}

void
TwinTrafficWriter::Add(const TwinMappedFlow& flow)
{
    if (m_committed || !m_transaction)
    {
        throw StoreError(m_db.GetPath(), "traffic set " + std::to_string(m_setId) +
                                             " is closed; cannot add " + DescribeFlow(flow));
    }
    const TwinFlowRecord& f = flow.flow;
    std::optional<int64_t> recordIndex;
    if (f.source.line != 0)
    {
        recordIndex = f.source.line;
    }
    if (f.bytes > std::numeric_limits<uint64_t>::max() - m_bytes)
    {
        throw StoreError(m_db.GetPath(), "traffic set " + std::to_string(m_setId) +
                                             ": total bytes overflow at " + DescribeFlow(flow));
    }
    // The flow is described only when it is refused, not for every row.
    try
    {
        m_insert->BindInt64(1, m_setId)
            .BindInt64(2, f.ipVersion)
            .BindText(3, f.sourceAddress)
            .BindText(4, f.destAddress)
            .BindInt64(5, f.protocol)
            .BindInt64(6, f.sourcePort)
            .BindInt64(7, f.destPort)
            .BindDouble(8, f.startSeconds)
            .BindDouble(9, f.endSeconds)
            .BindUint64(10, f.bytes)
            .BindUint64(11, f.packets)
            .BindInt64(12, f.tcpFlags)
            .BindInt64(13, f.samplingInterval)
            .BindInt64(14, f.scaled ? 1 : 0)
            .BindInt64(15, f.ingressInterface)
            .BindTextOrNull(16, f.exporter)
            .BindTextOrNull(17, flow.sourceNode)
            .BindTextOrNull(18, flow.destNode)
            .BindTextOrNull(19, flow.sourceRule)
            .BindTextOrNull(20, flow.destRule)
            .BindTextOrNull(21, f.source.file)
            .BindOptionalInt64(22, recordIndex)
            .BindTextOrNull(23, f.source.path);
        m_insert->Run();
    }
    catch (const TwinStoreError& e)
    {
        m_insert->Reset();
        throw TwinStoreError(std::string(e.what()) + " (" + DescribeFlow(flow) + ")");
    }
    ++m_flows;
    m_bytes += f.bytes;
}

void
TwinTrafficWriter::AddPackets(uint64_t firstPacket, uint32_t chunk,
                              const std::vector<TwinPacketRecord>& packets)
{
    // Named only when refused, not for every chunk.
    auto where = [&]
    {
        return "traffic set " + std::to_string(m_setId) + ", flow of first packet " +
               std::to_string(firstPacket) + ", chunk " + std::to_string(chunk);
    };
    if (m_committed || !m_transaction)
    {
        throw StoreError(m_db.GetPath(), where() + ": the set is closed");
    }
    if (firstPacket == 0 ||
        firstPacket > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    {
        throw StoreError(m_db.GetPath(),
                         where() + ": the first packet index must be from 1 to 2^63 - 1");
    }
    if (packets.empty())
    {
        throw StoreError(m_db.GetPath(), where() + ": an empty chunk");
    }
    for (std::size_t i = 1; i < packets.size(); ++i)
    {
        if (packets[i].timeNs < packets[i - 1].timeNs)
        {
            throw StoreError(m_db.GetPath(),
                             where() + ": packet " + std::to_string(i + 1) + " of the chunk (" +
                                 std::to_string(packets[i].timeNs) + " ns) is before packet " +
                                 std::to_string(i) + " (" + std::to_string(packets[i - 1].timeNs) +
                                 " ns)");
        }
    }
    if (chunk > 0)
    {
        // Chunks come in order: the previous one is stored, and this one starts no earlier
        // than it ends.
        SqliteStatement previous(m_db,
                                 "SELECT start_ns, packets, data FROM traffic_packets "
                                 "WHERE set_id = ? AND first_packet = ? AND chunk = ?",
                                 "find the previous chunk of a packet sequence");
        previous.BindInt64(1, m_setId)
            .BindInt64(2, static_cast<int64_t>(firstPacket))
            .BindInt64(3, static_cast<int64_t>(chunk) - 1);
        if (!previous.Step())
        {
            throw StoreError(m_db.GetPath(), where() + ": chunk " + std::to_string(chunk - 1) +
                                                 " was not stored before it");
        }
        std::vector<TwinPacketRecord> before;
        std::string damage = DecodeChunkRow(previous, 0, before);
        previous.Reset();
        if (!damage.empty())
        {
            throw StoreError(m_db.GetPath(),
                             where() + ": the previous chunk is damaged: " + damage);
        }
        if (packets.front().timeNs < before.back().timeNs)
        {
            throw StoreError(m_db.GetPath(), where() + ": its first packet (" +
                                                 std::to_string(packets.front().timeNs) +
                                                 " ns) is before the last packet of chunk " +
                                                 std::to_string(chunk - 1) + " (" +
                                                 std::to_string(before.back().timeNs) + " ns)");
        }
    }
    if (!m_insertPackets)
    {
        // Prepared once: most flows are one chunk, and preparing costs more than inserting.
        m_insertPackets = std::make_unique<SqliteStatement>(
            m_db,
            "INSERT INTO traffic_packets (set_id, first_packet, chunk, start_ns, packets, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            "insert a chunk of a packet sequence");
    }
    SqliteStatement& insert = *m_insertPackets;
    insert.BindInt64(1, m_setId)
        .BindInt64(2, static_cast<int64_t>(firstPacket))
        .BindInt64(3, chunk)
        .BindInt64(4, packets.front().timeNs)
        .BindInt64(5, static_cast<int64_t>(packets.size()))
        .BindBlob(6, EncodeChunk(packets));
    try
    {
        insert.Run();
    }
    catch (const TwinStoreError& e)
    {
        insert.Reset();
        throw TwinStoreError(std::string(e.what()) + " (" + where() + ")");
    }
}

int64_t
TwinTrafficWriter::Commit(const TwinTrafficReadStats& stats)
{
    const std::string set = "traffic set " + std::to_string(m_setId);
    if (m_committed || !m_transaction)
    {
        throw StoreError(m_db.GetPath(), set + " is already committed");
    }
    // The set's counters describe its rows; a reader whose counts differ from what was
    // added means flows were lost or duplicated on the way.
    if (stats.flows != m_flows || stats.bytes != m_bytes)
    {
        throw StoreError(m_db.GetPath(),
                         set + ": the reader delivered " + std::to_string(stats.flows) +
                             " flows of " + std::to_string(stats.bytes) + " bytes, but " +
                             std::to_string(m_flows) + " flows of " + std::to_string(m_bytes) +
                             " bytes were added; nothing stored");
    }
    bool sequences = CheckPacketSequences(m_db, m_setId);
    SqliteStatement update(m_db,
                           "UPDATE traffic_sets SET records_read = ?, records_skipped = ?, "
                           "flows = ?, bytes = ?, packet_sequences = ? WHERE id = ?",
                           "write the counters of a traffic set");
    update.BindUint64(1, stats.recordsRead)
        .BindUint64(2, stats.recordsSkipped)
        .BindUint64(3, m_flows)
        .BindUint64(4, m_bytes)
        .BindInt64(5, sequences ? 1 : 0)
        .BindInt64(6, m_setId);
    update.Run(set);
    m_insertPackets.reset();
    m_insert.reset();
    // Taken out first: after a failed commit (rolled back) the writer must stay closed.
    std::unique_ptr<SqliteTransaction> transaction = std::move(m_transaction);
    transaction->Commit();
    m_committed = true;
    return m_setId;
}

uint64_t
TwinTrafficWriter::GetFlowCount() const
{
    return m_flows;
}

std::unique_ptr<TwinTrafficWriter>
TwinStore::BeginTrafficSet(const TwinTrafficSetInfo& info)
{
    const std::string what = "cannot store traffic from '" + info.sourcePath + "': ";
    if (m_trafficWriterOpen)
    {
        throw StoreError(m_path, what + "another traffic set is being written through this "
                                        "store object; commit or destroy its writer first");
    }
    if (info.format.empty())
    {
        throw StoreError(m_path, what + "no format name");
    }
    if (info.contentSha256.size() != 64 || !IsHex(info.contentSha256) ||
        std::any_of(info.contentSha256.begin(), info.contentSha256.end(),
                    [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }))
    {
        throw StoreError(m_path, what + "content SHA-256 '" + info.contentSha256 +
                                     "' is not 64 lower-case hex digits");
    }
    if (!info.optionsJson.empty())
    {
        nlohmann::json options = nlohmann::json::parse(info.optionsJson, nullptr, false);
        if (!options.is_object())
        {
            throw StoreError(m_path, what + "options are not a JSON object: " + info.optionsJson);
        }
    }
    return std::unique_ptr<TwinTrafficWriter>(new TwinTrafficWriter(*this, *m_db, info));
}

std::vector<TwinTrafficSetInfo>
TwinStore::ListTrafficSets()
{
    SqliteStatement select(*m_db, std::string(kTrafficSetColumns) + "ORDER BY id",
                           "list the traffic sets");
    std::vector<TwinTrafficSetInfo> sets;
    while (select.Step())
    {
        sets.push_back(TrafficSetFromRow(select));
    }
    return sets;
}

std::optional<TwinTrafficSetInfo>
TwinStore::FindTrafficSet(int64_t id)
{
    return TrafficSetById(*m_db, id);
}

void
TwinStore::ForEachTrafficFlow(int64_t setId,
                              const std::function<void(const TwinMappedFlow&)>& visit,
                              bool withPackets)
{
    // An open writer already holds a transaction on this connection (it sees its own rows).
    std::optional<SqliteTransaction> transaction;
    if (!m_trafficWriterOpen)
    {
        transaction.emplace(*m_db, "read the flows of traffic set " + std::to_string(setId),
                            SqliteTransaction::Mode::Deferred);
    }
    std::optional<TwinTrafficSetInfo> set = TrafficSetById(*m_db, setId);
    if (!set)
    {
        throw StoreError(m_path, "no traffic set with id " + std::to_string(setId));
    }
    SqliteStatement select(*m_db,
                           "SELECT id, ip_version, source_address, dest_address, protocol, "
                           "source_port, dest_port, start_s, end_s, bytes, packets, tcp_flags, "
                           "sampling_interval, scaled, ingress_interface, exporter, source_node, "
                           "dest_node, source_rule, dest_rule, record_file, record_index, "
                           "record_path FROM traffic_flows WHERE set_id = ? "
                           "ORDER BY start_s, id",
                           "read the flows of a traffic set");
    select.BindInt64(1, setId);
    // Only sets that have packet sequences are asked for chunks; each flow's chunks are read
    // one flow at a time (the primary key orders them), so memory holds one flow's packets.
    const bool readPackets = withPackets && set->packetSequences;
    std::optional<SqliteStatement> chunks;
    if (readPackets)
    {
        chunks.emplace(*m_db,
                       "SELECT chunk, start_ns, packets, data FROM traffic_packets "
                       "WHERE set_id = ? AND first_packet = ? ORDER BY chunk",
                       "read a packet sequence");
    }
    TwinMappedFlow m;
    while (select.Step())
    {
        m.flowId = select.ColumnInt64(0);
        TwinFlowRecord& f = m.flow;
        f.ipVersion = static_cast<int>(select.ColumnInt64(1));
        f.sourceAddress = select.ColumnText(2);
        f.destAddress = select.ColumnText(3);
        f.protocol = static_cast<uint8_t>(select.ColumnInt64(4));
        f.sourcePort = static_cast<uint16_t>(select.ColumnInt64(5));
        f.destPort = static_cast<uint16_t>(select.ColumnInt64(6));
        f.startSeconds = select.ColumnDouble(7);
        f.endSeconds = select.ColumnDouble(8);
        f.bytes = select.ColumnUint64(9);
        f.packets = select.ColumnUint64(10);
        f.tcpFlags = static_cast<uint8_t>(select.ColumnInt64(11));
        f.samplingInterval = static_cast<uint32_t>(select.ColumnInt64(12));
        f.scaled = select.ColumnInt64(13) != 0;
        f.ingressInterface = static_cast<uint32_t>(select.ColumnInt64(14));
        f.exporter = select.ColumnText(15);
        m.sourceNode = select.ColumnText(16);
        m.destNode = select.ColumnText(17);
        m.sourceRule = select.ColumnText(18);
        m.destRule = select.ColumnText(19);
        f.source.file = select.ColumnText(20);
        f.source.line = static_cast<uint32_t>(select.ColumnOptionalInt64(21).value_or(0));
        f.source.path = select.ColumnText(22);
        m.packets.clear();
        if (readPackets && f.source.line != 0)
        {
            ReadSequence(m_path, *chunks, setId, m);
        }
        visit(m);
    }
    if (transaction)
    {
        transaction->Commit();
    }
}

} // namespace ns3
