/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef YANG_CONTEXT_H
#define YANG_CONTEXT_H

// Placeholder.

#endif
