package io.chronik.broker.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What {@code chronik snapshot restore} leaves in a data dir for the node to start from, and the
 * layout it uses. The restored data is the base state of fresh Raft groups; no Ratis file is
 * written by the restore.
 *
 * <pre>
 * &lt;data-dir&gt;/node.json                              cluster id and node id
 * &lt;data-dir&gt;/restored.json                          this marker (deleted once the groups formed)
 * &lt;data-dir&gt;/restored/meta/metadata.json           the metadata image of the meta archive
 * &lt;data-dir&gt;/restored/partitions/&lt;topic&gt;-&lt;p&gt;/     a partition archive's files, plus epoch-base
 * </pre>
 *
 * <p>The archive of a group carrying several partitions holds a directory per partition; each
 * becomes that partition's base, laid out exactly like the base of a one-partition group, and every
 * partition of the group gets the same epoch base.
 *
 * <p>A base stays until its group takes its first own snapshot: until then the group's Raft log
 * starts at the restore, so "base + applied entries" is the state after any restart.
 *
 * @param formatVersion the marker's format (1)
 * @param clusterId the cluster the snapshots belong to
 * @param nodeId the node the data dir was built for
 * @param peers the Raft peers given to the restore (ID@HOST:PORT), empty for one node
 * @param store the store URI the archives came from
 * @param restoredAt ISO-8601 instant
 * @param groups what each group was restored from
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreMarker(
    int formatVersion,
    String clusterId,
    int nodeId,
    List<String> peers,
    String store,
    String restoredAt,
    List<Group> groups) {
  public static final int FORMAT_VERSION = 1;

  /** The marker file in the data dir. */
  public static final String FILE = "restored.json";

  /** The directory of the restored base states, in the data dir. */
  public static final String DIR = "restored";

  /** The restored metadata image, relative to {@link #DIR}. */
  public static final String META_IMAGE = "meta/metadata.json";

  /** The directory of the partition bases, relative to {@link #DIR}. */
  public static final String PARTITIONS = "partitions";

  /**
   * A file in a partition's base (and in its later snapshots) holding the leader-epoch base: the
   * Kafka leader epoch of an entry is its Raft term plus this number. A restored group's Raft term
   * restarts at 1, and Kafka leader epochs must never go back (clients refuse older epochs).
   */
  public static final String EPOCH_BASE_FILE = "epoch-base";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public RestoreMarker {
    peers = peers == null ? List.of() : List.copyOf(peers);
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /**
   * One restored group.
   *
   * @param group {@code meta}, {@code <topic>-<partition>} or {@code <topic>-<first>..<last>}
   * @param groupId the Raft group id ({@code __meta} for the metadata group)
   * @param kind {@code meta} or {@code partition}
   * @param partitions the group's partitions (empty for meta)
   * @param term the snapshot's Raft term
   * @param index the snapshot's Raft index
   * @param archive the archive's URI
   * @param epochBase the leader-epoch base of a partition, 0 for meta
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Group(
      String group,
      String groupId,
      String kind,
      List<Integer> partitions,
      long term,
      long index,
      String archive,
      int epochBase) {
    public Group {
      partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }
  }

  /** The marker of a data dir, if it has one. */
  public static Optional<RestoreMarker> read(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(MAPPER.readValue(file.toFile(), RestoreMarker.class));
  }

  public void write(Path dataDir) throws IOException {
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /** The base directory of a partition, {@code restored/partitions/<topic>-<p>}. */
  public static Path partitionBase(Path dataDir, String dirName) {
    return dataDir.resolve(DIR).resolve(PARTITIONS).resolve(dirName);
  }

  /** The restored metadata image file. */
  public static Path metaImage(Path dataDir) {
    return dataDir.resolve(DIR).resolve(META_IMAGE);
  }

  /** Reads a directory's {@value #EPOCH_BASE_FILE}, 0 when it has none. */
  public static int readEpochBase(Path dir) throws IOException {
    Path file = dir.resolve(EPOCH_BASE_FILE);
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    String text = Files.readString(file).trim();
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IOException(file + " does not hold an epoch base: '" + text + "'");
    }
  }

  /** Writes {@value #EPOCH_BASE_FILE} into {@code dir}. */
  public static void writeEpochBase(Path dir, int epochBase) throws IOException {
    Path tmp = dir.resolve(EPOCH_BASE_FILE + ".tmp");
    Files.writeString(tmp, epochBase + "\n");
    Files.move(tmp, dir.resolve(EPOCH_BASE_FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes a directory tree; a missing one is fine. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
