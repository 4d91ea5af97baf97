/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-importer.h"

#include "gml-importer.h"
#include "importer-util.h"
#include "sndlib-importer.h"
#include "twin-validator.h"
#include "yang-bundle-importer.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <openssl/evp.h>
#include <stdexcept>

namespace ns3
{

namespace
{

/**
 * Owns an OpenSSL SHA-256 context. OpenSSL reports failures (e.g. a FIPS provider that
 * refuses the digest, or no memory) by return value; each becomes a std::runtime_error.
 */
class DigestContext
{
public:
    DigestContext() : m_ctx(EVP_MD_CTX_new())
    {
        if (m_ctx == nullptr)
        {
            throw std::runtime_error("SHA-256: OpenSSL cannot allocate a digest context");
        }
        if (EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr) != 1)
        {
            EVP_MD_CTX_free(m_ctx);
            throw std::runtime_error("SHA-256: OpenSSL cannot initialise the digest");
        }
    }

    ~DigestContext() { EVP_MD_CTX_free(m_ctx); }

    DigestContext(const DigestContext&) = delete;
    DigestContext& operator=(const DigestContext&) = delete;

    /**
     * Feed bytes to the digest.
     * @param data the bytes
     * @param size how many
     */
    void Update(const char* data, std::size_t size)
    {
        if (size > 0 && EVP_DigestUpdate(m_ctx, data, size) != 1)
        {
            throw std::runtime_error("SHA-256: OpenSSL failed to digest the data");
        }
    }

    /** @return the hex digest of everything fed so far */
    std::string Hex()
    {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        if (EVP_DigestFinal_ex(m_ctx, md, &len) != 1)
        {
            throw std::runtime_error("SHA-256: OpenSSL failed to finish the digest");
        }
        static const char* digits = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < len; ++i)
        {
            out += digits[md[i] >> 4];
            out += digits[md[i] & 15];
        }
        return out;
    }

private:
    EVP_MD_CTX* m_ctx; //!< the context
};

} // namespace

std::string
Sha256OfString(const std::string& data)
{
    DigestContext d;
    d.Update(data.data(), data.size());
    return d.Hex();
}

std::string
Sha256OfFile(const std::string& path, uint64_t* bytes)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        return "";
    }
    DigestContext d;
    char buf[65536];
    uint64_t total = 0;
    while (in.read(buf, sizeof(buf)) || in.gcount() > 0)
    {
        auto n = static_cast<std::size_t>(in.gcount());
        d.Update(buf, n);
        total += n;
    }
    // A failed read (a directory, an I/O error) must not pass for a digest of the content.
    if (in.bad() || !in.eof())
    {
        return "";
    }
    if (bytes != nullptr)
    {
        *bytes = total;
    }
    return d.Hex();
}

std::string
TwinLimitMessage(const std::string& what, uint64_t found, uint64_t limit, const std::string& name)
{
    return std::to_string(found) + " " + what + " exceed the limit of " + std::to_string(limit) +
           " (raise it with --limit " + name + "=N)";
}

std::string
SetTwinInputLimit(TwinInputLimits& limits, const std::string& assignment)
{
    auto eq = assignment.find('=');
    if (eq == std::string::npos)
    {
        return "'" + assignment + "' is not NAME=VALUE";
    }
    std::string name = assignment.substr(0, eq);
    std::string text = assignment.substr(eq + 1);
    uint64_t scale = 1;
    if (name == "file-bytes" && !text.empty())
    {
        const std::string suffixes = "KMG";
        auto k = suffixes.find(static_cast<char>(std::toupper(text.back())));
        if (k != std::string::npos)
        {
            scale = 1ULL << (10 * (k + 1));
            text.pop_back();
        }
    }
    auto value = importer::ParseUnsigned(text);
    if (!value || *value == 0 || *value > std::numeric_limits<uint64_t>::max() / scale)
    {
        return "the value of limit '" + name + "' must be a whole number above 0, not '" +
               assignment.substr(eq + 1) + "'";
    }
    uint64_t v = *value * scale;
    if (name == "file-bytes")
    {
        limits.maxFileBytes = v;
    }
    else if (name == "nodes")
    {
        limits.maxNodes = v;
    }
    else if (name == "links")
    {
        limits.maxLinks = v;
    }
    else if (name == "routes")
    {
        limits.maxRoutes = v;
    }
    else if (name == "demands")
    {
        limits.maxDemands = v;
    }
    else if (name == "open-flows")
    {
        limits.maxOpenFlows = v;
    }
    else if (name == "template-fields")
    {
        limits.maxTemplateFields = v;
    }
    else if (name == "depth")
    {
        if (v > kTwinMaxNestingDepthCeiling)
        {
            return "limit 'depth' cannot exceed " + std::to_string(kTwinMaxNestingDepthCeiling) +
                   ": the parsers recurse once per level";
        }
        limits.maxNestingDepth = static_cast<uint32_t>(v);
    }
    else
    {
        return "unknown limit '" + name +
               "' (known: file-bytes, nodes, links, routes, demands, depth, open-flows, "
               "template-fields)";
    }
    return "";
}

