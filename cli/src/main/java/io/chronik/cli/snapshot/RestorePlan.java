package io.chronik.cli.snapshot;

import io.chronik.broker.ChronikException;
import io.chronik.broker.IoFailures;
import io.chronik.broker.meta.MetaCodec;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.snapshot.ArchiveProblem;
import io.chronik.broker.snapshot.RestoreMarker;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotCatalog;
import io.chronik.broker.snapshot.SnapshotKind;
import io.chronik.broker.snapshot.SnapshotManifest;
import io.chronik.broker.snapshot.SnapshotName;
import io.chronik.broker.snapshot.VerifyResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What {@code chronik snapshot restore} will write for one node: per group, the newest archive in
 * the store that verifies. The groups are those of the restored metadata image: a partition's group
 * is found by its group id, so the partitions that share a Raft group ({@code
 * --partitions-per-group}) come from one archive, {@code <topic>-<first>..<last>}, verified once.
 * Making the plan reads and verifies every archive it picks (and the damaged ones it passes over),
 * and writes nothing but a scratch copy of the metadata image in the system's temporary directory.
 *
 * @param clusterId the cluster the archives belong to
 * @param image the restored metadata image
 * @param chosen the archives, the metadata group's first
 * @param skipped damaged archives passed over
 */
record RestorePlan(
    String clusterId, MetadataImage image, List<Chosen> chosen, List<Skipped> skipped) {
  /** A group has no archive that verifies. */
  static final String NO_ARCHIVE = "CHR-7107";

  /** --node-id or --peers do not match the nodes of the restored cluster. */
  static final String NOT_IN_CLUSTER = "CHR-7112";

  /** The store holds several clusters and none was named. */
  static final String SEVERAL_CLUSTERS = "CHR-7109";

  /**
   * One group of the JSON document.
   *
   * @param partitions the partitions the group's archive holds (empty for meta)
   */
  record Pick(
      String group,
      String groupId,
      String kind,
      List<Integer> partitions,
      long index,
      long term,
      String archive,
      long sizeBytes,
      Long logEndOffset) {}

  /** A damaged archive of the JSON document. */
  record Skipped(String archive, String problem) {}

  /** An archive picked for a group, with its manifest. */
  record Chosen(Pick pick, SnapshotCatalog.Entry entry, SnapshotManifest manifest) {}

  List<Pick> picks() {
    return chosen.stream().map(Chosen::pick).toList();
  }

  static RestorePlan make(SnapshotCatalog catalog, int nodeId, Progress progress) {
    List<SnapshotCatalog.Entry> entries = catalog.list();
    TreeSet<String> clusters =
        entries.stream()
            .map(SnapshotCatalog.Entry::clusterId)
            .collect(Collectors.toCollection(TreeSet::new));
    if (clusters.isEmpty()) {
      throw Sources.notFound("no snapshot archives in " + catalog.describe());
    }
    if (clusters.size() > 1) {
      throw new ChronikException(
          SEVERAL_CLUSTERS,
          ChronikException.Kind.USAGE,
          catalog.describe()
              + " holds the archives of "
              + clusters.size()
              + " clusters: "
              + String.join(", ", clusters),
          "name the cluster to restore with --cluster-id");
    }
    String cluster = clusters.first();
    Map<String, List<SnapshotCatalog.Entry>> byGroup = new LinkedHashMap<>();
    for (SnapshotCatalog.Entry e : entries) {
      byGroup.computeIfAbsent(e.name().group(), g -> new ArrayList<>()).add(e);
    }
    byGroup
        .values()
        .forEach(l -> l.sort(Comparator.comparing(SnapshotCatalog.Entry::name).reversed()));

    List<Skipped> skipped = new ArrayList<>();
    List<Chosen> chosen = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Chosen meta =
        pick(
            catalog,
            byGroup.getOrDefault(SnapshotName.META_GROUP, List.of()),
            null,
            List.of(),
            skipped,
            progress);
    if (meta == null) {
      throw noArchive(List.of(SnapshotName.META_GROUP), skipped, cluster);
    }
    chosen.add(meta);
    MetadataImage image = readImage(catalog, meta);
    if (!image.brokers().containsKey(nodeId) && assigned(image, nodeId).isEmpty()) {
      throw new ChronikException(
          NOT_IN_CLUSTER,
          ChronikException.Kind.USAGE,
          "node "
              + nodeId
              + " is not a node of cluster "
              + cluster
              + " in its metadata snapshot (its nodes: "
              + image.brokers().keySet().stream()
                  .sorted()
                  .map(String::valueOf)
                  .collect(Collectors.joining(", "))
              + ")",
          "pass the --node-id the node had");
    }
    for (ImageGroup g : groupsOf(image, nodeId)) {
      String group = SnapshotName.groupOf(SnapshotKind.PARTITION, g.topic(), g.partitions());
      Chosen c =
          pick(
              catalog,
              byGroup.getOrDefault(group, List.of()),
              g.groupId(),
              g.partitions(),
              skipped,
              progress);
      if (c == null) {
        missing.add(group);
      } else {
        chosen.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw noArchive(missing, skipped, cluster);
    }
    return new RestorePlan(cluster, image, chosen, skipped);
  }

  /**
   * A partition Raft group of the restored image: its id, topic and partitions (ascending; several
   * when they share the group).
   */
  record ImageGroup(String groupId, String topic, List<Integer> partitions) {}

  /**
   * The partition groups with a replica on {@code nodeId}, in topic and partition order: the
   * partitions of a topic with the same group id form one group.
   */
  static List<ImageGroup> groupsOf(MetadataImage image, int nodeId) {
    Map<String, ImageGroup> byId = new LinkedHashMap<>();
    for (Map.Entry<TopicInfo, PartitionAssignment> a : assigned(image, nodeId)) {
      String topic = a.getKey().name();
      byId.compute(
          topic + "\n" + a.getValue().groupId(),
          (k, g) -> {
            List<Integer> partitions = new ArrayList<>(g == null ? List.of() : g.partitions());
            partitions.add(a.getValue().partition());
            return new ImageGroup(a.getValue().groupId(), topic, List.copyOf(partitions));
          });
    }
    return List.copyOf(byId.values());
  }

  /** The partitions the image assigns to {@code nodeId}, by topic and partition. */
  static List<Map.Entry<TopicInfo, PartitionAssignment>> assigned(MetadataImage image, int nodeId) {
    return image.allPartitions().stream()
        .filter(e -> e.getValue().replicas().contains(nodeId))
        .sorted(
            Comparator.comparing((Map.Entry<TopicInfo, PartitionAssignment> e) -> e.getKey().name())
                .thenComparingInt(e -> e.getValue().partition()))
        .toList();
  }

  /** Checks that every replica of the node's partitions is one of the peers (when given). */
  void checkPeers(List<String> peers) {
    if (peers.isEmpty()) {
      return;
    }
    java.util.Set<Integer> ids =
        peers.stream()
            .map(p -> Integer.parseInt(p.substring(0, p.indexOf('@'))))
            .collect(Collectors.toSet());
    for (var e : image.allPartitions()) {
      for (int replica : e.getValue().replicas()) {
        if (!ids.contains(replica)) {
          throw new ChronikException(
              NOT_IN_CLUSTER,
              ChronikException.Kind.USAGE,
              e.getKey().name()
                  + "-"
                  + e.getValue().partition()
                  + " has a replica on node "
                  + replica
                  + ", which is not in --peers",
              "restore every node of the cluster and list them all in --peers");
        }
      }
    }
  }

  /**
   * The newest candidate that verifies (and, for a partition group, belongs to {@code groupId}: a
   * topic deleted and created again has another group id; and holds exactly {@code partitions});
   * damaged ones are added to {@code skipped}.
   */
  private static Chosen pick(
      SnapshotCatalog catalog,
      List<SnapshotCatalog.Entry> candidates,
      String groupId,
      List<Integer> partitions,
      List<Skipped> skipped,
      Progress progress) {
    for (SnapshotCatalog.Entry e : candidates) {
      String where = catalog.describe(e);
      SnapshotManifest manifest;
      try {
        manifest = catalog.readManifest(e);
      } catch (ChronikException ex) {
        if (ex.kind() != ChronikException.Kind.DATA) {
          throw ex;
        }
        skipped.add(new Skipped(where, ex.getMessage()));
        continue;
      }
      if (groupId != null
          && (!groupId.equals(manifest.groupId()) || !partitions.equals(manifest.partitions()))) {
        continue;
      }
      String missing = missingPartitionState(manifest);
      if (missing != null) {
        skipped.add(new Skipped(where, "it holds no " + missing));
        continue;
      }
      VerifyResult result;
      try (InputStream in =
          progress.track(catalog.open(e), "verifying " + e.shortId(), e.sizeBytes())) {
        result = SnapshotArchive.verify(in);
      } catch (IOException ex) {
        throw unreadable(where, ex);
      } catch (UncheckedIOException ex) {
        throw unreadable(where, ex.getCause());
      }
      if (!result.ok()) {
        skipped.add(
            new Skipped(
                where,
                result.problems().stream()
                    .map(p -> p.error().code() + " " + p.message())
                    .collect(Collectors.joining("; "))));
        continue;
      }
      String end = manifest.properties().get("logEndOffset");
      Pick pick =
          new Pick(
              e.name().group(),
              manifest.groupId(),
              manifest.kind().name().toLowerCase(java.util.Locale.ROOT),
              manifest.partitions(),
              manifest.index(),
              manifest.term(),
              where,
              e.sizeBytes(),
              end == null ? null : Long.valueOf(end));
      return new Chosen(pick, e, manifest);
    }
    return null;
  }

  /**
   * The partition state file a shared group's archive lacks ({@code <p>/partition.state}), or null
   * when each of its partitions has one: without it a partition has no base to start from.
   */
  static String missingPartitionState(SnapshotManifest manifest) {
    if (manifest.partitions().size() < 2) {
      return null;
    }
    java.util.Set<String> names =
        manifest.files().stream().map(SnapshotManifest.FileEntry::name).collect(Collectors.toSet());
    for (int p : manifest.partitions()) {
      String state = p + "/" + PartitionReplica.STATE_FILE;
      if (!names.contains(state)) {
        return state;
      }
    }
    return null;
  }

  private static MetadataImage readImage(SnapshotCatalog catalog, Chosen meta) {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("chronik-restore-");
      Path dir = scratch.resolve("meta");
      try (InputStream in = catalog.open(meta.entry())) {
        SnapshotArchive.extract(in, dir);
      }
      Path file = dir.resolve(Path.of(RestoreMarker.META_IMAGE).getFileName());
      return MetaCodec.decode(Files.readAllBytes(file), MetadataImage.class);
    } catch (IOException e) {
      throw unreadable(meta.pick().archive(), e);
    } finally {
      if (scratch != null) {
        try {
          RestoreMarker.deleteTree(scratch);
        } catch (IOException e) {
          // a scratch copy in the temporary directory; the system cleans it
        }
      }
    }
  }

  private static ChronikException noArchive(
      List<String> groups, List<Skipped> skipped, String cluster) {
    if (skipped.isEmpty()) {
      // nothing damaged: the archives were never uploaded
      return new ChronikException(
          NO_ARCHIVE,
          ChronikException.Kind.DATA,
          "the source holds no archive of "
              + String.join(", ", groups)
              + " (cluster "
              + cluster
              + "); nothing was written",
          "upload one from a node that hosts it ('chronik snapshot create --upload') and restore"
              + " again");
    }
    StringBuilder damage = new StringBuilder();
    for (Skipped s : skipped) {
      damage.append("; damaged: ").append(s.archive()).append(" (").append(s.problem()).append(')');
    }
    return new ChronikException(
        NO_ARCHIVE,
        ChronikException.Kind.DATA,
        "no archive of "
            + String.join(", ", groups)
            + " (cluster "
            + cluster
            + ") verifies; nothing was written"
            + damage,
        "'chronik snapshot verify --store URI' names the damage; upload a good copy (any node's"
            + " local archive: 'chronik snapshot create --upload') and restore again");
  }

  private static ChronikException unreadable(String where, IOException e) {
    return new ChronikException(
        SnapshotCatalog.CANNOT_ACCESS,
        ChronikException.Kind.RUNTIME,
        "cannot read " + where + ": " + IoFailures.describe(e),
        "check the store and its credentials");
  }

  static String problems(List<ArchiveProblem> problems) {
    return problems.stream()
        .map(p -> p.error().code() + " " + p.message())
        .collect(Collectors.joining("; "));
  }
}
