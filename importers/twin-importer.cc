/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-importer.h"

#include "gml-importer.h"
#include "sndlib-importer.h"
#include "twin-validator.h"
#include "yang-bundle-importer.h"

#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <memory>

namespace ns3
{

namespace
{

/** Owns an OpenSSL digest context. */
struct DigestContext
{
    DigestContext()
        : ctx(EVP_MD_CTX_new())
    {
        EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    }
    ~DigestContext()
    {
        EVP_MD_CTX_free(ctx);
    }
    DigestContext(const DigestContext&) = delete;
    DigestContext& operator=(const DigestContext&) = delete;

    /** @return the hex digest of everything fed so far */
    std::string Hex()
    {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx, md, &len);
        static const char* digits = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < len; ++i)
        {
            out += digits[md[i] >> 4];
            out += digits[md[i] & 15];
        }
        return out;
    }

    EVP_MD_CTX* ctx; //!< the context
};

} // namespace

std::string
Sha256OfString(const std::string& data)
{
    DigestContext d;
    EVP_DigestUpdate(d.ctx, data.data(), data.size());
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
    while (in)
    {
        in.read(buf, sizeof(buf));
        auto n = in.gcount();
        EVP_DigestUpdate(d.ctx, buf, static_cast<size_t>(n));
        total += static_cast<uint64_t>(n);
    }
    if (bytes != nullptr)
    {
        *bytes = total;
    }
    return d.Hex();
}

TwinImporterRegistry&
TwinImporterRegistry::Get()
{
    static TwinImporterRegistry registry = [] {
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
TwinImporterRegistry::Import(const std::string& path,
                             const std::string& format,
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
        failed.diagnostics.Error(where,
                                 format.empty()
                                     ? "cannot tell the format from the name; use --format (" +
                                           known + ")"
                                     : "unknown format '" + format + "' (known: " + known + ")");
        return failed;
    }
    TwinImportResult result = importer->Import(path, options);
    result.importer = importer->GetFormat();
    if (result.Ok())
    {
        TwinValidator::Run(result.network, options, result.diagnostics);
    }
    return result;
}

} // namespace ns3
