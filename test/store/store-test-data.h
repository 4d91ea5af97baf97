/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_STORE_TEST_DATA_H
#define DTWIN_STORE_TEST_DATA_H

#include "test-util.h"

#include "ns3/sqlite-database.h"
#include "ns3/twin-network.h"
#include "ns3/twin-results.h"
#include "ns3/twin-store.h"

#include <cstdint>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <set>
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
 * Results of a what-if run: SampleResults(network, 3) plus samplesPerDemand samples and one
 * result per demand, three applied events (one per origin) and objective verdicts of every
 * target kind, with optional fields both present and absent.
 * @param network the simulated network (at least one demand and one link)
 * @param samplesPerDemand samples per demand
 * @param failOne true: one bound fails and one has no measurement (run verdict "fail");
 *        false: every bound holds (run verdict "pass")
 * @return the results
 */
TwinRunResults WhatIfResults(const TwinNetwork& network, uint32_t samplesPerDemand, bool failOne);

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

/** @return the names of all tables of the current schema */
std::vector<std::string> StoreTables();

/**
 * Count the rows of every store table through a separate connection.
 * @param path the store file
 * @return table name -> rows
 */
std::map<std::string, int64_t> CountRows(const std::string& path);

/**
 * @param call something that should throw TwinStoreError
 * @return the message, or "" if nothing was thrown
 */
std::string ErrorOf(const std::function<void()>& call);

/**
 * A fixture with a fresh, empty store file per test.
 */
class StoreFixture : public ::testing::Test
{
protected:
    /** Create the store. */
    void SetUp() override
    {
        m_path = m_dir.Path() + "/twin.db";
        m_store = std::make_unique<TwinStore>(m_path);
    }

    TempDir m_dir;                      //!< holds the file
    std::string m_path;                 //!< the store file
    std::unique_ptr<TwinStore> m_store; //!< the store under test
};

/**
 * A fixture whose store holds FullNetwork() saved as one snapshot.
 */
class SavedNetworkFixture : public StoreFixture
{
protected:
    /** Create the store and save the network. */
    void SetUp() override
    {
        StoreFixture::SetUp();
        m_network = FullNetwork();
        m_snapshot = m_store->SaveSnapshot(m_network, "net.json", "test", {}, nullptr);
        m_demandSet = m_store->FindSnapshot(std::to_string(m_snapshot))->demandSetId;
    }

    TwinNetwork m_network;  //!< the saved network
    int64_t m_snapshot{0};  //!< its snapshot id
    int64_t m_demandSet{0}; //!< its default demand set
};

/**
 * @param path a file
 * @return its text
 */
std::string ReadText(const std::string& path);

/**
 * The statements of one released migration step, read from the store's source, so that a
 * store of that version can be made exactly as that build made it.
 * @param version the step
 * @return its SQL text
 */
std::string MigrationStepSql(int version);

/**
 * @param path a store
 * @return every schema object as "type name: sql", sorted
 */
std::set<std::string> SchemaOf(const std::string& path);

/**
 * Expect a store at the current schema version, with intact foreign keys and exactly the
 * schema of a newly created store.
 * @param path the store
 */
void ExpectCurrentSchema(const std::string& path);

} // namespace test
} // namespace ns3

#endif
