package io.chronik.cli.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.ChronikException;
import io.chronik.broker.MetaGroupIds;
import io.chronik.broker.NodeIdentity;
import io.chronik.broker.meta.PartitionLeader;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.snapshot.RestoreMarker;
import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotCatalog;
import io.chronik.broker.snapshot.SnapshotKind;
import io.chronik.broker.snapshot.SnapshotManifest;
import io.chronik.broker.snapshot.SnapshotName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The data dir a restore builds: what is there now, and the build itself. The new data dir is
 * written into a hidden temporary sibling and renamed into place only when complete; with {@code
 * --force} the old one is moved aside first and deleted only after the rename, and moved back if
 * the rename fails. On any failure the temporary directory is removed and the target is as it was.
 *
 * @param target the data dir
 * @param nonEmpty whether it exists and holds anything
 * @param clusterId the cluster named by its node.json, null when it has none
 */
record RestoreTarget(Path target, boolean nonEmpty, String clusterId) {
  /** The data dir is not empty and --force was not given. */
  static final String NOT_EMPTY = "CHR-7106";

  /** The data dir belongs to another cluster. */
  static final String OTHER_CLUSTER = "CHR-7108";

  /** Building the data dir failed; the target is unchanged. */
  static final String FAILED = "CHR-7110";

  /** An archive in the store changed between its verification and its extraction. */
  static final String CHANGED = "CHR-7111";

  private static final String STORE_CHANGED_HINT =
      "the archive verified a moment before: the store changed during the restore (retention,"
          + " another upload, a damaged disk); run 'chronik snapshot verify --store URI', then"
          + " restore again";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Where a shared group's archive is extracted before it is split into partition bases. */
  private static final String SHARED_SCRATCH = ".groups";

