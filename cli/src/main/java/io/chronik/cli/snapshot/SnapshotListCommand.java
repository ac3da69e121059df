package io.chronik.cli.snapshot;

import io.chronik.broker.snapshot.SnapshotCatalog;
import io.chronik.broker.snapshot.SnapshotFormatException;
import io.chronik.broker.snapshot.SnapshotManifest;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.Messages;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code chronik snapshot list}: the archives of a data dir and/or a store, per group. */
@Command(
    name = "list",
    description = {
      "List the snapshot archives in a node's data dir (--data-dir) and/or a snapshot store"
          + " (--store), per group, oldest first: index, term, node, size, compression, age, and"
          + " where the archive is: local, store, or both (the same archive in both sources).",
      "Only the head of each archive is read (a ranged GET on a store); a damaged head is"
          + " reported on stderr and listed without compression and age. 'chronik snapshot verify'"
          + " checks every byte.",
      "A group that carries several partitions (--partitions-per-group) is one row per archive,"
          + " named <topic>-<first>..<last>: one archive holds all of its partitions.",
      "The JSON form is {\"snapshots\": [{\"id\", \"group\", \"partitions\", \"index\","
          + " \"term\", \"node\", \"clusterId\", \"sizeBytes\", \"compression\", \"createdAt\","
          + " \"ageSeconds\", \"where\", \"local\", \"store\", \"error\"}]}; partitions is a"
          + " list (empty for meta); absent values are null.",
      "Exit 0 when listed (also when empty), 64 without a source, 69 when the store cannot be"
          + " reached or refuses the credentials."
    },
    footer = {
      "  chronik snapshot list --data-dir /var/lib/chronik",
      "  chronik snapshot list --store s3://backups/chronik --cluster-id 2f1c...",
      "  chronik snapshot list --data-dir /var/lib/chronik --store s3://backups/chronik -o json"
    })
public final class SnapshotListCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private SourceOptions source;

  @Mixin private OutputOptions output;

  /** One archive, or one archive in both sources. */
  record Row(
      String id,
      String group,
      List<Integer> partitions,
      long index,
      long term,
      int node,
      String clusterId,
      long sizeBytes,
      String compression,
      String createdAt,
      Long ageSeconds,
      String where,
      String local,
      String store,
      String error) {}

  /** The JSON document. */
  record Listing(List<Row> snapshots) {}

  @Override
  public Integer call() {
    if (!source.any()) {
      throw OptionChecks.invalid(
          spec, "--data-dir", "name a source: --data-dir DIR and/or --store URI");
    }
    Instant now = Instant.now();
    List<Row> rows;
    List<String> damaged = new ArrayList<>();
    String sourceNames;
    try (Sources sources = Sources.open(spec, source)) {
      sourceNames =
          String.join(" and ", sources.catalogs().stream().map(SnapshotCatalog::describe).toList());
      rows = rows(sources.all(), now, damaged);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    damaged.forEach(d -> err.println("chronik: warning: " + d));
    if (output.isJson()) {
      out.println(Json.write(new Listing(rows)));
    } else if (rows.isEmpty()) {
      err.println("no snapshot archives in " + sourceNames);
    } else {
      boolean stores = rows.stream().anyMatch(r -> r.store() != null);
      Table table =
          stores
              ? new Table(
                  "GROUP",
                  "INDEX",
                  "TERM",
                  "NODE",
                  "SIZE",
                  "COMPRESSION",
                  "AGE",
                  "WHERE",
                  "CLUSTER")
              : new Table("GROUP", "INDEX", "TERM", "NODE", "SIZE", "COMPRESSION", "AGE", "WHERE");
      for (Row r : rows) {
        List<Object> cells = new ArrayList<>();
        cells.add(r.group());
        cells.add(r.index());
        cells.add(r.term());
        cells.add(r.node());
        cells.add(Formats.bytes(r.sizeBytes()));
        cells.add(r.error() != null ? "damaged" : r.compression());
        cells.add(r.ageSeconds() == null ? null : Formats.age(Duration.ofSeconds(r.ageSeconds())));
        cells.add(r.where());
        if (stores) {
          cells.add(r.clusterId());
        }
        table.row(cells.toArray());
      }
      table.print(out);
    }
    out.flush();
    err.flush();
    return ExitCodes.OK;
  }

  /** One row per archive; an archive in both sources (same cluster, group and file) is one row. */
  private static List<Row> rows(List<Archive> archives, Instant now, List<String> damaged) {
    Map<String, Row> byKey = new LinkedHashMap<>();
    for (Archive a : archives) {
      SnapshotName name = a.entry().name();
      SnapshotManifest manifest = null;
      String error = null;
      try {
        manifest = a.manifest();
      } catch (SnapshotFormatException e) {
        error = Messages.oneLine(e.getMessage());
        damaged.add(a.id() + " (" + a.location() + "): " + error);
      }
      String cluster =
          a.clusterId() != null ? a.clusterId() : manifest == null ? null : manifest.clusterId();
      Instant created = manifest == null ? null : Instant.parse(manifest.createdAt());
      boolean local = "local".equals(a.where());
      Row row =
          new Row(
              name.shortId(),
              name.group(),
              manifest == null ? name.partitions() : manifest.partitions(),
              name.index(),
              name.term(),
              name.nodeId(),
              cluster,
              a.sizeBytes(),
              manifest == null ? null : manifest.compression().id(),
              created == null ? null : created.toString(),
              created == null ? null : Math.max(0, Duration.between(created, now).getSeconds()),
              a.where(),
              local ? a.location() : null,
              local ? null : a.location(),
              error);
      String key = cluster + "/" + name.group() + "/" + name.fileName();
      Row other = cluster == null ? null : byKey.get(key);
      if (other != null && !other.where().equals(row.where())) {
        Row l = local ? row : other;
        Row s = local ? other : row;
        byKey.put(
            key,
            new Row(
                l.id(),
                l.group(),
                l.partitions(),
                l.index(),
                l.term(),
                l.node(),
                cluster,
                l.sizeBytes(),
                l.compression(),
                l.createdAt(),
                l.ageSeconds(),
                "both",
                l.local(),
                s.store(),
                l.error() != null ? l.error() : s.error()));
      } else {
        byKey.put(cluster == null ? a.location() : key, row);
      }
    }
    List<Row> rows = new ArrayList<>(byKey.values());
    rows.sort(
        Comparator.comparing(Row::group)
            .thenComparingLong(Row::index)
            .thenComparingLong(Row::term)
            .thenComparingInt(Row::node)
            .thenComparing(r -> Objects.requireNonNullElse(r.clusterId(), "")));
    return rows;
  }
}
