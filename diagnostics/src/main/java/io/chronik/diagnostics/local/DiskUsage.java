package io.chronik.diagnostics.local;

/**
 * The space of the file system a directory is on.
 *
 * @param path the directory that was looked at
 * @param usableBytes bytes this JVM could still write there
 * @param totalBytes the file system's size
 */
public record DiskUsage(String path, long usableBytes, long totalBytes) {
  /** Free space as a percentage of the total, 0..100. */
  public double freePercent() {
    return totalBytes <= 0 ? 0 : 100.0 * usableBytes / totalBytes;
  }
}
