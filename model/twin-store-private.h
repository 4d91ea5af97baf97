/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_STORE_PRIVATE_H
#define TWIN_STORE_PRIVATE_H

#include "sqlite-database.h"
#include "twin-store.h"

#include <optional>
#include <string>

/**
 * @file
 * @ingroup digital-twin
 * Helpers shared by the source files of TwinStore (twin-store.cc for snapshots, runs and
 * scenarios; twin-store-traffic.cc for collected traffic). Not installed: internal to the
 * store.
 */

namespace ns3
{
namespace store_detail
{

/**
 * @param path the file
 * @param message what is wrong
 * @return a store error naming the file
 */
TwinStoreError StoreError(const std::string& path, const std::string& message);

/**
 * @param text some text
 * @return true if it is non-empty and all hex digits
 */
bool IsHex(const std::string& text);

/**
 * @param db the connection
 * @param id a snapshot id
 * @return its row, or nothing
 */
std::optional<TwinSnapshotInfo> SnapshotById(SqliteDatabase& db, int64_t id);

} // namespace store_detail
} // namespace ns3

#endif /* TWIN_STORE_PRIVATE_H */
