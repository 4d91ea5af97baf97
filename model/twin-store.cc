/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-store.h"

#include "sqlite-database.h"
#include "twin-store-private.h"

#include "ns3/twin-importer.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <utility>

namespace ns3
{

namespace store_detail
{

/**
 * @param path the file
 * @param message what is wrong
 * @return a store error naming the file
 */
TwinStoreError
StoreError(const std::string& path, const std::string& message)
{
    return TwinStoreError("twin store '" + path + "': " + message);
}

/** @param text some text @return true if it is non-empty and all hex digits */
bool
IsHex(const std::string& text)
{
    if (text.empty())
    {
        return false;
    }
    for (char c : text)
    {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
        {
            return false;
        }
    }
    return true;
}

} // namespace store_detail

using namespace store_detail;

namespace
{

/// PRAGMA application_id of a twin store: "DTWN" in ASCII.
constexpr int64_t kApplicationId = 0x4454574E;

/**
 * How long a statement waits for another connection's lock, in milliseconds. Generous: with
 * `dtwin run --jobs N` up to N processes queue for the write lock, each holding it for the
 * write-back of one run, and a traffic import holds it while it reads its whole capture (some
 * 50 MB/s: minutes for a capture of several GB). A run that simulated for an hour must not
 * lose its results because the lock was busy for a minute.
 */
constexpr int kBusyTimeoutMs = 600000;

/// Shortest hash prefix FindSnapshot accepts.
constexpr std::size_t kMinHashPrefix = 6;

/**
 * One forward step of the schema. Step N takes a store from user_version N-1 to N. Steps are
 * never edited once released: a change is a new step appended to the list.
 */
struct Migration
{
    int version;             //!< user_version after the step
    const char* description; //!< what the step does
    const char* sql;         //!< the statements
};

/// Version 1: the initial schema. doc/store.md documents every table, column and view.
const char* const kSchemaV1 = R"sql(
CREATE TABLE demand_sets (
    id            INTEGER PRIMARY KEY,
    content_hash  TEXT NOT NULL UNIQUE CHECK (length(content_hash) = 64),
    source        TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE demands (
    id             INTEGER PRIMARY KEY,
    demand_set_id  INTEGER NOT NULL REFERENCES demand_sets(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    source_node    TEXT NOT NULL,
    dest_node      TEXT NOT NULL,
    protocol       TEXT NOT NULL CHECK (protocol IN ('udp', 'tcp')),
    rate_bps       REAL NOT NULL,
    bytes          INTEGER NOT NULL CHECK (bytes >= 0),
    start_s        REAL NOT NULL,
    stop_s         REAL,
    packet_bytes   INTEGER NOT NULL CHECK (packet_bytes >= 0),
    UNIQUE (demand_set_id, name)
);

CREATE TABLE snapshots (
    id             INTEGER PRIMARY KEY,
    content_hash   TEXT NOT NULL UNIQUE CHECK (length(content_hash) = 64),
    name           TEXT NOT NULL,
    source         TEXT NOT NULL,
    importer       TEXT NOT NULL,
    demand_set_id  INTEGER REFERENCES demand_sets(id) ON DELETE RESTRICT,
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX snapshots_demand_set ON snapshots(demand_set_id);

CREATE TABLE snapshot_files (
    snapshot_id  INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    path         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, position)
);

CREATE TABLE snapshot_diagnostics (
    snapshot_id  INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    message      TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, position)
);

CREATE TABLE nodes (
    id             INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    latitude_deg   REAL,
    longitude_deg  REAL,
    UNIQUE (snapshot_id, name)
);

CREATE TABLE interfaces (
    id         INTEGER PRIMARY KEY,
    node_id    INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    speed_bps  INTEGER CHECK (speed_bps >= 0),
    mtu_bytes  INTEGER CHECK (mtu_bytes >= 0),
    UNIQUE (node_id, name)
);

CREATE TABLE interface_addresses (
    interface_id   INTEGER NOT NULL REFERENCES interfaces(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    address        TEXT NOT NULL,
    prefix_length  INTEGER NOT NULL CHECK (prefix_length BETWEEN 0 AND 32),
    PRIMARY KEY (interface_id, position)
);
CREATE INDEX interface_addresses_address ON interface_addresses(address);

CREATE TABLE links (
    id                   INTEGER PRIMARY KEY,
    snapshot_id          INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    source_interface_id  INTEGER NOT NULL REFERENCES interfaces(id) ON DELETE CASCADE,
    dest_interface_id    INTEGER NOT NULL REFERENCES interfaces(id) ON DELETE CASCADE,
    capacity_bps         INTEGER NOT NULL CHECK (capacity_bps >= 0),
    delay_s              REAL NOT NULL,
    queue_packets        INTEGER NOT NULL CHECK (queue_packets >= 0),
    metric               INTEGER NOT NULL CHECK (metric >= 0),
    UNIQUE (snapshot_id, name)
);
CREATE INDEX links_source_interface ON links(source_interface_id);
CREATE INDEX links_dest_interface ON links(dest_interface_id);

CREATE TABLE routes (
    id                INTEGER PRIMARY KEY,
    node_id           INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    destination       TEXT NOT NULL,
    prefix_length     INTEGER NOT NULL CHECK (prefix_length BETWEEN 0 AND 32),
    next_hop          TEXT,
    out_interface_id  INTEGER REFERENCES interfaces(id) ON DELETE CASCADE,
    metric            INTEGER NOT NULL CHECK (metric >= 0)
);
CREATE INDEX routes_node ON routes(node_id);
CREATE INDEX routes_out_interface ON routes(out_interface_id);

CREATE TABLE runs (
    id               INTEGER PRIMARY KEY,
    snapshot_id      INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    demand_set_id    INTEGER REFERENCES demand_sets(id) ON DELETE RESTRICT,
    parameters_json  TEXT NOT NULL CHECK (json_valid(parameters_json)),
    seed             INTEGER NOT NULL CHECK (seed >= 0),
    run_number       INTEGER NOT NULL CHECK (run_number >= 0),
    ns3_version      TEXT NOT NULL,
    wall_s           REAL NOT NULL,
    simulated_s      REAL NOT NULL,
    event_count      INTEGER NOT NULL CHECK (event_count >= 0),
    status           TEXT NOT NULL CHECK (status IN ('completed', 'failed')),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX runs_snapshot ON runs(snapshot_id);
CREATE INDEX runs_demand_set ON runs(demand_set_id);

CREATE TABLE run_flows (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    flow_id         INTEGER NOT NULL,
    demand_name     TEXT,
    source_address  TEXT NOT NULL,
    dest_address    TEXT NOT NULL,
    protocol        INTEGER NOT NULL CHECK (protocol BETWEEN 0 AND 255),
    source_port     INTEGER NOT NULL CHECK (source_port BETWEEN 0 AND 65535),
    dest_port       INTEGER NOT NULL CHECK (dest_port BETWEEN 0 AND 65535),
    tx_bytes        INTEGER NOT NULL CHECK (tx_bytes >= 0),
    rx_bytes        INTEGER NOT NULL CHECK (rx_bytes >= 0),
    tx_packets      INTEGER NOT NULL CHECK (tx_packets >= 0),
    rx_packets      INTEGER NOT NULL CHECK (rx_packets >= 0),
    lost_packets    INTEGER NOT NULL CHECK (lost_packets >= 0),
    delay_mean_s    REAL NOT NULL,
    delay_max_s     REAL NOT NULL,
    jitter_mean_s   REAL NOT NULL,
    throughput_bps  REAL NOT NULL,
    first_tx_s      REAL NOT NULL,
    last_rx_s       REAL NOT NULL,
    UNIQUE (run_id, flow_id)
);

CREATE TABLE run_links (
    id                  INTEGER PRIMARY KEY,
    run_id              INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    link_id             INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    tx_bytes            INTEGER NOT NULL CHECK (tx_bytes >= 0),
    tx_packets          INTEGER NOT NULL CHECK (tx_packets >= 0),
    queue_drop_packets  INTEGER NOT NULL CHECK (queue_drop_packets >= 0),
    mean_utilisation    REAL NOT NULL,
    peak_utilisation    REAL NOT NULL,
    UNIQUE (run_id, link_id)
);
CREATE INDEX run_links_link ON run_links(link_id);

CREATE TABLE run_link_samples (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    link_id        INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    time_s         REAL NOT NULL,
    tx_bytes       INTEGER NOT NULL CHECK (tx_bytes >= 0),
    utilisation    REAL NOT NULL,
    queue_packets  INTEGER NOT NULL CHECK (queue_packets >= 0)
);
CREATE INDEX run_link_samples_run_link_time ON run_link_samples(run_id, link_id, time_s);
CREATE INDEX run_link_samples_link ON run_link_samples(link_id);

CREATE VIEW snapshot_summary AS
SELECT s.id,
       s.content_hash,
       s.name,
       s.source,
       s.importer,
       (SELECT count(*) FROM nodes n WHERE n.snapshot_id = s.id) AS node_count,
       (SELECT count(*) FROM links l WHERE l.snapshot_id = s.id) AS link_count,
       (SELECT count(*) FROM routes r JOIN nodes n ON n.id = r.node_id
         WHERE n.snapshot_id = s.id) AS route_count,
       s.demand_set_id,
       (SELECT count(*) FROM demands d WHERE d.demand_set_id = s.demand_set_id)
           AS demand_count,
       (SELECT count(*) FROM runs u WHERE u.snapshot_id = s.id) AS run_count,
       s.created_at
  FROM snapshots s;

CREATE VIEW node_addresses AS
SELECT n.snapshot_id,
       n.name AS node,
       i.name AS interface,
       a.address,
       a.prefix_length,
       a.address || '/' || a.prefix_length AS cidr
  FROM interface_addresses a
  JOIN interfaces i ON i.id = a.interface_id
  JOIN nodes n ON n.id = i.node_id;

CREATE VIEW link_topology AS
SELECT l.snapshot_id,
       l.id AS link_id,
       l.name AS link,
       sn.name AS source_node,
       si.name AS source_interface,
       dn.name AS dest_node,
       di.name AS dest_interface,
       l.capacity_bps,
       l.delay_s,
       l.queue_packets,
       l.metric,
       (SELECT r.id FROM links r
         WHERE r.source_interface_id = l.dest_interface_id
           AND r.dest_interface_id = l.source_interface_id) AS reverse_link_id
  FROM links l
  JOIN interfaces si ON si.id = l.source_interface_id
  JOIN nodes sn ON sn.id = si.node_id
  JOIN interfaces di ON di.id = l.dest_interface_id
  JOIN nodes dn ON dn.id = di.node_id;

CREATE VIEW route_table AS
SELECT n.snapshot_id,
       n.name AS node,
       r.destination || '/' || r.prefix_length AS destination,
       r.next_hop,
       i.name AS out_interface,
       r.metric
  FROM routes r
  JOIN nodes n ON n.id = r.node_id
  LEFT JOIN interfaces i ON i.id = r.out_interface_id;

CREATE VIEW run_summary AS
SELECT u.id,
       u.snapshot_id,
       s.name AS network,
       u.demand_set_id,
       u.status,
       u.seed,
       u.run_number,
       u.ns3_version,
       u.simulated_s,
       u.wall_s,
       u.event_count,
       (SELECT count(*) FROM run_flows f WHERE f.run_id = u.id) AS flow_count,
       (SELECT total(f.tx_packets) FROM run_flows f WHERE f.run_id = u.id) AS tx_packets,
       (SELECT total(f.rx_packets) FROM run_flows f WHERE f.run_id = u.id) AS rx_packets,
       (SELECT total(f.lost_packets) FROM run_flows f WHERE f.run_id = u.id) AS lost_packets,
       (SELECT total(f.rx_bytes) * 8.0 / NULLIF(u.simulated_s, 0)
          FROM run_flows f WHERE f.run_id = u.id) AS delivered_bps,
       (SELECT total(f.delay_mean_s * f.rx_packets) / NULLIF(total(f.rx_packets), 0)
          FROM run_flows f WHERE f.run_id = u.id) AS delay_mean_s,
       (SELECT max(f.delay_max_s) FROM run_flows f WHERE f.run_id = u.id) AS delay_max_s,
       (SELECT max(k.peak_utilisation) FROM run_links k WHERE k.run_id = u.id)
           AS peak_utilisation,
       u.parameters_json,
       u.created_at
  FROM runs u
  JOIN snapshots s ON s.id = u.snapshot_id;

CREATE VIEW flow_results AS
SELECT f.run_id,
       f.flow_id,
       f.demand_name AS demand,
       coalesce((SELECT n.name FROM interface_addresses a
                   JOIN interfaces i ON i.id = a.interface_id
                   JOIN nodes n ON n.id = i.node_id
                  WHERE a.address = f.source_address AND n.snapshot_id = u.snapshot_id),
                d.source_node) AS source_node,
       coalesce((SELECT n.name FROM interface_addresses a
                   JOIN interfaces i ON i.id = a.interface_id
                   JOIN nodes n ON n.id = i.node_id
                  WHERE a.address = f.dest_address AND n.snapshot_id = u.snapshot_id),
                d.dest_node) AS dest_node,
       CASE f.protocol WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' ELSE CAST(f.protocol AS TEXT) END
           AS protocol,
       f.source_address,
       f.source_port,
       f.dest_address,
       f.dest_port,
       d.rate_bps AS offered_bps,
       f.throughput_bps,
       f.tx_packets,
       f.rx_packets,
       f.lost_packets,
       CAST(f.lost_packets AS REAL) / NULLIF(f.tx_packets, 0) AS loss_ratio,
       f.tx_bytes,
       f.rx_bytes,
       f.delay_mean_s,
       f.delay_max_s,
       f.jitter_mean_s,
       f.first_tx_s,
       f.last_rx_s
  FROM run_flows f
  JOIN runs u ON u.id = f.run_id
  LEFT JOIN demands d ON d.demand_set_id = u.demand_set_id AND d.name = f.demand_name;

CREATE VIEW link_results AS
SELECT k.run_id,
       l.name AS link,
       sn.name AS source_node,
       dn.name AS dest_node,
       l.capacity_bps,
       k.tx_bytes,
       k.tx_packets,
       k.queue_drop_packets,
       k.mean_utilisation,
       k.peak_utilisation
  FROM run_links k
  JOIN links l ON l.id = k.link_id
  JOIN interfaces si ON si.id = l.source_interface_id
  JOIN nodes sn ON sn.id = si.node_id
  JOIN interfaces di ON di.id = l.dest_interface_id
  JOIN nodes dn ON dn.id = di.node_id;

CREATE VIEW link_utilisation AS
SELECT p.run_id,
       l.name AS link,
       sn.name AS source_node,
       dn.name AS dest_node,
       p.time_s,
       p.utilisation,
       p.tx_bytes,
       p.queue_packets
  FROM run_link_samples p
  JOIN links l ON l.id = p.link_id
  JOIN interfaces si ON si.id = l.source_interface_id
  JOIN nodes sn ON sn.id = si.node_id
  JOIN interfaces di ON di.id = l.dest_interface_id
  JOIN nodes dn ON dn.id = di.node_id;
)sql";

/**
 * Version 2: what-if scenarios. Stored scenario documents, sweeps (one invocation of a
 * scenario), the scenario, sweep, variant and verdict of a run, per-demand time series and
 * results, the events applied and the objective verdicts. run_summary is re-created with the
 * new run columns.
 */
const char* const kSchemaV2 = R"sql(
CREATE TABLE scenarios (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE CHECK (length(content_hash) = 64),
    format        TEXT NOT NULL CHECK (format IN ('json', 'xml')),
    source_path   TEXT NOT NULL,
    text          TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE sweeps (
    id            INTEGER PRIMARY KEY,
    scenario_id   INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE RESTRICT,
    snapshot_id   INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    planned_runs  INTEGER NOT NULL CHECK (planned_runs >= 1),
    kind          TEXT NOT NULL CHECK (kind IN ('run', 'replay')),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX sweeps_scenario ON sweeps(scenario_id);
CREATE INDEX sweeps_snapshot ON sweeps(snapshot_id);

ALTER TABLE runs ADD COLUMN scenario_id INTEGER REFERENCES scenarios(id) ON DELETE RESTRICT;
ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE CASCADE;
ALTER TABLE runs ADD COLUMN variant_name TEXT CHECK (variant_name <> '');
ALTER TABLE runs ADD COLUMN verdict TEXT CHECK (verdict IN ('pass', 'fail'));
CREATE INDEX runs_scenario ON runs(scenario_id);
CREATE INDEX runs_sweep ON runs(sweep_id);

CREATE TABLE run_demand_samples (
    id                 INTEGER PRIMARY KEY,
    run_id             INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    demand_name        TEXT NOT NULL,
    time_s             REAL NOT NULL,
    tx_packets         INTEGER NOT NULL CHECK (tx_packets >= 0),
    tx_bytes           INTEGER NOT NULL CHECK (tx_bytes >= 0),
    rx_packets         INTEGER NOT NULL CHECK (rx_packets >= 0),
    rx_bytes           INTEGER NOT NULL CHECK (rx_bytes >= 0),
    delay_sum_s        REAL NOT NULL CHECK (delay_sum_s >= 0),
    delivered_packets  INTEGER NOT NULL CHECK (delivered_packets >= 0),
    UNIQUE (run_id, demand_name, time_s)
);

CREATE TABLE run_demands (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    demand_name     TEXT NOT NULL,
    protocol        TEXT NOT NULL CHECK (protocol IN ('udp', 'tcp')),
    start_s         REAL NOT NULL,
    offered_bytes   INTEGER NOT NULL CHECK (offered_bytes >= 0),
    received_bytes  INTEGER NOT NULL CHECK (received_bytes >= 0),
    completion_s    REAL,
    UNIQUE (run_id, demand_name)
);

CREATE TABLE run_events (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CHECK (seq >= 0),
    time_s      REAL NOT NULL,
    event_name  TEXT NOT NULL,
    type        TEXT NOT NULL,
    target      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('scenario', 'sweep', 'remedy')),
    UNIQUE (run_id, seq)
);

CREATE TABLE run_verdicts (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    objective_name  TEXT NOT NULL,
    target_kind     TEXT NOT NULL CHECK (target_kind IN ('demand', 'class', 'link')),
    target_name     TEXT NOT NULL,
    element         TEXT NOT NULL,
    bound           TEXT NOT NULL,
    limit_value     REAL NOT NULL,
    measured        REAL,
    passed          INTEGER NOT NULL CHECK (passed IN (0, 1)),
    margin          REAL,
    window_start_s  REAL NOT NULL,
    window_end_s    REAL NOT NULL CHECK (window_end_s >= window_start_s),
    holds_from_s    REAL,
    -- Without a measurement there is no margin, and the bound fails, unless the objective
    -- had no element to judge (element '': met vacuously).
    CHECK ((measured IS NULL) = (margin IS NULL)),
    CHECK (measured IS NOT NULL OR passed = 0 OR element = '')
);
CREATE INDEX run_verdicts_run_objective ON run_verdicts(run_id, objective_name);

DROP VIEW run_summary;
CREATE VIEW run_summary AS
SELECT u.id,
       u.snapshot_id,
       s.name AS network,
       u.demand_set_id,
       u.scenario_id,
       c.name AS scenario,
       u.sweep_id,
       u.variant_name,
       u.verdict,
       (SELECT count(*) FROM run_verdicts v WHERE v.run_id = u.id AND v.passed = 0)
           AS failed_verdicts,
       u.status,
       u.seed,
       u.run_number,
       u.ns3_version,
       u.simulated_s,
       u.wall_s,
       u.event_count,
       (SELECT count(*) FROM run_flows f WHERE f.run_id = u.id) AS flow_count,
       (SELECT total(f.tx_packets) FROM run_flows f WHERE f.run_id = u.id) AS tx_packets,
       (SELECT total(f.rx_packets) FROM run_flows f WHERE f.run_id = u.id) AS rx_packets,
       (SELECT total(f.lost_packets) FROM run_flows f WHERE f.run_id = u.id) AS lost_packets,
       (SELECT total(f.rx_bytes) * 8.0 / NULLIF(u.simulated_s, 0)
          FROM run_flows f WHERE f.run_id = u.id) AS delivered_bps,
       (SELECT total(f.delay_mean_s * f.rx_packets) / NULLIF(total(f.rx_packets), 0)
          FROM run_flows f WHERE f.run_id = u.id) AS delay_mean_s,
       (SELECT max(f.delay_max_s) FROM run_flows f WHERE f.run_id = u.id) AS delay_max_s,
       (SELECT max(k.peak_utilisation) FROM run_links k WHERE k.run_id = u.id)
           AS peak_utilisation,
       u.parameters_json,
       u.created_at
  FROM runs u
  JOIN snapshots s ON s.id = u.snapshot_id
  LEFT JOIN scenarios c ON c.id = u.scenario_id;

CREATE VIEW sweep_summary AS
SELECT w.id,
       w.kind,
       w.scenario_id,
       c.name AS scenario,
       w.snapshot_id,
       s.name AS network,
       w.planned_runs,
       (SELECT count(*) FROM runs u WHERE u.sweep_id = w.id) AS stored_runs,
       (SELECT count(*) FROM runs u WHERE u.sweep_id = w.id AND u.verdict = 'pass')
           AS passed_runs,
       (SELECT count(*) FROM runs u WHERE u.sweep_id = w.id AND u.verdict = 'fail')
           AS failed_runs,
       (SELECT count(*) FROM runs u WHERE u.sweep_id = w.id AND u.status = 'failed')
           AS error_runs,
       w.created_at
  FROM sweeps w
  JOIN scenarios c ON c.id = w.scenario_id
  JOIN snapshots s ON s.id = w.snapshot_id;

CREATE VIEW run_verdict_summary AS
WITH ranked AS (
    SELECT v.*,
           CASE WHEN v.limit_value = 0 THEN v.margin ELSE v.margin / abs(v.limit_value) END
               AS relative_margin,
           row_number() OVER (
               PARTITION BY v.run_id, v.objective_name, v.target_kind, v.target_name
               ORDER BY CASE WHEN v.limit_value = 0 THEN v.margin
                             ELSE v.margin / abs(v.limit_value) END NULLS FIRST,
                        v.id) AS worst_order
      FROM run_verdicts v
)
SELECT r.run_id,
       r.objective_name AS objective,
       r.target_kind,
       r.target_name AS target,
       min(r.passed) AS passed,
       count(*) AS verdicts,
       count(*) - sum(r.passed) AS failed,
       max(CASE WHEN r.worst_order = 1 THEN r.element END) AS worst_element,
       max(CASE WHEN r.worst_order = 1 THEN r.bound END) AS worst_bound,
       max(CASE WHEN r.worst_order = 1 THEN r.margin END) AS worst_margin,
       max(CASE WHEN r.worst_order = 1 THEN r.relative_margin END) AS worst_relative_margin,
       CASE WHEN count(r.holds_from_s) = count(*) THEN max(r.holds_from_s) END AS holds_from_s,
       min(r.id) AS first_verdict_id
  FROM ranked r
 GROUP BY r.run_id, r.objective_name, r.target_kind, r.target_name;

CREATE VIEW demand_results AS
SELECT d.run_id,
       d.demand_name AS demand,
       x.source_node,
       x.dest_node,
       d.protocol,
       d.start_s,
       d.offered_bytes,
       d.received_bytes,
       CAST(d.received_bytes AS REAL) / NULLIF(d.offered_bytes, 0) AS received_ratio,
       d.completion_s,
       d.completion_s - d.start_s AS transfer_s
  FROM run_demands d
  JOIN runs u ON u.id = d.run_id
  LEFT JOIN demands x ON x.demand_set_id = u.demand_set_id AND x.name = d.demand_name;

CREATE VIEW demand_timeseries AS
SELECT p.run_id,
       p.demand_name AS demand,
       p.time_s,
       p.tx_packets,
       p.rx_packets,
       p.delivered_packets,
       CAST(p.delivered_packets AS REAL) / NULLIF(p.tx_packets, 0) AS delivered_ratio,
       p.tx_bytes,
       p.rx_bytes,
       p.delay_sum_s / NULLIF(p.rx_packets, 0) AS delay_mean_s
  FROM run_demand_samples p;
)sql";

/**
 * Version 3: collected traffic. Traffic sets (one capture or flow export imported against a
 * snapshot) and their flows, with the nodes and rules their addresses mapped to (NULL when
 * unmapped), and the per-set view traffic_summary.
 */
const char* const kSchemaV3 = R"sql(
CREATE TABLE traffic_sets (
    id               INTEGER PRIMARY KEY,
    snapshot_id      INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    source_path      TEXT NOT NULL,
    format           TEXT NOT NULL CHECK (format <> ''),
    content_sha256   TEXT NOT NULL CHECK (length(content_sha256) = 64
                                          AND NOT content_sha256 GLOB '*[^0-9a-f]*'),
    anonymised       INTEGER NOT NULL CHECK (anonymised IN (0, 1)),
    options_json     TEXT NOT NULL CHECK (json_valid(options_json)
                                          AND json_type(options_json) = 'object'),
    records_read     INTEGER NOT NULL CHECK (records_read >= 0),
    records_skipped  INTEGER NOT NULL CHECK (records_skipped >= 0),
    flows            INTEGER NOT NULL CHECK (flows >= 0),
    bytes            INTEGER NOT NULL CHECK (bytes >= 0),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX traffic_sets_snapshot ON traffic_sets(snapshot_id);

CREATE TABLE traffic_flows (
    id                 INTEGER PRIMARY KEY,
    set_id             INTEGER NOT NULL REFERENCES traffic_sets(id) ON DELETE CASCADE,
    ip_version         INTEGER NOT NULL CHECK (ip_version IN (4, 6)),
    source_address     TEXT NOT NULL CHECK (source_address <> ''),
    dest_address       TEXT NOT NULL CHECK (dest_address <> ''),
    protocol           INTEGER NOT NULL CHECK (protocol BETWEEN 0 AND 255),
    source_port        INTEGER NOT NULL CHECK (source_port BETWEEN 0 AND 65535),
    dest_port          INTEGER NOT NULL CHECK (dest_port BETWEEN 0 AND 65535),
    start_s            REAL NOT NULL,
    end_s              REAL NOT NULL CHECK (end_s >= start_s),
    bytes              INTEGER NOT NULL CHECK (bytes >= 0),
    packets            INTEGER NOT NULL CHECK (packets >= 0),
    tcp_flags          INTEGER NOT NULL CHECK (tcp_flags BETWEEN 0 AND 255),
    sampling_interval  INTEGER NOT NULL CHECK (sampling_interval >= 1),
    scaled             INTEGER NOT NULL CHECK (scaled IN (0, 1)),
    ingress_interface  INTEGER NOT NULL CHECK (ingress_interface >= 0),
    exporter           TEXT,
    source_node        TEXT CHECK (source_node <> ''),
    dest_node          TEXT CHECK (dest_node <> ''),
    source_rule        TEXT CHECK (source_rule IN ('snapshot', 'ingress-interface',
                                                   'prefix-file', 'default')),
    dest_rule          TEXT CHECK (dest_rule IN ('snapshot', 'ingress-interface',
                                                 'prefix-file', 'default')),
    record_file        TEXT,
    record_index       INTEGER CHECK (record_index >= 1),
    record_path        TEXT,
    -- A node is mapped by exactly one rule; an unmapped end has neither.
    CHECK ((source_node IS NULL) = (source_rule IS NULL)),
    CHECK ((dest_node IS NULL) = (dest_rule IS NULL))
);
CREATE INDEX traffic_flows_set_start ON traffic_flows(set_id, start_s);
CREATE INDEX traffic_flows_set_nodes ON traffic_flows(set_id, source_node, dest_node);

CREATE VIEW traffic_summary AS
SELECT t.id AS set_id,
       t.snapshot_id,
       s.name AS network,
       t.source_path,
       t.format,
       t.anonymised,
       t.records_read,
       t.records_skipped,
       count(f.id) AS flows,
       coalesce(sum(f.bytes), 0) AS bytes,
       coalesce(sum(f.packets), 0) AS packets,
       coalesce(sum(f.source_node IS NOT NULL AND f.dest_node IS NOT NULL), 0) AS mapped_flows,
       coalesce(sum(CASE WHEN f.source_node IS NOT NULL AND f.dest_node IS NOT NULL
                         THEN f.bytes END), 0) AS mapped_bytes,
       coalesce(sum(f.id IS NOT NULL AND (f.source_node IS NULL OR f.dest_node IS NULL)), 0)
           AS unmapped_flows,
       coalesce(sum(CASE WHEN f.source_node IS NULL OR f.dest_node IS NULL
                         THEN f.bytes END), 0) AS unmapped_bytes,
       min(f.start_s) AS first_start_s,
       max(f.end_s) AS last_end_s,
       max(f.end_s) - min(f.start_s) AS span_s,
       t.created_at
  FROM traffic_sets t
  JOIN snapshots s ON s.id = t.snapshot_id
  LEFT JOIN traffic_flows f ON f.set_id = t.id
 GROUP BY t.id;
)sql";

/**
 * Schema step 4: packet sequences of captures (traffic_packets, traffic_sets.packet_sequences)
 * and the link from a run to the traffic it replayed (runs.traffic_set_id, run_replay_flows),
 * with the view replay_flows for sqlite3 users.
 */
const char* const kSchemaV4 = R"sql(
ALTER TABLE traffic_sets ADD COLUMN packet_sequences INTEGER NOT NULL DEFAULT 0
    CHECK (packet_sequences IN (0, 1));

-- A flow's packets, in chunks of consecutive packets. A flow is named by its set and the
-- 1-based index of its first packet in the capture (traffic_flows.record_index).
CREATE TABLE traffic_packets (
    set_id        INTEGER NOT NULL REFERENCES traffic_sets(id) ON DELETE CASCADE,
    first_packet  INTEGER NOT NULL CHECK (first_packet >= 1),
    chunk         INTEGER NOT NULL CHECK (chunk >= 0),
    start_ns      INTEGER NOT NULL,
    packets       INTEGER NOT NULL CHECK (packets > 0),
    data          BLOB NOT NULL,
    PRIMARY KEY (set_id, first_packet, chunk)
) WITHOUT ROWID;

ALTER TABLE runs ADD COLUMN traffic_set_id INTEGER
    REFERENCES traffic_sets(id) ON DELETE SET NULL;
CREATE INDEX runs_traffic_set ON runs(traffic_set_id);

CREATE TABLE run_replay_flows (
    run_id               INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    demand_name          TEXT NOT NULL,
    flow_id              INTEGER REFERENCES traffic_flows(id) ON DELETE SET NULL,
    copy                 INTEGER NOT NULL CHECK (copy >= 0),
    mode                 TEXT NOT NULL CHECK (mode IN ('packets', 'rate', 'tcp')),
    recorded_start_s     REAL NOT NULL,
    recorded_duration_s  REAL NOT NULL CHECK (recorded_duration_s >= 0),
    recorded_bytes       INTEGER NOT NULL CHECK (recorded_bytes >= 0),
    recorded_packets     INTEGER NOT NULL CHECK (recorded_packets >= 0),
    PRIMARY KEY (run_id, demand_name)
);
CREATE INDEX run_replay_flows_flow ON run_replay_flows(flow_id);

-- Each replayed flow of a run with its recorded 5-tuple and nodes (NULL once its traffic set
-- is deleted) and what the twin delivered of its demand.
CREATE VIEW replay_flows AS
SELECT p.run_id,
       p.demand_name AS demand,
       p.flow_id,
       u.traffic_set_id AS set_id,
       p.copy,
       p.mode,
       f.source_address,
       f.dest_address,
       f.protocol,
       f.source_port,
       f.dest_port,
       f.source_node,
       f.dest_node,
       p.recorded_start_s,
       p.recorded_duration_s,
       p.recorded_bytes,
       p.recorded_packets,
       p.recorded_bytes * 8.0 / NULLIF(p.recorded_duration_s, 0) AS recorded_throughput_bps,
       d.protocol AS demand_protocol,
       d.start_s,
       d.offered_bytes,
       d.received_bytes,
       d.completion_s,
       d.completion_s - d.start_s AS transfer_s
  FROM run_replay_flows p
  JOIN runs u ON u.id = p.run_id
  LEFT JOIN traffic_flows f ON f.id = p.flow_id
  LEFT JOIN run_demands d ON d.run_id = p.run_id AND d.demand_name = p.demand_name;
)sql";

/**
 * Schema step 5: change sets (stored documents), the snapshots they derive from base
 * snapshots, verifications (a change set swept on its derived snapshot), and the append-only
 * audit table of the sync agent; and the first reception time of each flow (run_flows.first_rx_s,
 * for replayed-against-recorded throughput over the span of the arrivals).
 */
const char* const kSchemaV5 = R"sql(
CREATE TABLE change_sets (
    id            INTEGER PRIMARY KEY,
    content_hash  TEXT NOT NULL UNIQUE CHECK (length(content_hash) = 64),
    format        TEXT NOT NULL CHECK (format IN ('json', 'xml')),
    description   TEXT NOT NULL,
    source_path   TEXT NOT NULL,
    text          TEXT NOT NULL CHECK (text <> ''),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- A change set applied to a base snapshot gives one derived snapshot; the same pair always
-- names the same one (the base itself when nothing changed).
CREATE TABLE derived_snapshots (
    id                INTEGER PRIMARY KEY,
    snapshot_id       INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    base_snapshot_id  INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    change_set_id     INTEGER NOT NULL REFERENCES change_sets(id) ON DELETE RESTRICT,
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (base_snapshot_id, change_set_id)
);
CREATE INDEX derived_snapshots_snapshot ON derived_snapshots(snapshot_id);
CREATE INDEX derived_snapshots_change_set ON derived_snapshots(change_set_id);

CREATE TABLE verifications (
    id                    INTEGER PRIMARY KEY,
    change_set_id         INTEGER NOT NULL REFERENCES change_sets(id) ON DELETE RESTRICT,
    baseline_snapshot_id  INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    derived_snapshot_id   INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    scenario_id           INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE RESTRICT,
    sweep_id              INTEGER REFERENCES sweeps(id) ON DELETE SET NULL,
    runs                  INTEGER NOT NULL CHECK (runs >= 0),
    passed_runs           INTEGER NOT NULL CHECK (passed_runs BETWEEN 0 AND runs),
    passed                INTEGER NOT NULL CHECK (passed IN (0, 1)),
    user                  TEXT NOT NULL CHECK (user <> ''),
    created_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    FOREIGN KEY (baseline_snapshot_id, change_set_id)
        REFERENCES derived_snapshots(base_snapshot_id, change_set_id)
);
CREATE INDEX verifications_change_set ON verifications(change_set_id);
CREATE INDEX verifications_baseline_change_set
    ON verifications(baseline_snapshot_id, change_set_id);
CREATE INDEX verifications_derived_snapshot ON verifications(derived_snapshot_id);
CREATE INDEX verifications_scenario ON verifications(scenario_id);
CREATE INDEX verifications_sweep ON verifications(sweep_id);

-- Every step that changed something, in the store or on a device. Append-only: the triggers
-- refuse any UPDATE or DELETE, whoever issues it.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    time           TEXT NOT NULL CHECK (time <> ''),
    user           TEXT NOT NULL CHECK (user <> ''),
    action         TEXT NOT NULL CHECK (action <> ''),
    device         TEXT,
    change_set_id  INTEGER REFERENCES change_sets(id) ON DELETE RESTRICT,
    detail         TEXT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome <> '')
);
CREATE INDEX audit_log_change_set ON audit_log(change_set_id);
CREATE INDEX audit_log_device ON audit_log(device);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be updated');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;

-- When a flow's first packet arrived (NULL: nothing did, or stored before this step).
ALTER TABLE run_flows ADD COLUMN first_rx_s REAL;
)sql";

/**
 * Version 6: who runs a sweep and whether it ended, so that a sweep whose process was killed
 * ("abandoned") is told from one still running in another process. The process is named by
 * host, pid and a start key (boot id and start time: a pid is reused, the pair is not).
 */
const char* const kSchemaV6 = R"sql(
ALTER TABLE sweeps ADD COLUMN owner_host TEXT;
ALTER TABLE sweeps ADD COLUMN owner_pid INTEGER CHECK (owner_pid > 0);
ALTER TABLE sweeps ADD COLUMN owner_start TEXT;
ALTER TABLE sweeps ADD COLUMN ended_at TEXT;
-- Sweeps stored before this step have no owner to ask: they count as ended when created.
UPDATE sweeps SET ended_at = created_at;

DROP VIEW sweep_summary;
CREATE VIEW sweep_summary AS
SELECT t.*,
       CASE WHEN t.ended_at IS NULL THEN 'running'
            WHEN t.stored_runs >= t.planned_runs THEN 'complete'
            ELSE 'incomplete' END AS state
  FROM (SELECT w.id,
               w.kind,
               w.scenario_id,
               c.name AS scenario,
               w.snapshot_id,
               s.name AS network,
               w.planned_runs,
               (SELECT count(*) FROM runs u WHERE u.sweep_id = w.id) AS stored_runs,
               (SELECT count(*) FROM runs u WHERE u.sweep_id = w.id AND u.verdict = 'pass')
                   AS passed_runs,
               (SELECT count(*) FROM runs u WHERE u.sweep_id = w.id AND u.verdict = 'fail')
                   AS failed_runs,
               (SELECT count(*) FROM runs u WHERE u.sweep_id = w.id AND u.status = 'failed')
                   AS error_runs,
               w.owner_host,
               w.owner_pid,
               w.created_at,
               w.ended_at
          FROM sweeps w
          JOIN scenarios c ON c.id = w.scenario_id
          JOIN snapshots s ON s.id = w.snapshot_id) t;
)sql";

