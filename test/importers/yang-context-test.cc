/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/yang-bundle-importer.h"
#include "ns3/yang-context.h"

#include <cstdlib>
#include <filesystem>
#include <future>
#include <gtest/gtest.h>
#include <libyang/libyang.h>
#include <string>
#include <unistd.h>
#include <vector>

/**
 * @file
 * Tests of the libyang wrappers: module search path, module set, parse and validation
 * messages, and sharing one context between threads.
 */

namespace ns3
{
namespace
{

/** Sets DTWIN_YANG_PATH for the lifetime of the object. */
class ScopedYangPath
{
public:
    /** @param value the variable's value */
    explicit ScopedYangPath(const std::string& value)
    {
        if (const char* old = std::getenv("DTWIN_YANG_PATH"))
        {
            m_old = old;
            m_had = true;
        }
        setenv("DTWIN_YANG_PATH", value.c_str(), 1);
    }

    ~ScopedYangPath()
    {
        if (m_had)
        {
            setenv("DTWIN_YANG_PATH", m_old.c_str(), 1);
        }
        else
        {
            unsetenv("DTWIN_YANG_PATH");
        }
    }

    ScopedYangPath(const ScopedYangPath&) = delete;
    ScopedYangPath& operator=(const ScopedYangPath&) = delete;

private:
    std::string m_old; //!< previous value
    bool m_had{false}; //!< whether there was one
};

/** An interface as a NETCONF get returns it, with the state leaves a test may drop. */
const char* kInterfaceJson = R"({
  "ietf-interfaces:interfaces": {
    "interface": [
      {
        "name": "eth0",
        "type": "iana-if-type:ethernetCsmacd",
        "speed": "1000000000",
        "ietf-ip:ipv4": {
          "address": [{"ip": "192.0.2.1", "prefix-length": 24}]
        }
      }
    ]
  }
}
)";

TEST(YangContext, SearchPathPutsTheEnvironmentFirst)
{
    std::vector<std::string> compiled;
    {
        ScopedYangPath env("");
        compiled = YangContext::SearchPath();
    }
    ASSERT_FALSE(compiled.empty());
    EXPECT_EQ(std::filesystem::path(compiled.front()),
              std::filesystem::path(test::SourcePath("yang")))
        << "the project's modules come first";
    ScopedYangPath env("/opt/site-yang::/srv/yang");
    auto dirs = YangContext::SearchPath();
    ASSERT_EQ(dirs.size(), compiled.size() + 2);
    EXPECT_EQ(dirs[0], "/opt/site-yang");
    EXPECT_EQ(dirs[1], "/srv/yang");
    EXPECT_EQ(std::vector<std::string>(dirs.begin() + 2, dirs.end()), compiled);
}

TEST(YangContext, RepeatedSearchDirectoriesAreFine)
{
    // DTWIN_YANG_PATH may repeat a compiled-in directory; libyang reports that as "exists".
    std::vector<std::string> dirs = YangContext::SearchPath();
    dirs.push_back(dirs.front());
    EXPECT_NO_THROW(YangContext context(dirs));
}

TEST(YangContext, UnusableSearchDirectoryIsAnError)
{
    if (geteuid() == 0)
    {
        GTEST_SKIP() << "permissions do not stop root";
    }
    test::TempDir dir;
    std::filesystem::permissions(dir.Path(), std::filesystem::perms::none);
    std::vector<std::string> dirs = YangContext::SearchPath();
    dirs.insert(dirs.begin(), dir.Path());
    std::string message;
    try
    {
        YangContext context(dirs);
    }
    catch (const YangContextError& e)
    {
        message = e.what();
    }
    std::filesystem::permissions(dir.Path(), std::filesystem::perms::owner_all);
    EXPECT_NE(message.find("cannot use YANG search directory '" + dir.Path() + "'"),
              std::string::npos)
        << message;
}

TEST(YangContext, LoadsTheNmdaRevisionsAndOurModule)
{
    YangContext context(YangContext::SearchPath());
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"ietf-interfaces", "2018-02-20"}, {"ietf-ip", "2018-02-22"},
        {"ietf-routing", "2018-03-13"},    {"ietf-ipv4-unicast-routing", "2018-03-13"},
        {"ietf-network", "2018-02-26"},    {"ietf-network-topology", "2018-02-26"},
    };
    for (const auto& [name, revision] : expected)
    {
        const lys_module* mod = ly_ctx_get_module_implemented(context.Get(), name.c_str());
        ASSERT_NE(mod, nullptr) << name;
        ASSERT_NE(mod->revision, nullptr) << name;
        EXPECT_EQ(std::string(mod->revision), revision) << name;
    }
    EXPECT_TRUE(context.HasModule("ns3-digital-twin-topology"));
    EXPECT_EQ(context.ModuleOfNamespace("urn:ns3:params:xml:ns:yang:ns3-digital-twin-topology"),
              "ns3-digital-twin-topology");
    EXPECT_FALSE(context.HasModule("ietf-l3-unicast-topology"));
    EXPECT_EQ(context.ModuleOfNamespace("urn:example:nothing"), "");
}

TEST(YangContext, MissingModulesNameTheModuleAndTheDirectories)
{
    try
    {
        YangContext context({"/nonexistent/yang"});
        FAIL() << "a context without modules was created";
    }
    catch (const YangContextError& e)
    {
        std::string what = e.what();
        EXPECT_NE(what.find("ietf-interfaces@2018-02-20"), std::string::npos) << what;
        EXPECT_NE(what.find("/nonexistent/yang"), std::string::npos) << what;
        EXPECT_NE(what.find("DTWIN_YANG_PATH"), std::string::npos) << what;
    }
}

