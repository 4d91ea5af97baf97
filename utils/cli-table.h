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

/**
 * A summary of one thing (a run, a snapshot): named values that people read as a two-column
 * "label / text with units" table, and programs as one row of raw numbers whose column names
 * carry the units (simulated_s, delivered_bytes), like every other listing. An entry with an
 * empty label is only in the csv/json row (e.g. when people read two values in one row).
 */
class Summary
{
public:
    /** @param labelColumn heading of the label column people see (e.g. "kpi") */
    explicit Summary(std::string labelColumn) : m_labelColumn(std::move(labelColumn)) {}

    /**
     * Add an entry whose text for people is the value as a table cell shows it.
     * @param key column name for csv and json, with its unit
     * @param value the raw value (number, string or null)
     * @param label row label for people
     */
    void Add(const std::string& key, nlohmann::json value, const std::string& label);
    /**
     * Add an entry with its own text for people.
     * @param key column name for csv and json, with its unit
     * @param value the raw value (number, string or null)
     * @param label row label for people
     * @param text the value as people read it, with units
     */
    void Add(const std::string& key, nlohmann::json value, const std::string& label,
             const std::string& text);
    /**
     * Render: label/text rows for Text, one row of raw values keyed by the keys for Csv and
     * Json.
     * @param os the stream
     * @param format the format
     */
    void Print(std::ostream& os, TableFormat format) const;

private:
    /** One entry. */
    struct Entry
    {
        std::string key;      //!< csv/json column name
        nlohmann::json value; //!< raw value
        std::string label;    //!< label for people
        nlohmann::json text;  //!< text for people (a cell: string or number)
    };

    std::string m_labelColumn;    //!< heading of the label column
    std::vector<Entry> m_entries; //!< in order of addition
};

} // namespace cli
} // namespace ns3

#endif
