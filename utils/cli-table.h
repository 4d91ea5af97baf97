/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_CLI_TABLE_H
#define DTWIN_CLI_TABLE_H

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

/**
 * @file
 * One table type for every listing the CLI prints, rendered as aligned text, CSV (RFC 4180)
 * or JSON (an array of objects keyed by column name, numbers kept as numbers).
 */

namespace ns3
{
namespace cli
{

/** Output formats of listings. */
enum class TableFormat
{
    Text, //!< aligned columns for people
    Csv,  //!< RFC 4180 with a header row
    Json  //!< array of objects
};

/**
 * Parse a --format value.
 * @param text "table", "csv" or "json"
 * @param format receives the format
 * @return false if the text is none of them
 */
bool ParseTableFormat(const std::string& text, TableFormat& format);

/**
 * A table of typed cells.
 */
class Table
{
public:
    /**
     * @param columns column names (also the JSON keys and CSV header)
     */
    explicit Table(std::vector<std::string> columns);
    /**
     * Append a row; it must have one cell per column.
     * @param cells the cells (strings, numbers, or null for "none")
     */
    void AddRow(std::vector<nlohmann::json> cells);
    /** @return the number of rows */
    std::size_t Rows() const { return m_rows.size(); }
    /**
     * Render.
     * @param os the stream
     * @param format the format
     */
    void Print(std::ostream& os, TableFormat format) const;

private:
    /**
     * @param cell a cell
     * @return its text form for Text and CSV output
     */
    static std::string CellText(const nlohmann::json& cell);

    std::vector<std::string> m_columns;              //!< column names
    std::vector<std::vector<nlohmann::json>> m_rows; //!< rows of cells
};

} // namespace cli
} // namespace ns3

#endif
