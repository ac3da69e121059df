package io.chronik.diagnostics.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The real local machine. */
public final class FileSystemLocalHost implements LocalHost {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Optional<DataDirIdentity> identity(Path dataDir) {
    Path file = dataDir.resolve("node.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.has("clusterId") || !node.has("nodeId")) {
        return Optional.empty();
      }
      return Optional.of(
          new DataDirIdentity(node.get("clusterId").asText(), node.get("nodeId").asInt()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public DiskUsage diskUsage(Path dir) throws IOException {
    FileStore store = Files.getFileStore(dir);
    return new DiskUsage(
        dir.toAbsolutePath().toString(), store.getUsableSpace(), store.getTotalSpace());
  }

  @Override
  public FsyncResult fsync(Path dir, int writes, int blockBytes) throws IOException {
    Path file = dir.resolve(".chronik-doctor-fsync-" + ProcessHandle.current().pid() + ".tmp");
    byte[] block = new byte[blockBytes];
    ThreadLocalRandom.current().nextBytes(block);
    List<Long> nanos = new ArrayList<>(writes);
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.DELETE_ON_CLOSE)) {
      for (int i = 0; i < writes; i++) {
        ByteBuffer buffer = ByteBuffer.wrap(block);
        long start = System.nanoTime();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        // force(false) is fdatasync: the data, not the metadata, as a log append needs
        channel.force(false);
        nanos.add(System.nanoTime() - start);
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return new FsyncResult(dir.toAbsolutePath().toString(), blockBytes, nanos);
  }
}
