package io.chronik.cli.snapshot;

import io.chronik.broker.snapshot.SnapshotKind;
import io.chronik.broker.snapshot.SnapshotManifest;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik snapshot inspect}: an archive's manifest, without reading its payload. */
@Command(
    name = "inspect",
    description = {
      "Print the manifest of a snapshot archive: cluster, group, Raft term and index, node,"
          + " creation time, compression, the files with their sizes and CRC-32C values, and the"
          + " payload's length and checksum, and the partitions it holds (a group of several"
          + " partitions keeps each one's files under <p>/). Only the head is read (a ranged GET on a store); the"
          + " payload is not downloaded. The head's own checksums are checked.",
      "ARCHIVE is a file, a store object URI (s3://bucket/prefix/<cluster>/<group>/<file>), or"
          + " an id GROUP@INDEX looked up in --data-dir and/or --store (every copy is shown).",
      "The JSON form is {\"archives\": [{\"id\", \"where\", \"location\", \"sizeBytes\","
          + " \"manifest\": {...}}]}, the manifest as docs/snapshots.md describes it.",
      "Exit 0 when printed, 1 when the archive is not found, 65 when its head is damaged or"
          + " not an archive, 69 when the store cannot be reached."
    },
    footer = {
      "  chronik snapshot inspect /var/lib/chronik/snapshots/orders-0/00000000000000004242-7-n1.chrsnap",
      "  chronik snapshot inspect orders-0@4242 --data-dir /var/lib/chronik",
      "  chronik snapshot inspect s3://backups/chronik/2f1c.../orders-0/00000000000000004242-7-n1.chrsnap -o json"
    })
public final class SnapshotInspectCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private SourceOptions source;

  @Mixin private OutputOptions output;

  @Parameters(
      paramLabel = "ARCHIVE",
      description = "A file, a store object URI, or GROUP@INDEX in --data-dir/--store.")
  private String archive;

  /** One archive of the JSON document. */
  record Inspected(
      String id, String where, String location, long sizeBytes, SnapshotManifest manifest) {}

  /** The JSON document. */
  record Inspection(List<Inspected> archives) {}

  @Override
  public Integer call() {
    List<Inspected> inspected = new ArrayList<>();
    try (Sources sources = Sources.open(spec, source)) {
      for (Archive a : sources.resolve(archive)) {
        inspected.add(new Inspected(a.id(), a.where(), a.location(), a.sizeBytes(), a.manifest()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(new Inspection(inspected)));
    } else {
      boolean first = true;
      for (Inspected i : inspected) {
        if (!first) {
          out.println();
        }
        first = false;
        print(out, i);
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void print(PrintWriter out, Inspected i) {
    SnapshotManifest m = i.manifest();
    Table fields = new Table("ARCHIVE", i.location());
    fields.row("where", i.where());
    fields.row("size", Formats.bytes(i.sizeBytes()) + " (" + i.sizeBytes() + " bytes)");
    fields.row("format version", m.formatVersion());
    fields.row("cluster", m.clusterId());
    fields.row("group", SnapshotName.of(m.metadata()).group() + " (" + m.groupId() + ")");
    if (m.kind() == SnapshotKind.PARTITION) {
      fields.row(
          "partitions",
          m.partitions().stream().map(String::valueOf).collect(Collectors.joining(","))
              + (m.partitions().size() > 1 ? " (a directory per partition)" : ""));
    }
    fields.row("term", m.term());
    fields.row("index", m.index());
    fields.row("node", m.nodeId());
    fields.row("created", m.createdAt());
    fields.row("compression", m.compression().id());
    fields.row(
        "payload",
        m.payloadLength()
            + " bytes, CRC-32C "
            + m.payloadCrc32c()
            + ", "
            + m.payloadChunkCrc32c().size()
            + " chunk(s) of "
            + m.payloadChunkSize()
            + " bytes");
    fields.row(
        "uncompressed", m.uncompressedLength() + " bytes in " + m.files().size() + " file(s)");
    m.properties().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(p -> fields.row("property " + p.getKey(), p.getValue()));
    fields.print(out);
    out.println();
    Table files = new Table("FILE", "SIZE", "CRC32C", "OFFSET");
    m.files().forEach(f -> files.row(f.name(), f.size(), f.crc32c(), f.offset()));
    files.print(out);
  }
}
