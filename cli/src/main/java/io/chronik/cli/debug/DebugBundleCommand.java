package io.chronik.cli.debug;

import io.chronik.broker.ChronikException;
import io.chronik.cli.AdminOption;
import io.chronik.cli.BuildInfo;
import io.chronik.cli.DurationConverter;
import io.chronik.cli.OptionChecks;
import io.chronik.diagnostics.bundle.DebugBundle;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.HttpAdminTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chronik debug bundle -o FILE.zip}: every node's effective configuration (secrets
 * redacted), metrics, Raft state, election journals, peer probe, replica offsets and last batch
 * CRCs, snapshot list, latest log lines and a snapshot store probe, with doctor's report, in one
 * zip.
 */
@Command(
    name = "bundle",
    description = {
      "Collect from every node of the cluster its effective configuration (secrets redacted),"
          + " metrics, Raft groups, election journals, peer connections, partition replicas"
          + " (offsets and the CRCs of their last batches), snapshot list (where the node serves"
          + " one) and its latest log lines, and one node's probe of its snapshot store (it"
          + " writes, reads back and deletes a small object), and write them with doctor's report"
          + " into one zip. Nodes that do not answer are recorded with their error.",
      "",
      "chronik doctor --bundle FILE runs the checks against the bundle, offline."
    },
    footer = {
      "  # the whole cluster, from any node",
      "  chronik debug bundle -o incident.zip --admin 10.0.0.1:9644",
      "",
      "  # the last 2000 log lines of each node",
      "  chronik debug bundle -o incident.zip --log-lines 2000"
    },
    exitCodeList = {
      " 0:the bundle was written (nodes that did not answer are recorded in it)",
      " 1:the bundle could not be written",
      "64:usage error (a bad flag)",
      "69:no node answered: the bundle holds only the errors"
    })
public final class DebugBundleCommand implements Callable<Integer> {
  /** The bundle cannot be written. */
  static final String CANNOT_WRITE = "CHR-7301";

  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "The zip file to write (replaced if it exists).")
  Path output;

  @Mixin AdminOption admin;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.Positive.class,
      description = "How long to wait for each node's answers (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--log-lines",
      paramLabel = "N",
      defaultValue = "500",
      description =
          "How many of each node's latest log lines to include, 1 to 2000 (default:"
              + " ${DEFAULT-VALUE}).")
  int logLines;

  @Override
  public Integer call() {
    if (logLines < 1 || logLines > 2000) {
      throw OptionChecks.invalid(spec, "--log-lines", "give 1 to 2000");
    }
    String address = admin.address(spec);
    Path target = output.toAbsolutePath();
    if (!Files.isDirectory(target.getParent())) {
      throw new ChronikException(
          CANNOT_WRITE,
          ChronikException.Kind.RUNTIME,
          "cannot write " + output + ": the directory " + target.getParent() + " does not exist",
          "create it, or give -o a file in an existing directory");
    }
    DebugBundle.Collected collected;
    try (HttpAdminTransport transport = new HttpAdminTransport(timeout)) {
      collected =
          DebugBundle.collect(
              transport, address, timeout, logLines, BuildInfo.current().version(), target);
    } catch (IOException e) {
      throw new ChronikException(
          CANNOT_WRITE,
          ChronikException.Kind.RUNTIME,
          "cannot write " + output + ": " + e.getMessage(),
          "check the directory's permissions and free space",
          e);
    }
    PrintWriter out = spec.commandLine().getOut();
    long answered = collected.snapshot().nodes().stream().filter(n -> n.reachable()).count();
    int nodes = collected.snapshot().nodes().size();
    out.println(
        "wrote "
            + output
            + " ("
            + kib(collected.bytes())
            + "): "
            + answered
            + " of "
            + nodes
            + (nodes == 1 ? " node answered, " : " nodes answered, ")
            + collected.requests()
            + " requests, "
            + collected.failures()
            + " failed; doctor's verdict then: "
            + collected.report().verdict().verdict());
    out.println("check it offline: chronik doctor all --bundle " + output);
    out.flush();
    if (answered == 0) {
      throw new ChronikException(
          ErrorCatalogue.ADMIN_UNREACHABLE,
          ChronikException.Kind.UNAVAILABLE,
          "no node answered at " + address + ": the bundle holds only the errors",
          "check --admin (a node's admin port, default 9644) and that the node runs");
    }
    return 0;
  }

  private static String kib(long bytes) {
    return bytes < 1024 ? bytes + " B" : (bytes + 512) / 1024 + " KiB";
  }
}
