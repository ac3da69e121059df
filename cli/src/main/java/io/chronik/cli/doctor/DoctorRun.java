package io.chronik.cli.doctor;

import io.chronik.broker.ChronikException;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.Doctor;
import io.chronik.diagnostics.Playbooks;
import io.chronik.diagnostics.Report;
import io.chronik.diagnostics.ReportJson;
import io.chronik.diagnostics.Selection;
import io.chronik.diagnostics.Similar;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.bundle.BundleTransport;
import io.chronik.diagnostics.checks.StoreReachableCheck;
import io.chronik.diagnostics.local.FileSystemLocalHost;
import io.chronik.diagnostics.local.LocalHost;
import io.chronik.diagnostics.local.NoLocalHost;
import io.chronik.diagnostics.probe.ClusterProbe;
import io.chronik.diagnostics.probe.HttpAdminTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * One {@code chronik doctor} invocation: checks the options, selects the checks, probes the cluster
 * (once, or in rounds with {@code --watch}) and prints the report.
 */
final class DoctorRun {
  /** The --bundle file cannot be read. */
  static final String NOT_A_BUNDLE = "CHR-7302";

  private static final Duration DEFAULT_HEALTHY_WAIT = Duration.ofMinutes(5);

  private final DoctorCommand options;
  private final CommandSpec spec;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Clock clock = Clock.systemUTC();

  DoctorRun(DoctorCommand options) {
    this.options = options;
    this.spec = options.spec;
    this.out = spec.commandLine().getOut();
    this.err = spec.commandLine().getErr();
  }

  int call() throws InterruptedException {
    if (options.listChecks) {
      playbookOrAll();
      new CheckList(out).print(options.playbook, options.output.isJson());
      return 0;
    }
    checkOptions();
    Selection selection = selection();
    if (options.bundle != null) {
      return offline(selection);
    }
    String admin = admin();
    LocalHost local = new FileSystemLocalHost();
    try (HttpAdminTransport transport = new HttpAdminTransport(options.timeout)) {
      ClusterProbe probe =
          new ClusterProbe(transport, options.timeout, clock).probingStore(probesStore(selection));
      if (!options.watch) {
        Report report = round(probe, admin, selection, local);
        print(report, admin);
        return report.exitCode();
      }
      return watch(probe, admin, selection, local);
    }
  }

  /** The checks against a debug bundle: the answers recorded there, no network, no local host. */
  private int offline(Selection selection) {
    BundleTransport transport;
    try {
      transport = BundleTransport.open(options.bundle);
    } catch (IOException e) {
      throw new ChronikException(
          NOT_A_BUNDLE,
          ChronikException.Kind.DATA,
          "cannot read the bundle " + options.bundle + ": " + e.getMessage(),
          "collect one with chronik debug bundle -o FILE.zip");
    }
    String seed = matched("--admin") ? admin() : transport.seed();
    // the bundle holds the store probe made when it was collected: replay it
    ClusterProbe probe =
        new ClusterProbe(
                transport, transport.timeout(), Clock.fixed(transport.createdAt(), ZoneOffset.UTC))
            .probingStore(probesStore(selection));
    CheckInput input =
        new CheckInput(
            probe.probe(seed, selection.extras()), Thresholds.defaults(), new NoLocalHost(), null);
    Report report = Doctor.run(selection, input);
    print(
        report,
        seed
            + " in the bundle "
            + options.bundle
            + " (collected "
            + transport.createdAt().truncatedTo(ChronoUnit.SECONDS)
            + ")");
    return report.exitCode();
  }

  private int watch(ClusterProbe probe, String admin, Selection selection, LocalHost local)
      throws InterruptedException {
    Duration total =
        options.timeoutTotal != null
            ? options.timeoutTotal
            : options.exitWhenHealthy ? DEFAULT_HEALTHY_WAIT : null;
    Instant deadline = total == null ? null : clock.instant().plus(total);
    boolean progress = options.exitWhenHealthy && System.console() != null;
    while (true) {
      Report report = round(probe, admin, selection, local);
      boolean healthy = report.verdict() == Status.OK;
      Instant next = clock.instant().plus(options.interval);
      boolean lastRound = deadline != null && next.isAfter(deadline);
      if (options.exitWhenHealthy) {
        if (healthy || lastRound) {
          print(report, admin);
          if (!healthy) {
            err.println("chronik doctor: still not healthy after " + human(total) + "; giving up");
            err.flush();
          }
          return report.exitCode();
        }
        if (progress) {
          err.println(
              "chronik doctor: not healthy yet: "
                  + report.verdictLine().substring("chronik doctor: ".length())
                  + "; checking again in "
                  + human(options.interval));
          err.flush();
        }
      } else {
        if (!options.output.isJson()) {
          out.println("--- " + clock.instant().truncatedTo(ChronoUnit.SECONDS) + " ---");
        }
        print(report, admin);
        if (lastRound) {
          return report.exitCode();
        }
      }
      Thread.sleep(options.interval.toMillis());
    }
  }

  /** The store probe writes to the store: only when a selected check reads it. */
  private static boolean probesStore(Selection selection) {
    return selection.selected().stream()
        .anyMatch(s -> s.check().id().equals(StoreReachableCheck.ID));
  }

  private Report round(ClusterProbe probe, String admin, Selection selection, LocalHost local) {
    CheckInput input =
        new CheckInput(
            probe.probe(admin, selection.extras()), Thresholds.defaults(), local, options.dataDir);
    return Doctor.run(selection, input);
  }

  private void print(Report report, String admin) {
    if (options.output.isJson()) {
      out.println(Json.write(ReportJson.of(report)));
    } else {
      new TextReport(out).print(report, admin);
    }
    out.flush();
  }

  private void checkOptions() {
    boolean watching = options.watch;
    if (options.bundle != null && watching) {
      throw OptionChecks.invalid(spec, "--bundle", "a bundle does not change: leave out --watch");
    }
    if (options.bundle != null && options.dataDir != null) {
      throw OptionChecks.invalid(
          spec, "--bundle", "the checks run offline: leave out --data-dir (local checks)");
    }
    if (!watching && options.exitWhenHealthy) {
      throw OptionChecks.invalid(spec, "--exit-when-healthy", "it works with --watch: add --watch");
    }
    if (!watching && matched("--interval")) {
      throw OptionChecks.invalid(spec, "--interval", "it works with --watch: add --watch");
    }
    if (!watching && options.timeoutTotal != null) {
      throw OptionChecks.invalid(spec, "--timeout-total", "it works with --watch: add --watch");
    }
  }

  private String admin() {
    return options.admin.address(spec);
  }

  private Selection selection() {
    try {
      return Selection.of(options.playbook, options.checks, options.skips, options.dataDir != null);
    } catch (Selection.SelectionException e) {
      if ("PLAYBOOK".equals(e.option())) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      throw OptionChecks.invalid(spec, e.option(), e.getMessage());
    }
  }

  private void playbookOrAll() {
    String name = options.playbook;
    if (name != null && !Selection.ALL.equals(name) && Playbooks.find(name).isEmpty()) {
      List<String> names = new ArrayList<>(Playbooks.names());
      names.add(Selection.ALL);
      throw new ParameterException(
          spec.commandLine(),
          "unknown playbook '"
              + name
              + "'"
              + Similar.didYouMean(Similar.to(name, names))
              + "; playbooks: "
              + String.join(", ", names));
    }
  }

  private boolean matched(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
