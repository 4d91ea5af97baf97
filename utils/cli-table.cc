/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cli-table.h"

#include <cstdio>
#include <stdexcept>

namespace ns3
{
namespace cli
{

bool
ParseTableFormat(const std::string& text, TableFormat& format)
{
    if (text == "table" || text == "text")
    {
        format = TableFormat::Text;
    }
    else if (text == "csv")
    {
        format = TableFormat::Csv;
    }
    else if (text == "json")
    {
        format = TableFormat::Json;
    }
    else
    {
        return false;
    }
    return true;
}

Table::Table(std::vector<std::string> columns) : m_columns(std::move(columns))
{
}

void
Table::AddRow(std::vector<nlohmann::json> cells)
{
    if (cells.size() != m_columns.size())
    {
        throw std::logic_error("table row has " + std::to_string(cells.size()) + " cells for " +
                               std::to_string(m_columns.size()) + " columns");
    }
    m_rows.push_back(std::move(cells));
}

std::string
Table::CellText(const nlohmann::json& cell)
{
    if (cell.is_null())
    {
        return "";
    }
    if (cell.is_string())
    {
        return cell.get<std::string>();
    }
    if (cell.is_number_float())
    {
        // Six significant digits: readable, and stable across platforms.
        char buf[64];
        std::snprintf(buf, sizeof(buf), "%.6g", cell.get<double>());
        return buf;
    }
    return cell.dump();
}

void
Table::Print(std::ostream& os, TableFormat format) const
{
    if (format == TableFormat::Json)
    {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& row : m_rows)
        {
            nlohmann::json obj = nlohmann::json::object();
            for (std::size_t i = 0; i < m_columns.size(); ++i)
            {
                obj[m_columns[i]] = row[i];
            }
            out.push_back(std::move(obj));
        }
        os << out.dump(2) << "\n";
        return;
    }
    if (format == TableFormat::Csv)
    {
        auto quote = [](const std::string& s)
        {
            if (s.find_first_of(",\"\n\r") == std::string::npos)
            {
                return s;
            }
            std::string q = "\"";
            for (char c : s)
            {
                q += c == '"' ? std::string("\"\"") : std::string(1, c);
            }
            return q + "\"";
        };
        for (std::size_t i = 0; i < m_columns.size(); ++i)
        {
            os << (i ? "," : "") << quote(m_columns[i]);
        }
        os << "\r\n";
        for (const auto& row : m_rows)
        {
            for (std::size_t i = 0; i < row.size(); ++i)
            {
                os << (i ? "," : "") << quote(CellText(row[i]));
            }
            os << "\r\n";
        }
        return;
    }
    std::vector<std::size_t> width(m_columns.size());
    std::vector<bool> numeric(m_columns.size(), true);
    for (std::size_t i = 0; i < m_columns.size(); ++i)
    {
        width[i] = m_columns[i].size();
    }
    for (const auto& row : m_rows)
    {
        for (std::size_t i = 0; i < row.size(); ++i)
        {
            width[i] = std::max(width[i], CellText(row[i]).size());
            numeric[i] = numeric[i] && (row[i].is_number() || row[i].is_null());
        }
    }
    auto line = [&](const std::vector<std::string>& cells)
    {
        std::string out;
        for (std::size_t i = 0; i < cells.size(); ++i)
        {
            std::string pad(width[i] - cells[i].size(), ' ');
            out += (i ? "  " : "") + (numeric[i] ? pad + cells[i] : cells[i] + pad);
        }
        while (!out.empty() && out.back() == ' ')
        {
            out.pop_back();
        }
        os << out << "\n";
    };
    line(m_columns);
    std::vector<std::string> rule;
    for (std::size_t w : width)
    {
        rule.emplace_back(w, '-');
    }
    line(rule);
    for (const auto& row : m_rows)
    {
        std::vector<std::string> cells;
        for (const auto& c : row)
        {
            cells.push_back(CellText(c));
        }
        line(cells);
    }
}

void
Summary::Add(const std::string& key, nlohmann::json value, const std::string& label)
{
    nlohmann::json text = value;
    m_entries.push_back({key, std::move(value), label, std::move(text)});
}

void
Summary::Add(const std::string& key, nlohmann::json value, const std::string& label,
             const std::string& text)
{
    m_entries.push_back({key, std::move(value), label, text});
}

void
Summary::Print(std::ostream& os, TableFormat format) const
{
    if (format == TableFormat::Text)
    {
        Table t({m_labelColumn, "value"});
        for (const auto& e : m_entries)
        {
            if (!e.label.empty())
            {
                t.AddRow({e.label, e.text});
            }
        }
        t.Print(os, format);
        return;
    }
    std::vector<std::string> keys;
    std::vector<nlohmann::json> values;
    for (const auto& e : m_entries)
    {
        keys.push_back(e.key);
        values.push_back(e.value);
    }
    Table t(keys);
    t.AddRow(values);
    t.Print(os, format);
}

} // namespace cli
} // namespace ns3
