/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_STORE_TEST_DATA_H
#define DTWIN_STORE_TEST_DATA_H

#include "ns3/sqlite-database.h"
#include "ns3/twin-network.h"
#include "ns3/twin-results.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

/**
 * @file
 * Networks, results and checks shared by the twin store tests.
 */

namespace ns3
{
namespace test
{

/**
 * @return a three-node network in which every field of every element is set (optional
 * fields both present and absent), with source locations filled in
 */
TwinNetwork FullNetwork();

/**
 * A ring of nodes, each with two interfaces and one address per interface, both link
 * directions, one static route per node and one demand per node.
 * @param nodes number of nodes (at least 3)
 * @param name network name
 * @return the network
 */
TwinNetwork RingNetwork(uint32_t nodes, const std::string& name);

/**
 * Results for a run of a network: one flow per demand, one result per link and
 * samplesPerLink samples per link, with distinct values everywhere.
 * @param network the simulated network
 * @param samplesPerLink samples per link
 * @return the results
 */
TwinRunResults SampleResults(const TwinNetwork& network, uint32_t samplesPerLink);

/**
 * Expect (gtest) that two networks are equal in every field except TwinSourceRef.
 * @param expected what was saved
 * @param actual what was loaded
 */
void ExpectSameNetwork(const TwinNetwork& expected, const TwinNetwork& actual);

/**
 * Expect (gtest) that two demand lists are equal in every field except TwinSourceRef.
 * @param expected what was saved
 * @param actual what was loaded
 */
void ExpectSameDemands(const std::vector<TwinDemand>& expected,
                       const std::vector<TwinDemand>& actual);

/**
 * Expect (gtest) that two result sets are equal in every field.
 * @param expected what was saved
 * @param actual what was loaded
 */
void ExpectSameResults(const TwinRunResults& expected, const TwinRunResults& actual);

/** @return the names of all tables of schema version 1 */
std::vector<std::string> StoreTables();

/**
 * Count the rows of every store table through a separate connection.
 * @param path the store file
 * @return table name -> rows
 */
std::map<std::string, int64_t> CountRows(const std::string& path);

} // namespace test
} // namespace ns3

#endif
