/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/twin-anonymiser.h"

#include <arpa/inet.h>
#include <array>
#include <cctype>
#include <cstdint>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

/**
 * @file
 * Tests of the prefix-preserving address anonymiser: prefix preservation measured over random
 * address pairs, keyed consistency, key files and flow records.
 */

using namespace ns3;

namespace
{

/** The key published with the Crypto-PAn reference implementation's sample trace. */
const std::array<uint8_t, 32> kSampleKey = {21,  34, 23,  141, 51, 164, 207, 128, 19,  10,  91,
                                            22,  73, 144, 125, 16, 216, 152, 143, 131, 121, 121,
                                            101, 39, 98,  87,  76, 45,  42,  132, 34,  2};

/**
 * @param seed random seed
 * @return a random key
 */
std::array<uint8_t, 32>
RandomKey(uint32_t seed)
{
    std::mt19937 random(seed);
    std::array<uint8_t, 32> key;
    for (auto& b : key)
    {
        b = static_cast<uint8_t>(random());
    }
    return key;
}

/**
 * @param a first value
 * @param b second value
 * @return how many leading bits they share (32 when equal)
 */
int
CommonPrefix(uint32_t a, uint32_t b)
{
    const uint32_t diff = a ^ b;
    return diff == 0 ? 32 : __builtin_clz(diff);
}

/**
 * @param a first address
 * @param b second address
 * @return how many leading bits they share (128 when equal)
 */
int
CommonPrefix(const std::array<uint8_t, 16>& a, const std::array<uint8_t, 16>& b)
{
    for (int i = 0; i < 16; ++i)
    {
        const uint8_t diff = a[i] ^ b[i];
        if (diff != 0)
        {
            return i * 8 + __builtin_clz(static_cast<uint32_t>(diff)) - 24;
        }
    }
    return 128;
}

/**
 * @param text an address
 * @return its IPv6 bytes, failing the test if it is not one
 */
std::array<uint8_t, 16>
ParseV6(const std::string& text)
{
    std::array<uint8_t, 16> bytes{};
    EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), bytes.data()), 1) << text;
    return bytes;
}

TEST(Anonymiser, KnownAnswersOfTheCryptoPanSampleTrace)
{
    const TwinAnonymiser anonymiser(kSampleKey);
    const std::pair<const char*, const char*> samples[] = {
        {"128.11.68.132", "135.242.180.132"},   {"129.118.74.4", "134.136.186.123"},
        {"130.132.252.244", "133.68.164.234"},  {"141.223.7.43", "141.167.8.160"},
        {"141.233.145.108", "141.129.237.235"}, {"152.163.225.39", "151.140.114.167"},
        {"156.29.3.236", "147.225.12.42"},      {"165.247.96.84", "162.9.99.234"},
        {"166.107.77.190", "160.132.178.185"},  {"192.102.249.13", "252.138.62.131"},
        {"192.215.32.125", "252.43.47.189"},    {"192.233.80.103", "252.25.108.8"},
        {"192.41.57.43", "252.222.221.184"},    {"193.150.244.223", "253.169.52.216"},
        {"195.205.63.100", "255.186.223.5"},    {"198.200.171.101", "249.199.68.213"},
        {"24.0.250.221", "100.15.198.226"},     {"24.13.62.231", "100.2.192.247"},
        {"4.3.88.225", "124.60.155.63"},        {"63.14.55.111", "95.9.215.7"},
        {"64.14.118.196", "0.255.183.58"},      {"64.34.154.117", "0.221.154.117"},
    };
    for (const auto& [raw, sanitised] : samples)
    {
        EXPECT_EQ(anonymiser.Anonymise(raw), sanitised) << raw;
    }
}

