/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-anonymiser.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <vector>

namespace ns3
{

namespace
{

constexpr std::size_t kBlock = 16;        //!< AES block size in bytes
constexpr unsigned kCachedBits = 16;      //!< leading output bits answered from the table
constexpr std::size_t kMaxKeyFile = 4096; //!< a key file is never larger; read no further

/**
 * A 128-bit value as two big-endian halves; IPv4 addresses sit in the top 32 bits.
 */
struct Bits128
{
    uint64_t hi{0}; //!< bits 0..63 (bit 0 is the most significant)
    uint64_t lo{0}; //!< bits 64..127
};

/**
 * @param pos number of leading bits to keep, 0..128
 * @return the mask selecting bits 0..pos-1
 */
Bits128
PrefixMask(unsigned pos)
{
    Bits128 m;
    m.hi = pos == 0 ? 0 : (pos >= 64 ? ~uint64_t{0} : ~uint64_t{0} << (64 - pos));
    m.lo = pos <= 64 ? 0 : (pos >= 128 ? ~uint64_t{0} : ~uint64_t{0} << (128 - pos));
    return m;
}

/**
 * @param v value
 * @param out 8 bytes receiving v most significant byte first
 */
void
StoreBe64(uint64_t v, uint8_t* out)
{
    for (int i = 7; i >= 0; --i)
    {
        out[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
}

/**
 * @param in 8 bytes, most significant first
 * @return their value
 */
uint64_t
LoadBe64(const uint8_t* in)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
    {
        v = (v << 8) | in[i];
    }
    return v;
}

/**
 * Owns an EVP cipher context set up for AES-128-ECB without padding.
 */
class AesEcb
{
public:
    /**
     * @param key 16 key bytes
     */
    explicit AesEcb(const uint8_t* key) : m_ctx(EVP_CIPHER_CTX_new())
    {
        if (m_ctx == nullptr)
        {
            throw TwinAnonymiserError("anonymiser: cannot allocate an OpenSSL cipher context");
        }
        if (EVP_EncryptInit_ex(m_ctx, EVP_aes_128_ecb(), nullptr, key, nullptr) != 1 ||
            EVP_CIPHER_CTX_set_padding(m_ctx, 0) != 1)
        {
            EVP_CIPHER_CTX_free(m_ctx);
            throw TwinAnonymiserError("anonymiser: cannot set up AES-128 in OpenSSL");
        }
    }

    ~AesEcb() { EVP_CIPHER_CTX_free(m_ctx); }

    AesEcb(const AesEcb&) = delete;
    AesEcb& operator=(const AesEcb&) = delete;

    /**
     * @param in whole blocks
     * @param out as many bytes as in
     * @param size bytes, a multiple of 16
     */
    void Encrypt(const uint8_t* in, uint8_t* out, std::size_t size)
    {
        int outLength = 0;
        if (EVP_EncryptUpdate(m_ctx, out, &outLength, in, static_cast<int>(size)) != 1 ||
            static_cast<std::size_t>(outLength) != size)
        {
            throw TwinAnonymiserError("anonymiser: AES-128 encryption failed in OpenSSL");
        }
    }

private:
    EVP_CIPHER_CTX* m_ctx; //!< the context
};

/**
 * @param c a character
 * @return its value as a hex digit, or -1
 */
int
HexValue(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

/**
 * @param c a character
 * @return whether it is whitespace a text editor or echo may leave around a hex key
 */
bool
IsSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

struct TwinAnonymiser::Impl
{
    /**
     * @param key the 32 key bytes
     */
    explicit Impl(const std::array<uint8_t, kKeySize>& key) : aes(key.data())
    {
        uint8_t padBytes[kBlock];
        aes.Encrypt(key.data() + kBlock, padBytes, kBlock);
        pad.hi = LoadBe64(padBytes);
        pad.lo = LoadBe64(padBytes + 8);
        OPENSSL_cleanse(padBytes, sizeof(padBytes));
        BuildTable();
    }

    ~Impl()
    {
        OPENSSL_cleanse(&pad, sizeof(pad));
        OPENSSL_cleanse(table.data(), table.size() * sizeof(table[0]));
    }

    /**
     * Write the PRF input for one bit position: the address's leading bits, then the pad.
     * @param address the address
     * @param pos how many leading address bits
     * @param out 16 bytes
     */
    void MakeBlock(const Bits128& address, unsigned pos, uint8_t* out) const
    {
        const Bits128 m = PrefixMask(pos);
        StoreBe64((address.hi & m.hi) | (pad.hi & ~m.hi), out);
        StoreBe64((address.lo & m.lo) | (pad.lo & ~m.lo), out + 8);
    }

    /**
     * The first kCachedBits flip bits depend only on the first kCachedBits - 1 address bits
     * and are shared by every address under them: compute each prefix once (2^16 - 1 AES
     * blocks, in one batch per prefix length), so an IPv4 address costs 16 blocks, not 32.
     */
    void BuildTable()
    {
        table.assign(std::size_t{1} << kCachedBits, 0);
        std::vector<uint8_t> in;
        std::vector<uint8_t> out;
        for (unsigned pos = 0; pos < kCachedBits; ++pos)
        {
            const std::size_t prefixes = std::size_t{1} << pos;
            in.resize(prefixes * kBlock);
            out.resize(prefixes * kBlock);
            for (std::size_t p = 0; p < prefixes; ++p)
            {
                Bits128 address;
                address.hi = pos == 0 ? 0 : static_cast<uint64_t>(p) << (64 - pos);
                MakeBlock(address, pos, &in[p * kBlock]);
            }
            aes.Encrypt(in.data(), out.data(), in.size());
            const unsigned spread = kCachedBits - pos; // index bits below this prefix
            for (std::size_t index = 0; index < table.size(); ++index)
            {
                const std::size_t p = index >> spread;
                const uint16_t flip = out[p * kBlock] >> 7;
                table[index] |= static_cast<uint16_t>(flip << (kCachedBits - 1 - pos));
            }
        }
        OPENSSL_cleanse(in.data(), in.size());
        OPENSSL_cleanse(out.data(), out.size());
    }

    /**
     * @param address the address (IPv4 in the top 32 bits)
     * @param width 32 or 128
     * @return the bits to XOR into the address
     */
    Bits128 Flips(const Bits128& address, unsigned width) const
    {
        Bits128 flips;
        flips.hi = static_cast<uint64_t>(table[address.hi >> (64 - kCachedBits)])
                   << (64 - kCachedBits);
        const unsigned count = width - kCachedBits;
        uint8_t in[(128 - kCachedBits) * kBlock];
        uint8_t out[(128 - kCachedBits) * kBlock];
        for (unsigned i = 0; i < count; ++i)
        {
            MakeBlock(address, kCachedBits + i, &in[i * kBlock]);
        }
        {
            std::lock_guard<std::mutex> lock(mutex);
            aes.Encrypt(in, out, count * kBlock);
        }
        for (unsigned i = 0; i < count; ++i)
        {
            const uint64_t flip = out[i * kBlock] >> 7;
            const unsigned pos = kCachedBits + i;
            if (pos < 64)
            {
                flips.hi |= flip << (63 - pos);
            }
            else
            {
                flips.lo |= flip << (127 - pos);
            }
        }
        return flips;
    }

    mutable AesEcb aes;          //!< AES-128 under the first key half
    mutable std::mutex mutex;    //!< serialises use of the cipher context
    Bits128 pad;                 //!< secret pad (AES of the second key half)
    std::vector<uint16_t> table; //!< leading 16 flip bits per leading 16 address bits
};

TwinAnonymiser::TwinAnonymiser(const std::array<uint8_t, kKeySize>& key)
    : m_impl(std::make_unique<Impl>(key))
{
}

TwinAnonymiser::~TwinAnonymiser() = default;
TwinAnonymiser::TwinAnonymiser(TwinAnonymiser&&) noexcept = default;
TwinAnonymiser& TwinAnonymiser::operator=(TwinAnonymiser&&) noexcept = default;

TwinAnonymiser
TwinAnonymiser::FromKeyFile(const std::string& path)
{
    errno = 0; // so that a stale value is never reported
    std::ifstream file(path, std::ios::binary);
    if (!file)
    {
        const int error = errno;
        throw TwinAnonymiserError(path + ": cannot open the anonymisation key file" +
                                  (error != 0 ? std::string(": ") + std::strerror(error) : ""));
    }
    std::string content(kMaxKeyFile + 1, '\0');
    errno = 0;
    file.read(content.data(), static_cast<std::streamsize>(content.size()));
    if (file.bad())
    {
        const int error = errno;
        OPENSSL_cleanse(content.data(), content.size());
        throw TwinAnonymiserError(path + ": cannot read the anonymisation key file" +
                                  (error != 0 ? std::string(": ") + std::strerror(error) : ""));
    }
    content.resize(static_cast<std::size_t>(file.gcount()));

    std::array<uint8_t, kKeySize> key{};
    std::string problem;
    if (content.size() == kKeySize)
    {
        std::memcpy(key.data(), content.data(), kKeySize);
    }
    else
    {
        std::size_t begin = 0;
        std::size_t end = content.size();
        while (begin < end && IsSpace(content[begin]))
        {
            ++begin;
        }
        while (end > begin && IsSpace(content[end - 1]))
        {
            --end;
        }
        if (end - begin != 2 * kKeySize)
        {
            problem = content.size() > kMaxKeyFile
                          ? "more than " + std::to_string(kMaxKeyFile) + " bytes"
                          : std::to_string(content.size()) + " bytes";
            problem = "an anonymisation key must be exactly 32 raw bytes or 64 hexadecimal "
                      "characters, the file has " +
                      problem;
        }
        else
        {
            for (std::size_t i = 0; i < kKeySize && problem.empty(); ++i)
            {
                const int high = HexValue(content[begin + 2 * i]);
                const int low = HexValue(content[begin + 2 * i + 1]);
                if (high < 0 || low < 0)
                {
                    // Say where, never what: the character may be key material.
                    problem = "the anonymisation key is not hexadecimal (bad character at "
                              "offset " +
                              std::to_string(begin + 2 * i + (high < 0 ? 0 : 1)) + ")";
                }
                else
                {
                    key[i] = static_cast<uint8_t>(high * 16 + low);
                }
            }
        }
    }
    OPENSSL_cleanse(content.data(), content.size());
    if (!problem.empty())
    {
        OPENSSL_cleanse(key.data(), key.size());
        throw TwinAnonymiserError(path + ": " + problem);
    }
    TwinAnonymiser anonymiser(key);
    OPENSSL_cleanse(key.data(), key.size());
    return anonymiser;
}

uint32_t
TwinAnonymiser::AnonymiseIpv4(uint32_t address) const
{
    Bits128 bits;
    bits.hi = static_cast<uint64_t>(address) << 32;
    const Bits128 flips = m_impl->Flips(bits, 32);
    return address ^ static_cast<uint32_t>(flips.hi >> 32);
}

std::array<uint8_t, 16>
TwinAnonymiser::AnonymiseIpv6(const std::array<uint8_t, 16>& address) const
{
    Bits128 bits;
    bits.hi = LoadBe64(address.data());
    bits.lo = LoadBe64(address.data() + 8);
    const Bits128 flips = m_impl->Flips(bits, 128);
    std::array<uint8_t, 16> result;
    StoreBe64(bits.hi ^ flips.hi, result.data());
    StoreBe64(bits.lo ^ flips.lo, result.data() + 8);
    return result;
}

std::string
TwinAnonymiser::Anonymise(const std::string& address) const
{
    char text[INET6_ADDRSTRLEN];
    if (address.find(':') == std::string::npos)
    {
        in_addr v4;
        if (inet_pton(AF_INET, address.c_str(), &v4) == 1)
        {
            in_addr out;
            out.s_addr = htonl(AnonymiseIpv4(ntohl(v4.s_addr)));
            if (inet_ntop(AF_INET, &out, text, sizeof(text)) != nullptr)
            {
                return text;
            }
        }
    }
    else
    {
        std::array<uint8_t, 16> v6;
        if (inet_pton(AF_INET6, address.c_str(), v6.data()) == 1)
        {
            const std::array<uint8_t, 16> out = AnonymiseIpv6(v6);
            if (inet_ntop(AF_INET6, out.data(), text, sizeof(text)) != nullptr)
            {
                return text;
            }
        }
    }
    throw TwinAnonymiserError("cannot anonymise \"" + address + "\": not an IPv4 or IPv6 address");
}

std::string
TwinAnonymiser::AnonymisePrefix(const std::string& prefix) const
{
    const std::size_t slash = prefix.find('/');
    const bool v6 = prefix.find(':') != std::string::npos;
    const unsigned width = v6 ? 128 : 32;
    unsigned length = 0;
    bool valid =
        slash != std::string::npos && slash + 1 < prefix.size() && prefix.size() - slash - 1 <= 3;
    for (std::size_t i = slash + 1; valid && i < prefix.size(); ++i)
    {
        valid = prefix[i] >= '0' && prefix[i] <= '9';
        length = length * 10 + static_cast<unsigned>(prefix[i] - '0');
    }
    valid = valid && length <= width;
    char text[INET6_ADDRSTRLEN];
    if (valid && !v6)
    {
        in_addr v4;
        if (inet_pton(AF_INET, prefix.substr(0, slash).c_str(), &v4) == 1)
        {
            const uint32_t mask = length == 0 ? 0 : ~uint32_t{0} << (32 - length);
            in_addr out;
            out.s_addr = htonl(AnonymiseIpv4(ntohl(v4.s_addr)) & mask);
            if (inet_ntop(AF_INET, &out, text, sizeof(text)) != nullptr)
            {
                return std::string(text) + "/" + std::to_string(length);
            }
        }
    }
    else if (valid)
    {
        std::array<uint8_t, 16> address;
        if (inet_pton(AF_INET6, prefix.substr(0, slash).c_str(), address.data()) == 1)
        {
            std::array<uint8_t, 16> out = AnonymiseIpv6(address);
            const Bits128 m = PrefixMask(length);
            StoreBe64(LoadBe64(out.data()) & m.hi, out.data());
            StoreBe64(LoadBe64(out.data() + 8) & m.lo, out.data() + 8);
            if (inet_ntop(AF_INET6, out.data(), text, sizeof(text)) != nullptr)
            {
                return std::string(text) + "/" + std::to_string(length);
            }
        }
    }
    throw TwinAnonymiserError("cannot anonymise \"" + prefix +
                              "\": not an IPv4 or IPv6 prefix (address/length)");
}

void
TwinAnonymiser::Apply(TwinFlowRecord& flow) const
{
    // Compute everything first so that a bad address leaves the record as it was.
    std::string source;
    std::string dest;
    std::string exporter = flow.exporter;
    try
    {
        source = Anonymise(flow.sourceAddress);
        dest = Anonymise(flow.destAddress);
    }
    catch (const TwinAnonymiserError& e)
    {
        const std::string where = flow.source.ToString();
        throw TwinAnonymiserError((where.empty() ? std::string("flow record") : where) + ": " +
                                  e.what());
    }
    in_addr v4;
    std::array<uint8_t, 16> v6;
    if (inet_pton(AF_INET, flow.exporter.c_str(), &v4) == 1 ||
        inet_pton(AF_INET6, flow.exporter.c_str(), v6.data()) == 1)
    {
        exporter = Anonymise(flow.exporter);
    }
    flow.sourceAddress = std::move(source);
    flow.destAddress = std::move(dest);
    flow.exporter = std::move(exporter);
}

} // namespace ns3
