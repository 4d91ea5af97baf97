/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/flow-export-reader.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{
namespace
{

/** Builds big-endian bytes. */
class Bytes
{
public:
    Bytes& U8(uint64_t v)
    {
        m_data.push_back(static_cast<char>(v & 0xff));
        return *this;
    }

    Bytes& U16(uint64_t v) { return U8(v >> 8).U8(v); }

    Bytes& U32(uint64_t v) { return U16(v >> 16).U16(v); }

    Bytes& U64(uint64_t v) { return U32(v >> 32).U32(v); }

    Bytes& Ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return U8(a).U8(b).U8(c).U8(d); }

    Bytes& Raw(const std::string& s)
    {
        m_data += s;
        return *this;
    }

    /** Overwrite a 16-bit value at an offset (lengths known only at the end). */
    Bytes& Put16(std::size_t at, uint64_t v)
    {
        m_data[at] = static_cast<char>((v >> 8) & 0xff);
        m_data[at + 1] = static_cast<char>(v & 0xff);
        return *this;
    }

    std::size_t Size() const { return m_data.size(); }

    const std::string& Str() const { return m_data; }

private:
    std::string m_data;
};

/** One v5 record as the test writes it. */
struct V5
{
    uint8_t src[4];
    uint8_t dst[4];
    uint16_t input;
    uint32_t packets;
    uint32_t bytes;
    uint32_t firstMs;
    uint32_t lastMs;
    uint16_t srcPort;
    uint16_t dstPort;
    uint8_t flags;
    uint8_t protocol;
};

std::string
V5Message(uint32_t uptimeMs, uint32_t secs, uint32_t nsecs, uint16_t sampling,
          const std::vector<V5>& records)
{
    Bytes b;
    b.U16(5)
        .U16(records.size())
        .U32(uptimeMs)
        .U32(secs)
        .U32(nsecs)
        .U32(0)
        .U8(0)
        .U8(0)
        .U16(sampling);
    for (const V5& r : records)
    {
        b.Ip4(r.src[0], r.src[1], r.src[2], r.src[3]).Ip4(r.dst[0], r.dst[1], r.dst[2], r.dst[3]);
        b.U32(0).U16(r.input).U16(0).U32(r.packets).U32(r.bytes).U32(r.firstMs).U32(r.lastMs);
        b.U16(r.srcPort).U16(r.dstPort).U8(0).U8(r.flags).U8(r.protocol).U8(0);
        b.U16(0).U16(0).U8(0).U8(0).U16(0);
    }
    return b.Str();
}

/** A set: id, length, content padded to 4 bytes. */
std::string
Set(uint16_t id, const std::string& content)
{
    std::string body = content;
    while ((body.size() + 4) % 4 != 0)
    {
        body.push_back('\0');
    }
    Bytes b;
    b.U16(id).U16(body.size() + 4).Raw(body);
    return b.Str();
}

std::string
V9Message(uint32_t uptimeMs, uint32_t secs, uint32_t sourceId, const std::vector<std::string>& sets)
{
    Bytes b;
    b.U16(9).U16(sets.size()).U32(uptimeMs).U32(secs).U32(1).U32(sourceId);
    for (const auto& s : sets)
    {
        b.Raw(s);
    }
    return b.Str();
}

std::string
IpfixMessage(uint32_t exportSecs, uint32_t domain, const std::vector<std::string>& sets)
{
    Bytes b;
    b.U16(10).U16(0).U32(exportSecs).U32(1).U32(domain);
    for (const auto& s : sets)
    {
        b.Raw(s);
    }
    b.Put16(2, b.Size());
    return b.Str();
}

/** A template record: id and (element, length) pairs. */
std::string
TemplateRecord(uint16_t id, const std::vector<std::pair<uint16_t, uint16_t>>& fields)
{
    Bytes b;
    b.U16(id).U16(fields.size());
    for (const auto& [e, l] : fields)
    {
        b.U16(e).U16(l);
    }
    return b.Str();
}

/** Reads a file and keeps the flows. */
struct Collected
{
    std::vector<TwinFlowRecord> flows;
    TwinDiagnostics diagnostics;
    TwinTrafficReadStats stats;
};

Collected
Read(const std::string& path, const std::string& format = "", bool skip = false)
{
    Collected c;
    TwinTrafficReadOptions options;
    options.skipBadRecords = skip;
    c.stats = ReadFlowExport(
        path, format, options, [&c](const TwinFlowRecord& f) { c.flows.push_back(f); },
        c.diagnostics);
    return c;
}

TEST(FlowExportReader, NetFlowV5FieldsTimesAndSampling)
{
    test::TempDir dir;
    uint32_t uptime = 100000;
    uint32_t secs = 1700000000;
    std::string first =
        V5Message(uptime, secs, 500000000, 0,
                  {{{10, 0, 0, 1}, {10, 0, 0, 2}, 3, 5, 1500, 90000, 99000, 1234, 80, 0x1b, 6},
                   {{192, 168, 1, 1}, {8, 8, 8, 8}, 7, 1, 84, 99500, 99500, 0, 0x0800, 0, 1}});
    // Sampling field: mode 01 in the top two bits, interval 100.
    std::string second =
        V5Message(uptime + 1000, secs + 1, 0, 0x4000 | 100,
                  {{{10, 0, 0, 3}, {10, 0, 0, 4}, 2, 2, 200, 100500, 100900, 53, 5353, 0, 17}});
    std::string path = dir.Write("v5.dat", first + second);

    Collected c = Read(path);
    ASSERT_FALSE(c.diagnostics.HasErrors()) << test::Dump(c.diagnostics);
    ASSERT_EQ(c.flows.size(), 3u);
    EXPECT_EQ(c.stats.recordsRead, 3u);
    EXPECT_EQ(c.stats.flows, 3u);

    const TwinFlowRecord& a = c.flows[0];
    EXPECT_EQ(a.sourceAddress, "10.0.0.1");
    EXPECT_EQ(a.destAddress, "10.0.0.2");
    EXPECT_EQ(a.sourcePort, 1234);
    EXPECT_EQ(a.destPort, 80);
    EXPECT_EQ(a.protocol, 6);
    EXPECT_EQ(a.tcpFlags, 0x1b);
    EXPECT_EQ(a.ingressInterface, 3u);
    EXPECT_EQ(a.packets, 5u);
    EXPECT_EQ(a.bytes, 1500u);
    // First was 10 s before the header's uptime, last 1 s before.
    EXPECT_NEAR(a.startSeconds, secs + 0.5 - 10.0, 1e-6);
    EXPECT_NEAR(a.endSeconds, secs + 0.5 - 1.0, 1e-6);
    EXPECT_FALSE(a.scaled);
    EXPECT_EQ(a.source.file, path);
    EXPECT_EQ(a.source.line, 1u);
    EXPECT_EQ(a.source.path, "record 1");

    EXPECT_EQ(c.flows[1].destPort, 0x0800); // ICMP echo request as type * 256 + code
    EXPECT_EQ(c.flows[1].source.path, "record 2");

    const TwinFlowRecord& s = c.flows[2];
    EXPECT_EQ(s.source.line, 2u);
    EXPECT_TRUE(s.scaled);
    EXPECT_EQ(s.samplingInterval, 100u);
    EXPECT_EQ(s.packets, 200u);
    EXPECT_EQ(s.bytes, 20000u);
    EXPECT_NEAR(s.startSeconds, secs + 1.0 - 0.5, 1e-6);

    EXPECT_EQ(c.stats.bytes, 1500u + 84u + 20000u);
    EXPECT_EQ(c.stats.packetsPerProtocol.at("tcp"), 5u);
    EXPECT_EQ(c.stats.packetsPerProtocol.at("icmp"), 1u);
    EXPECT_EQ(c.stats.packetsPerProtocol.at("udp"), 200u);
}

TEST(FlowExportReader, NetFlowV9TemplatesReuseOptionsAndIpv6)
{
    test::TempDir dir;
    uint32_t secs = 1700000000;
    std::string v4Template = TemplateRecord(256, {{8, 4},
                                                  {12, 4},
                                                  {7, 2},
                                                  {11, 2},
                                                  {4, 1},
                                                  {6, 1},
                                                  {1, 4},
                                                  {2, 4},
                                                  {10, 2},
                                                  {22, 4},
                                                  {21, 4},
                                                  {32, 2}});
    std::string v6Template =
        TemplateRecord(257, {{27, 16}, {28, 16}, {4, 1}, {1, 8}, {2, 8}, {7, 2}, {11, 2}});
    auto v4Record = [](uint8_t last, uint8_t protocol, uint32_t bytes, uint16_t typeCode)
    {
        Bytes b;
        b.Ip4(10, 1, 0, last).Ip4(10, 2, 0, 1).U16(4000).U16(443).U8(protocol).U8(0x12);
        b.U32(bytes).U32(3).U16(9).U32(58000).U32(59000).U16(typeCode);
        return b.Str();
    };
    std::string msg1 = V9Message(60000, secs, 7,
                                 {Set(0, v4Template + v6Template),
                                  Set(256, v4Record(1, 6, 3000, 0) + v4Record(2, 1, 84, 0x0301))});
    // Second packet: no template, data reuses it; an options template and record say
    // 1 in 10 sampling; then a data set after it is scaled.
    Bytes opt;
    opt.U16(300).U16(4).U16(8).U16(1).U16(4).U16(34).U16(4).U16(35).U16(1);
    Bytes optRecord;
    optRecord.U32(7).U32(10).U8(2);
    Bytes v6;
    v6.Raw(std::string("\x20\x01\x0d\xb8", 4) + std::string(11, '\0') + std::string("\x01", 1));
    v6.Raw(std::string("\x20\x01\x0d\xb8", 4) + std::string(11, '\0') + std::string("\x02", 1));
    v6.U8(17).U64(5000).U64(4).U16(5000).U16(6000);
    std::string msg2 = V9Message(61000, secs + 1, 7,
                                 {Set(1, opt.Str()), Set(300, optRecord.Str()),
                                  Set(256, v4Record(3, 17, 1000, 0)), Set(257, v6.Str())});
    std::string path = dir.Write("v9.dat", msg1 + msg2);

    Collected c = Read(path);
    ASSERT_FALSE(c.diagnostics.HasErrors()) << test::Dump(c.diagnostics);
    ASSERT_EQ(c.flows.size(), 4u);
    const TwinFlowRecord& a = c.flows[0];
    EXPECT_EQ(a.sourceAddress, "10.1.0.1");
    EXPECT_EQ(a.destAddress, "10.2.0.1");
    EXPECT_EQ(a.sourcePort, 4000);
    EXPECT_EQ(a.destPort, 443); // icmpTypeCode 0 does not count for TCP
    EXPECT_EQ(a.tcpFlags, 0x12);
    EXPECT_EQ(a.bytes, 3000u);
    EXPECT_EQ(a.packets, 3u);
    EXPECT_EQ(a.ingressInterface, 9u);
    EXPECT_NEAR(a.startSeconds, secs - 2.0, 1e-6);
    EXPECT_NEAR(a.endSeconds, secs - 1.0, 1e-6);
    EXPECT_EQ(a.source.line, 1u);
    EXPECT_EQ(a.source.path, "set 2 record 1");
    EXPECT_EQ(a.exporter, "domain 7");
    EXPECT_EQ(c.flows[1].protocol, 1);
    EXPECT_EQ(c.flows[1].destPort, 0x0301);

    const TwinFlowRecord& reused = c.flows[2];
    EXPECT_EQ(reused.sourceAddress, "10.1.0.3");
    EXPECT_EQ(reused.source.line, 2u);
    EXPECT_EQ(reused.samplingInterval, 10u);
    EXPECT_TRUE(reused.scaled);
    EXPECT_EQ(reused.bytes, 10000u);
    EXPECT_EQ(reused.packets, 30u);
    EXPECT_NEAR(reused.startSeconds, secs + 1 - 3.0, 1e-6);

    const TwinFlowRecord& six = c.flows[3];
    EXPECT_EQ(six.ipVersion, 6);
    EXPECT_EQ(six.sourceAddress, "2001:db8::1");
    EXPECT_EQ(six.destAddress, "2001:db8::2");
    EXPECT_EQ(six.bytes, 50000u);
    EXPECT_EQ(six.packets, 40u);
    EXPECT_EQ(six.sourcePort, 5000);
    EXPECT_EQ(six.destPort, 6000);
    // No times in the template: the export time stands in.
    EXPECT_DOUBLE_EQ(six.startSeconds, secs + 1.0);
}

TEST(FlowExportReader, IpfixEnterpriseVariableTotalsAndWithdrawal)
{
    test::TempDir dir;
    uint32_t secs = 1700000000;
    // Template 400: enterprise field (4 extra bytes), a variable-length field, totals,
    // absolute milliseconds.
    Bytes tpl;
    tpl.U16(400).U16(8);
    tpl.U16(8).U16(4).U16(12).U16(4).U16(4).U16(1);
    tpl.U16(0x8000 | 100).U16(2).U32(9);
    tpl.U16(82).U16(65535); // interfaceName, variable
    tpl.U16(85).U16(8).U16(86).U16(4);
    tpl.U16(152).U16(8);
    Bytes optTpl; // options template 401: scope 149 (domain), 305, 306
    optTpl.U16(401).U16(3).U16(1).U16(149).U16(4).U16(305).U16(4).U16(306).U16(4);
    Bytes optRec;
    optRec.U32(5).U32(1).U32(3); // 1 sampled, 3 skipped: 1 in 4
    auto record = [](uint8_t last, const std::string& name, uint64_t ms)
    {
        Bytes b;
        b.Ip4(192, 0, 2, last).Ip4(198, 51, 100, 1).U8(17).U16(0xbeef);
        b.U8(name.size()).Raw(name).U64(777).U32(7).U64(ms);
        return b.Str();
    };
    std::string msg1 = IpfixMessage(
        secs, 5, {Set(2, tpl.Str()), Set(400, record(1, "ge-0/0/0", 1700000000123ULL))});
    std::string msg2 = IpfixMessage(
        secs + 1, 5,
        {Set(3, optTpl.Str()), Set(401, optRec.Str()), Set(400, record(2, "x", 1700000001500ULL))});
    // Withdraw template 400, then a data set for it has no template.
    Bytes withdraw;
    withdraw.U16(400).U16(0);
    std::string msg3 =
        IpfixMessage(secs + 2, 5, {Set(2, withdraw.Str()), Set(400, record(3, "y", 0))});
    std::string good = dir.Write("good.ipfix", msg1 + msg2);

    Collected c = Read(good, "ipfix");
    ASSERT_FALSE(c.diagnostics.HasErrors()) << test::Dump(c.diagnostics);
    ASSERT_EQ(c.flows.size(), 2u);
    EXPECT_EQ(c.flows[0].sourceAddress, "192.0.2.1");
    EXPECT_EQ(c.flows[0].destAddress, "198.51.100.1");
    EXPECT_EQ(c.flows[0].protocol, 17);
    EXPECT_EQ(c.flows[0].bytes, 777u);
    EXPECT_EQ(c.flows[0].packets, 7u);
    EXPECT_NEAR(c.flows[0].startSeconds, 1700000000.123, 1e-6);
    EXPECT_EQ(c.flows[0].exporter, "domain 5");
    EXPECT_EQ(c.flows[1].samplingInterval, 4u);
    EXPECT_EQ(c.flows[1].bytes, 777u * 4);
    EXPECT_EQ(c.flows[1].packets, 28u);
    EXPECT_NEAR(c.flows[1].startSeconds, 1700000001.5, 1e-6);

    std::string withdrawn = dir.Write("withdrawn.ipfix", msg1 + msg3);
    Collected w = Read(withdrawn);
    EXPECT_TRUE(test::HasDiagnostic(w.diagnostics, TwinDiagnostic::Severity::Error, withdrawn, 2,
                                    "template 400 whose template never came"));
    // The format named only IPFIX: a v5 message is an error.
    std::string mixed = dir.Write("mixed.ipfix", msg1 + V5Message(0, 0, 0, 0, {}));
    Collected m = Read(mixed, "ipfix");
    EXPECT_TRUE(test::HasDiagnostic(m.diagnostics, TwinDiagnostic::Severity::Error, mixed, 2,
                                    "version 5 where only version 10"));
}

TEST(FlowExportReader, TemplateFieldsAreBoundedAndWithdrawalsGiveThemBack)
{
    test::TempDir dir;
    uint32_t secs = 1700000000;
    std::vector<std::pair<uint16_t, uint16_t>> three{{8, 4}, {12, 4}, {4, 1}};
    // Message 1: templates 300 and 301 (6 fields). Message 2: 300 withdrawn, 302 added and
    // 301 replaced, so 6 fields are kept at every point.
    Bytes withdraw;
    withdraw.U16(300).U16(0);
    std::string msg1 =
        IpfixMessage(secs, 1, {Set(2, TemplateRecord(300, three) + TemplateRecord(301, three))});
    std::string msg2 = IpfixMessage(
        secs + 1, 1,
        {Set(2, withdraw.Str() + TemplateRecord(302, three) + TemplateRecord(301, three))});
    std::string path = dir.Write("templates.ipfix", msg1 + msg2);

    auto read = [&](uint64_t limit)
    {
        Collected c;
        TwinTrafficReadOptions options;
        options.maxTemplateFields = limit;
        ReadFlowExport(
            path, "ipfix", options, [&c](const TwinFlowRecord& f) { c.flows.push_back(f); },
            c.diagnostics);
        return c;
    };
    Collected tight = read(5);
    EXPECT_TRUE(test::HasDiagnostic(tight.diagnostics, TwinDiagnostic::Severity::Error, path, 1,
                                    "6 template fields exceed the limit of 5 (raise it with "
                                    "--limit template-fields=N)"))
        << test::Dump(tight.diagnostics);
    Collected enough = read(6);
    EXPECT_FALSE(enough.diagnostics.HasErrors()) << test::Dump(enough.diagnostics);
    // Without the withdrawal message 2 would need 9 fields.
    std::string noWithdraw =
        dir.Write("no-withdraw.ipfix",
                  msg1 + IpfixMessage(secs + 1, 1, {Set(2, TemplateRecord(302, three))}));
    path = noWithdraw;
    Collected over = read(6);
    EXPECT_TRUE(test::HasDiagnostic(over.diagnostics, TwinDiagnostic::Severity::Error, path, 2,
                                    "9 template fields exceed the limit of 6"))
        << test::Dump(over.diagnostics);
}

TEST(FlowExportReader, BadInputIsAnErrorWithMessageIndexOrCountedWhenSkipped)
{
    test::TempDir dir;
    V5 rec{{1, 1, 1, 1}, {2, 2, 2, 2}, 0, 1, 40, 0, 0, 1, 2, 0, 6};
    std::string good = V5Message(0, 1, 0, 0, {rec, rec});

    // Unknown version after a good message: error at message 2, nothing more read.
    std::string unknown = dir.Write("unknown.dat", good + std::string("\x00\x07\x00\x01", 4));
    Collected u = Read(unknown);
    EXPECT_TRUE(test::HasDiagnostic(u.diagnostics, TwinDiagnostic::Severity::Error, unknown, 2,
                                    "unknown flow export version 7"));
    Collected us = Read(unknown, "", true);
    EXPECT_FALSE(us.diagnostics.HasErrors()) << test::Dump(us.diagnostics);
    EXPECT_EQ(us.flows.size(), 2u);
    EXPECT_EQ(us.stats.recordsSkipped, 1u);

    // Truncated last message.
    std::string truncated = dir.Write("truncated.dat", good + good.substr(0, 24 + 48 + 10));
    Collected t = Read(truncated);
    EXPECT_TRUE(test::HasDiagnostic(t.diagnostics, TwinDiagnostic::Severity::Error, truncated, 2,
                                    "announces 2 records"));
    Collected ts = Read(truncated, "", true);
    EXPECT_FALSE(ts.diagnostics.HasErrors());
    EXPECT_EQ(ts.flows.size(), 2u);
    EXPECT_EQ(ts.stats.recordsSkipped, 1u);

    // v9 data sets whose template never came, between good ones: each is counted.
    std::string tpl = TemplateRecord(256, {{8, 4}, {12, 4}, {1, 4}, {2, 4}});
    Bytes rec9;
    rec9.Ip4(1, 1, 1, 1).Ip4(2, 2, 2, 2).U32(100).U32(1);
    std::string orphans = V9Message(0, 1, 1, {Set(999, rec9.Str()), Set(998, rec9.Str())});
    std::string withTemplate = V9Message(0, 1, 1, {Set(0, tpl), Set(256, rec9.Str())});
    std::string missing = dir.Write("missing.dat", withTemplate + orphans + withTemplate);
    Collected mt = Read(missing);
    EXPECT_TRUE(test::HasDiagnostic(mt.diagnostics, TwinDiagnostic::Severity::Error, missing, 2,
                                    "template 999 whose template never came"));
    Collected ms = Read(missing, "", true);
    EXPECT_FALSE(ms.diagnostics.HasErrors());
    EXPECT_EQ(ms.flows.size(), 2u);
    EXPECT_EQ(ms.stats.recordsSkipped, 2u);
    EXPECT_EQ(ms.flows[1].source.line, 3u);

    // A set length that runs past the IPFIX message.
    Bytes badSet;
    badSet.U16(10).U16(16 + 4).U32(0).U32(0).U32(0).U16(2).U16(200);
    std::string lengths = dir.Write("lengths.ipfix", badSet.Str());
    Collected l = Read(lengths);
    EXPECT_TRUE(test::HasDiagnostic(l.diagnostics, TwinDiagnostic::Severity::Error, lengths, 1,
                                    "set length 200 does not fit"));

    Collected none = Read(dir.Path() + "/absent.dat");
    EXPECT_TRUE(none.diagnostics.HasErrors());
    Collected format = Read(unknown, "sflow");
    EXPECT_TRUE(format.diagnostics.HasErrors());
}

TEST(FlowExportReader, EveryTruncationAndCorruptionIsHandled)
{
    // Every prefix and many single-byte corruptions of a mixed stream: no crash, and either
    // an error or flows that all came from the bytes there.
    test::TempDir dir;
    std::string tpl = TemplateRecord(256, {{8, 4}, {12, 4}, {1, 4}, {2, 4}, {82, 65535}});
    Bytes rec9;
    rec9.Ip4(1, 1, 1, 1).Ip4(2, 2, 2, 2).U32(100).U32(1);
    Bytes recX;
    recX.Ip4(1, 1, 1, 1).Ip4(2, 2, 2, 2).U32(100).U32(1).U8(2).Raw("ab");
    V5 rec{{1, 1, 1, 1}, {2, 2, 2, 2}, 0, 1, 40, 0, 0, 1, 2, 0, 6};
    Bytes ipfixTpl;
    ipfixTpl.U16(256).U16(3).U16(8).U16(4).U16(12).U16(4).U16(82).U16(65535);
    Bytes ipfixRec;
    ipfixRec.Ip4(3, 3, 3, 3).Ip4(4, 4, 4, 4).U8(255).U16(3).Raw("abc");
    std::string v5 = V5Message(0, 1, 0, 0, {rec});
    std::string v9TemplateSet = Set(0, TemplateRecord(257, {{8, 4}, {12, 4}, {1, 4}, {2, 4}}));
    std::string v9 = V9Message(0, 1, 1, {v9TemplateSet, Set(257, rec9.Str())});
    std::string stream =
        v5 + v9 + IpfixMessage(1, 1, {Set(2, ipfixTpl.Str()), Set(256, ipfixRec.Str())});
    // A v9 packet has no length: a stream cut after its header or one of its sets is whole.
    std::set<std::size_t> wholeCuts{v5.size(), v5.size() + 20,
                                    v5.size() + 20 + v9TemplateSet.size(), v5.size() + v9.size()};
    Collected whole = Read(dir.Write("whole.dat", stream));
    ASSERT_FALSE(whole.diagnostics.HasErrors()) << test::Dump(whole.diagnostics);
    ASSERT_EQ(whole.flows.size(), 3u);
    EXPECT_EQ(whole.flows[2].sourceAddress, "3.3.3.3");

    for (std::size_t n = 0; n < stream.size(); ++n)
    {
        Collected c = Read(dir.Write("cut.dat", stream.substr(0, n)));
        EXPECT_LE(c.flows.size(), 3u);
        if (n > 0 && c.flows.size() < 3)
        {
            EXPECT_TRUE(c.diagnostics.HasErrors() || wholeCuts.count(n) > 0) << "cut at " << n;
        }
        Collected s = Read(dir.Path() + "/cut.dat", "", true);
        EXPECT_FALSE(s.diagnostics.HasErrors()) << "cut at " << n;
    }
    for (std::size_t i = 0; i < stream.size(); ++i)
    {
        for (uint8_t v : {uint8_t{0}, uint8_t{0xff}, uint8_t{9}})
        {
            std::string bad = stream;
            bad[i] = static_cast<char>(v);
            Collected c = Read(dir.Write("bad.dat", bad), "", i % 2 == 0);
            for (const auto& f : c.flows)
            {
                EXPECT_FALSE(f.source.file.empty());
            }
        }
    }
}

/**
 * A classic pcap of UDP datagrams from one exporter.
 * @param payloads one export packet per frame
 * @param linkType 1 (Ethernet), 101 (raw IP) or 276 (Linux cooked SLL2)
 * @param fragmentFrom frames from this index on carry IPv4's more-fragments flag
 * @return the file's bytes
 */
std::string
Pcap(const std::vector<std::string>& payloads, int linkType, std::size_t fragmentFrom = SIZE_MAX)
{
    Bytes file;
    // Little-endian header written byte by byte.
    file.Raw(std::string("\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8)).U64(0);
    file.Raw(std::string("\xff\xff\x00\x00", 4));
    file.U8(linkType & 0xff).U8(linkType >> 8).U8(0).U8(0);
    uint32_t ts = 1700000000;
    for (const auto& p : payloads)
    {
        Bytes frame;
        if (linkType == 1)
        {
            frame.U32(0x02000000).U16(1).U32(0x02000000).U16(2).U16(0x0800);
        }
        else if (linkType == 276)
        {
            // SLL2: protocol, reserved, interface index, ARPHRD, packet type, address length,
            // address (8 bytes).
            frame.U16(0x0800).U16(0).U32(2).U16(1).U8(0).U8(6).U32(0x02000000).U32(0x01000000);
        }
        const bool fragment = static_cast<std::size_t>(&p - payloads.data()) >= fragmentFrom;
        frame.U8(0x45).U8(0).U16(20 + 8 + p.size()).U16(0).U16(fragment ? 0x2000 : 0);
        frame.U8(64).U8(17).U16(0);
        frame.Ip4(192, 0, 2, 9).Ip4(192, 0, 2, 10);
        frame.U16(5000).U16(2055).U16(8 + p.size()).U16(0).Raw(p);
        auto le32 = [&file](uint32_t v) { file.U8(v).U8(v >> 8).U8(v >> 16).U8(v >> 24); };
        le32(ts++);
        le32(0);
        le32(frame.Size());
        le32(frame.Size());
        file.Raw(frame.Str());
    }
    return file.Str();
}

TEST(FlowExportReader, PcapOfTheExportStream)
{
    test::TempDir dir;
    std::string tpl = TemplateRecord(256, {{8, 4}, {12, 4}, {1, 4}, {2, 4}});
    Bytes rec9;
    rec9.Ip4(1, 1, 1, 1).Ip4(2, 2, 2, 2).U32(100).U32(1);
    V5 rec{{5, 5, 5, 5}, {6, 6, 6, 6}, 0, 2, 80, 0, 0, 1, 2, 0, 6};
    std::vector<std::string> payloads{V9Message(0, 1, 3, {Set(0, tpl)}),
                                      V9Message(0, 1, 3, {Set(256, rec9.Str() + rec9.Str())}),
                                      V5Message(0, 1, 0, 0, {rec})};
    for (int linkType : {1, 101, 276})
    {
        std::string path = dir.Write("export.pcap", Pcap(payloads, linkType));
        Collected c = Read(path);
        ASSERT_FALSE(c.diagnostics.HasErrors()) << test::Dump(c.diagnostics);
        ASSERT_EQ(c.flows.size(), 3u);
        EXPECT_EQ(c.flows[0].exporter, "192.0.2.9 domain 3");
        EXPECT_EQ(c.flows[1].source.line, 2u);
        EXPECT_EQ(c.flows[1].source.path, "set 1 record 2");
        EXPECT_EQ(c.flows[2].exporter, "192.0.2.9");
        EXPECT_EQ(c.flows[2].bytes, 80u);
        EXPECT_EQ(c.flows[2].source.line, 3u);
    }
    // A data packet before its template (capture started late) is an error at packet 1.
    std::string late = dir.Write("late.pcap", Pcap({payloads[1], payloads[0]}, 1));
    Collected l = Read(late);
    EXPECT_TRUE(
        test::HasDiagnostic(l.diagnostics, TwinDiagnostic::Severity::Error, late, 1, "never came"));
    Collected ls = Read(late, "pcap", true);
    EXPECT_EQ(ls.stats.recordsSkipped, 1u);
    EXPECT_TRUE(ls.flows.empty());

    // A fragmented export packet is not reassembled: an error at its packet index, or skipped.
    std::string fragmented = dir.Write("fragment.pcap", Pcap(payloads, 1, 2));
    Collected f = Read(fragmented);
    EXPECT_TRUE(test::HasDiagnostic(f.diagnostics, TwinDiagnostic::Severity::Error, fragmented, 3,
                                    "fragment"))
        << test::Dump(f.diagnostics);
    Collected fs = Read(fragmented, "pcap", true);
    EXPECT_EQ(fs.stats.recordsSkipped, 1u);
    EXPECT_EQ(fs.flows.size(), 2u);
}

/** The reference data, when present. */
std::string
Reference(const std::string& name)
{
    return test::ReferenceDataPath("flows/" + name);
}

#define SKIP_WITHOUT(path)                                                                         \
    if (!std::filesystem::exists(path))                                                            \
    {                                                                                              \
        GTEST_SKIP() << "reference data absent: " << path;                                         \
    }

TEST(FlowExportReader, RealNetFlowFiles)
{
    std::string v5 = Reference("netflow5.dat");
    SKIP_WITHOUT(v5);
    Collected c = Read(v5);
    ASSERT_FALSE(c.diagnostics.HasErrors()) << test::Dump(c.diagnostics);
    // The file is whole messages of whole records: the count follows from its size.
    EXPECT_EQ(c.flows.size(), c.stats.recordsRead);
    EXPECT_GT(c.flows.size(), 0u);
    EXPECT_EQ(c.flows[0].source.line, 1u);
    for (const auto& f : c.flows)
    {
        EXPECT_LE(f.startSeconds, f.endSeconds);
        EXPECT_GT(f.packets, 0u);
    }

    std::string invalid = Reference("netflow5_test_invalid01.dat");
    Collected i = Read(invalid);
    EXPECT_TRUE(test::HasDiagnostic(i.diagnostics, TwinDiagnostic::Severity::Error, invalid, 1,
                                    "NetFlow v5 header announces"));
    EXPECT_TRUE(i.flows.empty());

    // The ASA data file alone lacks its templates; after the template file it reads.
    std::string tpl = Reference("netflow9_test_cisco_asa_1_tpl.dat");
    std::string data = Reference("netflow9_test_cisco_asa_1_data.dat");
    Collected alone = Read(data);
    EXPECT_TRUE(test::HasDiagnostic(alone.diagnostics, TwinDiagnostic::Severity::Error, data, 1,
                                    "never came"));
    TwinDiagnostics diagnostics;
    std::vector<TwinFlowRecord> flows;
    FlowExportReader reader(
        {}, [&flows](const TwinFlowRecord& f) { flows.push_back(f); }, diagnostics);
    EXPECT_TRUE(reader.ReadFile(tpl));
    EXPECT_TRUE(reader.ReadFile(data));
    EXPECT_FALSE(diagnostics.HasErrors()) << test::Dump(diagnostics);
    EXPECT_GT(flows.size(), 0u);
    for (const auto& f : flows)
    {
        EXPECT_FALSE(f.sourceAddress.empty());
        EXPECT_FALSE(f.destAddress.empty());
    }

    std::string ipfix = Reference("ipfix.dat");
    Collected x = Read(ipfix, "ipfix");
    ASSERT_FALSE(x.diagnostics.HasErrors()) << test::Dump(x.diagnostics);
    EXPECT_GT(x.flows.size(), 0u);
    for (const auto& f : x.flows)
    {
        // Times come from the exporter's init time (options) plus uptime: near export time.
        EXPECT_GT(f.startSeconds, 1.4e9);
    }
}

/** 5-tuple key as pmacct's JSON names it. */
std::string
Key(const std::string& src, const std::string& dst, uint64_t sport, uint64_t dport,
    const std::string& proto)
{
    return src + " " + dst + " " + std::to_string(sport) + " " + std::to_string(dport) + " " +
           proto;
}

void
CompareWithPmacct(const std::string& stem)
{
    std::string pcap = Reference(stem + ".traffic-00.pcap");
    std::string json = Reference(stem + ".output-flow-00.json");
    if (!std::filesystem::exists(pcap) || !std::filesystem::exists(json))
    {
        GTEST_SKIP() << "reference data absent: " << pcap;
    }
    Collected c = Read(pcap);
    ASSERT_FALSE(c.diagnostics.HasErrors()) << test::Dump(c.diagnostics);

    // pmacct aggregates equal keys; sum both sides per 5-tuple and compare.
    std::map<std::string, std::pair<uint64_t, uint64_t>> expected;
    uint64_t expectedBytes = 0;
    std::size_t lines = 0;
    std::ifstream in(json);
    std::string line;
    while (std::getline(in, line))
    {
        if (line.empty())
        {
            continue;
        }
        ++lines;
        auto j = nlohmann::json::parse(line);
        auto& e =
            expected[Key(j["ip_src"], j["ip_dst"], j["port_src"], j["port_dst"], j["ip_proto"])];
        e.first += j["bytes"].get<uint64_t>();
        e.second += j["packets"].get<uint64_t>();
        expectedBytes += j["bytes"].get<uint64_t>();
    }
    std::map<std::string, std::pair<uint64_t, uint64_t>> got;
    for (const auto& f : c.flows)
    {
        std::string proto = f.protocol == 6 ? "tcp" : f.protocol == 17 ? "udp" : "other";
        auto& g = got[Key(f.sourceAddress, f.destAddress, f.sourcePort, f.destPort, proto)];
        g.first += f.bytes;
        g.second += f.packets;
    }
    EXPECT_EQ(c.flows.size(), lines);
    EXPECT_EQ(c.stats.bytes, expectedBytes);
    EXPECT_EQ(got, expected);
}

TEST(FlowExportReader, IpfixPcapMatchesPmacct)
{
    CompareWithPmacct("100-IPFIXv10-CISCO");
}

TEST(FlowExportReader, NetFlowV9PcapMatchesPmacct)
{
    CompareWithPmacct("101-NFv9-CISCO-cust_primitives");
}

} // namespace
} // namespace ns3