TEST(Anonymiser, PreservesExactlyTheCommonPrefixOfIpv4Pairs)
{
    const TwinAnonymiser anonymiser(RandomKey(1));
    std::mt19937 random(42);
    std::array<int, 33> seen{};
    for (int n = 0; n < 20000; ++n)
    {
        const uint32_t a = random();
        const int k = static_cast<int>(random() % 33);
        // b shares exactly k leading bits with a, the rest random.
        uint32_t b = a;
        if (k < 32)
        {
            const uint32_t differing = uint32_t{1} << (31 - k);
            const uint32_t below = differing - 1;
            b = ((a ^ differing) & ~below) | (static_cast<uint32_t>(random()) & below);
        }
        ASSERT_EQ(CommonPrefix(a, b), k);
        const uint32_t ea = anonymiser.AnonymiseIpv4(a);
        const uint32_t eb = anonymiser.AnonymiseIpv4(b);
        ASSERT_EQ(CommonPrefix(ea, eb), k) << std::hex << a << " " << b;
        ++seen[k];
    }
    for (int k = 0; k <= 32; ++k)
    {
        EXPECT_GT(seen[k], 0) << "prefix length " << k << " never exercised";
    }
    // And pairs drawn independently (mostly short common prefixes), through the text API.
    for (int n = 0; n < 2000; ++n)
    {
        in_addr a{htonl(static_cast<uint32_t>(random()))};
        in_addr b{htonl(static_cast<uint32_t>(random()))};
        char ta[INET_ADDRSTRLEN];
        char tb[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &a, ta, sizeof(ta));
        inet_ntop(AF_INET, &b, tb, sizeof(tb));
        in_addr ea;
        in_addr eb;
        ASSERT_EQ(inet_pton(AF_INET, anonymiser.Anonymise(ta).c_str(), &ea), 1);
        ASSERT_EQ(inet_pton(AF_INET, anonymiser.Anonymise(tb).c_str(), &eb), 1);
        EXPECT_EQ(CommonPrefix(ntohl(ea.s_addr), ntohl(eb.s_addr)),
                  CommonPrefix(ntohl(a.s_addr), ntohl(b.s_addr)));
    }
}

TEST(Anonymiser, PreservesExactlyTheCommonPrefixOfIpv6Pairs)
{
    const TwinAnonymiser anonymiser(RandomKey(2));
    std::mt19937 random(43);
    std::array<int, 129> seen{};
    for (int n = 0; n < 10000; ++n)
    {
        std::array<uint8_t, 16> a;
        for (auto& byte : a)
        {
            byte = static_cast<uint8_t>(random());
        }
        const int k = static_cast<int>(random() % 129);
        std::array<uint8_t, 16> b = a;
        if (k < 128)
        {
            b[k / 8] ^= static_cast<uint8_t>(0x80 >> (k % 8));
            for (int bit = k + 1; bit < 128; ++bit)
            {
                if (random() & 1)
                {
                    b[bit / 8] ^= static_cast<uint8_t>(0x80 >> (bit % 8));
                }
            }
        }
        ASSERT_EQ(CommonPrefix(a, b), k);
        ASSERT_EQ(CommonPrefix(anonymiser.AnonymiseIpv6(a), anonymiser.AnonymiseIpv6(b)), k);
        ++seen[k];
    }
    for (int k = 0; k <= 128; ++k)
    {
        EXPECT_GT(seen[k], 0) << "prefix length " << k << " never exercised";
    }
    // Through the text API, on addresses sharing a /48 and a /64.
    const auto a = ParseV6(anonymiser.Anonymise("2001:db8:1234:1::10"));
    const auto b = ParseV6(anonymiser.Anonymise("2001:db8:1234:2::10"));
    const auto c = ParseV6(anonymiser.Anonymise("2001:db8:1234:1::11"));
    EXPECT_EQ(CommonPrefix(a, b),
              CommonPrefix(ParseV6("2001:db8:1234:1::10"), ParseV6("2001:db8:1234:2::10")));
    EXPECT_EQ(CommonPrefix(a, c), 127);
}

TEST(Anonymiser, SameKeySameMappingDifferentKeyDifferentMapping)
{
    TwinAnonymiser first(RandomKey(7));
    const TwinAnonymiser second(RandomKey(7));
    const TwinAnonymiser other(RandomKey(8));
    std::mt19937 random(44);
    int differing = 0;
    const int count = 1000;
    for (int n = 0; n < count; ++n)
    {
        const uint32_t a = random();
        EXPECT_EQ(first.AnonymiseIpv4(a), second.AnonymiseIpv4(a));
        differing += first.AnonymiseIpv4(a) != other.AnonymiseIpv4(a) ? 1 : 0;
    }
    // A different key is a different mapping: a collision has probability 2^-32 per address.
    EXPECT_GE(differing, count - 1);
    for (const char* text : {"10.0.0.1", "192.0.2.255", "2001:db8::1", "fe80::1:2:3:4"})
    {
        EXPECT_EQ(first.Anonymise(text), second.Anonymise(text)) << text;
        EXPECT_NE(first.Anonymise(text), other.Anonymise(text)) << text;
    }
    // A moved-from object's mapping lives on in the new owner.
    const TwinAnonymiser moved(std::move(first));
    EXPECT_EQ(moved.Anonymise("10.0.0.1"), second.Anonymise("10.0.0.1"));
}