/** @return the schema history, oldest step first; index i holds version i + 1 */
const std::vector<Migration>&
Migrations()
{
    static const std::vector<Migration> steps = {
        {1, "create the initial schema", kSchemaV1},
        {2, "scenarios, sweeps, verdicts, demand results and events", kSchemaV2},
        {3, "collected traffic: traffic sets and flows", kSchemaV3},
        {4, "packet sequences and replayed traffic of runs", kSchemaV4},
        {5, "change sets, derived snapshots, verifications and the audit table", kSchemaV5},
        {6, "sweep owners and ends", kSchemaV6},
    };
    return steps;
}

/** @param value a 32-bit header field (SQLite reports it signed) @return "0x" and 8 digits */
std::string
Hex32(int64_t value)
{
    char text[16];
    std::snprintf(text, sizeof(text), "0x%08x", static_cast<unsigned>(value & 0xffffffff));
    return text;
}

/** What the header of a database file says about it. */
struct StoreIdentity
{
    int64_t applicationId{0}; //!< PRAGMA application_id
    int64_t userVersion{0};   //!< PRAGMA user_version
    int64_t schemaObjects{0}; //!< tables, indexes, views and triggers in the file
};

/**
 * Read the identity of an open file and refuse anything that is not a twin store this build
 * can use.
 * @param db the connection
 * @return the identity
 */
