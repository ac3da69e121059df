package io.chronik.cli.snapshot;

import io.chronik.broker.ChronikException;
import io.chronik.broker.snapshot.SnapshotCatalog;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.cli.Confirmation;
import io.chronik.cli.DurationConverter;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chronik snapshot prune}: deletes old archives, per group, keeping the newest good one. */
@Command(
    name = "prune",
    description = {
      "Delete old snapshot archives from a node's data dir (--data-dir) and/or a store"
          + " (--store), per group (and per cluster in a store): keep the --keep N newest, and"
          + " with --older-than DUR also every archive younger than DUR; delete the rest.",
      "Whatever the limits, prune never deletes the newest archive of a group that verifies"
          + " (every checksum is recomputed, newest first, until one passes), not even with"
          + " --keep 0. When no archive of a group verifies, nothing of that group is deleted and"
          + " prune exits 65 (CHR-7104) after pruning the other groups.",
      "On a terminal it asks for confirmation first; --yes skips the question. Without a"
          + " terminal it refuses unless --yes is given (exit 64). --dry-run prints the plan and"
          + " deletes nothing.",
      "The JSON form is {\"dryRun\", \"deleted\", \"groups\": [{\"where\", \"clusterId\","
          + " \"group\", \"partitions\", \"noneVerifies\", \"archives\": [{\"id\", \"location\", \"action\","
          + " \"reason\", \"sizeBytes\", \"createdAt\"}]}]}; action is keep or delete, deleted"
          + " counts the archives deleted (0 on a dry run).",
      "Exit 0 when done, 1 when the confirmation was declined, 64 for a bad option or a"
          + " missing --yes without a terminal, 65 when a group has no archive that verifies, 69"
          + " when the store cannot be reached."
    },
    footer = {
      "  # what would go: keep three per group in the store",
      "  chronik snapshot prune --store s3://backups/chronik --keep 3 --dry-run",
      "",
      "  # from cron: keep seven per group, and everything younger than two weeks",
      "  chronik snapshot prune --store s3://backups/chronik --keep 7 --older-than 14d --yes"
    })
public final class SnapshotPruneCommand implements Callable<Integer> {
  /** No archive of a group verifies: nothing of it was deleted. */
  static final String NONE_VERIFIES = "CHR-7104";

  @Spec private CommandSpec spec;

  @Mixin private SourceOptions source;

  @Mixin private OutputOptions output;

  @Option(
      names = "--keep",
      required = true,
      paramLabel = "N",
      description = "How many of the newest archives of each group to keep (0 or more).")
  private int keep;

  @Option(
      names = "--older-than",
      paramLabel = "DUR",
      converter = DurationConverter.Positive.class,
      description =
          "Delete only archives older than DUR (e.g. 36h, 14d), beyond the --keep newest.")
  private Duration olderThan;

  @Option(names = "--dry-run", description = "Print what would be deleted; delete nothing.")
  private boolean dryRun;

  @Option(names = "--yes", description = "Delete without asking for confirmation.")
  private boolean yes;

  /** One archive of the JSON document. */
  record Item(
      String id, String location, String action, String reason, long sizeBytes, String createdAt) {}

  /** One group of the JSON document. */
  record GroupItem(
      String where,
      String clusterId,
      String group,
      List<Integer> partitions,
      Boolean noneVerifies,
      List<Item> archives) {}

  /** The JSON document. */
  record Pruning(boolean dryRun, int deleted, List<GroupItem> groups) {}

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--keep", keep, 0);
    if (!source.any()) {
      throw OptionChecks.invalid(
          spec, "--data-dir", "name a source: --data-dir DIR and/or --store URI");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = Progress.onTerminal(err, output);
    Instant now = Instant.now();
    List<PrunePlan.Group> plan = new ArrayList<>();
    int deleted = 0;
    try (Sources sources = Sources.open(spec, source)) {
      for (SnapshotCatalog catalog : sources.catalogs()) {
        List<Archive> archives = catalog.list().stream().map(e -> Archive.of(catalog, e)).toList();
        plan.addAll(PrunePlan.plan(archives, keep, olderThan, now, progress));
      }
      List<PrunePlan.Decision> doomed =
          plan.stream()
              .flatMap(g -> g.decisions().stream())
              .filter(PrunePlan.Decision::delete)
              .toList();
      if (!dryRun && !doomed.isEmpty()) {
        long bytes = doomed.stream().mapToLong(d -> d.archive().sizeBytes()).sum();
        String question =
            "delete "
                + doomed.size()
                + (doomed.size() == 1 ? " snapshot archive (" : " snapshot archives (")
                + Formats.bytes(bytes)
                + ") from "
                + String.join(
                    " and ", sources.catalogs().stream().map(SnapshotCatalog::describe).toList());
        if (!Confirmation.confirm(spec, yes, question)) {
          err.println("chronik: aborted; nothing was deleted");
          err.flush();
          return ExitCodes.RUNTIME;
        }
        for (PrunePlan.Decision d : doomed) {
          d.archive().catalog().delete(d.archive().entry());
          deleted++;
        }
      }
    }
    print(out, plan, deleted);
    List<String> bad =
        plan.stream()
            .filter(g -> Boolean.TRUE.equals(g.noneVerifies()))
            .map(PrunePlan.Group::group)
            .toList();
    if (!bad.isEmpty()) {
      throw new ChronikException(
          NONE_VERIFIES,
          ChronikException.Kind.DATA,
          "no archive of "
              + String.join(", ", bad)
              + " verifies: nothing of "
              + (bad.size() == 1 ? "it" : "them")
              + " was deleted",
          "'chronik snapshot verify' names the damage; take a new snapshot ('chronik snapshot"
              + " create --upload') and prune again");
    }
    return ExitCodes.OK;
  }

  private void print(PrintWriter out, List<PrunePlan.Group> plan, int deleted) {
    if (output.isJson()) {
      List<GroupItem> groups = new ArrayList<>();
      for (PrunePlan.Group g : plan) {
        List<Item> items =
            g.decisions().stream()
                .map(
                    d ->
                        new Item(
                            d.archive().id(),
                            d.archive().location(),
                            d.action(),
                            d.reason(),
                            d.archive().sizeBytes(),
                            d.createdAt() == null ? null : d.createdAt().toString()))
                .toList();
        groups.add(
            new GroupItem(
                g.where(),
                g.clusterId(),
                g.group(),
                new SnapshotName(g.group(), 0, 0, 0).partitions(),
                g.noneVerifies(),
                items));
      }
      out.println(Json.write(new Pruning(dryRun, deleted, groups)));
    } else {
      int doomed = 0;
      int kept = 0;
      for (PrunePlan.Group g : plan) {
        for (PrunePlan.Decision d : g.decisions()) {
          if (d.delete()) {
            doomed++;
            out.println(
                (dryRun ? "would delete " : "deleted ")
                    + d.archive().id()
                    + " ("
                    + d.archive().where()
                    + ") "
                    + d.archive().location());
          } else {
            kept++;
          }
        }
      }
      out.println(
          (dryRun ? "would delete " : "deleted ")
              + (dryRun ? doomed : deleted)
              + " of "
              + (doomed + kept)
              + " archives in "
              + plan.size()
              + (plan.size() == 1 ? " group" : " groups")
              + "; kept "
              + kept);
    }
    out.flush();
  }
}
