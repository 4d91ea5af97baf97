/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_REPORT_HTML_H
#define DTWIN_REPORT_HTML_H

#include "report-figures.h"

#include <cstddef>
#include <string>
#include <vector>

/**
 * @file
 * The HTML page of `dtwin report`: one self-contained file (inline CSS and SVG, no script,
 * no external reference) for one run, or two runs side by side.
 */

namespace ns3
{
namespace cli
{

/**
 * What the page shows besides the runs.
 */
struct ReportOptions
{
    std::size_t top{8};       //!< link directions and demands per plot
    std::size_t topFlows{20}; //!< rows of the flow table
    std::string storePath;    //!< the store the runs came from (footer)
    std::string generatedAt;  //!< when the report was made, ISO 8601 UTC (footer)
};

/**
 * Escape text for HTML element content and quoted attribute values.
 * @param text the text
 * @return it with & < > " ' replaced by references
 */
std::string HtmlEscape(const std::string& text);

/**
 * Assemble the page.
 * @param runs one run, or two to compare (the first is "A", the second "B")
 * @param figures their rendered figures, one per run
 * @param options what else to show
 * @return the HTML document
 */
std::string RenderReportHtml(const std::vector<ReportRun>& runs,
                             const std::vector<ReportFigures>& figures,
                             const ReportOptions& options);

} // namespace cli
} // namespace ns3

#endif
