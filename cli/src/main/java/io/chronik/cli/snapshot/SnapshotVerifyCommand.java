package io.chronik.cli.snapshot;

import io.chronik.broker.ChronikException;
import io.chronik.broker.IoFailures;
import io.chronik.broker.snapshot.ArchiveProblem;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotCatalog;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.broker.snapshot.VerifyResult;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chronik snapshot verify}: recomputes every checksum of one or every archive. */
@Command(
    name = "verify",
    description = {
      "Check snapshot archives byte for byte: the header and manifest checksums, a CRC-32C per"
          + " payload chunk and of the whole payload, every file's size and CRC-32C after"
          + " decompression, and the archive's length. Archives in a store are streamed, not"
          + " stored.",
      "ARCHIVE is a file, a store object URI, or GROUP@INDEX in --data-dir and/or --store (every"
          + " copy). Without ARCHIVE, every archive of --data-dir and/or --store is verified.",
      "Each damaged archive is named with what is wrong: the header, the manifest, a payload"
          + " byte range, a file (in the archive of a group of several partitions, with its"
          + " partition's directory: 1/00000000000000000000.log), or a truncated archive, each"
          + " with its code (CHR-3101..3109)."
          + " Progress is shown on a terminal only.",
      "The JSON form is {\"ok\", \"archives\": [{\"id\", \"where\", \"location\", \"sizeBytes\","
          + " \"partitions\", \"ok\", \"bytesRead\", \"problems\": [{\"code\", \"region\", \"subject\", \"start\","
          + " \"end\", \"message\"}]}]}; start and end are -1 without a byte range.",
      "Exit 0 when every archive verifies, 65 when any is damaged (CHR-7103), 1 when an"
          + " archive is not found, 64 without an archive or a source, 69 when the store cannot"
          + " be reached."
    },
    footer = {
      "  # every archive on a node, then every archive of one cluster in the store",
      "  chronik snapshot verify --data-dir /var/lib/chronik",
      "  chronik snapshot verify --store s3://backups/chronik --cluster-id 2f1c...",
      "",
      "  # one archive, by id or by file",
      "  chronik snapshot verify orders-0@4242 --store s3://backups/chronik",
      "  chronik snapshot verify ./00000000000000004242-7-n1.chrsnap"
    })
public final class SnapshotVerifyCommand implements Callable<Integer> {
  /** Some archives failed verification. */
  static final String FAILED = "CHR-7103";

  @Spec private CommandSpec spec;

  @Mixin private SourceOptions source;

  @Mixin private OutputOptions output;

  @Parameters(
      paramLabel = "ARCHIVE",
      arity = "0..1",
      description = "A file, a store object URI, or GROUP@INDEX; every archive when absent.")
  private String archive;

  /** One problem of the JSON document. */
  record Problem(String code, String region, String subject, long start, long end, String message) {
    static Problem of(ArchiveProblem p) {
      return new Problem(
          p.error().code(), p.region(), p.subject(), p.start(), p.end(), p.message());
    }
  }

  /** One archive of the JSON document. */
  record Verified(
      String id,
      String where,
      String location,
      long sizeBytes,
      List<Integer> partitions,
      boolean ok,
      long bytesRead,
      List<Problem> problems) {}

  /** The JSON document. */
  record Verification(boolean ok, List<Verified> archives) {}

  @Override
  public Integer call() {
    if (archive == null && !source.any()) {
      throw OptionChecks.invalid(
          spec,
          "--data-dir",
          "name an ARCHIVE, or a source to verify all of: --data-dir DIR and/or --store URI");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = Progress.onTerminal(err, output);
    List<Verified> results = new ArrayList<>();
    try (Sources sources = Sources.open(spec, source)) {
      List<Archive> archives = archive == null ? sources.all() : sources.resolve(archive);
      if (archives.isEmpty()) {
        err.println(
            "no snapshot archives in "
                + String.join(
                    " and ", sources.catalogs().stream().map(SnapshotCatalog::describe).toList()));
      }
      for (Archive a : archives) {
        Verified v = verify(a, progress);
        results.add(v);
        if (!output.isJson()) {
          print(out, v);
        }
      }
    }
    long damaged = results.stream().filter(v -> !v.ok()).count();
    if (output.isJson()) {
      out.println(Json.write(new Verification(damaged == 0, results)));
    } else if (results.size() > 1) {
      out.println(
          "verified "
              + results.size()
              + " archives: "
              + (results.size() - damaged)
              + " ok, "
              + damaged
              + " damaged");
    }
    out.flush();
    if (damaged > 0) {
      List<String> names = results.stream().filter(v -> !v.ok()).map(Verified::location).toList();
      throw new ChronikException(
          FAILED,
          ChronikException.Kind.DATA,
          damaged
              + (damaged == 1 ? " archive is" : " archives are")
              + " damaged: "
              + String.join(", ", names),
          "use another copy (local or in the store) or an older archive that verifies;"
              + " 'chronik explain CODE' for each problem's code");
    }
    return ExitCodes.OK;
  }

  private static Verified verify(Archive a, Progress progress) {
    long size = a.sizeBytes();
    VerifyResult result;
    try (InputStream in = progress.track(a.open(), "verifying " + label(a), size)) {
      result = SnapshotArchive.verify(in);
    } catch (IOException e) {
      throw unreadable(a, e);
    } catch (UncheckedIOException e) {
      throw unreadable(a, e.getCause());
    }
    return new Verified(
        a.id(),
        a.where(),
        a.location(),
        size,
        partitions(a, result),
        result.ok(),
        result.bytesRead(),
        result.problems().stream().map(Problem::of).toList());
  }

  /** From the manifest; from the archive's name when its head is damaged. */
  private static List<Integer> partitions(Archive a, VerifyResult result) {
    if (result.manifest() != null) {
      return result.manifest().partitions();
    }
    return a.entry() != null
        ? a.entry().name().partitions()
        : SnapshotName.parse(a.location()).map(SnapshotName::partitions).orElse(List.of());
  }

  private static void print(PrintWriter out, Verified v) {
    String name = v.id() == null ? v.location() : v.id() + " (" + v.where() + ") " + v.location();
    if (v.ok()) {
      out.println("ok       " + name + ", " + Formats.bytes(v.sizeBytes()));
      return;
    }
    out.println("DAMAGED  " + name);
    for (Problem p : v.problems()) {
      out.println("  " + p.code() + ": " + p.message());
    }
  }

  private static String label(Archive a) {
    return a.id() == null ? a.location() : a.id() + " (" + a.where() + ")";
  }

  private static ChronikException unreadable(Archive a, IOException e) {
    return new ChronikException(
        SnapshotCatalog.CANNOT_ACCESS,
        ChronikException.Kind.RUNTIME,
        "cannot read " + a.location() + ": " + IoFailures.describe(e),
        "check the path and its permissions, or the store");
  }
}
