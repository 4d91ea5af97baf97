/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cli-common.h"

#include "ns3/twin-traffic-helper.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <pwd.h>
#include <unistd.h>

namespace ns3
{
namespace cli
{

std::size_t
PrintDiagnostics(const TwinDiagnostics& diagnostics)
{
    // Messages quote the input (libyang echoes the bytes it choked on): control characters
    // and bytes that are not UTF-8 are shown as \xNN, so a hostile file cannot send escape
    // sequences to the user's terminal.
    auto printable = [](const std::string& text)
    {
        std::string out;
        const std::size_t n = text.size();
        for (std::size_t i = 0; i < n;)
        {
            auto c = static_cast<unsigned char>(text[i]);
            std::size_t length = c < 0x80             ? 1
                                 : (c & 0xE0) == 0xC0 ? 2
                                 : (c & 0xF0) == 0xE0 ? 3
                                 : (c & 0xF8) == 0xF0 ? 4
                                                      : 0;
            bool ok = length > 0 && i + length <= n && (c >= 0x20 || c == '\t') && c != 0x7F;
            for (std::size_t k = 1; ok && k < length; ++k)
            {
                ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
            }
            if (ok)
            {
                out.append(text, i, length);
                i += length;
            }
            else
            {
                static const char* digits = "0123456789abcdef";
                out += "\\x";
                out += digits[c >> 4];
                out += digits[c & 15];
                ++i;
            }
        }
        return out;
    };
    for (const auto& d : diagnostics.All())
    {
        std::cerr << printable(d.ToString()) << "\n";
    }
    return diagnostics.Count(TwinDiagnostic::Severity::Error);
}

std::string
ResolveTcpVariant(const std::string& name)
{
    auto lower = [](std::string text)
    {
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return text;
    };
    const std::string wanted = lower(name);
    const std::vector<std::string> variants = TwinTcpVariants();
    std::string list;
    for (const std::string& full : variants)
    {
        const std::string lowerFull = lower(full);
        if (wanted == lowerFull || "ns3::" + wanted == lowerFull ||
            "ns3::tcp" + wanted == lowerFull)
        {
            return full;
        }
        list += (list.empty() ? "" : ", ") + full.substr(std::string("ns3::Tcp").size());
    }
    throw UsageError("--tcp-variant: ns-3 has no TCP congestion control '" + name + "' (it has " +
                     list + ")");
}

std::string
CurrentUser()
{
    if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr)
    {
        return pw->pw_name;
    }
    return "uid " + std::to_string(geteuid());
}

void
AppendAudit(TwinStore& store, const std::string& action, int64_t changeSetId,
            const std::string& detail, const std::string& outcome)
{
    TwinAuditEntry entry;
    entry.user = CurrentUser();
    entry.action = action;
    entry.changeSetId = changeSetId;
    entry.detail = detail;
    entry.outcome = outcome;
    store.AppendAudit(entry);
}

} // namespace cli
} // namespace ns3
