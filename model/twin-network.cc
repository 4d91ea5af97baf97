/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-network.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstdlib>

namespace ns3
{

std::string
TwinSourceRef::ToString() const
{
    std::string out = file;
    if (line > 0)
    {
        out += ":" + std::to_string(line);
    }
    if (!path.empty())
    {
        out += out.empty() ? path : ": " + path;
    }
    return out;
}

std::string
TwinDiagnostic::ToString() const
{
    static const char* names[] = {"note", "warning", "error"};
    std::string where_ = where.ToString();
    std::string out = where_.empty() ? "" : where_ + ": ";
    return out + names[static_cast<int>(severity)] + ": " + message;
}

void
TwinDiagnostics::Error(const TwinSourceRef& where, const std::string& message)
{
    m_items.push_back({TwinDiagnostic::Severity::Error, where, message});
}

void
TwinDiagnostics::Warning(const TwinSourceRef& where, const std::string& message)
{
    m_items.push_back({TwinDiagnostic::Severity::Warning, where, message});
}

void
TwinDiagnostics::Note(const TwinSourceRef& where, const std::string& message)
{
    m_items.push_back({TwinDiagnostic::Severity::Note, where, message});
}

void
TwinDiagnostics::Append(const TwinDiagnostics& other)
{
    m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
}

bool
TwinDiagnostics::HasErrors() const
{
    return Count(TwinDiagnostic::Severity::Error) > 0;
}

std::size_t
TwinDiagnostics::Count(TwinDiagnostic::Severity severity) const
{
    return std::count_if(m_items.begin(), m_items.end(),
                         [severity](const TwinDiagnostic& d) { return d.severity == severity; });
}

std::optional<uint32_t>
TwinIpv4Prefix::ParseAddress(const std::string& text)
{
    in_addr a{};
    if (inet_pton(AF_INET, text.c_str(), &a) != 1)
    {
        return std::nullopt;
    }
    return ntohl(a.s_addr);
}

std::optional<TwinIpv4Prefix>
TwinIpv4Prefix::Parse(const std::string& text)
{
    auto slash = text.find('/');
    auto address = ParseAddress(text.substr(0, slash));
    if (!address)
    {
        return std::nullopt;
    }
    TwinIpv4Prefix p;
    p.address = *address;
    if (slash == std::string::npos)
    {
        p.prefixLength = 32;
        return p;
    }
    std::string len = text.substr(slash + 1);
    if (len.empty() || len.size() > 2 ||
        !std::all_of(len.begin(), len.end(), [](char c) { return c >= '0' && c <= '9'; }))
    {
        return std::nullopt;
    }
    int n = std::atoi(len.c_str());
    if (n > 32)
    {
        return std::nullopt;
    }
    p.prefixLength = static_cast<uint8_t>(n);
    return p;
}

std::string
TwinIpv4Prefix::AddressToString(uint32_t address)
{
    in_addr a{};
    a.s_addr = htonl(address);
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a, buf, sizeof(buf));
    return buf;
}

uint32_t
TwinIpv4Prefix::Mask() const
{
    return prefixLength == 0 ? 0 : ~uint32_t{0} << (32 - prefixLength);
}

uint32_t
TwinIpv4Prefix::Network() const
{
    return address & Mask();
}

bool
TwinIpv4Prefix::Contains(uint32_t other) const
{
    return (other & Mask()) == Network();
}

std::string
TwinIpv4Prefix::ToString() const
{
    return AddressToString(address) + "/" + std::to_string(prefixLength);
}

const TwinNode*
TwinNetwork::FindNode(const std::string& id) const
{
    for (const auto& n : nodes)
    {
        if (n.id == id)
        {
            return &n;
        }
    }
    return nullptr;
}

const TwinInterface*
TwinNetwork::FindInterface(const std::string& node, const std::string& name) const
{
    const TwinNode* n = FindNode(node);
    if (n == nullptr)
    {
        return nullptr;
    }
    for (const auto& i : n->interfaces)
    {
        if (i.name == name)
        {
            return &i;
        }
    }
    return nullptr;
}

} // namespace ns3
