/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLOW_EXPORT_READER_H
#define FLOW_EXPORT_READER_H

#include "ns3/twin-network.h"
#include "ns3/twin-traffic.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Reader of flow exports: NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011), from a file
 * of export messages written back to back or from a pcap of the UDP export stream. See
 * doc/replay-flows.md for the field mapping, sampling and bad-input rules.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Decodes flow export messages into TwinFlowRecords. Templates (v9 and IPFIX) and sampling
 * intervals learnt from options records are kept per exporter, version and source id /
 * observation domain for the life of the reader, so a template file and a data file of the
 * same exporter can be read one after the other with one reader.
 *
 * Bad input (unknown version, truncated message, lengths that do not add up, data set whose
 * template never came) is an error naming the file and the message index (TwinSourceRef::line
 * is the 1-based message index in a message file, or the pcap packet index in a pcap;
 * TwinSourceRef::path names the set or record), and reading stops: flows already handed to
 * the sink must be discarded by the caller. With TwinTrafficReadOptions::skipBadRecords the
 * bad part is counted in TwinTrafficReadStats::recordsSkipped, reported as a warning, and
 * reading goes on.
 */
class FlowExportReader
{
public:
    /**
     * @param options reading options (skipBadRecords is the one used here)
     * @param sink receives each decoded flow, in file order
     * @param diagnostics receives errors, warnings and notes
     */
    FlowExportReader(const TwinTrafficReadOptions& options, TwinFlowSink sink,
                     TwinDiagnostics& diagnostics);

    /**
     * Read one file.
     * @param path the file
     * @param format "" (detect: pcap/pcapng magic, else a message file of any version),
     *        "pcap" (a capture of the UDP export stream), "messages" (export messages back to
     *        back, any version), or "netflow5", "netflow9", "ipfix" (a message file of only
     *        that version)
     * @return true if the file was read without error (warnings are allowed)
     */
    bool ReadFile(const std::string& path, const std::string& format = "");

    /**
     * Decode one export packet, e.g. one UDP payload of the export stream.
     * @param data the packet bytes
     * @param size the number of bytes
     * @param where file and packet index used in diagnostics and in each record's source
     * @param exporter the exporter's address (keys the templates), may be empty
     * @return false on an error (not counted as skipped) that must stop reading
     */
    bool DecodePacket(const uint8_t* data, std::size_t size, const TwinSourceRef& where,
                      const std::string& exporter);

    /** @return what was read so far */
    const TwinTrafficReadStats& Stats() const { return m_stats; }

    /** One field of a template. */
    struct Field
    {
        uint16_t id{0};         //!< information element id (enterprise bit cleared)
        uint16_t length{0};     //!< length in bytes, 65535 = variable (IPFIX)
        uint32_t enterprise{0}; //!< enterprise number, 0 for IANA elements
    };

    /** One template or options template. */
    struct Template
    {
        std::vector<Field> fields; //!< fields in record order (scope fields first)
        std::size_t scopeCount{0}; //!< number of scope fields (options templates)
        bool options{false};       //!< an options template
        std::size_t minLength{0};  //!< smallest record length (variable fields count 1)
        bool variable{false};      //!< has a variable-length field
    };

private:
    /** Template key: exporter, version, source id / observation domain, template id. */
    using TemplateKey = std::tuple<std::string, int, uint32_t, uint16_t>;
    /** Sampling key: exporter, version, source id / observation domain. */
    using DomainKey = std::tuple<std::string, int, uint32_t>;

    /** Result of decoding one message of a stream. */
    struct MessageResult
    {
        bool ok{true};           //!< decoded (or bad part skipped) without a stopping error
        bool framed{false};      //!< consumed is the message length, so the next can follow
        std::size_t consumed{0}; //!< bytes of the message
    };

    /**
     * Decode one message at the start of a buffer.
     * @param data the bytes
     * @param size the bytes available (a whole datagram when stream is false)
     * @param stream the buffer holds messages back to back (v9 ends at the next header)
     * @param where file and message index
     * @param exporter exporter key
     * @return the outcome
     */
    MessageResult DecodeMessage(const uint8_t* data, std::size_t size, bool stream,
                                const TwinSourceRef& where, const std::string& exporter);

    /**
     * Read a file of export messages back to back.
     * @param path the file
     * @param version the only version allowed (0: any)
     * @return true on success
     */
    bool ReadMessageFile(const std::string& path, int version);

    /**
     * Read a pcap of the export stream.
     * @param path the file
     * @return true on success
     */
    bool ReadPcap(const std::string& path);

    /**
     * Record a bad part of the input: a warning and a skip count when skipping is allowed,
     * else an error.
     * @param where location
     * @param message what is wrong
     * @return true if reading may go on
     */
    bool Bad(const TwinSourceRef& where, const std::string& message);

    /**
     * Hand a decoded flow to the sink and count it.
     * @param flow the flow (samplingInterval set, not yet scaled)
     */
    void Deliver(TwinFlowRecord flow);

    TwinTrafficReadOptions m_options;             //!< reading options
    TwinFlowSink m_sink;                          //!< receives the flows
    TwinDiagnostics& m_diagnostics;               //!< findings
    TwinTrafficReadStats m_stats;                 //!< counters
    std::map<TemplateKey, Template> m_templates;  //!< templates learnt so far
    uint64_t m_templateFields{0};                 //!< fields of all templates in m_templates
    std::map<DomainKey, uint32_t> m_sampling;     //!< sampling interval per domain
    std::map<DomainKey, uint64_t> m_systemInitMs; //!< IPFIX exporter start (ms) per domain
    int m_expectedVersion{0};                     //!< only version allowed (0: any)
    uint64_t m_warnings{0};                       //!< skip warnings of the current file
    uint64_t m_notFlows{0};                       //!< data records without addresses
};

/**
 * Read a flow export file (see FlowExportReader::ReadFile).
 * @param path the file
 * @param format "" to detect, or "pcap", "messages", "netflow5", "netflow9", "ipfix"
 * @param options reading options
 * @param sink receives each flow
 * @param diagnostics receives findings; HasErrors() tells the read failed
 * @return the counters
 */
TwinTrafficReadStats ReadFlowExport(const std::string& path, const std::string& format,
                                    const TwinTrafficReadOptions& options, const TwinFlowSink& sink,
                                    TwinDiagnostics& diagnostics);

} // namespace ns3

#endif /* FLOW_EXPORT_READER_H */
