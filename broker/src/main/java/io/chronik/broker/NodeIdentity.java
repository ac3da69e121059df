package io.chronik.broker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The identity of a data directory, kept in {@code <data-dir>/node.json}: which cluster and node it
 * belongs to, and its format version. A node refuses to start on a data dir of another node or
 * cluster, or of a newer format.
 *
 * @param formatVersion the on-disk format version
 * @param clusterId the cluster id
 * @param nodeId the node id
 * @param createdAt when the data dir was first used
 * @param incarnation a random id of this data dir, new whenever a data dir is created: a node id
 *     removed from the cluster and added again on a wiped machine is a new incarnation (data dirs
 *     written before this field existed use {@code createdAt})
 * @param metaGroupId the Raft group id of the cluster's metadata group (see {@link MetaGroupIds}):
 *     a UUID; {@code ""} while a node started with {@code --join} waits to be added (it learns the
 *     id from the cluster); absent ({@code null}) in data dirs written before the id was per
 *     cluster, which keep {@link MetaGroupIds#LEGACY}
 */
public record NodeIdentity(
    int formatVersion,
    String clusterId,
    int nodeId,
    String createdAt,
    String incarnation,
    @JsonInclude(JsonInclude.Include.NON_NULL) String metaGroupId) {
  public NodeIdentity {
    if (incarnation == null || incarnation.isBlank()) {
      incarnation = createdAt == null ? "" : createdAt;
    }
  }

  /** An identity of a data dir written before the metadata group id was recorded. */
  public NodeIdentity(
      int formatVersion, String clusterId, int nodeId, String createdAt, String incarnation) {
    this(formatVersion, clusterId, nodeId, createdAt, incarnation, null);
  }

  /** A new data dir's identity, with a new incarnation and the given metadata group id. */
  public NodeIdentity(
      int formatVersion, String clusterId, int nodeId, String createdAt, UUID metaGroupId) {
    this(
        formatVersion,
        clusterId,
        nodeId,
        createdAt,
        UUID.randomUUID().toString(),
        metaGroupId == null ? "" : metaGroupId.toString());
  }

  /**
   * The metadata group id this data dir uses; empty while a node started with {@code --join} waits
   * to be added.
   */
  public java.util.Optional<UUID> metaGroup() {
    if (metaGroupId == null) {
      return java.util.Optional.of(MetaGroupIds.LEGACY);
    }
    return metaGroupId.isBlank()
        ? java.util.Optional.empty()
        : java.util.Optional.of(UUID.fromString(metaGroupId));
  }

  /** A copy that records the metadata group id (learned when a --join node was added). */
  public NodeIdentity withMetaGroupId(UUID id) {
    return new NodeIdentity(
        formatVersion, clusterId, nodeId, createdAt, incarnation, id.toString());
  }

  public static final int FORMAT_VERSION = 1;
  static final String FILE = "node.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Whether {@code dataDir} already holds a node. */
  public static boolean exists(Path dataDir) {
    return Files.isRegularFile(dataDir.resolve(FILE));
  }

  /**
   * Reads the identity of {@code dataDir} and checks it belongs to {@code nodeId}; on a fresh data
   * dir, creates one with a new cluster id and the metadata group id of a single founding node.
   */
  public static NodeIdentity loadOrCreate(Path dataDir, int nodeId) {
    return loadOrCreate(
        dataDir, nodeId, clusterId -> MetaGroupIds.forFounders(List.of(), clusterId));
  }

  /**
   * Reads the identity of {@code dataDir} and checks it belongs to {@code nodeId}; on a fresh data
   * dir, creates one with a new cluster id and the metadata group id {@code metaGroupFor} gives for
   * it (null: to be learned when the node is added to a cluster).
   */
  public static NodeIdentity loadOrCreate(
      Path dataDir, int nodeId, Function<String, UUID> metaGroupFor) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.isRegularFile(file)) {
        NodeIdentity id = read(file);
        if (id.formatVersion() > FORMAT_VERSION) {
          throw new ChronikException(
              "CHR-1003",
              ChronikException.Kind.DATA,
              "data dir "
                  + dataDir
                  + " has format version "
                  + id.formatVersion()
                  + ", newer than this chronik ("
                  + FORMAT_VERSION
                  + ")",
              "run a chronik release that supports format " + id.formatVersion());
        }
        if (id.nodeId() != nodeId) {
          throw new ChronikException(
              "CHR-1002",
              ChronikException.Kind.DATA,
              "data dir "
                  + dataDir
                  + " belongs to node "
                  + id.nodeId()
                  + " of cluster "
                  + id.clusterId()
                  + ", not to node "
                  + nodeId,
              "start with --node-id "
                  + id.nodeId()
                  + ", or point --data-dir at this node's own directory");
        }
        return id;
      }
      String held = heldData(dataDir);
      if (held != null) {
        // node.json lost from a used data dir: a new identity would make its data another
        // cluster's, and the node would refuse its own Raft groups on every later start
        throw new ChronikException(
            "CHR-1001",
            ChronikException.Kind.DATA,
            "data dir "
                + dataDir
                + " has no "
                + FILE
                + " but holds "
                + held
                + ": it is not a new data dir, and nothing was written to it",
            "put back this node's "
                + FILE
                + " (from a backup, or another node's with this node's nodeId and the same"
                + " clusterId), or rebuild the node with 'chronik snapshot restore'; to start"
                + " it empty, move the data dir aside");
      }
      Files.createDirectories(dataDir);
      String clusterId = newClusterId();
      NodeIdentity id =
          new NodeIdentity(
              FORMAT_VERSION,
              clusterId,
              nodeId,
              Instant.now().toString(),
              metaGroupFor.apply(clusterId));
      id.write(dataDir);
      return id;
    } catch (IOException e) {
      throw new ChronikException(
          "CHR-1001",
          ChronikException.Kind.DATA,
          "cannot use data dir " + dataDir + ": " + e.getMessage(),
          "check that the directory exists, is writable and that node.json is valid JSON");
    }
  }

  /** What a data dir without node.json holds of a node's data ("raft/", ...), null when nothing. */
  private static String heldData(Path dataDir) throws IOException {
    List<String> held = new java.util.ArrayList<>();
    for (String dir : List.of("raft", "partitions")) {
      Path d = dataDir.resolve(dir);
      if (Files.isDirectory(d)) {
        try (java.util.stream.Stream<Path> entries = Files.list(d)) {
          if (entries.findAny().isPresent()) {
            held.add(dir + "/");
          }
        }
      }
    }
    return held.isEmpty() ? null : String.join(" and ", held);
  }

  /** A copy that belongs to another cluster (used when a new node adopts the cluster's id). */
  public NodeIdentity withClusterId(String id) {
    return new NodeIdentity(formatVersion, id, nodeId, createdAt, incarnation, metaGroupId);
  }

  public void write(Path dataDir) throws IOException {
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  private static NodeIdentity read(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), NodeIdentity.class);
  }

  /** A Kafka-style cluster id: a random UUID in URL-safe base64 without padding. */
  static String newClusterId() {
    UUID uuid = UUID.randomUUID();
    ByteBuffer buf = ByteBuffer.allocate(16);
    buf.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
  }
}