bool
CheckTwinNetworkLimits(const TwinNetwork& network, const TwinInputLimits& limits,
                       const std::string& path, TwinDiagnostics& diagnostics)
{
    bool ok = true;
    auto check = [&](uint64_t count, uint64_t limit, const std::string& name)
    {
        if (count > limit)
        {
            diagnostics.Error({path, 0, ""}, TwinLimitMessage(name, count, limit, name));
            ok = false;
        }
    };
    check(network.nodes.size(), limits.maxNodes, "nodes");
    check(network.links.size(), limits.maxLinks, "links");
    check(network.routes.size(), limits.maxRoutes, "routes");
    check(network.demands.size(), limits.maxDemands, "demands");
    return ok;
}

TwinImporterRegistry&
TwinImporterRegistry::Get()
{
    static TwinImporterRegistry registry = []
    {
        TwinImporterRegistry r;
        r.Register(std::make_shared<YangBundleImporter>());
        r.Register(std::make_shared<GmlImporter>());
        r.Register(std::make_shared<SndlibImporter>());
        return r;
    }();
    return registry;
}

void
TwinImporterRegistry::Register(std::shared_ptr<const TwinImporter> importer)
{
    m_importers[importer->GetFormat()] = std::move(importer);
}

std::shared_ptr<const TwinImporter>
TwinImporterRegistry::Find(const std::string& format) const
{
    auto it = m_importers.find(format);
    return it == m_importers.end() ? nullptr : it->second;
}

std::shared_ptr<const TwinImporter>
TwinImporterRegistry::Detect(const std::string& path) const
{
    for (const auto& [name, importer] : m_importers)
    {
        if (importer->Accepts(path))
        {
            return importer;
        }
    }
    return nullptr;
}

std::vector<std::string>
TwinImporterRegistry::Formats() const
{
    std::vector<std::string> out;
    for (const auto& [name, importer] : m_importers)
    {
        out.push_back(name);
    }
    return out;
}

TwinImportResult
TwinImporterRegistry::Import(const std::string& path, const std::string& format,
                             const TwinImportOptions& options) const
{
    TwinImportResult failed;
    TwinSourceRef where{path, 0, ""};
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
    {
        failed.diagnostics.Error(where, "no such file or directory");
        return failed;
    }
    std::shared_ptr<const TwinImporter> importer = format.empty() ? Detect(path) : Find(format);
    if (!importer)
    {
        std::string known;
        for (const auto& f : Formats())
        {
            known += (known.empty() ? "" : ", ") + f;
        }
        failed.diagnostics.Error(
            where, format.empty()
                       ? "cannot tell the format from the name; use --format (" + known + ")"
                       : "unknown format '" + format + "' (known: " + known + ")");
        return failed;
    }
    // The contract is "diagnostics, never exceptions": a reader's or the validator's
    // exception (a bug, no memory, a digest failure) becomes an error naming the reader.
    try
    {
        TwinImportResult result = importer->Import(path, options);
        result.importer = importer->GetFormat();
        // Before the validator, whose cross-reference checks grow with the counts.
        if (result.Ok() &&
            CheckTwinNetworkLimits(result.network, options.limits, path, result.diagnostics))
        {
            TwinValidator::Run(result.network, options, result.diagnostics);
        }
        return result;
    }
    catch (const std::exception& e)
    {
        failed.importer = importer->GetFormat();
        failed.diagnostics.Error(where,
                                 "the " + importer->GetFormat() + " reader failed: " + e.what());
        return failed;
    }
}

} // namespace ns3
