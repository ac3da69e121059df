package io.chronik.cli.doctor;

import io.chronik.cli.AdminOption;
import io.chronik.cli.DurationConverter;
import io.chronik.cli.EnvVar;
import io.chronik.cli.OutputOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chronik doctor [PLAYBOOK]}: checks a running cluster and prints what is wrong, worst
 * first, with the fix, and exits with the monitoring-plugin code of the worst finding.
 *
 * <p>This class holds the options only, so that picocli can load it on every start without loading
 * the diagnostics; {@link DoctorRun} does the work.
 */
@Command(
    name = "doctor",
    description = {
      "Check a running cluster: every node's admin API, readiness, Raft leaders and quorums,"
          + " replication, disk space, request latency and GC; print the findings worst first,"
          + " each with its error code (chronik explain CODE) and remedy.",
      "",
      "Doctor starts from one node (--admin) and asks every node of the cluster, concurrently."
          + " A node that does not answer stays in the report with its error, and node.reachable"
          + " reports it whatever checks --check selects (only --skip node.reachable leaves it"
          + " out): WARNING while a majority of the nodes answers, CRITICAL otherwise. A check"
          + " that cannot see what it needs is UNKNOWN, never OK.",
      "",
      "Playbooks: quick (default), election, network, snapshots, performance, consistency,"
          + " recovery, or all. docs/troubleshooting.md describes each, and every check.",
      "",
      "The JSON form (-o json) is {\"verdict\", \"exitCode\", \"counts\", \"checks\": [{\"id\","
          + " \"playbook\", \"status\", \"summary\", \"details\", \"remedy\", \"code\", \"node\"}],"
          + " \"nodes\": [{\"nodeId\", \"admin\", \"reachable\", \"error\"}], \"skipped\": [{\"id\","
          + " \"playbook\", \"reason\"}]}; every field is always present (docs/troubleshooting.md"
          + " documents each). With --watch, one document per line and round.",
      ""
    },
    footer = {
      "  # the quick playbook against the local node",
      "  chronik doctor",
      "",
      "  # why do partitions have no leader? against another node",
      "  chronik doctor election --admin 10.0.0.1:9644",
      "",
      "  # disk fsync latency too, on the node's host",
      "  chronik doctor performance --data-dir /var/lib/chronik",
      "",
      "  # the steps to recover from nodes down or a lost quorum",
      "  chronik doctor recovery",
      "",
      "  # rolling restart: wait until the cluster is healthy again, at most 10 minutes",
      "  chronik doctor --watch --exit-when-healthy --timeout-total 10m",
      "",
      "  # every check against a debug bundle collected earlier, offline",
      "  chronik doctor all --bundle incident.zip",
      "",
      "  # one check, for a script",
      "  chronik doctor --check raft.quorum -o json | jq -r .verdict"
    },
    exitCodeList = {
      " 0:OK: every check passed",
      " 1:WARNING: something needs attention soon",
      " 2:CRITICAL: something is broken, or a majority of the nodes does not answer",
      " 3:UNKNOWN: something could not be checked, and nothing is critical",
      "64:usage error (an unknown playbook or check, a bad flag)",
      "65:the --bundle file cannot be read"
    })
public final class DoctorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PLAYBOOK",
      description = "The playbook to run (default: quick; all: every playbook).")
  String playbook;

  @Mixin AdminOption admin;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.Positive.class,
      description =
          "How long to wait for each node's answers; a run takes at most about twice this"
              + " (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @EnvVar("CHRONIK_DATA_DIR")
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "The data dir of the node on this host, for local checks (perf.fsync writes and"
              + " syncs a temporary file in it) and for disk.free (env: CHRONIK_DATA_DIR).")
  Path dataDir;

  @Option(
      names = "--bundle",
      paramLabel = "FILE",
      description =
          "Run the checks offline against a debug bundle (chronik debug bundle) instead of a"
              + " live cluster: every node's answers as they were when it was collected.")
  Path bundle;

  @Option(
      names = "--list-checks",
      description = "List the checks (of PLAYBOOK, when given) and exit.")
  boolean listChecks;

  @Option(
      names = "--check",
      paramLabel = "ID",
      split = ",",
      description = "Run only this check; repeatable, or comma-separated.")
  List<String> checks = new ArrayList<>();

  @Option(
      names = "--skip",
      paramLabel = "ID",
      split = ",",
      description = "Leave this check out; repeatable, or comma-separated.")
  List<String> skips = new ArrayList<>();

  @Option(
      names = "--watch",
      description = "Check again every --interval until interrupted (or --timeout-total).")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.Positive.class,
      description = "Time between rounds with --watch (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--exit-when-healthy",
      description =
          "With --watch: exit 0 as soon as every check is OK (for rolling restarts); print only"
              + " the last report.")
  boolean exitWhenHealthy;

  @Option(
      names = "--timeout-total",
      paramLabel = "DURATION",
      converter = DurationConverter.Positive.class,
      description =
          "With --watch: stop after this long, with the last round's exit code (default: 5m"
              + " with --exit-when-healthy, no limit otherwise).")
  Duration timeoutTotal;

  @Override
  public Integer call() throws InterruptedException {
    return new DoctorRun(this).call();
  }
}
