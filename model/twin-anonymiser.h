/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_ANONYMISER_H
#define TWIN_ANONYMISER_H

#include "twin-traffic.h"

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

/**
 * @file
 * @ingroup digital-twin
 * Keyed, prefix-preserving anonymisation of IPv4 and IPv6 addresses (the Crypto-PAn
 * construction), applied to traffic records at import before anything is stored.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * A key that cannot be loaded or an address that cannot be anonymised. Messages name the
 * file or the address, never key bytes.
 */
class TwinAnonymiserError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * @ingroup digital-twin
 * Prefix-preserving address anonymiser. Output bit i is input bit i XOR the first bit of
 * AES-128 (keyed with the first 16 key bytes) over input bits 0..i-1 padded with a secret
 * pad (the AES encryption of the last 16 key bytes). Two addresses that share exactly a
 * k-bit prefix therefore map to addresses that share exactly a k-bit prefix, and the mapping
 * depends on the key only: the same key gives the same mapping in every process and file.
 *
 * IPv4 and IPv6 addresses are anonymised by the same bit function over their own width, so
 * an IPv4 address and an IPv6 address with the same leading 32 bits get the same leading
 * 32 output bits (as in Crypto-PAn); families are never mixed in the output.
 *
 * One object may be used from several threads (the cipher is serialised internally).
 */
class TwinAnonymiser
{
public:
    /** Size of a key in bytes. */
    static constexpr std::size_t kKeySize = 32;

    /**
     * @param key 32 secret bytes: the first 16 key AES-128, the last 16 make the pad
     * @throws TwinAnonymiserError if OpenSSL cannot set up the cipher
     */
    explicit TwinAnonymiser(const std::array<uint8_t, kKeySize>& key);
    /** Wipes the pad and the prefix table. */
    ~TwinAnonymiser();
    /**
     * Take over another anonymiser's key (the source must not be used afterwards).
     * @param other the source
     */
    TwinAnonymiser(TwinAnonymiser&& other) noexcept;
    /**
     * Take over another anonymiser's key (the source must not be used afterwards).
     * @param other the source
     * @return this object
     */
    TwinAnonymiser& operator=(TwinAnonymiser&& other) noexcept;
    TwinAnonymiser(const TwinAnonymiser&) = delete;
    TwinAnonymiser& operator=(const TwinAnonymiser&) = delete;

    /**
     * Load a key file: exactly 32 raw bytes, or 64 hexadecimal characters (surrounding
     * whitespace such as a final newline allowed).
     * @param path the key file
     * @return the anonymiser for that key
     * @throws TwinAnonymiserError naming the file when it is missing, unreadable, of the
     *         wrong length or not hexadecimal (the message never contains key bytes)
     */
    static TwinAnonymiser FromKeyFile(const std::string& path);

    /**
     * @param address a textual IPv4 (dotted quad) or IPv6 address
     * @return the anonymised address, of the same family, in canonical text form
     * @throws TwinAnonymiserError if the text is not an IPv4 or IPv6 address
     */
    std::string Anonymise(const std::string& address) const;

    /**
     * Anonymise a prefix consistently with the addresses under it: the anonymised prefix
     * contains exactly the anonymised addresses of the original one.
     * @param prefix "address/length" (IPv4 length 0..32, IPv6 0..128)
     * @return the anonymised prefix, host bits zero, e.g. "203.0.113.0/24"
     * @throws TwinAnonymiserError if the text is not an address and a valid length
     */
    std::string AnonymisePrefix(const std::string& prefix) const;

    /**
     * @param address an IPv4 address in host byte order
     * @return the anonymised address in host byte order
     */
    uint32_t AnonymiseIpv4(uint32_t address) const;

    /**
     * @param address an IPv6 address in network byte order
     * @return the anonymised address in network byte order
     */
    std::array<uint8_t, 16> AnonymiseIpv6(const std::array<uint8_t, 16>& address) const;

    /**
     * Anonymise a flow's source and destination addresses, and its exporter when that is an
     * IPv4 or IPv6 address (an observation-domain label or an empty exporter is left alone).
     * @param flow the record, changed in place
     * @throws TwinAnonymiserError naming the record's source if an address is invalid (the
     *         record is then left unchanged)
     */
    void Apply(TwinFlowRecord& flow) const;

private:
    /** Cipher context, pad and prefix table, kept out of the header (OpenSSL types). */
    struct Impl;
    std::unique_ptr<Impl> m_impl; //!< cipher, pad and prefix cache
};

} // namespace ns3

#endif /* TWIN_ANONYMISER_H */