TEST(Anonymiser, OutputIsAValidAddressOfTheSameFamily)
{
    const TwinAnonymiser anonymiser(RandomKey(3));
    for (const char* text :
         {"0.0.0.0", "255.255.255.255", "10.1.2.3", "::", "::1", "2001:db8::", "::ffff:192.0.2.1",
          "fe80::abcd:ef01:2345:6789", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"})
    {
        const std::string out = anonymiser.Anonymise(text);
        const bool v6 = std::string(text).find(':') != std::string::npos;
        std::array<uint8_t, 16> bytes;
        EXPECT_EQ(inet_pton(v6 ? AF_INET6 : AF_INET, out.c_str(), bytes.data()), 1)
            << text << " -> " << out;
        EXPECT_EQ(out.find(':') != std::string::npos, v6) << text << " -> " << out;
        EXPECT_NE(out, text);
    }
    for (const char* bad : {"", "10.0.0", "10.0.0.256", "1.2.3.4.5", "host.example", "2001:db8:::1",
                            "1::2::3", "fe80::1%eth0", " 10.0.0.1", "10.0.0.1/24"})
    {
        try
        {
            anonymiser.Anonymise(bad);
            ADD_FAILURE() << "accepted '" << bad << "'";
        }
        catch (const TwinAnonymiserError& e)
        {
            EXPECT_NE(std::string(e.what()).find("\"" + std::string(bad) + "\""), std::string::npos)
                << e.what();
        }
    }
}

TEST(Anonymiser, PrefixesContainTheAnonymisedAddressesUnderThem)
{
    const TwinAnonymiser anonymiser(RandomKey(10));
    const std::string p24 = anonymiser.AnonymisePrefix("10.20.30.0/24");
    const std::string p16 = anonymiser.AnonymisePrefix("10.20.0.0/16");
    ASSERT_EQ(p24.substr(p24.size() - 3), "/24");
    in_addr net24;
    in_addr net16;
    ASSERT_EQ(inet_pton(AF_INET, p24.substr(0, p24.size() - 3).c_str(), &net24), 1);
    ASSERT_EQ(inet_pton(AF_INET, p16.substr(0, p16.size() - 3).c_str(), &net16), 1);
    EXPECT_EQ(ntohl(net24.s_addr) & 0xff, 0U);
    EXPECT_EQ(ntohl(net24.s_addr) >> 16, ntohl(net16.s_addr) >> 16);
    for (const char* host : {"10.20.30.0", "10.20.30.1", "10.20.30.77", "10.20.30.255"})
    {
        in_addr out;
        ASSERT_EQ(inet_pton(AF_INET, anonymiser.Anonymise(host).c_str(), &out), 1);
        EXPECT_EQ(ntohl(out.s_addr) >> 8, ntohl(net24.s_addr) >> 8) << host;
    }
    in_addr outside;
    ASSERT_EQ(inet_pton(AF_INET, anonymiser.Anonymise("10.20.31.1").c_str(), &outside), 1);
    EXPECT_NE(ntohl(outside.s_addr) >> 8, ntohl(net24.s_addr) >> 8);
    // Host bits of the input do not matter, and /0 and full lengths work.
    EXPECT_EQ(anonymiser.AnonymisePrefix("10.20.30.99/24"), p24);
    EXPECT_EQ(anonymiser.AnonymisePrefix("10.20.30.99/0"), "0.0.0.0/0");
    EXPECT_EQ(anonymiser.AnonymisePrefix("10.20.30.99/32"),
              anonymiser.Anonymise("10.20.30.99") + "/32");

    const std::string p48 = anonymiser.AnonymisePrefix("2001:db8:1234::/48");
    ASSERT_EQ(p48.substr(p48.size() - 3), "/48");
    const auto net48 = ParseV6(p48.substr(0, p48.size() - 3));
    const auto host = ParseV6(anonymiser.Anonymise("2001:db8:1234:5::1"));
    EXPECT_GE(CommonPrefix(net48, host), 48);
    EXPECT_EQ(anonymiser.AnonymisePrefix("2001:db8::1/128"),
              anonymiser.Anonymise("2001:db8::1") + "/128");

    for (const char* bad : {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0/8",
                            "2001:db8::/129", "2001:db8::/1x", "/8", "10.0.0.0/0008"})
    {
        EXPECT_THROW(anonymiser.AnonymisePrefix(bad), TwinAnonymiserError) << bad;
    }
}

TEST(Anonymiser, IsABijectionOnAMillionIpv4Addresses)
{
    const TwinAnonymiser anonymiser(RandomKey(4));
    std::mt19937 random(45);
    const int count = 1000000;
    std::vector<uint32_t> inputs(count);
    for (auto& a : inputs)
    {
        a = random();
    }
    std::unordered_set<uint32_t> distinctIn(inputs.begin(), inputs.end());
    std::vector<uint32_t> outputs(count);
    for (int i = 0; i < count; ++i)
    {
        outputs[i] = anonymiser.AnonymiseIpv4(inputs[i]);
    }
    std::unordered_set<uint32_t> distinctOut(outputs.begin(), outputs.end());
    EXPECT_EQ(distinctOut.size(), distinctIn.size());

    // The text form (parse, anonymise, print), as importers use it, on a tenth as many.
    std::vector<std::string> texts;
    for (int i = 0; i < count / 10; ++i)
    {
        const in_addr a{htonl(inputs[i])};
        char text[INET_ADDRSTRLEN];
        texts.emplace_back(inet_ntop(AF_INET, &a, text, sizeof(text)));
    }
    for (std::size_t i = 0; i < texts.size(); ++i)
    {
        in_addr out;
        ASSERT_EQ(inet_pton(AF_INET, anonymiser.Anonymise(texts[i]).c_str(), &out), 1);
        ASSERT_EQ(ntohl(out.s_addr), outputs[i]);
    }
}

TEST(Anonymiser, OneObjectServesSeveralThreads)
{
    const TwinAnonymiser anonymiser(RandomKey(11));
    const int perThread = 20000;
    std::vector<uint32_t> inputs(4 * perThread);
    std::mt19937 random(47);
    for (auto& a : inputs)
    {
        a = random();
    }
    std::vector<uint32_t> expected(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i)
    {
        expected[i] = anonymiser.AnonymiseIpv4(inputs[i]);
    }
    std::vector<uint32_t> parallel(inputs.size());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
    {
        threads.emplace_back(
            [&, t]()
            {
                for (int i = t * perThread; i < (t + 1) * perThread; ++i)
                {
                    parallel[i] = anonymiser.AnonymiseIpv4(inputs[i]);
                }
            });
    }
    for (auto& thread : threads)
    {
        thread.join();
    }
    EXPECT_EQ(parallel, expected);
}

TEST(Anonymiser, IsInjectiveOnRandomIpv6Addresses)
{
    const TwinAnonymiser anonymiser(RandomKey(9));
    std::mt19937_64 random(46);
    const int count = 100000;
    std::unordered_set<std::string> outputs;
    for (int i = 0; i < count; ++i)
    {
        std::array<uint8_t, 16> a;
        const uint64_t hi = random();
        const uint64_t lo = random();
        for (int j = 0; j < 8; ++j)
        {
            a[j] = static_cast<uint8_t>(hi >> (56 - 8 * j));
            a[8 + j] = static_cast<uint8_t>(lo >> (56 - 8 * j));
        }
        const auto out = anonymiser.AnonymiseIpv6(a);
        outputs.emplace(out.begin(), out.end());
    }
    EXPECT_EQ(outputs.size(), static_cast<std::size_t>(count));
}

/**
 * @param e the error
 * @param path the key file
 * @param key the key text that must not leak
 */
void
ExpectNamesFileWithoutKey(const TwinAnonymiserError& e, const std::string& path,
                          const std::string& key)
{
    const std::string message = e.what();
    EXPECT_NE(message.find(path), std::string::npos) << message;
    if (key.size() >= 8)
    {
        for (std::size_t i = 0; i + 8 <= key.size(); i += 4)
        {
            EXPECT_EQ(message.find(key.substr(i, 8)), std::string::npos) << message;
        }
    }
}

TEST(Anonymiser, LoadsHexAndRawKeyFiles)
{
    test::TempDir dir;
    const std::array<uint8_t, 32> key = RandomKey(5);
    std::string raw(key.begin(), key.end());
    std::string hex;
    for (uint8_t b : key)
    {
        const char digits[] = "0123456789abcdef";
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    const TwinAnonymiser direct(key);
    const auto fromRaw = TwinAnonymiser::FromKeyFile(dir.Write("raw.key", raw));
    const auto fromHex = TwinAnonymiser::FromKeyFile(dir.Write("hex.key", hex + "\n"));
    std::string upper = hex;
    for (auto& c : upper)
    {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const auto fromUpper = TwinAnonymiser::FromKeyFile(dir.Write("upper.key", upper));
    for (const char* text : {"198.51.100.7", "2001:db8:ffff::42"})
    {
        EXPECT_EQ(fromRaw.Anonymise(text), direct.Anonymise(text));
        EXPECT_EQ(fromHex.Anonymise(text), direct.Anonymise(text));
        EXPECT_EQ(fromUpper.Anonymise(text), direct.Anonymise(text));
    }
}

TEST(Anonymiser, BadKeyFilesNameTheFileAndNeverTheKey)
{
    test::TempDir dir;
    const std::string hex = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";
    const std::pair<std::string, std::string> bad[] = {
        {"short-raw.key", std::string(31, 'k')},
        {"long-raw.key", std::string(33, 'k')},
        {"short-hex.key", hex.substr(0, 62) + "\n"},
        {"long-hex.key", hex + "00"},
        {"non-hex.key", hex.substr(0, 40) + "zz" + hex.substr(42)},
        {"empty.key", ""},
        {"huge.key", std::string(100000, 'a')},
    };
    for (const auto& [name, content] : bad)
    {
        const std::string path = dir.Write(name, content);
        try
        {
            TwinAnonymiser::FromKeyFile(path);
            ADD_FAILURE() << "accepted " << name;
        }
        catch (const TwinAnonymiserError& e)
        {
            ExpectNamesFileWithoutKey(e, path, content);
            ExpectNamesFileWithoutKey(e, path, hex);
        }
    }
    // A directory is not a key file either.
    const std::string folder = dir.Path() + "/folder";
    dir.Write("folder/inside", "x");
    EXPECT_THROW(TwinAnonymiser::FromKeyFile(folder), TwinAnonymiserError);
    try
    {
        TwinAnonymiser::FromKeyFile(folder);
    }
    catch (const TwinAnonymiserError& e)
    {
        EXPECT_NE(std::string(e.what()).find(folder), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("Is a directory"), std::string::npos) << e.what();
    }

    const std::string missing = dir.Path() + "/missing.key";
    try
    {
        TwinAnonymiser::FromKeyFile(missing);
        ADD_FAILURE() << "accepted a missing file";
    }
    catch (const TwinAnonymiserError& e)
    {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
    }
}

TEST(Anonymiser, ApplyAnonymisesBothAddressesAndAnAddressExporter)
{
    const TwinAnonymiser anonymiser(RandomKey(6));
    TwinFlowRecord flow;
    flow.sourceAddress = "10.1.2.3";
    flow.destAddress = "10.1.9.9";
    flow.exporter = "192.0.2.10";
    flow.sourcePort = 4242;
    flow.bytes = 1500;
    TwinFlowRecord original = flow;
    anonymiser.Apply(flow);
    EXPECT_EQ(flow.sourceAddress, anonymiser.Anonymise("10.1.2.3"));
    EXPECT_EQ(flow.destAddress, anonymiser.Anonymise("10.1.9.9"));
    EXPECT_EQ(flow.exporter, anonymiser.Anonymise("192.0.2.10"));
    EXPECT_NE(flow.sourceAddress, original.sourceAddress);
    EXPECT_EQ(flow.sourcePort, 4242);
    EXPECT_EQ(flow.bytes, 1500U);

    TwinFlowRecord v6;
    v6.ipVersion = 6;
    v6.sourceAddress = "2001:db8::1";
    v6.destAddress = "2001:db8::2";
    v6.exporter = "observation-domain 7";
    anonymiser.Apply(v6);
    EXPECT_EQ(v6.sourceAddress, anonymiser.Anonymise("2001:db8::1"));
    EXPECT_EQ(v6.destAddress, anonymiser.Anonymise("2001:db8::2"));
    EXPECT_EQ(v6.exporter, "observation-domain 7");

    TwinFlowRecord broken;
    broken.sourceAddress = "10.0.0.1";
    broken.destAddress = "not-an-address";
    broken.source.file = "flows.pcap";
    broken.source.line = 17;
    try
    {
        anonymiser.Apply(broken);
        ADD_FAILURE() << "accepted an invalid address";
    }
    catch (const TwinAnonymiserError& e)
    {
        EXPECT_NE(std::string(e.what()).find("flows.pcap:17"), std::string::npos) << e.what();
    }
    EXPECT_EQ(broken.sourceAddress, "10.0.0.1");
}

} // namespace
