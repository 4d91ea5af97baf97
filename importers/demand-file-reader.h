/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DEMAND_FILE_READER_H
#define DEMAND_FILE_READER_H

// Placeholder.

#endif