StoreIdentity
Identify(SqliteDatabase& db)
{
    StoreIdentity id;
    try
    {
        id.applicationId = db.QueryInt64("PRAGMA application_id", "read the file header");
    }
    catch (const TwinStoreError&)
    {
        throw StoreError(db.GetPath(), "not an SQLite database, or damaged (SQLite: " +
                                           db.LastErrorMessage() + ")");
    }
    id.userVersion = db.QueryInt64("PRAGMA user_version", "read the schema version");
    id.schemaObjects = db.QueryInt64("SELECT count(*) FROM sqlite_master", "list the schema");

    if (id.applicationId == kApplicationId)
    {
        if (id.userVersion > TwinStore::SchemaVersion())
        {
            throw StoreError(db.GetPath(), "schema version " + std::to_string(id.userVersion) +
                                               " is newer than this build understands (" +
                                               std::to_string(TwinStore::SchemaVersion()) +
                                               "); use a newer ns-3 Digital Twin build to open it");
        }
        if (id.userVersion < 0)
        {
            throw StoreError(db.GetPath(),
                             "invalid schema version " + std::to_string(id.userVersion));
        }
        return id;
    }
    if (id.applicationId == 0 && id.userVersion == 0 && id.schemaObjects == 0)
    {
        return id; // a new or empty database: becomes a twin store
    }
    throw StoreError(db.GetPath(), "not a twin store (application_id " + Hex32(id.applicationId) +
                                       ", expected " + Hex32(kApplicationId) + "; user_version " +
                                       std::to_string(id.userVersion) + "; " +
                                       std::to_string(id.schemaObjects) +
                                       " tables/indexes/views); refusing to modify it");
}

/**
 * Apply the missing migration steps in one transaction.
 * @param db the connection (foreign keys may be on: steps only create)
 */
void
Migrate(SqliteDatabase& db)
{
    SqliteTransaction transaction(db, "migrate the schema", SqliteTransaction::Mode::Immediate);
    // Another process may have migrated between the first look and taking the write lock;
    // the write lock makes this second look final.
    StoreIdentity id = Identify(db);
    if (id.applicationId == kApplicationId && id.userVersion == TwinStore::SchemaVersion())
    {
        transaction.Commit();
        return;
    }
    for (const Migration& step : Migrations())
    {
        if (step.version <= id.userVersion)
        {
            continue;
        }
        db.Execute(step.sql, "migrate the schema to version " + std::to_string(step.version) +
                                 " (" + step.description + ")");
    }
    // PRAGMAs take no parameters; both values are constants of this build, not user data.
    db.Execute("PRAGMA application_id = " + std::to_string(kApplicationId),
               "set the application id");
    db.Execute("PRAGMA user_version = " + std::to_string(TwinStore::SchemaVersion()),
               "set the schema version");
    transaction.Commit();
}

/** @param protocol a transport @return its name in the store */
std::string
ProtocolName(TwinProtocol protocol)
{
    return protocol == TwinProtocol::Tcp ? "tcp" : "udp";
}

/**
 * @param path the file, for messages
 * @param name a protocol name from the store
 * @return the transport
 */
TwinProtocol
ParseProtocol(const std::string& path, const std::string& name)
{
    if (name == "tcp")
    {
        return TwinProtocol::Tcp;
    }
    if (name == "udp")
    {
        return TwinProtocol::Udp;
    }
    throw StoreError(path, "unknown demand protocol '" + name + "'");
}

/**
 * @param path the file, for messages
 * @param text a dotted quad from the store
 * @return the address in host order
 */
uint32_t
ParseStoredAddress(const std::string& path, const std::string& text)
{
    auto address = TwinIpv4Prefix::ParseAddress(text);
    if (!address)
    {
        throw StoreError(path, "invalid IPv4 address '" + text + "' in the store");
    }
    return *address;
}

/**
 * Writes the canonical text that content hashes are taken over: JSON without white space,
 * object keys in byte order, arrays in model order, integers in decimal, doubles in their
 * shortest form that reads back exactly, and strings escaped byte by byte (quote, backslash
 * and control bytes), so any byte sequence, even invalid UTF-8, has its own distinct text.
 */
class CanonicalWriter
{
public:
    /** Start an object (as a value). */
    void BeginObject()
    {
        m_text += '{';
        m_levels.push_back({});
    }

    /** End the current object. */
    void EndObject()
    {
        m_text += '}';
        m_levels.pop_back();
    }

    /** Start an array (as a value). */
    void BeginArray()
    {
        m_text += '[';
        m_levels.push_back({});
    }

    /** End the current array. */
    void EndArray()
    {
        m_text += ']';
        m_levels.pop_back();
    }

    /** Separate the next array element from the previous one. */
    void Element()
    {
        Level& level = m_levels.back();
        if (level.count++ > 0)
        {
            m_text += ',';
        }
    }

    /**
     * Write an object key; keys must come in byte order, which is checked.
     * @param key the key
     */
    void Key(const char* key)
    {
        Level& level = m_levels.back();
        if (level.lastKey != nullptr && std::strcmp(level.lastKey, key) >= 0)
        {
            throw std::logic_error(std::string("canonical form: key '") + key +
                                   "' is out of order");
        }
        level.lastKey = key;
        Element();
        m_text += '"';
        m_text += key;
        m_text += "\":";
    }

    /** @param value a string value */
    void String(const std::string& value)
    {
        static const char* hex = "0123456789abcdef";
        m_text += '"';
        for (char c : value)
        {
            auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\')
            {
                m_text += '\\';
                m_text += c;
            }
            else if (byte < 0x20)
            {
                m_text += "\\u00";
                m_text += hex[byte >> 4];
                m_text += hex[byte & 15];
            }
            else
            {
                m_text += c;
            }
        }
        m_text += '"';
    }

    /** @param value an unsigned integer value */
    void Uint(uint64_t value) { m_text += std::to_string(value); }

    /**
     * @param value a double value; -0 is written as 0, since SQLite stores -0.0 as 0 and a
     *        loaded snapshot must hash as it did when saved
     */
    void Double(double value)
    {
        if (value == 0)
        {
            value = 0.0; // -0.0 == 0 too
        }
        char buffer[64];
        auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
        m_text.append(buffer, result.ptr);
    }

    /** @param value a boolean value */
    void Bool(bool value) { m_text += value ? "true" : "false"; }

    /** Write null. */
    void Null() { m_text += "null"; }

    /** @param value a double or nothing (null) */
    void OptionalDouble(const std::optional<double>& value) { value ? Double(*value) : Null(); }

    /** @param value an unsigned integer or nothing (null) */
    template <typename T>
    void OptionalUint(const std::optional<T>& value)
    {
        value ? Uint(*value) : Null();
    }

    /** @return the text written so far */
    const std::string& Text() const { return m_text; }

private:
    /** State of one open object or array. */
    struct Level
    {
        std::size_t count{0};         //!< members or elements written
        const char* lastKey{nullptr}; //!< last key written (objects)
    };

    std::string m_text;          //!< the canonical text
    std::vector<Level> m_levels; //!< open objects and arrays
};

/**
 * @param w the writer
 * @param demands demands, written as an array in model order
 */
void
WriteDemands(CanonicalWriter& w, const std::vector<TwinDemand>& demands)
{
    w.BeginArray();
    for (const auto& d : demands)
    {
        w.Element();
        w.BeginObject();
        w.Key("bytes");
        w.Uint(d.bytes);
        w.Key("dest_node");
        w.String(d.destNode);
        w.Key("id");
        w.String(d.id);
        w.Key("packet_bytes");
        w.Uint(d.packetBytes);
        w.Key("protocol");
        w.String(ProtocolName(d.protocol));
        w.Key("rate_bps");
        w.Double(d.rateBps);
        w.Key("source_node");
        w.String(d.sourceNode);
        w.Key("start_s");
        w.Double(d.startSeconds);
        w.Key("stop_s");
        w.OptionalDouble(d.stopSeconds);
        w.EndObject();
    }
    w.EndArray();
}

/** @param demands demands @return hex SHA-256 of their canonical form */
std::string
DemandSetHash(const std::vector<TwinDemand>& demands)
{
    CanonicalWriter w;
    WriteDemands(w, demands);
    return Sha256OfString(w.Text());
}

/** @param p a prefix @return "a.b.c.d/len" */
std::string
PrefixText(const TwinIpv4Prefix& p)
{
    return TwinIpv4Prefix::AddressToString(p.address) + "/" +
           std::to_string(static_cast<unsigned>(p.prefixLength));
}

/**
 * Find the snapshot with a content hash.
 * @param db the connection
 * @param hash the full hash
 * @return the id, or nothing
 */
std::optional<int64_t>
SnapshotByHash(SqliteDatabase& db, const std::string& hash)
{
    SqliteStatement find(db, "SELECT id FROM snapshots WHERE content_hash = ?",
                         "look up a snapshot by content hash");
    find.BindText(1, hash);
    if (!find.Step())
    {
        return std::nullopt;
    }
    int64_t id = find.ColumnInt64(0);
    find.Reset();
    return id;
}

/**
 * Store a demand set or find the identical one; the caller holds a write transaction.
 * @param db the connection
 * @param demands the demands
 * @param source where they came from
 * @return the demand set id
 */
int64_t
SaveDemandSetInTransaction(SqliteDatabase& db, const std::vector<TwinDemand>& demands,
                           const std::string& source)
{
    std::string hash = DemandSetHash(demands);
    SqliteStatement find(db, "SELECT id FROM demand_sets WHERE content_hash = ?",
                         "look up a demand set by content hash");
    find.BindText(1, hash);
    if (find.Step())
    {
        int64_t id = find.ColumnInt64(0);
        find.Reset();
        return id;
    }

    SqliteStatement insertSet(
        db, "INSERT INTO demand_sets (content_hash, source) VALUES (:content_hash, :source)",
        "insert a demand set");
    insertSet.BindText(1, hash).BindText(2, source);
    insertSet.Run();
    int64_t setId = db.LastInsertRowId();

    SqliteStatement insert(db,
                           "INSERT INTO demands (demand_set_id, name, source_node, dest_node, "
                           "protocol, rate_bps, bytes, start_s, stop_s, packet_bytes) "
                           "VALUES (:demand_set_id, :name, :source_node, :dest_node, :protocol, "
                           ":rate_bps, :bytes, :start_s, :stop_s, :packet_bytes)",
                           "insert demand");
    for (const auto& d : demands)
    {
        insert.BindInt64(1, setId)
            .BindText(2, d.id)
            .BindText(3, d.sourceNode)
            .BindText(4, d.destNode)
            .BindText(5, ProtocolName(d.protocol))
            .BindDouble(6, d.rateBps)
            .BindUint64(7, d.bytes)
            .BindDouble(8, d.startSeconds)
            .BindOptionalDouble(9, d.stopSeconds)
            .BindInt64(10, d.packetBytes);
        insert.Run("'" + d.id + "'");
    }
    return setId;
}

/**
 * Load the demands of a set, in stored order.
 * @param db the connection
 * @param setId the set
 * @return the demands
 */