  static RestoreTarget inspect(Path target) {
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new ChronikException(
          NOT_EMPTY,
          ChronikException.Kind.USAGE,
          target + " exists and is not a directory",
          "name a directory for --data-dir");
    }
    boolean nonEmpty;
    try (Stream<Path> entries = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
      nonEmpty = entries.findAny().isPresent();
    } catch (IOException e) {
      throw failed(target, "cannot list " + target, e);
    }
    String cluster = null;
    Path nodeJson = target.resolve("node.json");
    if (Files.isRegularFile(nodeJson)) {
      try {
        JsonNode node = MAPPER.readTree(nodeJson.toFile());
        cluster = node.path("clusterId").asText(null);
      } catch (IOException e) {
        cluster = null; // unreadable: the data dir is replaced anyway (only with --force)
      }
    }
    if (nonEmpty) {
      checkNotInUse(target);
    }
    return new RestoreTarget(target, nonEmpty, cluster);
  }

  /** A running node holds the data dir's lock: never replace its files under it. */
  private static void checkNotInUse(Path target) {
    Path lockFile = target.resolve(".lock");
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        lock.release();
        return;
      }
    } catch (IOException | OverlappingFileLockException e) {
      // fall through: treat as in use
    }
    throw new ChronikException(
        "CHR-1004",
        ChronikException.Kind.UNAVAILABLE,
        "data dir " + target + " is in use by a running chronik process; nothing was written",
        "stop the node first");
  }

  void checkCluster(String cluster, boolean allowOther) {
    if (clusterId != null && !clusterId.equals(cluster) && !allowOther) {
      throw new ChronikException(
          OTHER_CLUSTER,
          ChronikException.Kind.DATA,
          "data dir "
              + target
              + " belongs to cluster "
              + clusterId
              + ", the snapshots to cluster "
              + cluster
              + "; nothing was written",
          "check --data-dir and --cluster-id; --allow-other-cluster restores anyway");
    }
  }

  /** Builds the data dir from the plan's archives and puts it in place. */
  void build(
      RestorePlan plan,
      SnapshotCatalog catalog,
      int nodeId,
      List<String> peers,
      String storeUri,
      Progress progress) {
    Path parent = target.getParent();
    String name = target.getFileName().toString();
    Path temp = parent.resolve("." + name + ".restore-" + System.nanoTime());
    String step = "create " + temp;
    try {
      Files.createDirectories(parent);
      Files.createDirectory(temp);
      step = "write node.json";
      new NodeIdentity(
              NodeIdentity.FORMAT_VERSION,
              plan.clusterId(),
              nodeId,
              Instant.now().toString(),
              restoredMetaGroup(plan, peers))
          .write(temp);
      List<RestoreMarker.Group> groups = new ArrayList<>();
      for (RestorePlan.Chosen c : plan.chosen()) {
        RestorePlan.Pick p = c.pick();
        step = "extract " + p.archive();
        boolean meta = c.manifest().kind() == SnapshotKind.META;
        boolean shared = c.manifest().partitions().size() > 1;
        Path dir =
            meta
                ? RestoreMarker.metaImage(temp).getParent()
                : shared
                    ? temp.resolve(RestoreMarker.DIR).resolve(SHARED_SCRATCH).resolve(p.group())
                    : RestoreMarker.partitionBase(temp, p.group());
        Files.createDirectories(dir.getParent());
        try (InputStream in =
            progress.track(
                new StoreReads(catalog.open(c.entry())), "restoring " + p.group(), p.sizeBytes())) {
          // the archive read now must be the one verified, checked before any payload byte: a
          // replacement of another size would otherwise be reported as merely truncated
          SnapshotArchive.extract(in, dir, manifest -> checkUnchanged(p, c.manifest(), manifest));
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        int epochBase = 0;
        if (!meta) {
          step = "lay out the partitions of " + p.group();
          List<Path> bases = shared ? splitShared(temp, c.manifest(), dir) : List.of(dir);
          step = "write the epoch base of " + p.group();
          epochBase = epochBase(plan, c, bases);
          for (Path base : bases) {
            RestoreMarker.writeEpochBase(base, epochBase);
          }
        }
        groups.add(
            new RestoreMarker.Group(
                p.group(),
                p.groupId(),
                p.kind(),
                p.partitions(),
                p.term(),
                p.index(),
                p.archive(),
                epochBase));
      }
      RestoreMarker.deleteTree(temp.resolve(RestoreMarker.DIR).resolve(SHARED_SCRATCH));
      step = "write " + RestoreMarker.FILE;
      new RestoreMarker(
              RestoreMarker.FORMAT_VERSION,
              plan.clusterId(),
              nodeId,
              peers,
              storeUri,
              Instant.now().toString(),
              groups)
          .write(temp);
      step = "put the new data dir in place of " + target;
      place(temp);
    } catch (ChronikException e) {
      String left = cleanUp(temp);
      boolean extracting = step.startsWith("extract ");
      if (e.kind() == ChronikException.Kind.DATA) {
        throw new ChronikException(
            e.code(),
            ChronikException.Kind.DATA,
            "cannot " + step + ": " + e.getMessage() + "; " + target + " is unchanged" + left,
            extracting
                ? STORE_CHANGED_HINT
                : "'chronik snapshot verify --store URI' names the damage; restore again once"
                    + " the store holds a good copy",
            e);
      }
      throw new ChronikException(
          e.code(),
          e.kind(),
          "cannot " + step + ": " + e.getMessage() + "; " + target + " is unchanged" + left,
          extracting ? STORE_CHANGED_HINT : e.hint(),
          e);
    } catch (IOException | RuntimeException e) {
      String left = cleanUp(temp);
      if (e instanceof StoreReadException) {
        throw new ChronikException(
            FAILED,
            ChronikException.Kind.RUNTIME,
            "cannot " + step + ": " + describe(e) + "; " + target + " is unchanged" + left,
            STORE_CHANGED_HINT,
            e);
      }
      throw failed(target, "cannot " + step, e, left);
    }
  }

  /**
   * Lays out the extracted archive of a group of several partitions ({@code <p>/} per partition) as
   * one base per partition, {@code restored/partitions/<topic>-<p>/}, each exactly like the base of
   * a one-partition group; returns the bases in partition order.
   */
  private static List<Path> splitShared(Path temp, SnapshotManifest manifest, Path extracted)
      throws IOException {
    List<Path> bases = new ArrayList<>();
    for (int partition : manifest.partitions()) {
      Path own = extracted.resolve(Integer.toString(partition));
      if (!Files.isRegularFile(own.resolve(PartitionReplica.STATE_FILE))) {
        // the plan only picks archives that list it
        throw new IOException(
            "the extracted archive of "
                + SnapshotName.of(manifest.metadata()).group()
                + " has no "
                + partition
                + "/"
                + PartitionReplica.STATE_FILE);
      }
      Path base = RestoreMarker.partitionBase(temp, manifest.topic() + "-" + partition);
      Files.createDirectories(base.getParent());
      Files.move(own, base, StandardCopyOption.ATOMIC_MOVE);
      bases.add(base);
    }
    return bases;
  }

  /**
   * The Raft id of the restored metadata group: the same on every node restored with these peers
   * from this metadata archive, and not the lost cluster's (see {@link MetaGroupIds}).
   */
  static UUID restoredMetaGroup(RestorePlan plan, List<String> peers) {
    SnapshotManifest meta =
        plan.chosen().stream()
            .map(RestorePlan.Chosen::manifest)
            .filter(m -> m.kind() == SnapshotKind.META)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the plan has no metadata archive"));
    return MetaGroupIds.forRestore(
        plan.clusterId(),
        peers.stream().map(BrokerConfig.PeerAddress::parse).toList(),
        meta.term(),
        meta.index());
  }

  /**
   * The archive extracted must be the one verified: a store whose object was replaced in between
   * (another upload under the same name, a copy of another group's archive) must not slip through.
   */
  private static void checkUnchanged(
      RestorePlan.Pick pick, SnapshotManifest verified, SnapshotManifest extracted) {
    if (!verified.groupId().equals(extracted.groupId())
        || verified.term() != extracted.term()
        || verified.index() != extracted.index()
        || verified.payloadLength() != extracted.payloadLength()
        || verified.payloadCrc32c() != extracted.payloadCrc32c()) {
      throw new ChronikException(
          CHANGED,
          ChronikException.Kind.DATA,
          "archive "
              + pick.archive()
              + " changed in the store after it was verified (verified: group "
              + verified.groupId()
              + " at "
              + verified.term()
              + ":"
              + verified.index()
              + ", read now: group "
              + extracted.groupId()
              + " at "
              + extracted.term()
              + ":"
              + extracted.index()
              + ")",
          STORE_CHANGED_HINT);
    }
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /**
   * The leader-epoch base of a restored group: higher than every epoch its partitions had (in their
   * logs, the snapshot's term, and the group's last recorded leader), so epochs keep growing when
   * the fresh Raft group's terms restart at 1. The partitions of a shared group get one base, as
   * they share one leader and one term.
   */
  private static int epochBase(RestorePlan plan, RestorePlan.Chosen c, List<Path> dirs)
      throws IOException {
    long base = 0;
    PartitionLeader leader = plan.image().leaders().get(c.pick().groupId());
    if (leader != null) {
      base = Math.max(base, leader.term());
    }
    for (Path dir : dirs) {
      base = Math.max(base, c.manifest().term() + RestoreMarker.readEpochBase(dir));
      Path checkpoint = dir.resolve("leader-epoch-checkpoint");
      if (Files.isRegularFile(checkpoint)) {
        List<String> lines = Files.readAllLines(checkpoint);
        for (int i = 2; i < lines.size(); i++) {
          String[] parts = lines.get(i).trim().split("\\s+");
          if (parts.length == 2) {
            base = Math.max(base, Long.parseLong(parts[0]));
          }
        }
      }
    }
    return Math.toIntExact(base);
  }

  private void place(Path temp) throws IOException {
    FileSyncs.directory(temp);
    if (!nonEmpty) {
      // absent, or an empty directory: rename(2) replaces an empty directory atomically, so a
      // failed rename leaves it in place
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Path old =
          target.resolveSibling("." + target.getFileName() + ".replaced-" + System.nanoTime());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
        throw e;
      }
      try {
        RestoreMarker.deleteTree(old);
      } catch (IOException e) {
        throw new ChronikException(
            FAILED,
            ChronikException.Kind.RUNTIME,
            "restored "
                + target
                + ", but cannot delete the old contents moved to "
                + old
                + ": "
                + e.getMessage(),
            "delete " + old + " by hand");
      }
    }
    FileSyncs.directory(target.getParent());
  }

  /** Removes the temporary directory; "" when it is gone, else a clause naming what is left. */
  private static String cleanUp(Path temp) {
    try {
      RestoreMarker.deleteTree(temp);
      return "";
    } catch (IOException e) {
      return " (the temporary directory " + temp + " could not be removed: delete it by hand)";
    }
  }

  private static ChronikException failed(Path target, String what, Exception e) {
    return failed(target, what, e, "");
  }

  private static ChronikException failed(Path target, String what, Exception e, String left) {
    return new ChronikException(
        FAILED,
        ChronikException.Kind.RUNTIME,
        what + ": " + describe(e) + "; " + target + " is unchanged" + left,
        "fix the cause (space, permissions) and restore again",
        e);
  }

  /** Reading an archive from the store failed (not writing the data dir). */
  private static final class StoreReadException extends IOException {
    private static final long serialVersionUID = 1L;

    StoreReadException(IOException cause) {
      super("reading the archive from the store failed: " + describe(cause), cause);
    }
  }

  /** An archive's stream whose failures say they come from the store. */
  private static final class StoreReads extends java.io.FilterInputStream {
    StoreReads(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new StoreReadException(e);
      } catch (UncheckedIOException e) {
        throw new StoreReadException(e.getCause());
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new StoreReadException(e);
      } catch (UncheckedIOException e) {
        throw new StoreReadException(e.getCause());
      }
    }
  }

  /** fsync of a directory, where the platform allows it. */
  private static final class FileSyncs {
    static void directory(Path dir) {
      try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
        channel.force(true);
      } catch (IOException e) {
        // not every platform can open a directory; the files themselves were fsynced
      }
    }
  }
}