TEST(YangContext, OurModuleComesFromTheYangDirectory)
{
    // Without the project's yang/ directory the IETF modules load, ours does not.
    std::vector<std::string> withoutOurs;
    for (const auto& d : YangContext::SearchPath())
    {
        if (std::filesystem::path(d) != std::filesystem::path(test::SourcePath("yang")))
        {
            withoutOurs.push_back(d);
        }
    }
    try
    {
        YangContext context(withoutOurs);
        FAIL() << "ns3-digital-twin-topology was found outside yang/";
    }
    catch (const YangContextError& e)
    {
        EXPECT_NE(std::string(e.what()).find("ns3-digital-twin-topology"), std::string::npos)
            << e.what();
    }
}

TEST(YangContext, SharedContextIsReusedPerSearchPath)
{
    auto a = YangContext::Shared();
    auto b = YangContext::Shared();
    EXPECT_EQ(a.get(), b.get());
    test::TempDir site;
    ScopedYangPath env(site.Path());
    auto c = YangContext::Shared();
    EXPECT_NE(a.get(), c.get()) << "another search path, another context";
    EXPECT_EQ(c->SearchDirs().front(), site.Path());
    EXPECT_EQ(YangContext::Shared().get(), c.get());
}

TEST(YangContext, ParseReportsSyntaxErrorsWithLines)
{
    auto context = YangContext::Shared();
    YangDataTree tree;
    auto messages = context->Parse("<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-"
                                   "interfaces\">\n<interface>\n<name>a</nam>\n</interface>\n"
                                   "</interfaces>\n",
                                   YangFormat::Xml, true, tree);
    ASSERT_FALSE(messages.empty());
    EXPECT_TRUE(messages[0].syntax);
    EXPECT_EQ(messages[0].line, 3u) << messages[0].message;
    EXPECT_EQ(tree.Get(), nullptr);
}

TEST(YangContext, ParseKeepsUnknownDataOnlyWhenAskedTo)
{
    auto context = YangContext::Shared();
    std::string text = R"({"ietf-interfaces:interfaces": {"interface": [
        {"name": "eth0", "type": "iana-if-type:ethernetCsmacd", "acme:fec": "rs"}]}})";
    YangDataTree opaque;
    ASSERT_TRUE(context->Parse(text, YangFormat::Json, true, opaque).empty());
    bool found = false;
    lyd_node* node = nullptr;
    LYD_TREE_DFS_BEGIN(opaque.Get(), node)
    {
        found = found || node->schema == nullptr;
        LYD_TREE_DFS_END(opaque.Get(), node);
    }
    EXPECT_TRUE(found) << "the unknown leaf is kept as an opaque node";
    YangDataTree plain;
    ASSERT_TRUE(context->Parse(text, YangFormat::Json, false, plain).empty());
    ASSERT_NE(plain.Get(), nullptr);
}

TEST(YangContext, ValidationChecksConfigurationNotState)
{
    auto context = YangContext::Shared();
    // No oper-status, if-index or statistics: incomplete state is accepted.
    YangDataTree tree;
    ASSERT_TRUE(context->Parse(kInterfaceJson, YangFormat::Json, true, tree).empty());
    auto messages = context->ValidateConfig(tree);
    EXPECT_TRUE(messages.empty()) << messages.front().message;
    // Missing configuration is not.
    std::string noType = kInterfaceJson;
    noType.erase(noType.find("\"type\""),
                 std::string("\"type\": \"iana-if-type:ethernetCsmacd\",").size());
    YangDataTree bad;
    ASSERT_TRUE(context->Parse(noType, YangFormat::Json, true, bad).empty());
    messages = context->ValidateConfig(bad);
    ASSERT_FALSE(messages.empty());
    EXPECT_FALSE(messages[0].syntax);
    EXPECT_NE(messages[0].message.find("type"), std::string::npos) << messages[0].message;
    EXPECT_NE(messages[0].path.find("/ietf-interfaces:interfaces/interface"), std::string::npos)
        << messages[0].path;
}

TEST(YangContext, ProjectModuleLintsClean)
{
    if (std::system("yanglint --version >/dev/null 2>&1") != 0)
    {
        GTEST_SKIP() << "yanglint not installed";
    }
    std::string dir = test::SourcePath("yang");
    std::string cmd = "yanglint -p /usr/share/yuma/modules/ietf " + dir +
                      "/ns3-digital-twin-topology@2026-01-15.yang 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

TEST(YangContext, ConcurrentImportsShareOneContext)
{
    const std::string bundle = test::SourcePath("test/data/yang/mini-xml");
    auto reference = YangBundleImporter().Import(bundle, {});
    ASSERT_TRUE(reference.Ok());
    std::vector<std::future<TwinImportResult>> runs;
    for (int i = 0; i < 4; ++i)
    {
        runs.push_back(std::async(std::launch::async,
                                  [&]
                                  {
                                      TwinImportResult last;
                                      for (int k = 0; k < 20; ++k)
                                      {
                                          last = YangBundleImporter().Import(bundle, {});
                                      }
                                      return last;
                                  }));
    }
    for (auto& run : runs)
    {
        TwinImportResult r = run.get();
        ASSERT_TRUE(r.Ok());
        EXPECT_EQ(r.network.routes.size(), reference.network.routes.size());
        EXPECT_EQ(r.diagnostics.All().size(), reference.diagnostics.All().size());
    }
}

} // namespace
} // namespace ns3
