package io.chronik.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The mark a node leaves in its data dir when it stops because {@code chronik cluster remove-node}
 * removed it: {@code <data-dir>/removed.json}. A data dir with the mark refuses to start, with the
 * same message the node stopped with, instead of running as a node the cluster no longer knows.
 *
 * @param nodeId the removed node's id
 * @param clusterId the cluster it was removed from
 * @param reason who removed it and when, as the node logged it
 */
record NodeRemoval(int nodeId, String clusterId, String reason) {
  static final String FILE = "removed.json";
  static final String CODE = "CHR-1009";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The mark of {@code dataDir}, if the node was removed. */
  static Optional<NodeRemoval> read(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(file.toFile(), NodeRemoval.class));
    } catch (IOException e) {
      // a damaged mark still means the node was removed
      return Optional.of(new NodeRemoval(-1, "", "this node was removed from the cluster"));
    }
  }

  /** Leaves the mark in {@code dataDir}. */
  void write(Path dataDir) throws IOException {
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /** What to do with the machine now. */
  static String hint(Path dataDir) {
    return "to reuse this machine wipe the data dir "
        + dataDir
        + " and join again with --join (then chronik cluster add-node)";
  }

  /** The error a removed node stops with and a removed data dir refuses to start with (exit 65). */
  ChronikException error(Path dataDir) {
    return new ChronikException(CODE, ChronikException.Kind.DATA, reason, hint(dataDir));
  }
}