std::vector<TwinDemand>
LoadDemands(SqliteDatabase& db, int64_t setId)
{
    SqliteStatement select(db,
                           "SELECT name, source_node, dest_node, protocol, rate_bps, bytes, "
                           "start_s, stop_s, packet_bytes FROM demands WHERE demand_set_id = ? "
                           "ORDER BY id",
                           "load the demands of a demand set");
    select.BindInt64(1, setId);
    std::vector<TwinDemand> demands;
    while (select.Step())
    {
        TwinDemand d;
        d.id = select.ColumnText(0);
        d.sourceNode = select.ColumnText(1);
        d.destNode = select.ColumnText(2);
        d.protocol = ParseProtocol(db.GetPath(), select.ColumnText(3));
        d.rateBps = select.ColumnDouble(4);
        d.bytes = select.ColumnUint64(5);
        d.startSeconds = select.ColumnDouble(6);
        d.stopSeconds = select.ColumnOptionalDouble(7);
        d.packetBytes = static_cast<uint32_t>(select.ColumnUint64(8));
        demands.push_back(std::move(d));
    }
    return demands;
}

/**
 * @param select a statement positioned on a snapshot_summary row (all columns, in order)
 * @return the row as a record
 */
TwinSnapshotInfo
SnapshotInfoFromRow(const SqliteStatement& select)
{
    TwinSnapshotInfo info;
    info.id = select.ColumnInt64(0);
    info.contentHash = select.ColumnText(1);
    info.name = select.ColumnText(2);
    info.source = select.ColumnText(3);
    info.importer = select.ColumnText(4);
    info.nodeCount = select.ColumnUint64(5);
    info.linkCount = select.ColumnUint64(6);
    info.routeCount = select.ColumnUint64(7);
    info.demandSetId = select.ColumnOptionalInt64(8).value_or(0);
    info.createdAt = select.ColumnText(9);
    return info;
}

/// Columns of snapshot_summary read by SnapshotInfoFromRow.
const char* const kSnapshotColumns = "SELECT id, content_hash, name, source, importer, "
                                     "node_count, link_count, route_count, demand_set_id, "
                                     "created_at FROM snapshot_summary ";

} // namespace

namespace store_detail
{

/**
 * @param db the connection
 * @param id a snapshot id
 * @return its row, or nothing
 */
std::optional<TwinSnapshotInfo>
SnapshotById(SqliteDatabase& db, int64_t id)
{
    SqliteStatement select(db, std::string(kSnapshotColumns) + "WHERE id = ?",
                           "look up a snapshot by id");
    select.BindInt64(1, id);
    if (!select.Step())
    {
        return std::nullopt;
    }
    TwinSnapshotInfo info = SnapshotInfoFromRow(select);
    select.Reset();
    return info;
}

} // namespace store_detail

namespace
{

/**
 * @param select a statement positioned on a runs row (all columns, in order)
 * @return the row as a record
 */
TwinRunRecord
RunFromRow(const SqliteStatement& select)
{
    TwinRunRecord run;
    run.id = select.ColumnInt64(0);
    run.snapshotId = select.ColumnInt64(1);
    run.demandSetId = select.ColumnOptionalInt64(2).value_or(0);
    run.parametersJson = select.ColumnText(3);
    run.seed = select.ColumnUint64(4);
    run.runNumber = select.ColumnUint64(5);
    run.ns3Version = select.ColumnText(6);
    run.wallSeconds = select.ColumnDouble(7);
    run.simulatedSeconds = select.ColumnDouble(8);
    run.eventCount = select.ColumnUint64(9);
    run.status = select.ColumnText(10);
    run.createdAt = select.ColumnText(11);
    run.scenarioId = select.ColumnOptionalInt64(12).value_or(0);
    run.sweepId = select.ColumnOptionalInt64(13).value_or(0);
    run.variantName = select.ColumnText(14);
    run.verdict = select.ColumnText(15);
    run.trafficSetId = select.ColumnOptionalInt64(16).value_or(0);
    return run;
}

/// Columns of runs read by RunFromRow.
const char* const kRunColumns =
    "SELECT id, snapshot_id, demand_set_id, parameters_json, seed, run_number, ns3_version, "
    "wall_s, simulated_s, event_count, status, created_at, scenario_id, sweep_id, "
    "variant_name, verdict, traffic_set_id FROM runs ";

/**
 * @param select a statement positioned on a scenarios row (all columns, in order)
 * @return the row as a record
 */
TwinScenarioInfo
ScenarioFromRow(const SqliteStatement& select)
{
    TwinScenarioInfo info;
    info.id = select.ColumnInt64(0);
    info.name = select.ColumnText(1);
    info.contentHash = select.ColumnText(2);
    info.format = select.ColumnText(3);
    info.sourcePath = select.ColumnText(4);
    info.text = select.ColumnText(5);
    info.createdAt = select.ColumnText(6);
    return info;
}

/// Columns of scenarios read by ScenarioFromRow.
const char* const kScenarioColumns =
    "SELECT id, name, content_hash, format, source_path, text, created_at FROM scenarios ";

/** A process, named so that a later look can tell whether it still lives. */
struct ProcessIdentity
{
    std::string host;  //!< host name
    int64_t pid{0};    //!< process id
    std::string boot;  //!< the kernel's id of this boot, or empty
    std::string start; //!< boot id and start time (clock ticks since boot), or empty
};

/**
 * @param pid a process id
 * @return its start time in clock ticks since boot (field 22 of /proc/PID/stat), or empty
 *         when the process does not exist (or /proc cannot tell)
 */
std::string
ProcessStartTicks(int64_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!in || !std::getline(in, line))
    {
        return "";
    }
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    std::size_t close = line.rfind(')');
    if (close == std::string::npos)
    {
        return "";
    }
    std::istringstream fields(line.substr(close + 1));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i)
    {
        if (i == 22)
        {
            return field;
        }
    }
    return "";
}

/** @return the kernel's id of this boot, or empty */
std::string
BootId()
{
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return id;
}

/** @return this process (computed once) */
const ProcessIdentity&
ThisProcess()
{
    static const ProcessIdentity self = []
    {
        ProcessIdentity p;
        char host[256] = {};
        if (gethostname(host, sizeof(host) - 1) == 0)
        {
            p.host = host;
        }
        p.pid = static_cast<int64_t>(getpid());
        std::string ticks = ProcessStartTicks(p.pid);
        p.boot = BootId();
        if (!ticks.empty() && !p.boot.empty())
        {
            p.start = p.boot + "/" + ticks;
        }
        return p;
    }();
    return self;
}

/**
 * @param host the host a process ran on
 * @param pid its id
 * @param start its boot id and start time, as ThisProcess recorded them
 * @return true only when it certainly no longer runs: it ran on this host and no process has
 *         its id, or the process with its id started at another time or boot (a reused pid).
 *         A process on another host, or one recorded without a start key, is not judged.
 */
bool
ProcessGone(const std::string& host, int64_t pid, const std::string& start)
{
    const ProcessIdentity& self = ThisProcess();
    if (host.empty() || pid <= 0 || start.empty() || host != self.host)
    {
        return false;
    }
    std::string ticks = ProcessStartTicks(pid);
    if (ticks.empty())
    {
        return kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
    }
    return start != self.boot + "/" + ticks;
}

/**
 * @param select a statement positioned on a sweeps row (kSweepColumns, in order)
 * @return the row as a record, with its state
 */
TwinSweepInfo
SweepFromRow(const SqliteStatement& select)
{
    TwinSweepInfo info;
    info.id = select.ColumnInt64(0);
    info.scenarioId = select.ColumnInt64(1);
    info.snapshotId = select.ColumnInt64(2);
    info.plannedRuns = select.ColumnUint64(3);
    info.kind = select.ColumnText(4);
    info.createdAt = select.ColumnText(5);
    info.storedRuns = select.ColumnUint64(6);
    info.endedAt = select.ColumnText(7);
    info.ownerHost = select.ColumnText(8);
    info.ownerPid = select.ColumnOptionalInt64(9).value_or(0);
    info.ownerStart = select.ColumnText(10);
    info.passedRuns = select.ColumnUint64(11);
    info.failedRuns = select.ColumnUint64(12);
    info.errorRuns = select.ColumnUint64(13);
    if (!info.endedAt.empty())
    {
        info.state = info.storedRuns >= info.plannedRuns ? "complete" : "incomplete";
    }
    else
    {
        info.state =
            ProcessGone(info.ownerHost, info.ownerPid, info.ownerStart) ? "abandoned" : "running";
    }
    return info;
}

/// Columns of sweeps read by SweepFromRow.
const char* const kSweepColumns =
    "SELECT id, scenario_id, snapshot_id, planned_runs, kind, created_at, "
    "(SELECT count(*) FROM runs u WHERE u.sweep_id = sweeps.id), ended_at, owner_host, "
    "owner_pid, owner_start, "
    "(SELECT count(*) FROM runs u WHERE u.sweep_id = sweeps.id AND u.verdict = 'pass'), "
    "(SELECT count(*) FROM runs u WHERE u.sweep_id = sweeps.id AND u.verdict = 'fail'), "
    "(SELECT count(*) FROM runs u WHERE u.sweep_id = sweeps.id AND u.status = 'failed') "
    "FROM sweeps ";

/**
 * @param db the connection
 * @param id a sweep id
 * @return its row, or nothing
 */
std::optional<TwinSweepInfo>
SweepById(SqliteDatabase& db, int64_t id)
{
    SqliteStatement select(db, std::string(kSweepColumns) + "WHERE id = ?", "look up a sweep");
    select.BindInt64(1, id);
    if (!select.Step())
    {
        return std::nullopt;
    }
    TwinSweepInfo info = SweepFromRow(select);
    select.Reset();
    return info;
}

/**
 * @param db the connection
 * @param id a scenario id
 * @return true if it is stored
 */
bool
ScenarioExists(SqliteDatabase& db, int64_t id)
{
    SqliteStatement select(db, "SELECT 1 FROM scenarios WHERE id = ?", "look up a scenario");
    select.BindInt64(1, id);
    bool found = select.Step();
    select.Reset();
    return found;
}

/**
 * @param db the connection
 * @param table a table of documents identified by their text's hash (a fixed name, never
 *        data): "scenarios" or "change_sets"
 * @param hash the SHA-256 of a document's text
 * @return the id of the stored document with that text, or nothing
 */
std::optional<int64_t>
IdByContentHash(SqliteDatabase& db, const std::string& table, const std::string& hash)
{
    SqliteStatement find(db, "SELECT id FROM " + table + " WHERE content_hash = ?",
                         "look up a document of " + table + " by content hash");
    find.BindText(1, hash);
    if (!find.Step())
    {
        return std::nullopt;
    }
    int64_t id = find.ColumnInt64(0);
    find.Reset();
    return id;
}

/** @param text some text @return true if it is non-empty and all decimal digits */
bool
IsDecimal(const std::string& text)
{
    if (text.empty())
    {
        return false;
    }
    for (char c : text)
    {
        if (!std::isdigit(static_cast<unsigned char>(c)))
        {
            return false;
        }
    }
    return true;
}

/**
 * Turn on WAL journal mode. Leaving rollback mode upgrades the statement's read lock to a
 * write lock, and SQLite fails that at once, without the busy timeout (waiting could
 * deadlock), while another connection holds the write lock. So when several processes open a
 * new store together, all but one may find it locked: retry until the busy timeout has
 * passed. Once the file is in WAL mode, the statement changes nothing.
 * @param db the connection, outside any transaction
 * @return the journal mode SQLite reports afterwards
 */
std::string
SwitchToWal(SqliteDatabase& db)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    for (int attempt = 1;; ++attempt)
    {
        try
        {
            return db.QueryText("PRAGMA journal_mode = WAL", "switch to WAL journal mode");
        }
        catch (const TwinStoreError&)
        {
            if (!db.LastErrorWasBusy() || std::chrono::steady_clock::now() >= deadline)
            {
                throw;
            }
        }
        // Short waits first: the lock is held only while another process switches.
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(attempt, 20)));
    }
}

/**
 * Read a run's verdicts, in the order they were stored.
 * @param db the connection (inside a transaction of the caller, if any)
 * @param runId the run
 * @return the verdicts
 */
/**
 * Check the replayed flows of a run before anything is written: each names a distinct demand
 * of the results, a known mode and finite, non-negative recorded values, and flows need the
 * run's traffic set.
 * @param path the store file, for messages
 * @param context what is being saved, for messages
 * @param run the run record
 * @param results its results
 */
void
ValidateReplayed(const std::string& path, const std::string& context, const TwinRunRecord& run,
                 const TwinRunResults& results)
{
    std::set<std::string> demandIds;
    for (const auto& d : results.demands)
    {
        demandIds.insert(d.demandId);
    }
    std::set<std::string> seen;
    for (const auto& r : results.replayed)
    {
        std::string what = context + ": replayed flow of demand '" + r.demandId + "'";
        if (demandIds.count(r.demandId) == 0)
        {
            throw StoreError(path, what + ": no such demand in the run's results");
        }
        if (!seen.insert(r.demandId).second)
        {
            throw StoreError(path, what + ": the demand replays two flows");
        }
        if (r.mode != "packets" && r.mode != "rate" && r.mode != "tcp")
        {
            throw StoreError(path, what + ": mode '" + r.mode +
                                       "' is not \"packets\", \"rate\" or \"tcp\"");
        }
        if (!std::isfinite(r.recordedStartSeconds) || !std::isfinite(r.recordedDurationSeconds) ||
            r.recordedDurationSeconds < 0)
        {
            throw StoreError(path, what + ": recorded start and duration must be finite and "
                                          "the duration not negative");
        }
        if (r.flowId < 0)
        {
            throw StoreError(path, what + ": flow id " + std::to_string(r.flowId) + " is negative");
        }
        if (r.flowId != 0 && run.trafficSetId == 0)
        {
            throw StoreError(path, what + ": it names flow " + std::to_string(r.flowId) +
                                       " but the run names no traffic set");
        }
    }
}

std::vector<TwinVerdict>
ReadVerdicts(SqliteDatabase& db, int64_t runId)
{
    std::vector<TwinVerdict> verdicts;
    SqliteStatement select(db,
                           "SELECT objective_name, target_kind, target_name, element, bound, "
                           "limit_value, measured, passed, margin, window_start_s, "
                           "window_end_s, holds_from_s FROM run_verdicts WHERE run_id = ? "
                           "ORDER BY id",
                           "load verdicts");
    select.BindInt64(1, runId);
    while (select.Step())
    {
        TwinVerdict v;
        v.objectiveId = select.ColumnText(0);
        v.targetKind = select.ColumnText(1);
        v.targetId = select.ColumnText(2);
        v.element = select.ColumnText(3);
        v.bound = select.ColumnText(4);
        v.limit = select.ColumnDouble(5);
        v.measured = select.ColumnOptionalDouble(6);
        v.passed = select.ColumnInt64(7) != 0;
        v.margin = select.ColumnOptionalDouble(8);
        v.windowStartSeconds = select.ColumnDouble(9);
        v.windowEndSeconds = select.ColumnDouble(10);
        v.holdsFromSeconds = select.ColumnOptionalDouble(11);
        verdicts.push_back(std::move(v));
    }
    return verdicts;
}

/**
 * Find a row named by its id or by a prefix of its content hash (at least kMinHashPrefix hex
 * digits, any case): what `dtwin` takes wherever it names a snapshot or a change set.
 * @param db the connection
 * @param path the store file, for messages
 * @param ref the reference
 * @param what the kind of row, for messages ("snapshot", "change set")
 * @param columns the SELECT of its columns, ending with its FROM clause and a space
 * @param byId looks a row up by id
 * @param fromRow reads a row of columns
 * @return the row, or nothing
 * @throws TwinStoreError when the prefix matches more than one row
 */
template <typename Info>
std::optional<Info>
FindByReference(SqliteDatabase& db, const std::string& path, const std::string& ref,
                const std::string& what, const char* columns,
                std::optional<Info> (*byId)(SqliteDatabase&, int64_t),
                Info (*fromRow)(const SqliteStatement&))
{
    if (IsDecimal(ref) && ref.size() <= 18)
    {
        if (auto info = byId(db, std::stoll(ref)))
        {
            return info;
        }
    }
    if (ref.size() < kMinHashPrefix || ref.size() > 64 || !IsHex(ref))
    {
        return std::nullopt;
    }
    std::string prefix;
    for (char c : ref)
    {
        prefix += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    // Hashes with this prefix sort in [prefix, prefix with its last digit raised by one):
    // a range the unique index on content_hash answers directly.
    std::string upper = prefix;
    upper.back() = static_cast<char>(upper.back() + 1);
    SqliteStatement select(db,
                           std::string(columns) +
                               "WHERE content_hash >= ? AND content_hash < ? ORDER BY id LIMIT 2",
                           "look up a " + what + " by hash prefix");
    select.BindText(1, prefix).BindText(2, upper);
    std::vector<Info> matches;
    while (select.Step())
    {
        matches.push_back(fromRow(select));
    }
    if (matches.size() > 1)
    {
        throw StoreError(path, what + " reference '" + ref + "' is ambiguous: it matches " +
                                   matches[0].contentHash + " (id " +
                                   std::to_string(matches[0].id) + ") and " +
                                   matches[1].contentHash + " (id " +
                                   std::to_string(matches[1].id) + "); give more digits");
    }
    if (matches.empty())
    {
        return std::nullopt;
    }
    return matches.front();
}

} // namespace

