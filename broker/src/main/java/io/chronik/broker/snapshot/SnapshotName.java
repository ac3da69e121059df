package io.chronik.broker.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a snapshot archive lives and how it is named, on a node's disk and in a store. This is the
 * one place that knows the layout; the broker writes by it and {@code chronik snapshot} reads by
 * it.
 *
 * <pre>
 * on a node:   &lt;data-dir&gt;/snapshots/&lt;group&gt;/&lt;file&gt;
 * in a store:  &lt;prefix&gt;/&lt;cluster-id&gt;/&lt;group&gt;/&lt;file&gt;
 * file:        &lt;index, 20 digits&gt;-&lt;term&gt;-n&lt;node&gt;.chrsnap
 * group:       "meta" for the metadata group, "&lt;topic&gt;-&lt;partition&gt;" for a group of one
 *              partition, "&lt;topic&gt;-&lt;first&gt;..&lt;last&gt;" for a group of several
 * </pre>
 *
 * <p>The zero-padded index makes a key listing sort oldest first within a group. The node id keeps
 * two replicas' snapshots of the same group and index apart. A snapshot's short id, as users type
 * it, is {@code <group>@<index>} (for example {@code orders-0@4242}, or {@code orders-0..3@4242}
 * for a group carrying partitions 0 to 3). The group names are those of {@link
 * io.chronik.broker.partition.GroupReplicas#name()}.
 *
 * @param group "meta" or "&lt;topic&gt;-&lt;partition&gt;"
 * @param index the Raft index of the last applied entry
 * @param term the Raft term of that entry
 * @param nodeId the node that took the snapshot
 */
public record SnapshotName(String group, long index, long term, int nodeId)
    implements Comparable<SnapshotName> {

  /** The directory under a data dir that holds a node's local archives. */
  public static final String LOCAL_DIR = "snapshots";

  /** The file name extension of an archive. */
  public static final String EXTENSION = ".chrsnap";

  /** The group name of the metadata group. */
  public static final String META_GROUP = "meta";

  private static final Pattern FILE =
      Pattern.compile("(\\d{20})-(\\d+)-n(\\d+)" + Pattern.quote(EXTENSION));

  private static final Pattern GROUP_PARTITIONS =
      Pattern.compile(".+-(\\d{1,9})(?:\\.\\.(\\d{1,9}))?");

  public SnapshotName {
    if (group == null || group.isEmpty() || group.contains("/") || group.contains("@")) {
      throw new IllegalArgumentException("bad snapshot group name: " + group);
    }
    if (index < 0 || term < 0 || nodeId < 0) {
      throw new IllegalArgumentException("negative index, term or node id");
    }
  }

  /** The name of the snapshot described by {@code metadata}. */
  public static SnapshotName of(SnapshotMetadata metadata) {
    return new SnapshotName(
        groupOf(metadata.kind(), metadata.topic(), metadata.partitions()),
        metadata.index(),
        metadata.term(),
        metadata.nodeId());
  }

  /**
   * "meta" for the metadata group, else the name of the group carrying {@code partitions} of {@code
   * topic}: "&lt;topic&gt;-&lt;p&gt;" or "&lt;topic&gt;-&lt;first&gt;..&lt;last&gt;".
   */
  public static String groupOf(SnapshotKind kind, String topic, List<Integer> partitions) {
    return kind == SnapshotKind.META
        ? META_GROUP
        : io.chronik.broker.partition.GroupReplicas.nameOf(topic, partitions);
  }

  /**
   * The partitions the group name says the group carries: none for {@code meta}, {@code [p]} for
   * {@code <topic>-<p>}, {@code first..last} for {@code <topic>-<first>..<last>} (a group carries
   * consecutive partitions); none when the name has no such suffix. The manifest's {@code
   * partitions} is the authority; this serves where the head cannot be read.
   */
  public List<Integer> partitions() {
    Matcher m = GROUP_PARTITIONS.matcher(group);
    if (group.equals(META_GROUP) || !m.matches()) {
      return List.of();
    }
    int first = Integer.parseInt(m.group(1));
    int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
    if (last < first || last - first > 100_000) {
      return List.of();
    }
    return java.util.stream.IntStream.rangeClosed(first, last).boxed().toList();
  }

  /** The archive's file name, e.g. {@code 00000000000000004242-7-n1.chrsnap}. */
  public String fileName() {
    return String.format("%020d-%d-n%d%s", index, term, nodeId, EXTENSION);
  }

  /** The path below a data dir: {@code snapshots/<group>/<file>}. */
  public String localPath() {
    return LOCAL_DIR + "/" + group + "/" + fileName();
  }

  /** The key in a store, relative to its prefix: {@code <cluster-id>/<group>/<file>}. */
  public String storeKey(String clusterId) {
    return clusterId + "/" + group + "/" + fileName();
  }

  /** The id users type: {@code <group>@<index>}. */
  public String shortId() {
    return group + "@" + index;
  }

  /**
   * Parses the last two segments of a local path or store key ({@code .../<group>/<file>}); empty
   * when the path does not name an archive.
   */
  public static Optional<SnapshotName> parse(String path) {
    String[] parts = path.replace('\\', '/').split("/");
    if (parts.length < 2) {
      return Optional.empty();
    }
    Matcher m = FILE.matcher(parts[parts.length - 1]);
    String group = parts[parts.length - 2];
    if (!m.matches() || group.isEmpty() || group.contains("@")) {
      return Optional.empty();
    }
    return Optional.of(
        new SnapshotName(
            group,
            Long.parseLong(m.group(1)),
            Long.parseLong(m.group(2)),
            Integer.parseInt(m.group(3))));
  }

  /** Within a group, oldest (lowest index) first; groups in name order. */
  @Override
  public int compareTo(SnapshotName other) {
    int byGroup = group.compareTo(other.group);
    if (byGroup != 0) {
      return byGroup;
    }
    int byIndex = Long.compare(index, other.index);
    if (byIndex != 0) {
      return byIndex;
    }
    int byTerm = Long.compare(term, other.term);
    return byTerm != 0 ? byTerm : Integer.compare(nodeId, other.nodeId);
  }
}
