/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin change-set, run as a user runs it on the bundled sample with the shipped remedy: add,
// apply, verify with a scenario that holds on the changed network and one that does not, the
// exit codes, and the audit rows every changing step leaves.

#include "cli-harness.h"

#include <pwd.h>
#include <unistd.h>

namespace ns3
{
namespace test
{
namespace
{

/**
 * A two-second scenario with one link objective (its base is overridden by verify, so the
 * bundle path it names need not exist).
 * @param name scenario name
 * @param link the link pair's first direction
 * @param maxUtilisation the objective's bound
 * @return the document
 */
std::string
LinkScenario(const std::string& name, const std::string& link, const std::string& maxUtilisation)
{
    return R"({
  "ns3-digital-twin-scenario:scenario": {
    "name": ")" +
           name + R"(",
    "base-snapshot": {"bundle-path": "no/such/bundle"},
    "duration-s": "2",
    "objectives": {
      "objective": [
        {
          "id": "link-load",
          "link": ")" +
           link + R"(",
          "max-utilisation": ")" +
           maxUtilisation + R"(",
          "window-start-s": "1"
        }
      ]
    }
  }
}
)";
}

/** @return the user dtwin records */
std::string
Me()
{
    const passwd* pw = getpwuid(geteuid());
    return pw != nullptr ? pw->pw_name : "uid " + std::to_string(geteuid());
}

using ChangeSetCli = CliTest;

TEST_F(ChangeSetCli, AddApplyVerifyAndAudit)
{
    const std::string remedy = "scenarios/remedy-dnvr-reroute.json";
    std::string snapshot = ImportAbilene();
    ASSERT_EQ(snapshot, "1");

    CliResult add = Dtwin({"change-set", "add", remedy});
    ASSERT_EQ(add.exitCode, 0) << add.err;
    EXPECT_EQ(add.out.rfind("change set 1 ", 0), 0u) << add.out;
    EXPECT_NE(add.out.find("(stored)"), std::string::npos) << add.out;
    CliResult again = Dtwin({"change-set", "add", remedy});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_EQ(again.out.substr(0, 77), add.out.substr(0, 77)) << "same file, same id and hash";
    EXPECT_NE(again.out.find("(already stored)"), std::string::npos) << again.out;
    EXPECT_EQ(Rows("change_sets"), 1);

    CliResult list = Dtwin({"change-set", "list", "--format", "csv"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_NE(list.out.find(remedy), std::string::npos) << list.out;
    CliResult show = Dtwin({"change-set", "show", "1"});
    ASSERT_EQ(show.exitCode, 0) << show.err;
    EXPECT_NE(show.out.find("\"node-id\": \"DNVRng\""), std::string::npos) << show.out;

    CliResult apply = Dtwin({"change-set", "apply", "1", snapshot});
    ASSERT_EQ(apply.exitCode, 0) << apply.err;
    EXPECT_NE(apply.out.find("derived snapshot 2 from snapshot 1 by change set 1 (stored)"),
              std::string::npos)
        << apply.out;
    // The routes over the link the remedy disables are inactive, and said to be.
    EXPECT_NE(apply.err.find("is inactive after the change set"), std::string::npos) << apply.err;
    CliResult reapply = Dtwin({"change-set", "apply", "1", snapshot});
    ASSERT_EQ(reapply.exitCode, 0) << reapply.err;
    EXPECT_NE(reapply.out.find("derived snapshot 2 from snapshot 1 by change set 1 (already"),
              std::string::npos)
        << reapply.out;
    EXPECT_EQ(Query("SELECT count(*) FROM derived_snapshots"), 1);
    EXPECT_EQ(Query("SELECT count(*) FROM interfaces i JOIN nodes n ON n.id = i.node_id "
                    "WHERE n.snapshot_id = 2 AND i.enabled = 0"),
              2);

    // Applied to its own result, the remedy changes nothing: the derived snapshot is itself.
    CliResult idempotent = Dtwin({"change-set", "apply", "1", "2"});
    ASSERT_EQ(idempotent.exitCode, 0) << idempotent.err;
    EXPECT_NE(idempotent.out.find("derived snapshot 2 from snapshot 2"), std::string::npos)
        << idempotent.out;
    EXPECT_NE(idempotent.err.find("already in place"), std::string::npos) << idempotent.err;
    EXPECT_EQ(Rows("snapshots"), 2);

    // The out-of-service link carries nothing on the changed network: this holds there (and
    // only there: on the sample it carries traffic).
    std::string idle = m_dir.Write(
        "idle.json", LinkScenario("dnvr-kscy-idle", "DNVRng,to-KSCY,KSCYng,to-DNVR", "0.001"));
    CliResult pass = Dtwin({"change-set", "verify", "1", snapshot, idle});
    ASSERT_EQ(pass.exitCode, 0) << pass.out << pass.err;
    EXPECT_NE(pass.out.find("on derived snapshot 2"), std::string::npos) << pass.out;
    EXPECT_NE(pass.out.find("verification 1: PASSED"), std::string::npos) << pass.out;
    EXPECT_EQ(Query("SELECT snapshot_id FROM runs WHERE id = 1"), 2);
    EXPECT_EQ(Query("SELECT passed FROM verifications WHERE id = 1"), 1);

    std::string busy = m_dir.Write(
        "busy.json", LinkScenario("chin-ipls-idle", "CHINng,to-IPLS,IPLSng,to-CHIN", "0.000001"));
    CliResult fail = Dtwin({"change-set", "verify", "1", snapshot, busy});
    EXPECT_EQ(fail.exitCode, 3) << fail.out << fail.err;
    EXPECT_NE(fail.out.find("verification 2: FAILED"), std::string::npos) << fail.out;
    EXPECT_EQ(Query("SELECT passed FROM verifications WHERE id = 2"), 0);

    CliResult verifications = Dtwin({"change-set", "verifications", "1", "--format", "csv"});
    ASSERT_EQ(verifications.exitCode, 0) << verifications.err;
    EXPECT_NE(verifications.out.find("\n1,1,1,2,"), std::string::npos) << verifications.out;
    EXPECT_NE(verifications.out.find("\n2,1,1,2,"), std::string::npos) << verifications.out;

    // Every changing step, in order, with the user; nothing for the steps that changed nothing
    // (the second add and the repeated apply).
    EXPECT_EQ(Rows("audit_log"), 5);
    EXPECT_EQ(Query("SELECT count(*) FROM audit_log WHERE user = '" + Me() + "'"), 5);
    EXPECT_EQ(Query("SELECT count(*) FROM audit_log WHERE action = 'change-set.add' AND "
                    "outcome = 'ok' AND change_set_id = 1"),
              1);
    EXPECT_EQ(Query("SELECT count(*) FROM audit_log WHERE action = 'change-set.apply'"), 2);
    EXPECT_EQ(Query("SELECT outcome = 'passed' FROM audit_log WHERE action = "
                    "'change-set.verify' ORDER BY id LIMIT 1"),
              1);
    EXPECT_EQ(Query("SELECT outcome = 'failed' FROM audit_log WHERE action = "
                    "'change-set.verify' ORDER BY id DESC LIMIT 1"),
              1);
    CliResult audit = Dtwin({"change-set", "audit", "--format", "csv"});
    ASSERT_EQ(audit.exitCode, 0) << audit.err;
    EXPECT_NE(audit.out.find("change-set.verify"), std::string::npos) << audit.out;
}

TEST_F(ChangeSetCli, ChangeThatDoesNotApplyIsRefusedAndAudited)
{
    ImportAbilene();
    std::string broken = m_dir.Write("broken.json", R"({
  "ns3-digital-twin-change-set:change-set": {
    "node": [
      {
        "node-id": "DNVRng",
        "interface": [{"name": "to-KSCY", "add-ipv4-address": [
          {"ip": "10.0.0.1", "prefix-length": 30}]}]
      }
    ]
  }
}
)");
    CliResult add = Dtwin({"change-set", "add", broken});
    ASSERT_EQ(add.exitCode, 0) << add.err;
    CliResult apply = Dtwin({"change-set", "apply", "1", "1"});
    EXPECT_EQ(apply.exitCode, 1) << apply.out << apply.err;
    EXPECT_NE(apply.err.find("node 'DNVRng': address 10.0.0.1/30 added to to-KSCY breaks the "
                             "network"),
              std::string::npos)
        << apply.err;
    EXPECT_EQ(Rows("derived_snapshots"), 0);
    EXPECT_EQ(Rows("snapshots"), 1);
    EXPECT_EQ(Query("SELECT count(*) FROM audit_log WHERE action = 'change-set.apply' AND "
                    "outcome = 'failed'"),
              1);

    // A verification needs a change that applies; unknown ids are the user's mistake.
    EXPECT_EQ(Dtwin({"change-set", "verify", "1", "1", "scenarios/link-failure.json"}).exitCode, 1);
    EXPECT_EQ(Dtwin({"change-set", "show", "7"}).exitCode, 1);
    EXPECT_EQ(Dtwin({"change-set", "apply", "1"}).exitCode, 1);
    EXPECT_EQ(Dtwin({"change-set", "frobnicate"}).exitCode, 1);
    EXPECT_EQ(Rows("verifications"), 0);
}

} // namespace
} // namespace test
} // namespace ns3
