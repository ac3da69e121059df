package io.chronik.diagnostics.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.Doctor;
import io.chronik.diagnostics.Report;
import io.chronik.diagnostics.ReportJson;
import io.chronik.diagnostics.Selection;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.local.NoLocalHost;
import io.chronik.diagnostics.probe.AdminTransport;
import io.chronik.diagnostics.probe.ClusterProbe;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.NodeSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A debug bundle: one zip with what every node of a cluster says about itself, for a support case
 * or for {@code chronik doctor --bundle} later and elsewhere.
 *
 * <p>Collection asks every node what {@code chronik doctor all} reads (node info and effective
 * configuration, Raft groups, election journals, readiness, metrics, the peer probe, each replica's
 * offsets and last batch CRCs, and a TCP connection to each advertised Kafka address), has one node
 * probe its snapshot store ({@code POST /v1/actions/probe-store}, as {@code
 * snapshot.store-reachable} does), plus the last lines of its log ({@code /v1/logs}) and its
 * snapshot list ({@code /v1/snapshots}, where the node serves it). Every request is recorded with
 * its timing and outcome in {@code manifest.json}; bodies go to {@code nodes/HOST_PORT/...}, with
 * secrets redacted. {@code doctor.json} holds the report doctor made from the same answers at
 * collection time, so an offline run can be compared with it.
 */
public final class DebugBundle {
  static final String MANIFEST = "manifest.json";
  static final String REPORT = "doctor.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DebugBundle() {}

  /**
   * What a collection gathered.
   *
   * @param zip the bundle written
   * @param snapshot the cluster as probed
   * @param report doctor's report from the same answers
   * @param requests how many requests were made
   * @param failures how many of them failed (a node down is recorded, not fatal)
   * @param bytes the bundle's size
   */
  public record Collected(
      Path zip, ClusterSnapshot snapshot, Report report, int requests, int failures, long bytes) {}

