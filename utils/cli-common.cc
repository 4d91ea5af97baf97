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
    for (const auto& d : diagnostics.All())
    {
        std::cerr << d.ToString() << "\n";
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