TwinStore::TwinStore(const std::string& path) : m_path(path)
{
    if (path.empty())
    {
        // SQLite would open a private temporary database, which is never what is meant.
        throw TwinStoreError("twin store: no file path given");
    }
    m_db = std::make_unique<SqliteDatabase>(path);
    m_db->SetBusyTimeout(kBusyTimeoutMs);
    // Look before changing anything, so a foreign file is left untouched. One read
    // transaction, so that a migration committed by another process meanwhile is seen whole
    // or not at all.
    StoreIdentity id;
    {
        SqliteTransaction look(*m_db, "read the file header", SqliteTransaction::Mode::Deferred);
        id = Identify(*m_db);
        look.Commit();
    }

    m_db->Execute("PRAGMA foreign_keys = ON", "turn on foreign keys");
    if (m_db->QueryInt64("PRAGMA foreign_keys", "check foreign keys") != 1)
    {
        throw StoreError(path, "this SQLite build cannot enforce foreign keys");
    }
    std::string mode = SwitchToWal(*m_db);
    if (mode != "wal" && !(mode == "memory" && path == ":memory:"))
    {
        throw StoreError(path, "cannot use WAL journal mode (SQLite kept '" + mode +
                                   "'); the file system may not support shared memory");
    }

    if (id.applicationId != kApplicationId || id.userVersion < SchemaVersion())
    {
        Migrate(*m_db);
    }
}

TwinStore::~TwinStore() = default;

int
TwinStore::SchemaVersion()
{
    return static_cast<int>(Migrations().size());
}

const std::string&
TwinStore::GetPath() const
{
    return m_path;
}

void
TwinStore::SetLockWaitNotice(const std::function<void(double)>& notice,
                             std::chrono::milliseconds after)
{
    m_db->SetBusyWait(kBusyTimeoutMs, notice, static_cast<int>(after.count()));
}

