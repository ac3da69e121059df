package io.chronik.broker.snapshot.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A store in a local (or mounted network) directory, {@code file:///dir}. Keys are relative paths
 * under it. A put writes a hidden {@code .part} sibling, fsyncs it and renames it into place.
 */
public final class LocalStore implements SnapshotStore {
  private final Path root;
  private final URI uri;

  public LocalStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.uri = this.root.toUri();
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public void put(String key, Path file, ProgressListener progress) {
    Path target = resolve(key);
    try {
      long size = Files.size(file);
      Transfers.writeAtomically(
          target,
          tmp -> {
            try (InputStream in =
                    Transfers.counting(Files.newInputStream(file), 0, size, progress);
                FileChannel channel =
                    FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = Channels.newOutputStream(channel)) {
              byte[] buf = new byte[Transfers.BUFFER];
              int n;
              while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
              }
              channel.force(true);
            }
          });
    } catch (IOException e) {
      throw map("put " + key, e);
    }
  }

  @Override
  public void get(String key, Path target) {
    Path source = resolve(key);
    try {
      Transfers.writeAtomically(
          target, tmp -> Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING));
    } catch (IOException e) {
      throw map("get " + key, e);
    }
  }

  @Override
  public InputStream openRange(String key, long offset, long length) {
    Path source = resolve(key);
    try {
      return Transfers.slice(source, Math.min(offset, Files.size(source)), length);
    } catch (IOException e) {
      throw map("read " + key, e);
    }
  }

  @Override
  public List<StoreObject> list(String prefix) {
    if (!Files.isDirectory(root)) {
      throw new StoreException(
          StoreException.Reason.NOT_FOUND, "store directory " + root + " does not exist");
    }
    List<StoreObject> objects = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.filter(Files::isRegularFile).toList()) {
        String key = key(path);
        if (key.startsWith(prefix) && !Transfers.isPartFile(path.getFileName().toString())) {
          BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
          objects.add(new StoreObject(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
        }
      }
    } catch (IOException e) {
      throw map("list " + prefix, e);
    }
    objects.sort(Comparator.comparing(StoreObject::key));
    return objects;
  }

  @Override
  public void delete(String key) {
    try {
      Files.deleteIfExists(resolve(key));
    } catch (IOException e) {
      throw map("delete " + key, e);
    }
  }

  @Override
  public Duration probe() {
    long start = System.nanoTime();
    String key = SnapshotStores.PROBE_PREFIX + UUID.randomUUID();
    byte[] payload = SnapshotStores.probePayload();
    Path file = resolve(key);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, payload, StandardOpenOption.CREATE_NEW);
      byte[] read = Files.readAllBytes(file);
      if (!Arrays.equals(read, payload)) {
        throw new StoreException(
            StoreException.Reason.OTHER, "probe object " + file + " read back differently");
      }
    } catch (IOException e) {
      throw map("probe", e);
    } finally {
      delete(key);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private Path resolve(String key) {
    SnapshotStores.checkKey(key);
    return root.resolve(key);
  }

  private String key(Path path) {
    StringBuilder sb = new StringBuilder();
    for (Path part : root.relativize(path)) {
      sb.append(sb.length() == 0 ? "" : "/").append(part);
    }
    return sb.toString();
  }

  private StoreException map(String operation, IOException e) {
    String message = operation.strip() + " in " + uri + " failed: " + e;
    if (e instanceof NoSuchFileException) {
      return new StoreException(StoreException.Reason.NOT_FOUND, message, e);
    }
    if (e instanceof AccessDeniedException) {
      return new StoreException(StoreException.Reason.ACCESS_DENIED, message, e);
    }
    return new StoreException(StoreException.Reason.OTHER, message, e);
  }

  @Override
  public String toString() {
    return uri.toString();
  }
}
