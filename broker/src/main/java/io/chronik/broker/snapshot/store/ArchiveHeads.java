package io.chronik.broker.snapshot.store;

import io.chronik.broker.snapshot.SnapshotArchive;
import io.chronik.broker.snapshot.SnapshotManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads an archive's manifest from a store without downloading the payload: one ranged GET of the
 * first {@value #FIRST_READ} bytes, and a second one only when the manifest is longer.
 */
public final class ArchiveHeads {
  static final int FIRST_READ = 64 * 1024;

  private ArchiveHeads() {}

  /**
   * @throws io.chronik.broker.snapshot.SnapshotFormatException when the head is damaged
   * @throws StoreException when the store fails
   */
  public static SnapshotManifest readManifest(SnapshotStore store, String key) {
    try {
      byte[] first = read(store, key, 0, FIRST_READ);
      int headLength = SnapshotArchive.headLength(first);
      byte[] head = headLength <= first.length ? first : read(store, key, 0, headLength);
      return SnapshotArchive.readManifest(new ByteArrayInputStream(head, 0, headLength));
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.UNAVAILABLE,
          "reading the head of " + key + " in " + store.uri() + " failed: " + e,
          e);
    }
  }

  private static byte[] read(SnapshotStore store, String key, long offset, int length)
      throws IOException {
    try (InputStream in = store.openRange(key, offset, length)) {
      return in.readNBytes(length);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