std::string
TwinStore::ContentHash(const TwinNetwork& network)
{
    // Source locations are not content; order is (LoadSnapshot gives it back). The form is
    // specified in doc/store.md: changing it changes every hash, so it is frozen.
    CanonicalWriter w;
    w.BeginObject();
    w.Key("demands");
    WriteDemands(w, network.demands);
    w.Key("links");
    w.BeginArray();
    for (const auto& l : network.links)
    {
        w.Element();
        w.BeginObject();
        w.Key("capacity_bps");
        w.Uint(l.capacityBps);
        w.Key("delay_s");
        w.Double(l.delaySeconds);
        w.Key("dest_node");
        w.String(l.destNode);
        w.Key("dest_tp");
        w.String(l.destTp);
        w.Key("id");
        w.String(l.id);
        w.Key("metric");
        w.Uint(l.metric);
        w.Key("queue_packets");
        w.Uint(l.queuePackets);
        w.Key("source_node");
        w.String(l.sourceNode);
        w.Key("source_tp");
        w.String(l.sourceTp);
        w.EndObject();
    }
    w.EndArray();
    w.Key("name");
    w.String(network.name);
    w.Key("nodes");
    w.BeginArray();
    for (const auto& n : network.nodes)
    {
        w.Element();
        w.BeginObject();
        w.Key("id");
        w.String(n.id);
        w.Key("interfaces");
        w.BeginArray();
        for (const auto& i : n.interfaces)
        {
            w.Element();
            w.BeginObject();
            w.Key("addresses");
            w.BeginArray();
            for (const auto& a : i.addresses)
            {
                w.Element();
                w.String(PrefixText(a));
            }
            w.EndArray();
            w.Key("enabled");
            w.Bool(i.enabled);
            w.Key("mtu_bytes");
            w.OptionalUint(i.mtuBytes);
            w.Key("name");
            w.String(i.name);
            w.Key("speed_bps");
            w.OptionalUint(i.speedBps);
            w.EndObject();
        }
        w.EndArray();
        w.Key("latitude_deg");
        w.OptionalDouble(n.latitudeDeg);
        w.Key("longitude_deg");
        w.OptionalDouble(n.longitudeDeg);
        w.EndObject();
    }
    w.EndArray();
    w.Key("routes");
    w.BeginArray();
    for (const auto& r : network.routes)
    {
        w.Element();
        w.BeginObject();
        w.Key("destination");
        w.String(PrefixText(r.destination));
        w.Key("metric");
        w.Uint(r.metric);
        w.Key("next_hop");
        if (r.nextHop)
        {
            w.String(TwinIpv4Prefix::AddressToString(*r.nextHop));
        }
        else
        {
            w.Null();
        }
        w.Key("node");
        w.String(r.node);
        w.Key("out_interface");
        w.String(r.outInterface);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return Sha256OfString(w.Text());
}

int64_t
TwinStore::SaveSnapshot(const TwinNetwork& network, const std::string& source,
                        const std::string& importer, const TwinProvenance& provenance,
                        bool* existed)
{
    std::string hash = ContentHash(network);
    SqliteTransaction transaction(*m_db, "save snapshot of '" + network.name + "'",
                                  SqliteTransaction::Mode::Immediate);
    if (auto id = SnapshotByHash(*m_db, hash))
    {
        transaction.Commit();
        if (existed != nullptr)
        {
            *existed = true;
        }
        return *id;
    }

    std::optional<int64_t> demandSetId;
    if (!network.demands.empty())
    {
        demandSetId = SaveDemandSetInTransaction(*m_db, network.demands, source);
    }

    SqliteStatement insertSnapshot(
        *m_db,
        "INSERT INTO snapshots (content_hash, name, source, importer, "
        "demand_set_id) VALUES (:content_hash, :name, :source, :importer, :demand_set_id)",
        "insert snapshot");
    insertSnapshot.BindText(1, hash)
        .BindText(2, network.name)
        .BindText(3, source)
        .BindText(4, importer)
        .BindOptionalInt64(5, demandSetId);
    insertSnapshot.Run();
    int64_t snapshotId = m_db->LastInsertRowId();

    SqliteStatement insertFile(*m_db,
                               "INSERT INTO snapshot_files (snapshot_id, position, path, sha256) "
                               "VALUES (:snapshot_id, :position, :path, :sha256)",
                               "insert provenance file");
    for (std::size_t i = 0; i < provenance.files.size(); ++i)
    {
        insertFile.BindInt64(1, snapshotId)
            .BindInt64(2, static_cast<int64_t>(i))
            .BindText(3, provenance.files[i].first)
            .BindText(4, provenance.files[i].second);
        insertFile.Run("'" + provenance.files[i].first + "'");
    }
    SqliteStatement insertDiagnostic(*m_db,
                                     "INSERT INTO snapshot_diagnostics (snapshot_id, position, "
                                     "message) VALUES (:snapshot_id, :position, :message)",
                                     "insert provenance diagnostic");
    for (std::size_t i = 0; i < provenance.diagnostics.size(); ++i)
    {
        insertDiagnostic.BindInt64(1, snapshotId)
            .BindInt64(2, static_cast<int64_t>(i))
            .BindText(3, provenance.diagnostics[i]);
        insertDiagnostic.Run();
    }

    // Row ids of what was written, to resolve link ends and route interfaces by name.
    struct NodeRows
    {
        int64_t id{0};                                       //!< nodes.id
        std::unordered_map<std::string, int64_t> interfaces; //!< name -> interfaces.id
    };

    std::unordered_map<std::string, NodeRows> nodeRows;
    nodeRows.reserve(network.nodes.size());

    SqliteStatement insertNode(
        *m_db,
        "INSERT INTO nodes (snapshot_id, name, latitude_deg, "
        "longitude_deg) VALUES (:snapshot_id, :name, :latitude_deg, :longitude_deg)",
        "insert node");
    SqliteStatement insertInterface(
        *m_db,
        "INSERT INTO interfaces (node_id, name, enabled, speed_bps, "
        "mtu_bytes) VALUES (:node_id, :name, :enabled, :speed_bps, :mtu_bytes)",
        "insert interface");
    SqliteStatement insertAddress(
        *m_db,
        "INSERT INTO interface_addresses (interface_id, position, "
        "address, prefix_length) VALUES (:interface_id, :position, :address, :prefix_length)",
        "insert interface address");
    for (const auto& node : network.nodes)
    {
        insertNode.BindInt64(1, snapshotId)
            .BindText(2, node.id)
            .BindOptionalDouble(3, node.latitudeDeg)
            .BindOptionalDouble(4, node.longitudeDeg);
        insertNode.Run("'" + node.id + "'");
        NodeRows& rows = nodeRows[node.id];
        rows.id = m_db->LastInsertRowId();

        for (const auto& iface : node.interfaces)
        {
            std::string what = "'" + node.id + "' '" + iface.name + "'";
            insertInterface.BindInt64(1, rows.id)
                .BindText(2, iface.name)
                .BindInt64(3, iface.enabled ? 1 : 0);
            if (iface.speedBps)
            {
                insertInterface.BindUint64(4, *iface.speedBps);
            }
            insertInterface.BindOptionalInt64(5, iface.mtuBytes);
            insertInterface.Run(what);
            int64_t interfaceId = m_db->LastInsertRowId();
            rows.interfaces[iface.name] = interfaceId;

            for (std::size_t a = 0; a < iface.addresses.size(); ++a)
            {
                const TwinIpv4Prefix& p = iface.addresses[a];
                insertAddress.BindInt64(1, interfaceId)
                    .BindInt64(2, static_cast<int64_t>(a))
                    .BindText(3, TwinIpv4Prefix::AddressToString(p.address))
                    .BindInt64(4, p.prefixLength);
                insertAddress.Run(what);
            }
        }
    }

    // Resolves a node's interface by name, or fails naming the element that refers to it.
    auto interfaceOf = [this, &nodeRows](const std::string& node, const std::string& name,
                                         const std::string& user) -> int64_t
    {
        auto n = nodeRows.find(node);
        if (n == nodeRows.end())
        {
            throw StoreError(m_path, user + " names unknown node '" + node + "'");
        }
        auto i = n->second.interfaces.find(name);
        if (i == n->second.interfaces.end())
        {
            throw StoreError(m_path,
                             user + ": node '" + node + "' has no interface '" + name + "'");
        }
        return i->second;
    };

    SqliteStatement insertLink(
        *m_db,
        "INSERT INTO links (snapshot_id, name, source_interface_id, "
        "dest_interface_id, capacity_bps, delay_s, queue_packets, metric) "
        "VALUES (:snapshot_id, :name, :source_interface_id, :dest_interface_id, :capacity_bps, "
        ":delay_s, :queue_packets, :metric)",
        "insert link");
    for (const auto& link : network.links)
    {
        std::string user = "saving snapshot: link '" + link.id + "'";
        insertLink.BindInt64(1, snapshotId)
            .BindText(2, link.id)
            .BindInt64(3, interfaceOf(link.sourceNode, link.sourceTp, user))
            .BindInt64(4, interfaceOf(link.destNode, link.destTp, user))
            .BindUint64(5, link.capacityBps)
            .BindDouble(6, link.delaySeconds)
            .BindInt64(7, link.queuePackets)
            .BindInt64(8, link.metric);
        insertLink.Run("'" + link.id + "'");
    }

    SqliteStatement insertRoute(
        *m_db,
        "INSERT INTO routes (node_id, destination, prefix_length, "
        "next_hop, out_interface_id, metric) VALUES (:node_id, :destination, :prefix_length, "
        ":next_hop, :out_interface_id, :metric)",
        "insert route");
    for (const auto& route : network.routes)
    {
        std::string user = "saving snapshot: route " + PrefixText(route.destination) +
                           " on node '" + route.node + "'";
        auto n = nodeRows.find(route.node);
        if (n == nodeRows.end())
        {
            throw StoreError(m_path, user + " names an unknown node");
        }
        insertRoute.BindInt64(1, n->second.id)
            .BindText(2, TwinIpv4Prefix::AddressToString(route.destination.address))
            .BindInt64(3, route.destination.prefixLength)
            .BindInt64(6, route.metric);
        if (route.nextHop)
        {
            insertRoute.BindText(4, TwinIpv4Prefix::AddressToString(*route.nextHop));
        }
        if (!route.outInterface.empty())
        {
            insertRoute.BindInt64(5, interfaceOf(route.node, route.outInterface, user));
        }
        insertRoute.Run(PrefixText(route.destination) + " on '" + route.node + "'");
    }

    transaction.Commit();
    if (existed != nullptr)
    {
        *existed = false;
    }
    return snapshotId;
}

std::vector<TwinSnapshotInfo>
TwinStore::ListSnapshots()
{
    SqliteStatement select(*m_db, std::string(kSnapshotColumns) + "ORDER BY id", "list snapshots");
    std::vector<TwinSnapshotInfo> list;
    while (select.Step())
    {
        list.push_back(SnapshotInfoFromRow(select));
    }
    return list;
}

std::optional<TwinSnapshotInfo>
TwinStore::FindSnapshot(const std::string& ref)
{
    return FindByReference<TwinSnapshotInfo>(*m_db, m_path, ref, "snapshot", kSnapshotColumns,
                                             &SnapshotById, &SnapshotInfoFromRow);
}

TwinNetwork
TwinStore::LoadSnapshot(int64_t id)
{
    // One read transaction: a consistent view even while other processes write.
    SqliteTransaction transaction(*m_db, "load snapshot " + std::to_string(id),
                                  SqliteTransaction::Mode::Deferred);
    TwinNetwork network;
    std::optional<int64_t> demandSetId;
    {
        SqliteStatement select(*m_db, "SELECT name, demand_set_id FROM snapshots WHERE id = ?",
                               "load snapshot " + std::to_string(id));
        select.BindInt64(1, id);
        if (!select.Step())
        {
            throw StoreError(m_path, "no snapshot with id " + std::to_string(id));
        }
        network.name = select.ColumnText(0);
        demandSetId = select.ColumnOptionalInt64(1);
        select.Reset();
    }

    std::unordered_map<int64_t, std::size_t> nodeIndex;
    {
        SqliteStatement select(*m_db,
                               "SELECT id, name, latitude_deg, longitude_deg FROM nodes "
                               "WHERE snapshot_id = ? ORDER BY id",
                               "load nodes");
        select.BindInt64(1, id);
        while (select.Step())
        {
            TwinNode node;
            node.id = select.ColumnText(1);
            node.latitudeDeg = select.ColumnOptionalDouble(2);
            node.longitudeDeg = select.ColumnOptionalDouble(3);
            nodeIndex[select.ColumnInt64(0)] = network.nodes.size();
            network.nodes.push_back(std::move(node));
        }
    }

    // interfaces.id -> (node index, interface index)
    std::unordered_map<int64_t, std::pair<std::size_t, std::size_t>> interfaceIndex;
    {
        SqliteStatement select(*m_db,
                               "SELECT i.id, i.node_id, i.name, i.enabled, i.speed_bps, "
                               "i.mtu_bytes FROM interfaces i JOIN nodes n ON n.id = i.node_id "
                               "WHERE n.snapshot_id = ? ORDER BY i.id",
                               "load interfaces");
        select.BindInt64(1, id);
        while (select.Step())
        {
            std::size_t n = nodeIndex.at(select.ColumnInt64(1));
            TwinInterface iface;
            iface.name = select.ColumnText(2);
            iface.enabled = select.ColumnInt64(3) != 0;
            if (!select.IsNull(4))
            {
                iface.speedBps = select.ColumnUint64(4);
            }
            if (!select.IsNull(5))
            {
                iface.mtuBytes = static_cast<uint32_t>(select.ColumnUint64(5));
            }
            auto& interfaces = network.nodes[n].interfaces;
            interfaceIndex[select.ColumnInt64(0)] = {n, interfaces.size()};
            interfaces.push_back(std::move(iface));
        }
    }
    {
        SqliteStatement select(*m_db,
                               "SELECT a.interface_id, a.address, a.prefix_length "
                               "FROM interface_addresses a "
                               "JOIN interfaces i ON i.id = a.interface_id "
                               "JOIN nodes n ON n.id = i.node_id "
                               "WHERE n.snapshot_id = ? ORDER BY a.interface_id, a.position",
                               "load interface addresses");
        select.BindInt64(1, id);
        while (select.Step())
        {
            auto [n, i] = interfaceIndex.at(select.ColumnInt64(0));
            TwinIpv4Prefix p;
            p.address = ParseStoredAddress(m_path, select.ColumnText(1));
            p.prefixLength = static_cast<uint8_t>(select.ColumnInt64(2));
            network.nodes[n].interfaces[i].addresses.push_back(p);
        }
    }
    {
        SqliteStatement select(*m_db,
                               "SELECT l.name, sn.name, si.name, dn.name, di.name, "
                               "l.capacity_bps, l.delay_s, l.queue_packets, l.metric "
                               "FROM links l "
                               "JOIN interfaces si ON si.id = l.source_interface_id "
                               "JOIN nodes sn ON sn.id = si.node_id "
                               "JOIN interfaces di ON di.id = l.dest_interface_id "
                               "JOIN nodes dn ON dn.id = di.node_id "
                               "WHERE l.snapshot_id = ? ORDER BY l.id",
                               "load links");
        select.BindInt64(1, id);
        while (select.Step())
        {
            TwinLink link;
            link.id = select.ColumnText(0);
            link.sourceNode = select.ColumnText(1);
            link.sourceTp = select.ColumnText(2);
            link.destNode = select.ColumnText(3);
            link.destTp = select.ColumnText(4);
            link.capacityBps = select.ColumnUint64(5);
            link.delaySeconds = select.ColumnDouble(6);
            link.queuePackets = static_cast<uint32_t>(select.ColumnUint64(7));
            link.metric = static_cast<uint32_t>(select.ColumnUint64(8));
            network.links.push_back(std::move(link));
        }
    }
    {
        SqliteStatement select(*m_db,
                               "SELECT n.name, r.destination, r.prefix_length, r.next_hop, "
                               "i.name, r.metric FROM routes r "
                               "JOIN nodes n ON n.id = r.node_id "
                               "LEFT JOIN interfaces i ON i.id = r.out_interface_id "
                               "WHERE n.snapshot_id = ? ORDER BY r.id",
                               "load routes");
        select.BindInt64(1, id);
        while (select.Step())
        {
            TwinRoute route;
            route.node = select.ColumnText(0);
            route.destination.address = ParseStoredAddress(m_path, select.ColumnText(1));
            route.destination.prefixLength = static_cast<uint8_t>(select.ColumnInt64(2));
            if (!select.IsNull(3))
            {
                route.nextHop = ParseStoredAddress(m_path, select.ColumnText(3));
            }
            route.outInterface = select.ColumnText(4);
            route.metric = static_cast<uint32_t>(select.ColumnUint64(5));
            network.routes.push_back(std::move(route));
        }
    }
    if (demandSetId)
    {
        network.demands = LoadDemands(*m_db, *demandSetId);
    }
    transaction.Commit();
    return network;
}

TwinProvenance
TwinStore::LoadProvenance(int64_t id)
{
    SqliteTransaction transaction(*m_db, "load provenance of snapshot " + std::to_string(id),
                                  SqliteTransaction::Mode::Deferred);
    if (!SnapshotById(*m_db, id))
    {
        throw StoreError(m_path, "no snapshot with id " + std::to_string(id));
    }
    TwinProvenance provenance;
    {
        SqliteStatement select(*m_db,
                               "SELECT path, sha256 FROM snapshot_files WHERE snapshot_id = ? "
                               "ORDER BY position",
                               "load provenance files");
        select.BindInt64(1, id);
        while (select.Step())
        {
            provenance.files.emplace_back(select.ColumnText(0), select.ColumnText(1));
        }
    }
    {
        SqliteStatement select(*m_db,
                               "SELECT message FROM snapshot_diagnostics WHERE snapshot_id = ? "
                               "ORDER BY position",
                               "load provenance diagnostics");
        select.BindInt64(1, id);
        while (select.Step())
        {
            provenance.diagnostics.push_back(select.ColumnText(0));
        }
    }
    transaction.Commit();
    return provenance;
}

int64_t
TwinStore::SaveDemandSet(const std::vector<TwinDemand>& demands, const std::string& source)
{
    SqliteTransaction transaction(*m_db, "save demand set from '" + source + "'",
                                  SqliteTransaction::Mode::Immediate);
    int64_t id = SaveDemandSetInTransaction(*m_db, demands, source);
    transaction.Commit();
    return id;
}

std::vector<TwinDemand>
TwinStore::LoadDemandSet(int64_t id)
{
    SqliteTransaction transaction(*m_db, "load demand set " + std::to_string(id),
                                  SqliteTransaction::Mode::Deferred);
    SqliteStatement exists(*m_db, "SELECT 1 FROM demand_sets WHERE id = ?", "look up demand set");
    exists.BindInt64(1, id);
    if (!exists.Step())
    {
        throw StoreError(m_path, "no demand set with id " + std::to_string(id));
    }
    exists.Reset();
    std::vector<TwinDemand> demands = LoadDemands(*m_db, id);
    transaction.Commit();
    return demands;
}

int64_t
TwinStore::SaveRun(const TwinRunRecord& run, const TwinRunResults& results)
{
    return SaveRunWithDemands(run, results, nullptr, "");
}

int64_t
TwinStore::SaveRun(const TwinRunRecord& run, const TwinRunResults& results,
                   const std::vector<TwinDemand>& demands, const std::string& demandSource)
{
    return SaveRunWithDemands(run, results, &demands, demandSource);
}

int64_t
TwinStore::SaveRunWithDemands(const TwinRunRecord& input, const TwinRunResults& results,
                              const std::vector<TwinDemand>* demands,
                              const std::string& demandSource)
{
    TwinRunRecord run = input;
    std::string context = "save run of snapshot " + std::to_string(run.snapshotId);
    // An empty parameter text means "no parameters"; anything else must be a JSON object.
    std::string parameters = run.parametersJson.empty() ? "{}" : run.parametersJson;
    {
        nlohmann::json parsed = nlohmann::json::parse(parameters, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object())
        {
            throw StoreError(m_path, context + ": parameters are not a JSON object: " + parameters);
        }
    }
    if (!run.verdict.empty() && run.verdict != "pass" && run.verdict != "fail")
    {
        throw StoreError(m_path, context + ": verdict '" + run.verdict +
                                     "' is not \"pass\", \"fail\" or empty");
    }
    if (!results.verdicts.empty())
    {
        // The run's verdict summarises its objective verdicts; a contradiction is a bug.
        std::size_t failed = 0;
        for (const auto& v : results.verdicts)
        {
            failed += v.passed ? 0 : 1;
        }
        std::string implied = failed > 0 ? "fail" : "pass";
        if (run.verdict != implied)
        {
            throw StoreError(
                m_path, context + ": run verdict '" + run.verdict + "' contradicts its " +
                            std::to_string(results.verdicts.size()) + " objective verdicts (" +
                            std::to_string(failed) + " failed), which make it '" + implied + "'");
        }
    }

    ValidateReplayed(m_path, context, run, results);

    SqliteTransaction transaction(*m_db, context, SqliteTransaction::Mode::Immediate);
    if (run.trafficSetId != 0)
    {
        // The set may be of another snapshot: a what-if variant simulates a changed copy
        // (e.g. scaled capacities) of the snapshot the set was mapped onto.
        SqliteStatement select(*m_db, "SELECT count(*) FROM traffic_sets WHERE id = ?",
                               "look up the replayed traffic set");
        select.BindInt64(1, run.trafficSetId);
        if (!select.Step() || select.ColumnInt64(0) == 0)
        {
            throw StoreError(m_path, context + ": no traffic set with id " +
                                         std::to_string(run.trafficSetId));
        }
        select.Reset();
    }
    if (run.sweepId != 0)
    {
        auto sweep = SweepById(*m_db, run.sweepId);
        if (!sweep)
        {
            throw StoreError(m_path, context + ": no sweep with id " + std::to_string(run.sweepId));
        }
        if (sweep->scenarioId != run.scenarioId)
        {
            throw StoreError(m_path, context + ": the run names scenario " +
                                         std::to_string(run.scenarioId) + " but sweep " +
                                         std::to_string(run.sweepId) + " is of scenario " +
                                         std::to_string(sweep->scenarioId));
        }
    }
    if (run.scenarioId != 0 && !ScenarioExists(*m_db, run.scenarioId))
    {
        throw StoreError(m_path,
                         context + ": no scenario with id " + std::to_string(run.scenarioId));
    }
    if (demands)
    {
        // In the run's transaction: a run that fails to save leaves no demand set behind.
        run.demandSetId = SaveDemandSetInTransaction(*m_db, *demands, demandSource);
    }
    SqliteStatement insertRun(
        *m_db,
        "INSERT INTO runs (snapshot_id, demand_set_id, parameters_json, "
        "seed, run_number, ns3_version, wall_s, simulated_s, event_count, "
        "status, scenario_id, sweep_id, variant_name, verdict, traffic_set_id) VALUES "
        "(:snapshot_id, :demand_set_id, :parameters_json, :seed, :run_number, :ns3_version, "
        ":wall_s, :simulated_s, :event_count, :status, :scenario_id, :sweep_id, :variant_name, "
        ":verdict, :traffic_set_id)",
        "insert run");
    insertRun.BindInt64(1, run.snapshotId)
        .BindOptionalInt64(2, run.demandSetId == 0 ? std::nullopt
                                                   : std::optional<int64_t>(run.demandSetId))
        .BindText(3, parameters)
        .BindUint64(4, run.seed)
        .BindUint64(5, run.runNumber)
        .BindText(6, run.ns3Version)
        .BindDouble(7, run.wallSeconds)
        .BindDouble(8, run.simulatedSeconds)
        .BindUint64(9, run.eventCount)
        .BindText(10, run.status)
        .BindOptionalInt64(11, run.scenarioId == 0 ? std::nullopt
                                                   : std::optional<int64_t>(run.scenarioId))
        .BindOptionalInt64(12,
                           run.sweepId == 0 ? std::nullopt : std::optional<int64_t>(run.sweepId))
        .BindTextOrNull(13, run.variantName)
        .BindTextOrNull(14, run.verdict)
        .BindOptionalInt64(15, run.trafficSetId == 0 ? std::nullopt
                                                     : std::optional<int64_t>(run.trafficSetId));
    // The foreign keys check that the snapshot and demand set exist.
    insertRun.Run("(snapshot " + std::to_string(run.snapshotId) + ", demand set " +
                  std::to_string(run.demandSetId) + ")");
    int64_t runId = m_db->LastInsertRowId();

    std::unordered_map<std::string, int64_t> linkIds;
    {
        SqliteStatement select(*m_db, "SELECT id, name FROM links WHERE snapshot_id = ?",
                               "load the link ids of the snapshot");
        select.BindInt64(1, run.snapshotId);
        while (select.Step())
        {
            linkIds.emplace(select.ColumnText(1), select.ColumnInt64(0));
        }
    }
    auto linkId = [&](const std::string& name) -> int64_t
    {
        auto it = linkIds.find(name);
        if (it == linkIds.end())
        {
            throw StoreError(m_path, context + ": result names link '" + name +
                                         "', which is not in the snapshot");
        }
        return it->second;
    };

    SqliteStatement insertFlow(
        *m_db,
        "INSERT INTO run_flows (run_id, flow_id, demand_name, source_address, dest_address, "
        "protocol, source_port, dest_port, tx_bytes, rx_bytes, tx_packets, rx_packets, "
        "lost_packets, delay_mean_s, delay_max_s, jitter_mean_s, throughput_bps, first_tx_s, "
        "last_rx_s, first_rx_s) VALUES (:run_id, :flow_id, :demand_name, :source_address, "
        ":dest_address, :protocol, :source_port, :dest_port, :tx_bytes, :rx_bytes, :tx_packets, "
        ":rx_packets, :lost_packets, :delay_mean_s, :delay_max_s, :jitter_mean_s, "
        ":throughput_bps, :first_tx_s, :last_rx_s, :first_rx_s)",
        "insert flow result");
    for (const auto& f : results.flows)
    {
        insertFlow.BindInt64(1, runId)
            .BindInt64(2, f.flowId)
            .BindTextOrNull(3, f.demandId)
            .BindText(4, f.sourceAddress)
            .BindText(5, f.destAddress)
            .BindInt64(6, f.protocol)
            .BindInt64(7, f.sourcePort)
            .BindInt64(8, f.destPort)
            .BindUint64(9, f.txBytes)
            .BindUint64(10, f.rxBytes)
            .BindUint64(11, f.txPackets)
            .BindUint64(12, f.rxPackets)
            .BindUint64(13, f.lostPackets)
            .BindDouble(14, f.delayMeanSeconds)
            .BindDouble(15, f.delayMaxSeconds)
            .BindDouble(16, f.jitterMeanSeconds)
            .BindDouble(17, f.throughputBps)
            .BindDouble(18, f.firstTxSeconds)
            .BindDouble(19, f.lastRxSeconds);
        if (f.rxPackets > 0)
        {
            insertFlow.BindDouble(20, f.firstRxSeconds);
        }
        else
        {
            insertFlow.BindNull(20);
        }
        insertFlow.Run("(flow " + std::to_string(f.flowId) + ")");
    }

    SqliteStatement insertLink(*m_db,
                               "INSERT INTO run_links (run_id, link_id, tx_bytes, tx_packets, "
                               "queue_drop_packets, mean_utilisation, peak_utilisation) "
                               "VALUES (:run_id, :link_id, :tx_bytes, :tx_packets, "
                               ":queue_drop_packets, :mean_utilisation, :peak_utilisation)",
                               "insert link result");
    for (const auto& l : results.links)
    {
        insertLink.BindInt64(1, runId)
            .BindInt64(2, linkId(l.linkId))
            .BindUint64(3, l.txBytes)
            .BindUint64(4, l.txPackets)
            .BindUint64(5, l.queueDropPackets)
            .BindDouble(6, l.meanUtilisation)
            .BindDouble(7, l.peakUtilisation);
        insertLink.Run("'" + l.linkId + "'");
    }

    SqliteStatement insertSample(
        *m_db,
        "INSERT INTO run_link_samples (run_id, link_id, time_s, "
        "tx_bytes, utilisation, queue_packets) "
        "VALUES (:run_id, :link_id, :time_s, :tx_bytes, :utilisation, :queue_packets)",
        "insert link sample");
    for (const auto& s : results.samples)
    {
        insertSample.BindInt64(1, runId)
            .BindInt64(2, linkId(s.linkId))
            .BindDouble(3, s.timeSeconds)
            .BindUint64(4, s.txBytes)
            .BindDouble(5, s.utilisation)
            .BindInt64(6, s.queuePackets);
        insertSample.Run();
    }

    SqliteStatement insertDemandSample(
        *m_db,
        "INSERT INTO run_demand_samples (run_id, demand_name, time_s, tx_packets, tx_bytes, "
        "rx_packets, rx_bytes, delay_sum_s, delivered_packets) VALUES (:run_id, :demand_name, "
        ":time_s, :tx_packets, :tx_bytes, :rx_packets, :rx_bytes, :delay_sum_s, "
        ":delivered_packets)",
        "insert demand sample");
    for (const auto& s : results.demandSamples)
    {
        insertDemandSample.BindInt64(1, runId)
            .BindText(2, s.demandId)
            .BindDouble(3, s.timeSeconds)
            .BindUint64(4, s.txPackets)
            .BindUint64(5, s.txBytes)
            .BindUint64(6, s.rxPackets)
            .BindUint64(7, s.rxBytes)
            .BindDouble(8, s.delaySumSeconds)
            .BindUint64(9, s.deliveredPackets);
        insertDemandSample.Run("'" + s.demandId + "' at " + std::to_string(s.timeSeconds) + " s");
    }

    SqliteStatement insertDemand(
        *m_db,
        "INSERT INTO run_demands (run_id, demand_name, protocol, start_s, offered_bytes, "
        "received_bytes, completion_s) VALUES (:run_id, :demand_name, :protocol, :start_s, "
        ":offered_bytes, :received_bytes, :completion_s)",
        "insert demand result");
    for (const auto& d : results.demands)
    {
        insertDemand.BindInt64(1, runId)
            .BindText(2, d.demandId)
            .BindText(3, d.protocol)
            .BindDouble(4, d.startSeconds)
            .BindUint64(5, d.offeredBytes)
            .BindUint64(6, d.receivedBytes)
            .BindOptionalDouble(7, d.completionSeconds);
        insertDemand.Run("'" + d.demandId + "'");
    }

    SqliteStatement insertEvent(
        *m_db,
        "INSERT INTO run_events (run_id, seq, time_s, event_name, type, target, detail, origin) "
        "VALUES (:run_id, :seq, :time_s, :event_name, :type, :target, :detail, :origin)",
        "insert applied event");
    for (std::size_t i = 0; i < results.events.size(); ++i)
    {
        const TwinAppliedEvent& e = results.events[i];
        insertEvent.BindInt64(1, runId)
            .BindInt64(2, static_cast<int64_t>(i))
            .BindDouble(3, e.timeSeconds)
            .BindText(4, e.eventId)
            .BindText(5, e.type)
            .BindText(6, e.target)
            .BindText(7, e.detail)
            .BindText(8, e.origin);
        insertEvent.Run("'" + e.eventId + "'");
    }

    SqliteStatement insertVerdict(
        *m_db,
        "INSERT INTO run_verdicts (run_id, objective_name, target_kind, target_name, element, "
        "bound, limit_value, measured, passed, margin, window_start_s, window_end_s, "
        "holds_from_s) VALUES (:run_id, :objective_name, :target_kind, :target_name, :element, "
        ":bound, :limit_value, :measured, :passed, :margin, :window_start_s, :window_end_s, "
        ":holds_from_s)",
        "insert verdict");
    for (const auto& v : results.verdicts)
    {
        insertVerdict.BindInt64(1, runId)
            .BindText(2, v.objectiveId)
            .BindText(3, v.targetKind)
            .BindText(4, v.targetId)
            .BindText(5, v.element)
            .BindText(6, v.bound)
            .BindDouble(7, v.limit)
            .BindOptionalDouble(8, v.measured)
            .BindInt64(9, v.passed ? 1 : 0)
            .BindOptionalDouble(10, v.margin)
            .BindDouble(11, v.windowStartSeconds)
            .BindDouble(12, v.windowEndSeconds)
            .BindOptionalDouble(13, v.holdsFromSeconds);
        insertVerdict.Run("'" + v.objectiveId + "' " + v.bound + " of '" + v.element + "'");
    }

    SqliteStatement flowSet(*m_db, "SELECT set_id FROM traffic_flows WHERE id = ?",
                            "look up a replayed flow");
    SqliteStatement insertReplayed(
        *m_db,
        "INSERT INTO run_replay_flows (run_id, demand_name, flow_id, copy, mode, "
        "recorded_start_s, recorded_duration_s, recorded_bytes, recorded_packets) VALUES "
        "(:run_id, :demand_name, :flow_id, :copy, :mode, :recorded_start_s, "
        ":recorded_duration_s, :recorded_bytes, :recorded_packets)",
        "insert replayed flow");
    for (const auto& r : results.replayed)
    {
        if (r.flowId != 0)
        {
            // A replayed flow is one of the run's own traffic set, not any stored flow.
            flowSet.BindInt64(1, r.flowId);
            bool found = flowSet.Step();
            int64_t setId = found ? flowSet.ColumnInt64(0) : 0;
            flowSet.Reset();
            if (!found || setId != run.trafficSetId)
            {
                throw StoreError(m_path,
                                 context + ": demand '" + r.demandId + "' replays flow " +
                                     std::to_string(r.flowId) +
                                     (found ? ", which is of traffic set " + std::to_string(setId) +
                                                  ", not " + std::to_string(run.trafficSetId)
                                            : ", which is not stored"));
            }
        }
        insertReplayed.BindInt64(1, runId)
            .BindText(2, r.demandId)
            .BindOptionalInt64(3, r.flowId == 0 ? std::nullopt : std::optional<int64_t>(r.flowId))
            .BindInt64(4, r.copy)
            .BindText(5, r.mode)
            .BindDouble(6, r.recordedStartSeconds)
            .BindDouble(7, r.recordedDurationSeconds)
            .BindUint64(8, r.recordedBytes)
            .BindUint64(9, r.recordedPackets);
        insertReplayed.Run("'" + r.demandId + "'");
    }

    transaction.Commit();
    return runId;
}

std::vector<TwinRunRecord>
TwinStore::ListRuns()
{
    SqliteStatement select(*m_db, std::string(kRunColumns) + "ORDER BY id", "list runs");
    std::vector<TwinRunRecord> runs;
    while (select.Step())
    {
        runs.push_back(RunFromRow(select));
    }
    return runs;
}

std::optional<TwinRunRecord>
TwinStore::FindRun(int64_t id)
{
    SqliteStatement select(*m_db, std::string(kRunColumns) + "WHERE id = ?", "look up run");
    select.BindInt64(1, id);
    if (!select.Step())
    {
        return std::nullopt;
    }
    TwinRunRecord run = RunFromRow(select);
    select.Reset();
    return run;
}

TwinRunResults
TwinStore::LoadRunResults(int64_t id)
{
    SqliteTransaction transaction(*m_db, "load results of run " + std::to_string(id),
                                  SqliteTransaction::Mode::Deferred);
    if (!FindRun(id))
    {
        throw StoreError(m_path, "no run with id " + std::to_string(id));
    }
    TwinRunResults results;
    {
        SqliteStatement select(*m_db,
                               "SELECT flow_id, demand_name, source_address, dest_address, "
                               "protocol, source_port, dest_port, tx_bytes, rx_bytes, "
                               "tx_packets, rx_packets, lost_packets, delay_mean_s, "
                               "delay_max_s, jitter_mean_s, throughput_bps, first_tx_s, "
                               "last_rx_s, first_rx_s FROM run_flows WHERE run_id = ? ORDER BY id",
                               "load flow results");
        select.BindInt64(1, id);
        while (select.Step())
        {
            TwinFlowResult f;
            f.flowId = static_cast<uint32_t>(select.ColumnUint64(0));
            f.demandId = select.ColumnText(1);
            f.sourceAddress = select.ColumnText(2);
            f.destAddress = select.ColumnText(3);
            f.protocol = static_cast<uint8_t>(select.ColumnUint64(4));
            f.sourcePort = static_cast<uint16_t>(select.ColumnUint64(5));
            f.destPort = static_cast<uint16_t>(select.ColumnUint64(6));
            f.txBytes = select.ColumnUint64(7);
            f.rxBytes = select.ColumnUint64(8);
            f.txPackets = select.ColumnUint64(9);
            f.rxPackets = select.ColumnUint64(10);
            f.lostPackets = select.ColumnUint64(11);
            f.delayMeanSeconds = select.ColumnDouble(12);
            f.delayMaxSeconds = select.ColumnDouble(13);
            f.jitterMeanSeconds = select.ColumnDouble(14);
            f.throughputBps = select.ColumnDouble(15);
            f.firstTxSeconds = select.ColumnDouble(16);
            f.lastRxSeconds = select.ColumnDouble(17);
            // NULL (nothing received, or a run stored before schema 4): 0, as in TwinFlowResult.
            f.firstRxSeconds = select.ColumnOptionalDouble(18).value_or(0);
            results.flows.push_back(std::move(f));
        }
    }
    {
        SqliteStatement select(*m_db,
                               "SELECT l.name, k.tx_bytes, k.tx_packets, k.queue_drop_packets, "
                               "k.mean_utilisation, k.peak_utilisation FROM run_links k "
                               "JOIN links l ON l.id = k.link_id WHERE k.run_id = ? "
                               "ORDER BY k.id",
                               "load link results");
        select.BindInt64(1, id);
        while (select.Step())
        {
            TwinLinkResult l;
            l.linkId = select.ColumnText(0);
            l.txBytes = select.ColumnUint64(1);
            l.txPackets = select.ColumnUint64(2);
            l.queueDropPackets = select.ColumnUint64(3);
            l.meanUtilisation = select.ColumnDouble(4);
            l.peakUtilisation = select.ColumnDouble(5);
            results.links.push_back(std::move(l));
        }
    }
    {
        SqliteStatement select(*m_db,
                               "SELECT l.name, p.time_s, p.tx_bytes, p.utilisation, "
                               "p.queue_packets FROM run_link_samples p "
                               "JOIN links l ON l.id = p.link_id WHERE p.run_id = ? "
                               "ORDER BY p.id",
                               "load link samples");
        select.BindInt64(1, id);
        while (select.Step())
        {
            TwinLinkSample s;
            s.linkId = select.ColumnText(0);
            s.timeSeconds = select.ColumnDouble(1);
            s.txBytes = select.ColumnUint64(2);
            s.utilisation = select.ColumnDouble(3);
            s.queuePackets = static_cast<uint32_t>(select.ColumnUint64(4));
            results.samples.push_back(std::move(s));
        }
    }
    {
        // Demands in the order they first appear in what was saved, each in time order.
        SqliteStatement select(*m_db,
                               "SELECT demand_name, time_s, tx_packets, tx_bytes, rx_packets, "
                               "rx_bytes, delay_sum_s, delivered_packets "
                               "FROM run_demand_samples WHERE run_id = ? "
                               "ORDER BY min(id) OVER (PARTITION BY demand_name), time_s, id",
                               "load demand samples");
        select.BindInt64(1, id);
        while (select.Step())
        {
            TwinDemandSample s;
            s.demandId = select.ColumnText(0);
            s.timeSeconds = select.ColumnDouble(1);
            s.txPackets = select.ColumnUint64(2);
            s.txBytes = select.ColumnUint64(3);
            s.rxPackets = select.ColumnUint64(4);
            s.rxBytes = select.ColumnUint64(5);
            s.delaySumSeconds = select.ColumnDouble(6);
            s.deliveredPackets = select.ColumnUint64(7);
            results.demandSamples.push_back(std::move(s));
        }
    }
    {
        SqliteStatement select(*m_db,
                               "SELECT demand_name, protocol, start_s, offered_bytes, "
                               "received_bytes, completion_s FROM run_demands WHERE run_id = ? "
                               "ORDER BY id",
                               "load demand results");
        select.BindInt64(1, id);
        while (select.Step())
        {
            TwinDemandResult d;
            d.demandId = select.ColumnText(0);
            d.protocol = select.ColumnText(1);
            d.startSeconds = select.ColumnDouble(2);
            d.offeredBytes = select.ColumnUint64(3);
            d.receivedBytes = select.ColumnUint64(4);
            d.completionSeconds = select.ColumnOptionalDouble(5);
            results.demands.push_back(std::move(d));
        }
    }
    {
        SqliteStatement select(*m_db,
                               "SELECT time_s, event_name, type, target, detail, origin "
                               "FROM run_events WHERE run_id = ? ORDER BY seq",
                               "load applied events");
        select.BindInt64(1, id);
        while (select.Step())
        {
            TwinAppliedEvent e;
            e.timeSeconds = select.ColumnDouble(0);
            e.eventId = select.ColumnText(1);
            e.type = select.ColumnText(2);
            e.target = select.ColumnText(3);
            e.detail = select.ColumnText(4);
            e.origin = select.ColumnText(5);
            results.events.push_back(std::move(e));
        }
    }
    results.verdicts = ReadVerdicts(*m_db, id);
    {
        SqliteStatement select(*m_db,
                               "SELECT demand_name, flow_id, copy, mode, recorded_start_s, "
                               "recorded_duration_s, recorded_bytes, recorded_packets "
                               "FROM run_replay_flows WHERE run_id = ? ORDER BY rowid",
                               "load replayed flows");
        select.BindInt64(1, id);
        while (select.Step())
        {
            TwinReplayedFlow r;
            r.demandId = select.ColumnText(0);
            r.flowId = select.ColumnOptionalInt64(1).value_or(0);
            r.copy = static_cast<uint32_t>(select.ColumnUint64(2));
            r.mode = select.ColumnText(3);
            r.recordedStartSeconds = select.ColumnDouble(4);
            r.recordedDurationSeconds = select.ColumnDouble(5);
            r.recordedBytes = select.ColumnUint64(6);
            r.recordedPackets = select.ColumnUint64(7);
            results.replayed.push_back(std::move(r));
        }
    }
    transaction.Commit();
    return results;
}

std::vector<TwinVerdict>
TwinStore::LoadRunVerdicts(int64_t id)
{
    if (!FindRun(id))
    {
        throw TwinStoreError("no run with id " + std::to_string(id) + " in " + m_path);
    }
    return ReadVerdicts(*m_db, id);
}

int64_t
TwinStore::SaveScenario(const std::string& name, const std::string& text, const std::string& format,
                        const std::string& sourcePath, bool* existed)
{
    std::string context = "save scenario '" + name + "' from '" + sourcePath + "'";
    if (format != "json" && format != "xml")
    {
        throw StoreError(m_path, context + ": format '" + format + "' is not \"json\" or \"xml\"");
    }
    if (name.empty())
    {
        throw StoreError(m_path, context + ": the scenario has no name");
    }
    // The exact text is the identity: whatever differs in it (even white space) was another
    // document, and a run must point to what it ran.
    std::string hash = Sha256OfString(text);
    SqliteTransaction transaction(*m_db, context, SqliteTransaction::Mode::Immediate);
    if (auto id = IdByContentHash(*m_db, "scenarios", hash))
    {
        transaction.Commit();
        if (existed != nullptr)
        {
            *existed = true;
        }
        return *id;
    }
    SqliteStatement insert(*m_db,
                           "INSERT INTO scenarios (name, content_hash, format, source_path, text) "
                           "VALUES (:name, :content_hash, :format, :source_path, :text)",
                           "insert scenario");
    insert.BindText(1, name)
        .BindText(2, hash)
        .BindText(3, format)
        .BindText(4, sourcePath)
        .BindText(5, text);
    insert.Run("'" + name + "'");
    int64_t id = m_db->LastInsertRowId();
    transaction.Commit();
    if (existed != nullptr)
    {
        *existed = false;
    }
    return id;
}

std::optional<TwinScenarioInfo>
TwinStore::FindScenario(int64_t id)
{
    SqliteStatement select(*m_db, std::string(kScenarioColumns) + "WHERE id = ?",
                           "look up scenario");
    select.BindInt64(1, id);
    if (!select.Step())
    {
        return std::nullopt;
    }
    TwinScenarioInfo info = ScenarioFromRow(select);
    select.Reset();
    return info;
}

int64_t
TwinStore::CreateSweep(int64_t scenarioId, int64_t snapshotId, uint64_t plannedRuns,
                       const std::string& kind)
{
    std::string context = "create a sweep of scenario " + std::to_string(scenarioId) +
                          " on snapshot " + std::to_string(snapshotId);
    if (kind != "run" && kind != "replay")
    {
        throw StoreError(m_path, context + ": kind '" + kind + "' is not \"run\" or \"replay\"");
    }
    if (plannedRuns == 0)
    {
        throw StoreError(m_path, context + ": a sweep plans at least one run");
    }
    SqliteTransaction transaction(*m_db, context, SqliteTransaction::Mode::Immediate);
    if (!ScenarioExists(*m_db, scenarioId))
    {
        throw StoreError(m_path, context + ": no scenario with id " + std::to_string(scenarioId));
    }
    {
        SqliteStatement find(*m_db, "SELECT 1 FROM snapshots WHERE id = ?", "look up snapshot");
        find.BindInt64(1, snapshotId);
        bool found = find.Step();
        find.Reset();
        if (!found)
        {
            throw StoreError(m_path,
                             context + ": no snapshot with id " + std::to_string(snapshotId));
        }
    }
    const ProcessIdentity& self = ThisProcess();
    SqliteStatement insert(*m_db,
                           "INSERT INTO sweeps (scenario_id, snapshot_id, planned_runs, kind, "
                           "owner_host, owner_pid, owner_start) VALUES (:scenario_id, "
                           ":snapshot_id, :planned_runs, :kind, :owner_host, :owner_pid, "
                           ":owner_start)",
                           "insert sweep");
    insert.BindInt64(1, scenarioId)
        .BindInt64(2, snapshotId)
        .BindUint64(3, plannedRuns)
        .BindText(4, kind)
        .BindText(5, self.host)
        .BindInt64(6, self.pid)
        .BindText(7, self.start);
    insert.Run();
    int64_t id = m_db->LastInsertRowId();
    transaction.Commit();
    return id;
}

void
TwinStore::EndSweep(int64_t id)
{
    std::string context = "end sweep " + std::to_string(id);
    SqliteTransaction transaction(*m_db, context, SqliteTransaction::Mode::Immediate);
    if (!SweepById(*m_db, id))
    {
        throw StoreError(m_path, context + ": no sweep with id " + std::to_string(id));
    }
    SqliteStatement update(*m_db,
                           "UPDATE sweeps SET ended_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                           "WHERE id = ? AND ended_at IS NULL",
                           "mark the sweep ended");
    update.BindInt64(1, id);
    update.Run();
    transaction.Commit();
}

std::optional<TwinSweepInfo>
TwinStore::FindSweep(int64_t id)
{
    return SweepById(*m_db, id);
}

std::vector<TwinSweepInfo>
TwinStore::ListSweeps()
{
    SqliteStatement select(*m_db, std::string(kSweepColumns) + "ORDER BY id", "list sweeps");
    std::vector<TwinSweepInfo> sweeps;
    while (select.Step())
    {
        sweeps.push_back(SweepFromRow(select));
    }
    return sweeps;
}

std::vector<TwinRunRecord>
TwinStore::ListSweepRuns(int64_t sweepId)
{
    SqliteTransaction transaction(*m_db, "list the runs of sweep " + std::to_string(sweepId),
                                  SqliteTransaction::Mode::Deferred);
    if (!SweepById(*m_db, sweepId))
    {
        throw StoreError(m_path, "no sweep with id " + std::to_string(sweepId));
    }
    SqliteStatement select(*m_db, std::string(kRunColumns) + "WHERE sweep_id = ? ORDER BY id",
                           "list the runs of a sweep");
    select.BindInt64(1, sweepId);
    std::vector<TwinRunRecord> runs;
    while (select.Step())
    {
        runs.push_back(RunFromRow(select));
    }
    transaction.Commit();
    return runs;
}

namespace
{

/// Columns of change_sets read by ChangeSetFromRow.
const char* const kChangeSetColumns = "SELECT id, content_hash, format, description, "
                                      "source_path, text, created_at FROM change_sets ";

/**
 * @param select a statement positioned on a change_sets row (kChangeSetColumns)
 * @return the row as a record
 */
TwinChangeSetInfo
ChangeSetFromRow(const SqliteStatement& select)
{
    TwinChangeSetInfo info;
    info.id = select.ColumnInt64(0);
    info.contentHash = select.ColumnText(1);
    info.format = select.ColumnText(2);
    info.description = select.ColumnText(3);
    info.sourcePath = select.ColumnText(4);
    info.text = select.ColumnText(5);
    info.createdAt = select.ColumnText(6);
    return info;
}

/**
 * @param db the connection
 * @param id a change set id
 * @return its row, or nothing
 */
std::optional<TwinChangeSetInfo>
ChangeSetById(SqliteDatabase& db, int64_t id)
{
    SqliteStatement select(db, std::string(kChangeSetColumns) + "WHERE id = ?",
                           "look up a change set");
    select.BindInt64(1, id);
    if (!select.Step())
    {
        return std::nullopt;
    }
    TwinChangeSetInfo info = ChangeSetFromRow(select);
    select.Reset();
    return info;
}

/// Columns of verifications read by VerificationFromRow.
const char* const kVerificationColumns =
    "SELECT id, change_set_id, baseline_snapshot_id, derived_snapshot_id, scenario_id, "
    "sweep_id, runs, passed_runs, passed, user, created_at FROM verifications ";

/**
 * @param select a statement positioned on a verifications row (kVerificationColumns)
 * @return the row as a record
 */
TwinVerificationInfo
VerificationFromRow(const SqliteStatement& select)
{
    TwinVerificationInfo info;
    info.id = select.ColumnInt64(0);
    info.changeSetId = select.ColumnInt64(1);
    info.baselineSnapshotId = select.ColumnInt64(2);
    info.derivedSnapshotId = select.ColumnInt64(3);
    info.scenarioId = select.ColumnInt64(4);
    info.sweepId = select.ColumnOptionalInt64(5).value_or(0);
    info.runs = select.ColumnUint64(6);
    info.passedRuns = select.ColumnUint64(7);
    info.passed = select.ColumnInt64(8) != 0;
    info.user = select.ColumnText(9);
    info.createdAt = select.ColumnText(10);
    return info;
}

/**
 * @param db the connection
 * @param baseSnapshotId a base snapshot
 * @param changeSetId a change set
 * @return the derived snapshot link, or nothing
 */
std::optional<TwinDerivedSnapshotInfo>
DerivedByPair(SqliteDatabase& db, int64_t baseSnapshotId, int64_t changeSetId)
{
    SqliteStatement select(db,
                           "SELECT snapshot_id, base_snapshot_id, change_set_id, created_at "
                           "FROM derived_snapshots WHERE base_snapshot_id = ? "
                           "AND change_set_id = ?",
                           "look up a derived snapshot");
    select.BindInt64(1, baseSnapshotId).BindInt64(2, changeSetId);
    if (!select.Step())
    {
        return std::nullopt;
    }
    TwinDerivedSnapshotInfo info;
    info.snapshotId = select.ColumnInt64(0);
    info.baseSnapshotId = select.ColumnInt64(1);
    info.changeSetId = select.ColumnInt64(2);
    info.createdAt = select.ColumnText(3);
    select.Reset();
    return info;
}

} // namespace

int64_t
TwinStore::SaveChangeSet(const std::string& text, const std::string& format,
                         const std::string& description, const std::string& sourcePath,
                         bool* existed)
{
    std::string context = "save change set from '" + sourcePath + "'";
    if (format != "json" && format != "xml")
    {
        throw StoreError(m_path, context + ": format '" + format + "' is not \"json\" or \"xml\"");
    }
    if (text.empty())
    {
        throw StoreError(m_path, context + ": the document is empty");
    }
    // As for scenarios, the exact text is the identity: a verification and a push must point
    // to the very document that was checked.
    std::string hash = Sha256OfString(text);
    SqliteTransaction transaction(*m_db, context, SqliteTransaction::Mode::Immediate);
    if (auto id = IdByContentHash(*m_db, "change_sets", hash))
    {
        transaction.Commit();
        if (existed != nullptr)
        {
            *existed = true;
        }
        return *id;
    }
    SqliteStatement insert(*m_db,
                           "INSERT INTO change_sets (content_hash, format, description, "
                           "source_path, text) VALUES (:content_hash, :format, :description, "
                           ":source_path, :text)",
                           "insert change set");
    insert.BindText(1, hash)
        .BindText(2, format)
        .BindText(3, description)
        .BindText(4, sourcePath)
        .BindText(5, text);
    insert.Run("'" + sourcePath + "'");
    int64_t id = m_db->LastInsertRowId();
    transaction.Commit();
    if (existed != nullptr)
    {
        *existed = false;
    }
    return id;
}

std::optional<TwinChangeSetInfo>
TwinStore::FindChangeSet(const std::string& ref)
{
    return FindByReference<TwinChangeSetInfo>(*m_db, m_path, ref, "change set", kChangeSetColumns,
                                              &ChangeSetById, &ChangeSetFromRow);
}

std::vector<TwinChangeSetInfo>
TwinStore::ListChangeSets()
{
    SqliteStatement select(*m_db, std::string(kChangeSetColumns) + "ORDER BY id",
                           "list change sets");
    std::vector<TwinChangeSetInfo> sets;
    while (select.Step())
    {
        sets.push_back(ChangeSetFromRow(select));
    }
    return sets;
}

int64_t
TwinStore::SaveDerivedSnapshot(int64_t baseSnapshotId, int64_t changeSetId,
                               const TwinNetwork& network, bool* existed)
{
    std::string context = "save the snapshot change set " + std::to_string(changeSetId) +
                          " derives from snapshot " + std::to_string(baseSnapshotId);
    if (!SnapshotById(*m_db, baseSnapshotId))
    {
        throw StoreError(m_path,
                         context + ": no snapshot with id " + std::to_string(baseSnapshotId));
    }
    if (!ChangeSetById(*m_db, changeSetId))
    {
        throw StoreError(m_path,
                         context + ": no change set with id " + std::to_string(changeSetId));
    }
    if (auto link = DerivedByPair(*m_db, baseSnapshotId, changeSetId))
    {
        if (existed != nullptr)
        {
            *existed = true;
        }
        return link->snapshotId;
    }
    // SaveSnapshot is a transaction of its own; the snapshot is content-hashed, so a second
    // process deriving the same pair meanwhile stores nothing twice, and the link below keeps
    // the first one's row.
    TwinProvenance provenance;
    provenance.diagnostics.push_back("derived from snapshot " + std::to_string(baseSnapshotId) +
                                     " by change set " + std::to_string(changeSetId));
    int64_t snapshotId = SaveSnapshot(network,
                                      "snapshot " + std::to_string(baseSnapshotId) +
                                          " + change set " + std::to_string(changeSetId),
                                      "change-set", provenance, nullptr);
    SqliteTransaction transaction(*m_db, context, SqliteTransaction::Mode::Immediate);
    SqliteStatement insert(*m_db,
                           "INSERT INTO derived_snapshots (snapshot_id, base_snapshot_id, "
                           "change_set_id) VALUES (:snapshot_id, :base_snapshot_id, "
                           ":change_set_id) ON CONFLICT (base_snapshot_id, change_set_id) "
                           "DO NOTHING",
                           "link a derived snapshot");
    insert.BindInt64(1, snapshotId).BindInt64(2, baseSnapshotId).BindInt64(3, changeSetId);
    insert.Run();
    auto link = DerivedByPair(*m_db, baseSnapshotId, changeSetId);
    transaction.Commit();
    if (!link)
    {
        throw StoreError(m_path, context + ": the link was not stored");
    }
    if (existed != nullptr)
    {
        *existed = link->snapshotId != snapshotId;
    }
    return link->snapshotId;
}

std::optional<TwinDerivedSnapshotInfo>
TwinStore::FindDerivedSnapshot(int64_t baseSnapshotId, int64_t changeSetId)
{
    return DerivedByPair(*m_db, baseSnapshotId, changeSetId);
}

TwinVerificationInfo
TwinStore::RecordVerification(int64_t changeSetId, int64_t baselineSnapshotId, int64_t sweepId,
                              const std::string& user)
{
    std::string context = "record the verification of change set " + std::to_string(changeSetId) +
                          " on snapshot " + std::to_string(baselineSnapshotId) + " by sweep " +
                          std::to_string(sweepId);
    if (user.empty())
    {
        throw StoreError(m_path, context + ": no user");
    }
    SqliteTransaction transaction(*m_db, context, SqliteTransaction::Mode::Immediate);
    auto link = DerivedByPair(*m_db, baselineSnapshotId, changeSetId);
    if (!link)
    {
        throw StoreError(m_path, context + ": the change set was not applied to the snapshot "
                                           "(no derived snapshot)");
    }
    auto sweep = SweepById(*m_db, sweepId);
    if (!sweep)
    {
        throw StoreError(m_path, context + ": no sweep with id " + std::to_string(sweepId));
    }
    if (sweep->snapshotId != link->snapshotId)
    {
        throw StoreError(
            m_path, context + ": the sweep ran on snapshot " + std::to_string(sweep->snapshotId) +
                        ", not on the derived snapshot " + std::to_string(link->snapshotId));
    }
    // Judged from what is stored: a run counts as passed when its verdict is "pass" and no
    // objective verdict of it failed; a run without verdicts judged nothing.
    SqliteStatement count(*m_db,
                          "SELECT count(*), coalesce(sum(u.verdict = 'pass' "
                          "AND EXISTS (SELECT 1 FROM run_verdicts v WHERE v.run_id = u.id) "
                          "AND NOT EXISTS (SELECT 1 FROM run_verdicts v WHERE v.run_id = u.id "
                          "AND v.passed = 0)), 0) FROM runs u WHERE u.sweep_id = ?",
                          "count the passed runs of a sweep");
    count.BindInt64(1, sweepId);
    count.Step();
    uint64_t runs = count.ColumnUint64(0);
    uint64_t passedRuns = count.ColumnUint64(1);
    count.Reset();
    bool passed = runs > 0 && runs == sweep->plannedRuns && passedRuns == runs;

    SqliteStatement insert(*m_db,
                           "INSERT INTO verifications (change_set_id, baseline_snapshot_id, "
                           "derived_snapshot_id, scenario_id, sweep_id, runs, passed_runs, "
                           "passed, user) VALUES (:change_set_id, :baseline_snapshot_id, "
                           ":derived_snapshot_id, :scenario_id, :sweep_id, :runs, :passed_runs, "
                           ":passed, :user)",
                           "insert verification");
    insert.BindInt64(1, changeSetId)
        .BindInt64(2, baselineSnapshotId)
        .BindInt64(3, link->snapshotId)
        .BindInt64(4, sweep->scenarioId)
        .BindInt64(5, sweepId)
        .BindUint64(6, runs)
        .BindUint64(7, passedRuns)
        .BindInt64(8, passed ? 1 : 0)
        .BindText(9, user);
    insert.Run();
    int64_t id = m_db->LastInsertRowId();
    SqliteStatement select(*m_db, std::string(kVerificationColumns) + "WHERE id = ?",
                           "read the verification back");
    select.BindInt64(1, id);
    if (!select.Step())
    {
        throw StoreError(m_path, context + ": the verification was not stored");
    }
    TwinVerificationInfo info = VerificationFromRow(select);
    select.Reset();
    transaction.Commit();
    return info;
}

std::optional<TwinVerificationInfo>
TwinStore::FindPassingVerification(int64_t changeSetId, int64_t baselineSnapshotId)
{
    SqliteStatement select(*m_db,
                           std::string(kVerificationColumns) +
                               "WHERE change_set_id = ? AND baseline_snapshot_id = ? "
                               "AND passed = 1 ORDER BY id DESC LIMIT 1",
                           "look up a passing verification");
    select.BindInt64(1, changeSetId).BindInt64(2, baselineSnapshotId);
    if (!select.Step())
    {
        return std::nullopt;
    }
    TwinVerificationInfo info = VerificationFromRow(select);
    select.Reset();
    return info;
}

std::vector<TwinVerificationInfo>
TwinStore::ListVerifications(int64_t changeSetId)
{
    SqliteStatement select(
        *m_db, std::string(kVerificationColumns) + "WHERE ? = 0 OR change_set_id = ? ORDER BY id",
        "list verifications");
    select.BindInt64(1, changeSetId).BindInt64(2, changeSetId);
    std::vector<TwinVerificationInfo> list;
    while (select.Step())
    {
        list.push_back(VerificationFromRow(select));
    }
    return list;
}

int64_t
TwinStore::AppendAudit(const TwinAuditEntry& entry)
{
    std::string context = "append audit entry '" + entry.action + "'";
    if (entry.user.empty() || entry.action.empty() || entry.outcome.empty())
    {
        throw StoreError(m_path, context + ": user, action and outcome must not be empty");
    }
    SqliteTransaction transaction(*m_db, context, SqliteTransaction::Mode::Immediate);
    if (entry.changeSetId != 0 && !ChangeSetById(*m_db, entry.changeSetId))
    {
        throw StoreError(m_path,
                         context + ": no change set with id " + std::to_string(entry.changeSetId));
    }
    SqliteStatement insert(*m_db,
                           "INSERT INTO audit_log (time, user, action, device, change_set_id, "
                           "detail, outcome) VALUES (coalesce(:time, "
                           "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), :user, :action, :device, "
                           ":change_set_id, :detail, :outcome)",
                           "insert audit entry");
    insert.BindTextOrNull(1, entry.time)
        .BindText(2, entry.user)
        .BindText(3, entry.action)
        .BindTextOrNull(4, entry.device)
        .BindOptionalInt64(5, entry.changeSetId == 0 ? std::nullopt
                                                     : std::optional<int64_t>(entry.changeSetId))
        .BindText(6, entry.detail)
        .BindText(7, entry.outcome);
    insert.Run();
    int64_t id = m_db->LastInsertRowId();
    transaction.Commit();
    return id;
}

std::vector<TwinAuditEntry>
TwinStore::ListAudit(const TwinAuditFilter& filter)
{
    // The newest `limit` entries, shown oldest first.
    SqliteStatement select(*m_db,
                           "SELECT id, time, user, action, device, change_set_id, detail, "
                           "outcome FROM (SELECT * FROM audit_log "
                           "WHERE (:cs = 0 OR change_set_id = :cs) "
                           "AND (:device = '' OR device = :device) "
                           "AND (:action = '' OR action = :action) "
                           "AND (:since = '' OR time >= :since) "
                           "ORDER BY id DESC LIMIT :limit) ORDER BY id",
                           "list the audit table");
    select.BindInt64(1, filter.changeSetId)
        .BindText(2, filter.device)
        .BindText(3, filter.action)
        .BindText(4, filter.since)
        .BindInt64(5, filter.limit == 0 ? -1
                                        : static_cast<int64_t>(std::min<uint64_t>(
                                              filter.limit, std::numeric_limits<int64_t>::max())));
    std::vector<TwinAuditEntry> entries;
    while (select.Step())
    {
        TwinAuditEntry e;
        e.id = select.ColumnInt64(0);
        e.time = select.ColumnText(1);
        e.user = select.ColumnText(2);
        e.action = select.ColumnText(3);
        e.device = select.IsNull(4) ? "" : select.ColumnText(4);
        e.changeSetId = select.ColumnOptionalInt64(5).value_or(0);
        e.detail = select.ColumnText(6);
        e.outcome = select.ColumnText(7);
        entries.push_back(std::move(e));
    }
    return entries;
}

} // namespace ns3
