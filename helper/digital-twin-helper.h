/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DIGITAL_TWIN_HELPER_H
#define DIGITAL_TWIN_HELPER_H

// Placeholder.

#endif
