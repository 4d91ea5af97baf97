/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_OBJECTIVES_H
#define TWIN_OBJECTIVES_H

#include "twin-network.h"
#include "twin-results.h"
#include "twin-scenario.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Evaluates a scenario's service-level objectives on the results of one run, and summarises
 * verdicts per objective. Pure functions of plain data: nothing here simulates or stores.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Evaluate every objective of a scenario on one run. Windows are taken from the objectives
 * (window end defaulting to the run's duration); per-demand and per-link samples whose
 * interval lies in a window count fully, an interval cut by a window boundary counts by the
 * share that lies inside. doc/scenarios.md ("Objectives") defines every bound.
 * @param scenario the scenario (objectives and traffic classes)
 * @param demands the demands the run simulated (class membership, protocol)
 * @param network the network the run simulated (link pairs of link objectives)
 * @param results the run's results: demandSamples, demands and (link) samples are used
 * @param durationSeconds the run's duration
 * @return one verdict per objective, judged element and bound, in objective order
 * @throws std::invalid_argument when an objective names a class the scenario does not define
 *         or has an empty window (CheckTwinScenario rejects both)
 */
std::vector<TwinVerdict> EvaluateTwinObjectives(const TwinScenario& scenario,
                                                const std::vector<TwinDemand>& demands,
                                                const TwinNetwork& network,
                                                const TwinRunResults& results,
                                                double durationSeconds);

/**
 * @ingroup digital-twin
 * @param verdicts the verdicts of one run
 * @return "pass" when every verdict passed, "fail" when one failed, "" when there are none
 */
std::string TwinRunVerdict(const std::vector<TwinVerdict>& verdicts);

/**
 * @ingroup digital-twin
 * @param verdict a verdict
 * @return its margin relative to the limit (margin / |limit|, or the margin itself for a zero
 *         limit); none without a measurement
 */
std::optional<double> TwinRelativeMargin(const TwinVerdict& verdict);

/**
 * @ingroup digital-twin
 * One objective of one run, summarised over its elements and bounds.
 */
struct TwinObjectiveSummary
{
    std::string objectiveId;                   //!< objective id
    std::string targetKind;                    //!< "demand", "class" or "link"
    std::string targetId;                      //!< demand id, class name or link-id
    bool passed{true};                         //!< every verdict of the objective passed
    std::size_t verdicts{0};                   //!< number of verdicts (elements x bounds)
    std::size_t failed{0};                     //!< number of failed verdicts
    TwinVerdict worst;                         //!< the verdict with the lowest relative margin
    std::optional<double> worstRelativeMargin; //!< its relative margin (none: no measurement)
    /**
     * When the objective as a whole holds from: the latest holdsFromSeconds of its verdicts,
     * or none when one of them has none.
     */
    std::optional<double> holdsFromSeconds;
};

/**
 * @ingroup digital-twin
 * Summarise verdicts per objective.
 * @param verdicts the verdicts of one run
 * @return one summary per objective, in order of first appearance
 */
std::vector<TwinObjectiveSummary> SummariseTwinVerdicts(const std::vector<TwinVerdict>& verdicts);

} // namespace ns3

#endif /* TWIN_OBJECTIVES_H */
