/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_BUILDER_H
#define TWIN_BUILDER_H

// Placeholder.

#endif