  /**
   * Collects a bundle of the cluster {@code seed} belongs to and writes it to {@code zip}
   * (replacing it atomically once complete).
   *
   * @param logLines how many of each node's latest log lines to include
   * @param collectedBy the collecting chronik's version, for the manifest
   */
  public static Collected collect(
      AdminTransport transport,
      String seed,
      Duration timeout,
      int logLines,
      String collectedBy,
      Path zip)
      throws IOException {
    Instant createdAt = Instant.now();
    RecordingTransport recording = new RecordingTransport(transport);
    ClusterSnapshot snapshot =
        new ClusterProbe(recording, timeout, Clock.systemUTC())
            .probingStore(true)
            .probe(seed, EnumSet.allOf(ClusterProbe.Extra.class));
    List<CompletableFuture<?>> more = new ArrayList<>();
    for (NodeSnapshot node : snapshot.nodes()) {
      if (node.admin().isEmpty() || !node.reachable()) {
        continue;
      }
      more.add(quietly(recording.get(node.admin(), "/v1/logs?lines=" + logLines, timeout)));
      more.add(quietly(recording.get(node.admin(), "/v1/snapshots", timeout)));
    }
    for (CompletableFuture<?> f : more) {
      try {
        f.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // recorded as a failure by the recording transport, or given up: either way not fatal
      }
    }
    Report report =
        Doctor.run(
            Selection.of(Selection.ALL, List.of(), List.of(), false),
            new CheckInput(snapshot, Thresholds.defaults(), new NoLocalHost(), null));
    List<RecordingTransport.Recorded> recorded = recording.recorded();
    Path tmp = Files.createTempFile(zip.toAbsolutePath().getParent(), ".bundle-", ".zip.tmp");
    int failures = 0;
    try {
      try (OutputStream file = Files.newOutputStream(tmp);
          ZipOutputStream out = new ZipOutputStream(file)) {
        List<Exchange> exchanges = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (RecordingTransport.Recorded r : recorded) {
          Exchange e = r.exchange();
          if (e.failed()) {
            failures++;
          }
          if (r.body() != null) {
            String name = unique(names, entryName(e.admin(), e.path()));
            write(out, name, Redaction.body(r.body()));
            e =
                new Exchange(
                    e.admin(),
                    e.path(),
                    name,
                    e.status(),
                    e.sentAtMs(),
                    e.receivedAtMs(),
                    e.rttMs(),
                    e.failure());
          }
          exchanges.add(e);
        }
        Manifest manifest =
            new Manifest(
                Manifest.FORMAT,
                createdAt.toEpochMilli(),
                createdAt.toString(),
                seed,
                timeout.toMillis(),
                collectedBy,
                exchanges);
        write(out, MANIFEST, JSON.writeValueAsString(manifest));
        write(out, REPORT, JSON.writeValueAsString(ReportJson.of(report)));
        write(out, "README.txt", readme(manifest));
      }
      Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return new Collected(zip, snapshot, report, recorded.size(), failures, Files.size(zip));
  }

  /** The report doctor made at collection time, as JSON text. */
  public static String collectedReport(Path zip) throws IOException {
    try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
      ZipEntry entry = file.getEntry(REPORT);
      if (entry == null) {
        throw new IOException(zip + " has no " + REPORT);
      }
      try (var in = file.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  private static CompletableFuture<?> quietly(CompletableFuture<?> f) {
    return f.exceptionally(e -> null);
  }

  /** {@code nodes/127.0.0.1_9644/v1-raft-groups.json}. */
  static String entryName(String admin, String path) {
    String host = admin.replaceAll("[^A-Za-z0-9.-]+", "_");
    String base = path.replaceAll("^/+", "").replaceAll("[^A-Za-z0-9]+", "-");
    base = base.replaceAll("-+$", "");
    String ext = path.startsWith("/metrics") ? ".txt" : ".json";
    return "nodes/" + host + "/" + (base.isEmpty() ? "root" : base.toLowerCase(Locale.ROOT)) + ext;
  }

  private static String unique(Set<String> names, String name) {
    String candidate = name;
    for (int i = 2; !names.add(candidate); i++) {
      int dot = name.lastIndexOf('.');
      candidate = name.substring(0, dot) + "-" + i + name.substring(dot);
    }
    return candidate;
  }

  private static void write(ZipOutputStream out, String name, String text) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    out.putNextEntry(entry);
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }

  private static String readme(Manifest manifest) {
    return "chronik debug bundle, format "
        + manifest.format()
        + ", collected "
        + manifest.createdAt()
        + " from "
        + manifest.seed()
        + " by chronik "
        + manifest.collectedBy()
        + ".\n\n"
        + "manifest.json  every request made (node, path, status, timing, failure) and the file\n"
        + "               that holds its answer\n"
        + "doctor.json    the report of chronik doctor all made from these answers\n"
        + "nodes/HOST_PORT/\n"
        + "  v1-node.json            identity, addresses, effective configuration (secrets\n"
        + "                          redacted), clock, Raft timeouts, disk space\n"
        + "  v1-cluster.json         the cluster metadata (seed node only)\n"
        + "  v1-raft-groups.json     every Raft group: role, leader, term, indexes, followers\n"
        + "  v1-raft-elections.json  the election journal of every group\n"
        + "  v1-probe-peers-*.json   the node's TCP connections to its peers' ports\n"
        + "  v1-replicas-*.json      every partition replica: offsets, high watermark and the\n"
        + "                          stored CRCs of its last batches (doctor consistency)\n"
        + "  ready.json, metrics.txt readiness and Prometheus metrics\n"
        + "  v1-logs-*.json          the node's latest log lines\n"
        + "  v1-snapshots.json       its snapshots, where the node serves them\n"
        + "  post-v1-actions-probe-store.json  one node's probe of its snapshot store\n"
        + "The collecting host's TCP connections to every advertised Kafka address are in\n"
        + "manifest.json too (path \"tcp\", with rttMs or the failure).\n\n"
        + "Run the checks again offline: chronik doctor all --bundle THIS.zip\n";
  }
}
