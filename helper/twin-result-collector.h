/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_RESULT_COLLECTOR_H
#define TWIN_RESULT_COLLECTOR_H

// Placeholder.

#endif
